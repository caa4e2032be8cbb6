"""What the lesson computes from a config's parameters, computed once when the config loads: each key's value is
used as the segments will use it, so a value that cannot be is refused there, naming the key, and never fails a
render. The counts are bounded first (`LIMITS`), so no config makes this or a render unbounded."""

from __future__ import annotations

import math
import unicodedata
from fractions import Fraction
from typing import Any, Callable

from mathcore import LessonParams, Trainer, crime_scene, strategy_curves, worksheet_answers
from mathcore.descent import ParameterError, check_count, check_learning_rate
from mathcore.evaluate import EvaluationError, exact
from mathcore.fmt import fmt_exact
from mathcore.formula import Formula, FormulaError
from mathcore.landscape import freeze_derivation
from mathcore.lesson import slopes

MAX_VALUE = 10**6  # starts, inputs, weights, points: larger values only overflow the plots
MAX_TEXT = 200  # characters of a title, a blame-story cause, a label

# The most each count may be, so that no config can make validation or a render run unbounded.
# (what the segments can show, and what stays quick to compute)
LIMITS: dict[str, int] = {
    "valley.steps": 1000, "bowl.steps": 1000, "local_minima.steps": 1000,
    "valley.shown_rows": 8, "bowl.shown_rows": 8, "slope_points": 5, "local_minima.starts": 2,
    "blame_story.links": 6, "nested_nodes": 6, "network.inputs": 8, "network.curve_epochs": 500,
    "scale.activations": 4, "scale.real_network": 5, "scale.losses": 3,
}


def first_problem(params: LessonParams) -> tuple[str, str] | None:
    """Compute what each key feeds, so a bad value fails here, named, and never mid-render: the first key whose
    value cannot be used, and why (None when every one can)."""
    net = params.network
    checks: list[tuple[str, Callable[[], object]]] = [
        *((key, _count_within(params, key)) for key in LIMITS),
        *((key, _values_within(values)) for key, values in _numbers(params)),
        ("valley.formula", lambda: params.valley.function),
        ("valley.learning_rate", lambda: check_learning_rate(params.valley.learning_rate)),
        ("valley.steps", lambda: check_count(params.valley.steps, "steps")),
        ("valley.start", lambda: _moves(params.valley.run())),
        ("valley.learning_rate", lambda: _not_diverging(params.valley.run(), params.valley.learning_rate)),
        ("valley.shown_rows", lambda: _rows_within(params.valley.shown_rows, params.valley.run())),
        ("slope_points", lambda: [exact(x) for x in params.slope_points]),
        ("slope_points", lambda: slopes(params)),
        ("valley.formula", lambda: params.valley.run().facts()),
        ("local_minima.starts", lambda: params.local_minima.landscape()),
        ("bowl.formula", lambda: [freeze_derivation(params.bowl.function, v) for v in params.bowl.function.variables]),
        ("bowl.formula", lambda: params.bowl.run().facts()),
        ("local_minima.formula", lambda: params.local_minima.function),
        ("local_minima.learning_rate", lambda: check_learning_rate(params.local_minima.learning_rate)),
        ("local_minima.starts", lambda: [_moves(run) for run in params.local_minima.runs()]),
        ("bowl.formula", lambda: params.bowl.function),
        ("bowl.learning_rate", lambda: check_learning_rate(params.bowl.learning_rate)),
        ("bowl.start", lambda: _moves(params.bowl.run())),
        ("bowl.learning_rate", lambda: _not_diverging(params.bowl.run(), params.bowl.learning_rate)),
        ("bowl.shown_rows", lambda: _rows_within(params.bowl.shown_rows, params.bowl.run())),
        ("blame_story.links", lambda: [_share(s) for _, s in params.blame_story.links]),
        ("nested_nodes", lambda: _nested(params)),
        ("network.nodes", lambda: net.graph),
        ("network.target_formula", lambda: Formula.parse(net.target_formula, ("x1", "x2"))),
        ("network.inputs", lambda: net.dataset),
        ("network.nodes", lambda: Trainer(net.graph, net.dataset, "y_pred")),
        ("network.initial_weights", lambda: _weights_used(net)),
        ("network.nodes", lambda: _weights_given(net)),
        ("network.initial_weights", lambda: _something_to_learn(net)),
        ("network.learning_rate", lambda: check_learning_rate(net.learning_rate)),
        ("network.curve_learning_rate", lambda: check_learning_rate(net.curve_learning_rate)),
        ("network.curve_epochs", lambda: check_count(net.curve_epochs, "curve_epochs")),
        ("network.crime_example", lambda: _index(net.crime_example, len(net.dataset.examples))),
        ("network.minibatch_size", lambda: _batch(net.minibatch_size, len(net.dataset.examples))),
        ("worksheet.nudge", lambda: _positive(params.worksheet.nudge)),
        ("worksheet", lambda: worksheet_answers(params.worksheet)),
        ("network.crime_example", lambda: crime_scene(net)),
        ("network.curve_learning_rate", lambda: strategy_curves(net)),
        ("blame_story.links", lambda: [_text(cause) for cause, _ in params.blame_story.links]),
        ("blame_story.outcome", lambda: _text(params.blame_story.outcome)),
        ("scale", lambda: [_text(text) for text in _scale_texts(params)]),
        ("scale.activations", lambda: [Formula.parse(text, ("x",)) for _, text in params.scale.activations]),
        ("scale.large_weights", lambda: check_count(params.scale.large_weights, "large_weights")),
    ]
    for key, check in checks:
        try:
            check()
        except (FormulaError, ParameterError, EvaluationError, ValueError, ZeroDivisionError, KeyError,
                ArithmeticError, RecursionError) as error:
            return key, str(error.args[0] if error.args else type(error).__name__)
    return None


