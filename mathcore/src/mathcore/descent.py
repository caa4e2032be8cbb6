"""Gradient descent in any number of dimensions, one recorded row per step.

Exact inputs give exact rows (3 -> 2.4 -> 1.92 ...) until the fractions grow too
long to be worth it; then the run continues in floats and says from where.
Divergence is detected and reported; no row holds a NaN or an infinity.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from fractions import Fraction
from typing import Literal, Sequence

from .evaluate import EvaluationError, Number, as_floats, exact, too_long
from .fmt import fmt_exact
from .formula import Formula

Status = Literal["converged", "max_steps", "diverged"]


FLAT_SHARE = 1e-3  # a slope a thousandth of the first one's: the ground under the walker is as good as level


class ParameterError(ValueError):
    """A parameter (learning rate, step count, start point) that cannot be used.

    >>> from mathcore import Formula, gradient_descent
    >>> gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "-0.1")
    Traceback (most recent call last):
    ...
    mathcore.descent.ParameterError: learning rate must be greater than 0, got '-0.1'
    """


def check_learning_rate(learning_rate: object, name: str = "learning rate") -> Number:
    if isinstance(learning_rate, bool) or not isinstance(learning_rate, (int, float, Fraction, str)):
        raise ParameterError(f"{name} must be a number, got {learning_rate!r}")
    try:
        value = exact(learning_rate)
    except (ValueError, ZeroDivisionError):
        raise ParameterError(f"{name} must be a number, got {learning_rate!r}") from None
    if not math.isfinite(value):
        raise ParameterError(f"{name} must be finite, got {learning_rate!r}")
    if value <= 0:
        raise ParameterError(f"{name} must be greater than 0, got {learning_rate!r}")
    return value


def check_count(value: object, name: str, minimum: int = 1) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or value < minimum:
        raise ParameterError(f"{name} must be a whole number >= {minimum}, got {value!r}")
    return value


@dataclass(frozen=True)
class DescentStep:
    """One row of an iteration table: where we stand, the slope there, where we go.

    >>> from mathcore import Formula, gradient_descent
    >>> step = gradient_descent(Formula.parse("x1**2 + 2*x2**2", ["x1", "x2"]), ["3", "2"], "0.1", steps=1).steps[0]
    >>> step.value, step.gradient, step.new_point
    (Fraction(17, 1), (Fraction(6, 1), Fraction(8, 1)), (Fraction(12, 5), Fraction(6, 5)))
    """

    iteration: int
    point: tuple[Number, ...]
    value: Number
    gradient: tuple[Number, ...]
    new_point: tuple[Number, ...]


@dataclass(frozen=True)
class DescentRun:
    """A whole descent: its rows, where it ended, and why it stopped.

    ``status`` is ``converged`` (the ground is flat), ``max_steps`` or ``diverged``;
    ``exact_steps`` counts the rows computed in exact fractions.

    >>> from mathcore import Formula, gradient_descent
    >>> run = gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "1.1", steps=200)
    >>> run.status, run.diverged
    ('diverged', True)
    """
    formula: Formula
    learning_rate: Number
    start: tuple[Number, ...]
    steps: tuple[DescentStep, ...]
    final_point: tuple[Number, ...]
    final_value: Number | None
    status: Status
    message: str
    exact_steps: int

    @property
    def diverged(self) -> bool:
        return self.status == "diverged"

    def step(self, iteration: int) -> DescentStep:
        return self.steps[iteration]

    def points(self) -> tuple[tuple[Number, ...], ...]:
        """Every point visited, start first."""
        return tuple(s.point for s in self.steps) + (self.final_point,)

    def bounds(self, steps: int | None = None) -> tuple[tuple[float, float], ...]:
        """(lowest, highest) of each variable over the points of the first ``steps`` steps (all by default):
        what a plot of the run must show.

        >>> gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.9", steps=3).bounds()
        ((-2.4, 3.0),)
        """
        points = self.points() if steps is None else self.points()[: steps + 1]
        return tuple((min(float(p[i]) for p in points), max(float(p[i]) for p in points))
                     for i in range(len(self.start)))

    def around_end(self, steps: int | None = None, margin: float = 0.0) -> tuple[tuple[float, float], ...]:
        """(lowest, highest) of each variable for a picture centred on where the run ends (the bottom it heads to)
        that reaches its first ``steps`` steps' points and the origin (where the axes cross), ``margin`` beyond.

        >>> gradient_descent(Formula.parse("(x - 2)**2", ["x"]), ["0"], "0.5", steps=3).around_end(margin=0.5)
        ((-0.5, 4.5),)
        """
        ends = [float(v) for v in self.final_point]
        reach = [max(abs(lo - end), abs(hi - end), abs(end)) + margin
                 for (lo, hi), end in zip(self.bounds(steps), ends)]
        return tuple((end - r, end + r) for end, r in zip(ends, reach))

    def facts(self, steps: int | None = None) -> DescentFacts:
        """What the whole run, or its first ``steps`` steps, did (see `DescentFacts`)."""
        return _facts(self, steps)

    def ends_flat(self, share: float = FLAT_SHARE) -> bool:
        """The walk ends on flat ground: it converged, or the slope where it stopped is at most ``share`` of the
        slope where it started, in size (the ground under its last step is as good as level). A run that
        diverged never does.

        >>> gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.1", steps=100).ends_flat()
        True
        >>> gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.01", steps=12).ends_flat()
        False
        """
        if self.status == "converged":
            return True
        if self.diverged or not self.steps:
            return False
        try:
            last = _magnitude(self.formula.gradient_at(self.final_point))
        except EvaluationError:
            return False
        return last <= share * _magnitude(self.steps[0].gradient)


def _size(value: Number) -> float:
    """|value| as a float; an exact value too large for a float is infinitely large here."""
    try:
        return abs(float(value))
    except OverflowError:
        return math.inf


def _magnitude(values: Sequence[Number]) -> float:
    return max((_size(v) for v in values), default=0.0)


def gradient_descent(
    formula: Formula,
    start: Sequence[Number | str],
    learning_rate: Number | str,
    steps: int = 100,
    tolerance: float = 1e-9,
    divergence_limit: float = 1e12,
) -> DescentRun:
    """Run ``x <- x - learning_rate * grad f(x)`` for up to ``steps`` iterations.

    Stops early when every partial derivative is below ``tolerance`` in size (the
    ground is flat), or when the point or the value leaves ``divergence_limit``.

    >>> from mathcore import Formula, fmt
    >>> run = gradient_descent(Formula.parse("x**2", ["x"]), start=["3"], learning_rate="0.1", steps=50)
    >>> [fmt(p[0]) for p in run.points()[:4]], run.status
    (['3.000', '2.400', '1.920', '1.536'], 'max_steps')
    """
    eta = check_learning_rate(learning_rate)
    check_count(steps, "steps")
    if len(start) != len(formula.variables):
        raise ParameterError(
            f"start point {tuple(start)} has {len(start)} coordinate(s); "
            f"{formula.text!r} has variables {formula.variables}"
        )
    try:
        point = tuple(exact(v) for v in start)
    except (TypeError, ValueError):
        raise ParameterError(f"start point {tuple(start)} must hold numbers") from None
    rows: list[DescentStep] = []
    exact_steps = 0
    origin = point

    def finish(status: Status, message: str, value: Number | None) -> DescentRun:
        return DescentRun(formula, eta, origin, tuple(rows), point, value, status, message, exact_steps)

    for iteration in range(steps):
        try:
            value = formula.at(point)
            gradient = formula.gradient_at(point)
        except EvaluationError as error:
            return finish("diverged", f"stopped at iteration {iteration}: {error}", None)
        if _magnitude(gradient) < tolerance:
            return finish("converged", f"the ground is flat after {iteration} steps", value)
        if _magnitude(point) > divergence_limit or _size(value) > divergence_limit:
            return finish(
                "diverged",
                f"diverged at iteration {iteration}: the point reached {_magnitude(point):.3g}; "
                f"try a smaller learning rate than {fmt_exact(eta, 12)}",
                None,
            )
        new_point = tuple(x - eta * g for x, g in zip(point, gradient))
        if too_long(new_point):
            new_point = as_floats(new_point)
        if all(isinstance(v, Fraction) for v in new_point):
            exact_steps += 1
        rows.append(DescentStep(iteration, point, value, gradient, new_point))
        point = new_point
    try:
        value = formula.at(point)
    except EvaluationError as error:
        return finish("diverged", f"stopped after {steps} steps: {error}", None)
    if _magnitude(point) > divergence_limit:
        return finish("diverged", f"diverged: the point reached {_magnitude(point):.3g}", None)
    return finish("max_steps", f"stopped after {steps} steps", value)


# ---- what happened, as facts the narration may rely on ----------------------

Outcome = Literal["converged", "descending", "zigzag", "not_descending"]


@dataclass(frozen=True)
class Move:
    """How far, and which way, one variable moved in one step."""

    variable: str
    change: Number  # new - old

    @property
    def direction(self) -> Literal["increases", "decreases", "stays"]:
        return "increases" if self.change > 0 else "decreases" if self.change < 0 else "stays"


@dataclass(frozen=True)
class Curvature:
    """A quadratic's constant curvature: its Hessian's eigenvalues, and the largest step that still settles.

    Along an eigenvector of curvature ``c`` one step multiplies the distance to the
    bottom by ``1 - eta*c``: it overshoots when ``eta*c > 1`` and grows when
    ``eta*c > 2``. So ``stable_step = 2 / max(c)`` and, for a bowl, ``eta`` below
    half of it never overshoots.
    """

    eigenvalues: tuple[float, ...]

    @property
    def bowl(self) -> bool:
        """Curved upwards in every direction: one lowest point."""
        return all(c > 0 for c in self.eigenvalues)

    @property
    def stable_step(self) -> float | None:
        top = max(self.eigenvalues)
        return 2 / top if top > 0 else None


def curvature(formula: Formula) -> Curvature | None:
    """The constant curvature of a quadratic formula, ``None`` for any other shape.

    >>> curvature(Formula.parse("x1**2 + 2*x2**2", ["x1", "x2"])).stable_step
    0.5
    >>> curvature(Formula.parse("x**4", ["x"])) is None
    True
    """
    import numpy as np
    import sympy as sp

    hessian = sp.hessian(formula.expr, formula.symbols)
    if any(entry.free_symbols for entry in hessian):
        return None
    matrix = np.array(hessian.tolist(), dtype=float)
    return Curvature(tuple(float(c) for c in np.linalg.eigvalsh(matrix)))


@dataclass(frozen=True)
class DescentFacts:
    """What a run (or its first ``steps`` steps) did, for sentences that must stay true.

    ``outcome``: ``converged`` (flat ground reached), ``zigzag`` (the error fell, but
    some variable overshoots and swings from side to side), ``descending`` (the
    error fell without overshooting) or ``not_descending`` (the error did not fall:
    the learning rate is too large, or the run diverged).

    >>> facts = gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.9", steps=11).facts()
    >>> facts.outcome, facts.first_moves[0].direction, float(facts.step_ratio)
    ('zigzag', 'decreases', 0.9)
    """

    outcome: Outcome
    steps: int
    error_start: Number
    error_end: Number | None  # None when the run diverged past numbers
    monotone: bool  # the error never rose from one step to the next
    zigzag: bool  # some variable's step changed sign
    first_moves: tuple[Move, ...]
    curvature: Curvature | None
    step_ratio: float | None  # learning rate / largest stable step, for a quadratic

    @property
    def error_fell(self) -> bool:
        return self.error_end is not None and self.error_end < self.error_start

    @property
    def overshoots(self) -> bool:
        return self.zigzag or self.outcome == "not_descending"


def _facts(run: DescentRun, steps: int | None) -> DescentFacts:
    rows = run.steps if steps is None else run.steps[:steps]
    whole = steps is None or steps >= len(run.steps)
    shape = curvature(run.formula)
    stable = shape.stable_step if shape else None
    ratio = float(run.learning_rate) / stable if stable else None
    if not rows:  # flat where it started (or not computable there): it never moved
        here = run.final_value if run.final_value is not None else math.nan
        outcome: Outcome = "converged" if run.status == "converged" else "not_descending"
        return DescentFacts(outcome, 0, here, run.final_value, True, False, (), shape, ratio)
    start = rows[0].value
    values = [r.value for r in rows]
    end = (run.final_value if whole else run.steps[len(rows)].value) if rows else start
    if whole and run.diverged:
        end = None
    deltas = [tuple(n - o for n, o in zip(r.new_point, r.point)) for r in rows]
    zigzag = any(a * b < 0 for d0, d1 in zip(deltas, deltas[1:]) for a, b in zip(d0, d1))
    seq = [*values, end]
    monotone = end is not None and all(b <= a for a, b in zip(seq, seq[1:]))
    if end is None or end >= start:
        outcome = "not_descending"
    elif whole and run.status == "converged":
        outcome = "converged"
    else:
        outcome = "zigzag" if zigzag else "descending"
    first = tuple(Move(v, c) for v, c in zip(run.formula.variables, deltas[0])) if deltas else ()
    return DescentFacts(outcome, len(rows), start, end, monotone, zigzag, first, shape, ratio)
