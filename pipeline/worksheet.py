"""The printable worksheet and its answer key: one LaTeX template, filled from mathcore.

Every value is computed before LaTeX runs, so bad parameters fail with a named
error and nothing half-written is left in the output folder.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from fractions import Fraction
from importlib import resources
from pathlib import Path

from mathcore import fmt, worksheet_answers
from mathcore.descent import ParameterError
from mathcore.evaluate import EvaluationError, Number, exact
from mathcore.formula import FormulaError
from mathcore.lesson import WorksheetParams

from . import safe_tex
from .files import atomic

PLACEHOLDER = re.compile(r"<<(\w+)>>")


class WorksheetError(ValueError):
    """Parameters the worksheet cannot be made from, or a LaTeX failure."""


def num(value: Number) -> str:
    """Exact values as short decimals (4.205), others to 4 significant places (sigmoid)."""
    if isinstance(value, float):
        return fmt(value, 4, trim=True) if abs(value) >= 1e-3 else f"{value:.3g}"
    for places in range(7):
        if Fraction(value) * 10**places == int(Fraction(value) * 10**places):
            return fmt(value, places)
    return fmt(value, 6, trim=True)


def signed(value: Number) -> str:
    return ("+" if value > 0 else "") + num(value)


def answers(params: WorksheetParams) -> dict[str, str]:
    """Every blank of the worksheet, as text for the template."""
    try:
        for name in ("x", "w1", "w2", "y_target", "hidden_multiplier", "output_multiplier", "nudge"):
            value = exact(getattr(params, name))
            if isinstance(value, float):
                raise ParameterError(f"worksheet {name} must be an exact number such as 2 or 0.5")
        if exact(params.nudge) <= 0:
            raise ParameterError(f"worksheet nudge must be greater than 0, got {params.nudge!r}")
        a = worksheet_answers(params)
    except (ValueError, TypeError, ZeroDivisionError) as error:
        if isinstance(error, (ParameterError, FormulaError, EvaluationError)):
            raise WorksheetError(str(error)) from None
        raise WorksheetError(f"the worksheet's numbers must be numbers: {error}") from None
    f, values = a.forward, {k: exact(v) for k, v in params.values.items()}
    w2_exp, w1_exp = a.nudges
    (dE_dy, dy_dw2), (_, dy_dh, dh_dw1) = ([f.value for f in b.paths[0].factors] for b in a.blames)
    new = {r.parameter: r.new for r in a.update.rows}

    def rows(experiment, hidden_changes: bool) -> str:
        lines = []
        for i, row in enumerate(experiment.rows):
            label = f"{num(row.value)}" + (r"\ \text{(original)}" if i == 0 else "")
            change = r"\text{baseline}" if row.change is None else rf"\ans{{{signed(row.change)}}}"
            h = rf"\ans{{{num(row.forward['h'])}}}" if hidden_changes or i == 0 else num(row.forward["h"])
            lines.append(rf"{label} & {h} & \ans{{{num(row.forward['y'])}}} & \ans{{{num(row.output)}}} & {change}\\")
        return "\n".join(lines)

    w2_up, w2_down = w2_exp.rows[1].change, w2_exp.rows[2].change
    slopes = abs(w1_exp.slope_estimate), abs(w2_exp.slope_estimate)
    bigger = "w_1" if slopes[0] > slopes[1] else "w_2"
    ratio = max(slopes) / min(slopes) if min(slopes) else Fraction(0)
    sig = a.sigmoid_blame.paths[0]
    z = exact(params.hidden_multiplier) * values["x"] + values["w1"]
    return {
        "a": num(exact(params.hidden_multiplier)), "b": num(exact(params.output_multiplier)),
        "x": num(values["x"]), "w1": num(values["w1"]), "w2": num(values["w2"]), "t": num(values["y_target"]),
        "d": num(exact(params.nudge)), "lr": num(a.update.learning_rate),
        "h_formula": rf"{num(exact(params.hidden_multiplier))}x + w_1",
        "y_formula": rf"{num(exact(params.output_multiplier))}h + w_2",
        "e_formula": r"\tfrac12(y - y_{\text{target}})^2",
        "h": num(f["h"]), "y": num(f["y"]), "E": num(f["E"]),
        "doing_well": ("Yes: the error is zero." if f["E"] == 0 else f"No: it predicts {num(f['y'])} instead "
                       f"of {num(values['y_target'])}, an error E = {num(f['E'])}."),
        "w2_rows": rows(w2_exp, False), "w1_rows": rows(w1_exp, True),
        "w2_up": signed(w2_up), "w2_down": signed(w2_down),
        "w2_way": "increase" if w2_up < 0 else "decrease" if w2_down < 0 else "keep",
        "w1_up": signed(w1_exp.rows[1].change), "w1_down": signed(w1_exp.rows[2].change),
        "bigger": f"${bigger}$: its nudges change $E$ about {num(ratio)} times as much",
        "dy_dw2": num(dy_dw2), "dE_dy": num(dE_dy), "dE_dw2": num(a.blames[0].total),
        "dh_dw1": num(dh_dw1), "dy_dh": num(dy_dh), "dE_dw1": num(a.blames[1].total),
        "check_w2": (f"Yes: the experiment's slope ({signed(w2_up)} and {signed(w2_down)} for steps of "
                     f"{num(exact(params.nudge))}) averages {num(w2_exp.slope_estimate)} per unit."),
        "check_w1": (f"Yes: the experiment's slope averages {num(w1_exp.slope_estimate)} per unit; the tiny "
                     "difference between the up and down changes is the curvature of $E$."),
        "w2_new": num(new["w2"]), "w1_new": num(new["w1"]),
        "h_new": num(a.after["h"]), "y_new": num(a.after["y"]), "E_new": num(a.after["E"]),
        "decreased": (f"Yes, from {num(f['E'])} to {num(a.after['E'])}." if a.after["E"] < f["E"] else
                      f"No: it went from {num(f['E'])} to {num(a.after['E'])}; the step was too large."),
        "sigmoid": (rf"One more factor: $dE/dw_1 = (y - {num(values['y_target'])})\cdot "
                    rf"{num(exact(params.output_multiplier))}\cdot\sigma'(z)$ with $z = {num(z)}$. "
                    rf"Here $h = \sigma({num(z)}) = {num(a.sigmoid_forward['h'])}$, "
                    rf"so $\sigma'(z) = {num(sig.factors[-1].value)}$ and $dE/dw_1 = {num(a.sigmoid_blame.total)}$: "
                    "the sigmoid is saturated, its slope is nearly flat, and the weight barely learns."),
    }


def fill(template: str, values: dict[str, str], key: bool) -> str:
    values = {**values, "key_switch": r"\keytrue" if key else r"\keyfalse"}

    def replace(match: re.Match) -> str:
        name = match.group(1)
        if name not in values:
            raise WorksheetError(f"the worksheet template asks for {name!r}, which is not computed")
        return values[name]

    return PLACEHOLDER.sub(replace, template)


def template_text() -> str:
    return resources.files("pipeline").joinpath("templates/worksheet.tex").read_text(encoding="utf-8")


TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&", "#": r"\#",
               "^": r"\^{}", "_": r"\_", "%": r"\%", "~": r"\~{}"}
TEX_UNICODE = {"η": r"$\eta$", "−": r"$-$", "×": r"$\times$", "·": r"$\cdot$", "∂": r"$\partial$", "′": r"$'$",
               "“": "``", "”": "''", "’": "'", "±": r"$\pm$", "…": r"\ldots{}", "–": "--",
               **{c: f"$^{d}$" for c, d in zip("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")}, "⁻": r"$^-$"}


def tex_text(text: str) -> str:
    """Plain text (a question's words) as LaTeX text: special characters escaped, the few signs the questions use
    typeset, anything else replaced by "?" (nothing in it can be a command)."""
    out = []
    for char in text:
        if char in TEX_SPECIAL:
            out.append(TEX_SPECIAL[char])
        elif char in TEX_UNICODE:
            out.append(TEX_UNICODE[char])
        else:
            out.append(char if char.isascii() and char.isprintable() else "?")
    return "".join(out)


def page_questions(questions) -> str:
    """The lesson page's questions with their answers and worked explanations, for the answer key only."""
    if not questions:
        return ""
    items = "\n".join(rf"\item {tex_text(q.prompt)}\\ \textcolor{{answer}}{{\textbf{{{tex_text(q.answer)}}}. "
                      rf"{tex_text(q.explanation)}}}" for q in questions)
    return ("\\ifkey\n\\section*{Questions on the lesson page}\nThe page asks these at the end of their chapters; "
            "the answers are computed for this lesson's numbers.\n\\begin{enumerate}\n" + items +
            "\n\\end{enumerate}\n\\fi")


def build(params: WorksheetParams, folder: Path, questions: tuple = ()) -> dict[str, Path]:
    """Write worksheet.pdf and answer-key.pdf into ``folder``; values first, LaTeX second. ``questions``
    (`pipeline.quiz.Question`) are printed, with their answers, in the answer key."""
    values = {**answers(params), "page_questions": page_questions(questions)}
    if shutil.which("pdflatex") is None:
        raise WorksheetError("pdflatex is missing: apt-get install texlive-latex-base texlive-latex-extra")
    template = template_text()
    outputs = {}
    for name, key in (("worksheet", False), ("answer-key", True)):
        with tempfile.TemporaryDirectory() as work:
            source = Path(work) / f"{name}.tex"
            source.write_text(fill(template, values, key), encoding="utf-8")
            try:
                done = safe_tex.run(["pdflatex", "-interaction=nonstopmode", "-halt-on-error", source.name],
                                    output_dir=work, cwd=work, capture_output=True, text=True)
            except safe_tex.TexTimeout as error:
                raise WorksheetError(f"LaTeX on {name}.tex: {error}") from None
            if done.returncode != 0:
                raise WorksheetError(f"LaTeX failed on {name}.tex:\n{done.stdout[-2000:]}")
            target = folder / f"{name}.pdf"
            with atomic(target) as temporary:
                shutil.copyfile(Path(work) / f"{name}.pdf", temporary)
            outputs[name] = target
    return outputs