def _rows_within(rows: tuple[int, ...], run) -> None:
    if run.diverged:
        raise ParameterError(run.message)
    if not rows:
        raise ParameterError("name at least one row to show (0 is the first step)")
    for row in rows:
        if row < 0 or row >= len(run.steps):
            why = (f"it reaches flat ground after {len(run.steps)} step{'s' if len(run.steps) != 1 else ''}, so its "
                   f"rows are 0 to {len(run.steps) - 1}" if run.status == "converged"
                   else f"it has {len(run.steps)} steps")
            raise ParameterError(f"row {row} is not an iteration of this run ({why})")
    if list(rows) != sorted(set(rows)):
        raise ParameterError("rows must be increasing")


def _share(text: str) -> Fraction:
    share = exact(text)
    if not 0 <= share <= 1:
        raise ParameterError(f"a share of blame is between 0 and 1, got {text}")
    return share


def _nested(params: LessonParams) -> None:
    from mathcore.lesson import nested_graph

    graph = nested_graph(params)
    if len(graph.leaves) < 2:
        raise ParameterError("the nested function needs the inputs x1 and x2")
    first, second = graph.leaves[:2]
    chains, ways = len(graph.paths(first)), len(graph.paths(second))
    if chains != 1 or ways < 1:  # the blame chain traces the first link by link, then adds up the second's paths
        raise ParameterError(f"{first} must reach {graph.output} by exactly one chain of nodes and {second} by at "
                             f"least one (the blame chain traces them); here {first} reaches it by {chains} and "
                             f"{second} by {ways}")


def _index(index: int, count: int) -> None:
    if not 0 <= index < count:
        raise ParameterError(f"must be between 0 and {count - 1} (there are {count} examples), got {index}")


def _batch(size: int, count: int) -> None:
    check_count(size, "minibatch_size")
    if size > count:
        raise ParameterError(f"{size} is larger than the dataset ({count} examples)")


def _count_within(params: LessonParams, key: str) -> Callable[[], None]:
    def check() -> None:
        value: Any = params
        for part in key.split("."):
            value = getattr(value, part)
        count = value if isinstance(value, int) else len(value)
        if count > LIMITS[key]:
            what = "" if isinstance(value, int) else " entries"
            raise ParameterError(f"{count}{what} is more than the lesson can show (at most {LIMITS[key]})")

    return check


def _numbers(params: LessonParams) -> list[tuple[str, tuple[str, ...]]]:
    """Every value typed as a number that is a point, an input or a weight (the plots must hold them)."""
    net, sheet = params.network, params.worksheet
    return [
        ("valley.start", params.valley.start), ("bowl.start", params.bowl.start), ("slope_points", params.slope_points),
        ("local_minima.starts", params.local_minima.starts),
        ("network.inputs", tuple(v for row in net.inputs for v in row)),
        ("network.initial_weights", tuple(v for _, v in net.initial_weights)),
        ("worksheet", (sheet.x, sheet.w1, sheet.w2, sheet.y_target, sheet.hidden_multiplier, sheet.output_multiplier)),
    ]


