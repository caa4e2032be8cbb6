"""Values moved one after another in a single animation, and ``.animate`` built when it is written.

Manim 0.22 builds a ``mobject.animate`` when the play (or the group holding it) begins, from the mobject's one
``target``: several written before they are built, for one mobject, all move it to the last one's place. A
``Succession`` of ``tracker.animate`` steps therefore ran through its steps in a fraction of its time and stood
still for the rest. ``Through`` takes a tracker through its values in one animation; ``built`` builds an
``.animate`` at once, so each keeps its own target.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import Animation, ValueTracker, linear, smooth
from manim.animation.animation import prepare_animation


class Through(Animation):
    """``tracker`` through ``values`` one after another, each eased from the one before (``times``: the seconds
    each takes; a value equal to the one before is a hold)."""

    def __init__(self, tracker: ValueTracker, values: Sequence[float], times: Sequence[float], **kwargs) -> None:
        self.values, self.times = [float(v) for v in values], [float(t) for t in times]
        self.ends = np.cumsum(self.times)
        super().__init__(tracker, run_time=float(self.ends[-1]), rate_func=linear, **kwargs)

    def begin(self) -> None:
        self.starts = [self.mobject.get_value(), *self.values[:-1]]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        now = alpha * self.ends[-1]
        index = min(int(np.searchsorted(self.ends, now, side="right")), len(self.values) - 1)
        begun = self.ends[index] - self.times[index]
        share = float(np.clip((now - begun) / self.times[index], 0, 1)) if self.times[index] > 0 else 1.0
        start, end = self.starts[index], self.values[index]
        self.mobject.set_value(start + (end - start) * smooth(share))


def built(animation) -> Animation:
    """``animation`` (an ``.animate`` of a mobject) built now, with the target it has now."""
    return prepare_animation(animation)


def _leaves(animation: Animation) -> list[Animation]:
    inner = getattr(animation, "animations", None)
    return [leaf for part in inner for leaf in _leaves(part)] if inner else [animation]


def miswritten(animations: Sequence[Animation]) -> list[str]:
    """What in a play would not move as written: one animation played twice, or several ``.animate`` of one mobject
    sharing one target (built after the last was written). Empty when all is well."""
    leaves = [leaf for animation in animations for leaf in _leaves(animation)]
    problems = []
    seen: set[int] = set()
    for leaf in leaves:
        if id(leaf) in seen:
            problems.append(f"{type(leaf).__name__} of {type(leaf.mobject).__name__} is played twice")
        seen.add(id(leaf))
    targets: dict[int, int] = {}
    for leaf in leaves:
        target = getattr(leaf, "target_mobject", None)
        if type(leaf).__name__ == "_MethodAnimation" and target is not None:
            targets[id(target)] = targets.get(id(target), 0) + 1
    shared = sum(1 for count in targets.values() if count > 1)
    if shared:
        problems.append(f"{shared} target(s) shared by several .animate of one mobject (build each with "
                        "kit.tracked.built, or move a tracker with Through)")
    return problems
