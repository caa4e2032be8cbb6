"""FadeIn and FadeOut that change opacity in place instead of deep-copying the mobject.

Manim's fades are Transforms: each makes three deep copies of what it fades (the
faded target, its copy and the starting state). For a table or a card that is
most of a segment's render time (batch: 7 s of its copying came from fades).
These keep the points and colours they start from as plain arrays and write
scaled opacities (and, with ``shift``/``scale``, moved points) each frame; the
result is the same picture. Anything that is not a VMobject gets Manim's own fade.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from manim import ORIGIN, Animation, Mobject, VGroup, VMobject
from manim import FadeIn as ManimFadeIn
from manim import FadeOut as ManimFadeOut

_COLOURS = ("fill_rgbas", "stroke_rgbas", "background_stroke_rgbas")


class _OpacityFade(Animation):
    def __init__(self, mobject: VMobject, *, appearing: bool, shift: np.ndarray | None = None, scale: float = 1,
                 **kwargs: Any) -> None:
        self.appearing = appearing
        self.shift_vector = ORIGIN if shift is None else np.asarray(shift, dtype=float)
        self.scale_factor = scale
        super().__init__(mobject, introducer=appearing, remover=not appearing, **kwargs)

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # nothing to copy: the start is kept in self.saved

    def begin(self) -> None:
        self.members = self.mobject.family_members_with_points()
        self.saved = [(m.points.copy(), *(getattr(m, name).copy() for name in _COLOURS)) for m in self.members]
        self.center = self.mobject.get_center()
        self.moves = bool(np.any(self.shift_vector)) or self.scale_factor != 1
        super().begin()

    def _away(self, points: np.ndarray) -> np.ndarray:
        """Where the points are while invisible: scaled about the centre and shifted (back, when appearing)."""
        return self.center + (points - self.center) * self.scale_factor + self.shift_vector * (
            -1 if self.appearing else 1)

    def interpolate_mobject(self, alpha: float) -> None:
        count = len(self.members)
        for index, (member, (points, *colours)) in enumerate(zip(self.members, self.saved)):
            progress = float(np.clip(self.get_sub_alpha(alpha, index, count), 0, 1))
            shown = progress if self.appearing else 1 - progress
            for name, saved in zip(_COLOURS, colours):
                current = getattr(member, name)
                if current.shape == saved.shape:
                    current[:, 3] = saved[:, 3] * shown
            if self.moves:
                member.points = points + (self._away(points) - points) * (1 - shown)

    def restore(self) -> None:
        for member, (points, *colours) in zip(self.members, self.saved):
            member.points = points
            for name, saved in zip(_COLOURS, colours):
                setattr(member, name, saved.copy())

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        if not self.appearing:  # a faded-out mobject comes back as it was, as with Manim's FadeOut; a faded-in
            self.restore()  # one is left as it is: what came after it in a Succession moved it on


def _fade(mobjects: tuple[Mobject, ...], appearing: bool, **kwargs: Any) -> Animation:
    if not mobjects:
        raise ValueError("At least one mobject must be passed.")
    mobject = mobjects[0] if len(mobjects) == 1 else VGroup(*mobjects) if all(
        isinstance(m, VMobject) for m in mobjects) else None
    plain = kwargs.keys() <= {"shift", "scale", "run_time", "rate_func", "lag_ratio"}
    if mobject is None or not plain or not all(isinstance(m, VMobject) for m in mobject.family_members_with_points()):
        return (ManimFadeIn if appearing else ManimFadeOut)(*mobjects, **kwargs)
    return _OpacityFade(mobject, appearing=appearing, **kwargs)


def FadeIn(*mobjects: Mobject, **kwargs: Any) -> Animation:  # noqa: N802 - a drop-in for manim.FadeIn
    return _fade(mobjects, True, **kwargs)


def FadeOut(*mobjects: Mobject, **kwargs: Any) -> Animation:  # noqa: N802 - a drop-in for manim.FadeOut
    return _fade(mobjects, False, **kwargs)