def _values_within(values: tuple[str, ...]) -> Callable[[], None]:
    def check() -> None:
        for text in values:
            try:
                value = exact(text)
            except (TypeError, ValueError, ZeroDivisionError):
                raise ParameterError(f"{text!r} is not a number") from None
            if not math.isfinite(value) or abs(value) > MAX_VALUE:
                raise ParameterError(f"{text} is out of range (at most {MAX_VALUE:,} in size)")

    return check


def _moves(run) -> None:
    """A start where the ground is already flat gives a descent of no steps: nothing to show."""
    if not run.steps:
        raise ParameterError(f"x = {', '.join(fmt_exact(v, 12) for v in run.start)} is a flat point (slope 0): "
                             "gradient descent would not move from it; choose another start")


def _not_diverging(run, typed: str) -> None:
    """A descent whose error does not fall is refused (README: a diverging descent is refused): the segments tell
    of a walk downhill, and at a rate that swings as far as it came (2/c on a parabola) or further it never ends."""
    if run.diverged:
        raise ParameterError(f"with a learning rate of {typed} the descent {run.message.split(';')[0]}; "
                             "use a smaller learning rate")
    facts = run.facts()
    if facts.outcome == "not_descending":
        stable = facts.curvature.stable_step if facts.curvature else None
        limit = f" (on this curve only steps smaller than {fmt_exact(stable)} settle)" if stable else ""
        raise ParameterError(f"with a learning rate of {typed} the error does not fall in {facts.steps} steps (from "
                             f"{fmt_exact(facts.error_start)} to {fmt_exact(facts.error_end)}): each step swings "
                             f"past the bottom as far or further{limit}; use a smaller learning rate")


def _weights_given(net) -> None:
    """Every weight a node uses has a starting value (a w8 typed into a formula is the formula's key's doing)."""
    given = {name for name, _ in net.initial_weights}
    missing = [p for p in net.graph.parameters if p not in given]
    if missing:
        raise ParameterError(f"uses {', '.join(missing)}, which network.initial_weights gives no starting value "
                             f"(add {missing[0]} = ... there, or use only {', '.join(sorted(given))})")


def _weights_used(net) -> None:
    """Every starting value is of a weight some node uses (a renamed weight is the weights' key's doing)."""
    unused = [name for name, _ in net.initial_weights if name not in net.graph.parameters]
    if unused:
        given = {name for name, _ in net.initial_weights}
        missing = [p for p in net.graph.parameters if p not in given]
        also = f"; the nodes use {', '.join(missing)}, which it gives no value" if missing else ""
        raise ParameterError(f"gives {', '.join(unused)}, which no node of network.nodes uses{also} (weights must "
                             f"be exactly {', '.join(net.graph.parameters)})")


def _something_to_learn(net) -> None:
    if net.trainer.forward_table(net.weights).total_loss == 0:
        raise ParameterError("the network already fits every example exactly (total error 0): there is nothing "
                             "to learn; change a weight or the data")


def _positive(text: str) -> None:
    if exact(text) <= 0:
        raise ParameterError(f"must be greater than 0, got {text}")


def invisible(text: str) -> str | None:
    """The first control, private-use, surrogate or unassigned character of ``text`` as "U+0000", or None.

    Such a character is unseen on screen, the narration's bookmarks are made of them, and a NUL cuts a text short
    where it is written (an MP4's title ends at it; HTML keeps it raw)."""
    hidden = next((c for c in text if unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn")), None)
    return None if hidden is None else f"U+{ord(hidden):04X}"


def _text(text: str) -> str:
    if not text.strip() or len(text) > MAX_TEXT:
        raise ParameterError(f"a text must be non-empty and at most {MAX_TEXT} characters, got {text[:40]!r}")
    hidden = invisible(text)
    if hidden is not None:
        raise ParameterError(f"a text may not hold the invisible character {hidden}, got {text[:40]!r}")
    return text


def _scale_texts(params: LessonParams) -> list[str]:
    scale = params.scale
    return [scale.large_model, *scale.real_network, *(name for name, _ in scale.activations),
            *(part for row in scale.losses for part in row)]
