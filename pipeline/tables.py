"""Every table of the lesson, as mathcore computes it, for slides and handouts."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from mathcore import LessonParams, crime_scene, fmt, worksheet_answers


@dataclass(frozen=True)
class Table:
    name: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


def _point(values) -> str:
    return "(" + ", ".join(fmt(v, 4, trim=True) for v in values) + ")"


def _descent(name: str, run) -> Table:
    names = run.formula.variables
    header = ("iteration", *names, "f", *(f"df/d{n}" for n in names), *(f"new {n}" for n in names))
    rows = tuple((str(s.iteration), *(fmt(v) for v in s.point), fmt(s.value), *(fmt(g) for g in s.gradient),
                  *(fmt(v) for v in s.new_point)) for s in run.steps)
    return Table(name, header, rows)


def lesson_tables(params: LessonParams) -> list[Table]:
    net = params.network
    weights = net.graph.parameters
    tables = [_descent("valley", params.valley.run()), _descent("bowl", params.bowl.run())]
    for run in params.local_minima.runs():
        tables.append(_descent(f"local minima from x = {fmt(run.start[0], 3, trim=True)}", run))
    forward = net.trainer.forward_table(net.weights)
    hidden = [n.name for n in net.graph.nodes[:-2]]
    tables.append(Table("forward pass", ("inputs", "y_true", *hidden, "y_pred", "difference", "squared error"),
                        tuple((_point(r.example.inputs), fmt(r.example.target, 4, trim=True),
                               *(fmt(r.forward[h], 4, trim=True) for h in hidden), fmt(r.prediction, 4, trim=True),
                               fmt(r.difference, 4, trim=True), fmt(r.loss, 4, trim=True)) for r in forward.rows)
                        + (("total", "", *[""] * len(hidden), "", "", fmt(forward.total_loss, 4, trim=True)),)))
    scene = crime_scene(net)
    tables.append(Table("single-example update", ("weight", "old", "gradient", "new"),
                        tuple((r.parameter, fmt(r.old, 6, trim=True), fmt(r.gradient, 6, trim=True),
                               fmt(r.new, 6, trim=True)) for r in scene.update.rows)))
    grads = net.trainer.gradient_table(net.weights)
    tables.append(Table("batch gradients", ("inputs", *(f"dE/d{w}" for w in weights)),
                        tuple((_point(r.example.inputs), *(fmt(g, 6, trim=True) for g in r.gradients))
                              for r in grads.rows) + (("TOTAL", *(fmt(g, 6, trim=True) for g in grads.totals)),)))
    update = net.trainer.batch_update(net.weights, net.learning_rate)
    tables.append(Table("batch update", ("weight", "old", "total gradient", "new"),
                        tuple((r.parameter, fmt(r.old, 6, trim=True), fmt(r.gradient, 6, trim=True),
                               fmt(r.new, 6, trim=True)) for r in update.rows)))
    check = net.trainer.verify(net.weights, update.new_weights)
    tables.append(Table("batch verification", ("inputs", "target", "before", "error before", "after",
                                               "error after", "improved"),
                        tuple((_point(r.before.example.inputs), fmt(r.before.example.target, 4, trim=True),
                               fmt(r.before.prediction, 4, trim=True), fmt(r.before.loss, 4, trim=True),
                               fmt(r.after.prediction, 4), fmt(r.after.loss, 4), "yes" if r.improved else "no")
                              for r in check.rows)))
    answers = worksheet_answers(params.worksheet)
    for experiment in answers.nudges:
        tables.append(Table(f"worksheet: nudging {experiment.variable}", (experiment.variable, "h", "y", "E",
                                                                          "change in E"),
                            tuple((fmt(r.value, 4, trim=True), fmt(r.forward["h"], 4, trim=True),
                                   fmt(r.forward["y"], 4, trim=True), fmt(r.output, 4, trim=True),
                                   "baseline" if r.change is None else fmt(r.change, 4, trim=True))
                                  for r in experiment.rows)))
    return tables


def render_tables(tables: list[Table], form: str) -> str:
    if form == "json":
        return json.dumps([{"name": t.name, "header": t.header, "rows": t.rows} for t in tables], indent=2,
                          ensure_ascii=False)
    out = io.StringIO()
    for table in tables:
        if form == "csv":
            out.write(f"# {table.name}\n")
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow(table.header)
            writer.writerows(table.rows)
        else:
            out.write(f"### {table.name}\n\n| " + " | ".join(table.header) + " |\n")
            out.write("|" + "---|" * len(table.header) + "\n")
            out.writelines("| " + " | ".join(row) + " |\n" for row in table.rows)
        out.write("\n")
    return out.getvalue()
