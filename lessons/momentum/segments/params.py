"""The momentum lesson's own config tables, [flat] and [ravine]: where each race runs, and how heavy the ball is.

Both tables have the same fields; their defaults are the lesson's two pictures: a valley with a flat bottom
(x⁴/4, where plain steps shrink to nothing) and a ravine (x1² + 10·x2², steep across, gentle along).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from mathcore import Formula, fmt
from mathcore.momentum import Race, compare

MAX_STEPS = 1000  # the most steps a race may take: a render must stay quick
MAX_START = 1000  # the largest start the plots can show sensibly


@dataclass(frozen=True)
class HeavyBallParams:
    formula: str = "x**4/4"
    variables: tuple[str, ...] = ("x",)
    start: tuple[str, ...] = ("2",)
    learning_rate: str = "0.1"
    beta: str = "0.8"  # the share of its velocity the ball keeps from one step to the next
    steps: int = 400

    @cached_property
    def function(self) -> Formula:
        return Formula.parse(self.formula, self.variables)

    def race(self) -> Race:
        return compare(self.function, self.start, self.learning_rate, self.beta, self.steps)

    def check(self) -> None:
        """What the segments need: a race that can be computed, drawn and told (named in the message)."""
        if not 1 <= self.steps <= MAX_STEPS:
            raise ValueError(f"steps must be from 1 to {MAX_STEPS}, got {self.steps}")
        if len(self.start) != len(self.variables):
            raise ValueError(f"start has {len(self.start)} values for {len(self.variables)} variables")
        if any(abs(float(s)) > MAX_START for s in self.start):
            raise ValueError(f"start values must be within ±{MAX_START}")
        race = self.race()
        for name, run in (("plain gradient descent", race.plain), ("the heavy ball", race.heavy)):
            if run.status == "diverged":
                raise ValueError(f"{name} diverges from this start with learning_rate {self.learning_rate} and beta "
                                 f"{self.beta}: choose a smaller learning_rate")
        if race.plain.steps == 0:
            raise ValueError("the start is already on flat ground: there is nothing to race")


@dataclass(frozen=True)
class FlatParams(HeavyBallParams):
    pass


@dataclass(frozen=True)
class RavineParams(HeavyBallParams):
    formula: str = "x1**2 + 10*x2**2"
    variables: tuple[str, ...] = ("x1", "x2")
    start: tuple[str, ...] = ("2", "1")
    learning_rate: str = "0.09"
    beta: str = "0.5"


TABLES = {"flat": FlatParams, "ravine": RavineParams}


def EXPORT(tables: dict) -> list:  # noqa: N802 - the name the lesson folder looks for
    """The site's tables: each race's runs, point by point."""
    found = []
    for name in ("flat", "ravine"):
        race = tables[name].race()
        for label, run in (("plain gradient descent", race.plain), ("heavy ball", race.heavy)):
            found.append((f"{name}: {label} ({run.status} after {run.steps} steps)",
                          ("step", *tables[name].variables),
                          [(i, *(fmt(c, 4, trim=True) for c in point)) for i, point in enumerate(run.points)]))
    return found
