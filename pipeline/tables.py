"""Every table of the lesson, as mathcore computes it, for slides and handouts."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass

from mathcore import LessonParams, chain_product, crime_scene, fmt, fmt_percent, strategy_curves, worksheet_answers
from mathcore.evaluate import exact
from mathcore.lesson import nested_graph, slopes


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


def _v(value) -> str:
    return fmt(value, 4, trim=True)


def _blame_tables(name: str, blames) -> list[Table]:
    """Every chain-rule path of each variable: its nodes, each link's value, the path's product and the total."""
    rows = []
    for blame in blames:
        for path in blame.paths:
            links = " × ".join(f"d{f.edge.child}/d{f.edge.parent} = {_v(f.value)}" for f in path.factors)
            value = chain_product([f.value for f in path.factors])
            rows.append((blame.variable, " → ".join(path.nodes), links, _v(value), _v(blame.total)))
    return [Table(name, ("variable", "path", "links", "path product", "total blame"), tuple(rows))]


def _symbolic_blame(graph) -> Table:
    rows = []
    for variable in graph.leaves:
        for path in graph.paths(variable):
            rows.append((variable, " → ".join(path.nodes), " × ".join(str(f.edge.local) for f in path.factors),
                         str(path.product)))
        rows.append((variable, "total", "sum of the paths", str(graph.factored(variable))))
    return Table("blame chain: the nested function's paths", ("variable", "path", "links", "product"), tuple(rows))


def _curves(net) -> Table:
    """The total error after each epoch of online, batch and mini-batch training (the loss-curve plot)."""
    curves = strategy_curves(net)
    histories = (curves.online, curves.batch, curves.minibatch)
    rows = []
    for epoch in range(net.curve_epochs + 1):
        cells = []
        for history in histories:
            per_epoch = (len(history.losses) - 1) / max(history.epochs_completed, 1)
            index = round(epoch * per_epoch)
            cells.append(_v(history.losses[index]) if epoch <= history.epochs_completed and index < len(history.losses)
                         else "diverged")
        rows.append((str(epoch), *cells))
    return Table("loss curves (total error after each epoch)",
                 ("epoch", "online", "batch", f"mini-batch (B = {net.minibatch_size})"), tuple(rows))


def _worksheet(params: LessonParams) -> list[Table]:
    answers = worksheet_answers(params.worksheet)
    tables = [Table("worksheet: forward pass", ("quantity", "value"),
                    tuple((name, _v(answers.forward[name])) for name in ("h", "y", "E")))]
    for experiment in answers.nudges:
        tables.append(Table(f"worksheet: nudging {experiment.variable}", (experiment.variable, "h", "y", "E",
                                                                          "change in E"),
                            tuple((_v(r.value), _v(r.forward["h"]), _v(r.forward["y"]), _v(r.output),
                                   "baseline" if r.change is None else _v(r.change))
                                  for r in experiment.rows)))
    tables += _blame_tables("worksheet: chain rule", answers.blames)
    tables.append(Table("worksheet: update", ("weight", "old", "gradient", "new"),
                        tuple((r.parameter, _v(r.old), _v(r.gradient), _v(r.new)) for r in answers.update.rows)
                        + (("E after", "", "", _v(answers.after["E"])),)))
    tables.append(Table("worksheet: sigmoid extension", ("quantity", "value"), (
        ("z", _v(answers.sigmoid_input)), ("h = sigmoid(z)", _v(answers.sigmoid_forward["h"])),
        ("sigmoid'(z)", fmt(answers.sigmoid_slope, 6, trim=True)), ("dE/dw1", _v(answers.sigmoid_blame.total)),
        ("saturated", "yes" if answers.sigmoid_saturated else "no"))))
    return tables


def lesson_tables(params: LessonParams, answers: bool = True, used: set[str] | None = None) -> list[Table]:
    """Every table both videos show, in the order they appear, and the worksheet's answers unless ``answers`` is
    False (what a student's page may carry); with ``used`` (the parameter tables the played segments read), only
    the tables of those (a lesson folder of its own segments has none of these)."""
    tables: list[Table] = []
    wanted = (lambda name: True) if used is None else used.__contains__
    if wanted("valley"):
        tables += [Table("valley: slopes", ("x", "f(x)", "f'(x)", "downhill"),
                         tuple((_v(p.x), _v(p.value), _v(p.slope), p.downhill) for p in slopes(params))),
                   _descent("valley", params.valley.run())]
    if wanted("bowl"):
        tables.append(_descent("bowl", params.bowl.run()))
    if wanted("blame_story"):
        tables.append(_story(params))
    if wanted("nested_nodes"):
        tables.append(_symbolic_blame(nested_graph(params)))
    if wanted("local_minima"):
        for run in params.local_minima.runs():
            tables.append(_descent(f"local minima from x = {fmt(run.start[0], 3, trim=True)}", run))
    if wanted("network"):
        tables += _network(params)
    return tables + (_worksheet(params) if answers and wanted("worksheet") else [])


def _story(params: LessonParams) -> Table:
    story, product, rows = params.blame_story, exact(1), []
    for cause, share in story.links:
        product *= exact(share)
        rows.append((cause, fmt_percent(exact(share)), fmt_percent(product, 1)))
    return Table(f"blame story: {story.outcome}", ("cause", "share of the blame", "blame so far"), tuple(rows))


def _network(params: LessonParams) -> list[Table]:
    """The network's tables: the forward pass, the crime scene, the batch update and the training curves."""
    net = params.network
    weights = net.graph.parameters
    tables = []
    forward = net.trainer.forward_table(net.weights)
    hidden = [n.name for n in net.graph.nodes[:-2]]
    tables.append(Table("forward pass", ("inputs", "y_true", *hidden, "y_pred", "difference", "squared error"),
                        tuple((_point(r.example.inputs), fmt(r.example.target, 4, trim=True),
                               *(fmt(r.forward[h], 4, trim=True) for h in hidden), fmt(r.prediction, 4, trim=True),
                               fmt(r.difference, 4, trim=True), fmt(r.loss, 4, trim=True)) for r in forward.rows)
                        + (("total", "", *[""] * len(hidden), "", "", fmt(forward.total_loss, 4, trim=True)),)))
    scene = crime_scene(net)
    tables += _blame_tables(f"crime scene: blame paths (example {net.crime_example + 1})", scene.blames)
    tables.append(Table("crime scene: backward pass", ("node", "dError/dnode", "reused by"),
                        tuple((step.node, _v(step.gradient), ", ".join(step.reused_by))
                              for step in scene.backward.steps)))
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
                              for r in check.rows)
                        + (("total", "", "", _v(check.total_before), "", _v(check.total_after),
                            "yes" if check.total_improved else "no"),)))
    tables.append(_curves(net))
    return tables


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet reads as the start of a formula


def cell(text: str) -> str:
    """A CSV cell a spreadsheet shows as text: one that starts like a formula (=HYPERLINK(...), +1+1, @SUM(...))
    gets an apostrophe in front, unless it is a plain number such as -0.8."""
    if text.startswith(FORMULA_START):
        try:
            float(text)
        except ValueError:
            return "'" + text
    return text


def render_tables(tables: list[Table], form: str) -> str:
    if form == "json":
        return json.dumps([{"name": t.name, "header": t.header, "rows": t.rows} for t in tables], indent=2,
                          ensure_ascii=False)
    out = io.StringIO()
    for table in tables:
        if form == "csv":
            writer = csv.writer(out, lineterminator="\n")
            writer.writerow([cell(f"# {table.name}")])
            writer.writerow([cell(h) for h in table.header])
            writer.writerows([cell(str(v)) for v in row] for row in table.rows)
        else:
            out.write(f"### {table.name}\n\n| " + " | ".join(table.header) + " |\n")
            out.write("|" + "---|" * len(table.header) + "\n")
            out.writelines("| " + " | ".join(row) + " |\n" for row in table.rows)
        out.write("\n")
    return out.getvalue()
