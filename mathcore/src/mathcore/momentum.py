"""Gradient descent with momentum (the heavy ball), beside plain gradient descent on the same ground.

Each step keeps a velocity: ``v <- beta * v - eta * grad f(x)``, then ``x <- x + v``. With ``beta = 0`` it
is plain gradient descent. The runs are computed in IEEE doubles, as the plots are drawn (a heavy ball's
exact fractions double their digits every step). A run has *settled* when the slope under it has fallen
to ``FLAT_SHARE`` of the slope at the start and so has its speed (a ball rolling fast through the bottom
has not settled); it stops then, when its values leave ``MAX_SIZE`` (it diverged), or after ``steps`` steps.

>>> from mathcore import Formula
>>> race = compare(Formula.parse("x1**2 + 10*x2**2", ["x1", "x2"]), ["2", "1"], "0.09", "0.6", 200)
>>> race.plain.settled, race.heavy.settled, race.plain.zigzags(1), race.heavy.faster_than(race.plain)
(True, True, True, True)
>>> len(race.plain.points) - 1, len(race.heavy.points) - 1
(33, 28)
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Sequence

from .descent import FLAT_SHARE, check_count, check_learning_rate
from .evaluate import exact
from .formula import Formula

MAX_SIZE = 1e12  # beyond this, a run has diverged (the plots could not show it anyway)


@dataclass(frozen=True)
class Run:
    """One descent: every point visited (start first), the velocity after each step, and how it ended."""

    points: tuple[tuple[float, ...], ...]
    velocities: tuple[tuple[float, ...], ...]
    status: str  # settled, max_steps or diverged

    @property
    def settled(self) -> bool:
        return self.status == "settled"

    @property
    def steps(self) -> int:
        return len(self.points) - 1

    def zigzags(self, variable: int) -> bool:
        """Whether ``variable`` crosses back and forth: it changes direction at least twice in the first steps."""
        moves = [b[variable] - a[variable] for a, b in zip(self.points, self.points[1:])][:12]
        turns = sum(1 for m, n in zip(moves, moves[1:]) if m * n < 0)
        return turns >= 2

    def faster_than(self, other: Run) -> bool:
        """Settled in fewer steps than ``other`` (or settled where ``other`` did not)."""
        return self.settled and (not other.settled or self.steps < other.steps)


@dataclass(frozen=True)
class Race:
    """Plain gradient descent and the heavy ball, from the same start with the same learning rate."""

    plain: Run
    heavy: Run
    learning_rate: float
    momentum: float


def descend(formula: Formula, start: Sequence[str], learning_rate: str, momentum: str, steps: int) -> Run:
    """The heavy ball's run (plain gradient descent when ``momentum`` is 0), in doubles."""
    eta, beta = float(check_learning_rate(learning_rate)), float(exact(momentum))
    if not 0 <= beta < 1:
        raise ValueError(f"momentum must be at least 0 and below 1, got {momentum!r}")
    check_count(steps, "steps")
    partials = [formula.numeric_partial(v) for v in formula.variables]
    x = tuple(float(exact(s)) for s in start)
    v = tuple(0.0 for _ in x)
    points, velocities = [x], []
    first = None
    status = "max_steps"
    for _ in range(steps):
        grad = tuple(float(p(*x)) for p in partials)
        size = math.hypot(*grad)
        first = size if first is None else first
        if size <= FLAT_SHARE * first and math.hypot(*v) <= FLAT_SHARE * eta * first:
            status = "settled"
            break
        v = tuple(beta * vi - eta * gi for vi, gi in zip(v, grad))
        x = tuple(xi + vi for xi, vi in zip(x, v))
        if not all(math.isfinite(c) and abs(c) < MAX_SIZE for c in x):
            status = "diverged"
            break
        points.append(x)
        velocities.append(v)
    else:
        grad = tuple(float(p(*x)) for p in partials)
        if first is not None and math.hypot(*grad) <= FLAT_SHARE * first and \
                math.hypot(*v) <= FLAT_SHARE * eta * first:
            status = "settled"
    return Run(tuple(points), tuple(velocities), status)


def compare(formula: Formula, start: Sequence[str], learning_rate: str, momentum: str, steps: int) -> Race:
    """Plain gradient descent and the heavy ball side by side."""
    return Race(descend(formula, start, learning_rate, "0", steps), descend(formula, start, learning_rate, momentum,
                                                                             steps),
                float(exact(learning_rate)), float(exact(momentum)))
