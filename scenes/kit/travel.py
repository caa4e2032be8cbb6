"""Values that travel from where they are computed to where they are used, and formulas that fill as they are said.

A worked line such as ``h = 3(2) + 1 = 7`` is one ``MathTex`` of parts, put on screen whole with the parts
hidden (``hidden``): each part then appears when its word is said, either written in place (``WriteIn``; or
``Reveal``, a fade) or carried there from the thing it comes from (``Land``: a copy of the diagram's value for
x flies into the formula's slot). The formula stays one piece of text throughout, so the layout check reads it
as the viewer does, and a test reads its whole string.
"""

from __future__ import annotations

from typing import Any

from manim import Animation, Mobject, Transform, VMobject, Write


def _drawn(mobject: Mobject) -> list[VMobject]:
    return [m for m in mobject.family_members_with_points() if isinstance(m, VMobject)]


def hidden(*parts: Mobject) -> None:
    """Make ``parts`` invisible where they stand (their fill), to appear later with ``Reveal`` or ``Land``."""
    for part in parts:
        for member in _drawn(part):
            member.set_fill(opacity=0)


def shown(*parts: Mobject) -> None:
    for part in parts:
        for member in _drawn(part):
            member.set_fill(opacity=1)


class Reveal(Animation):
    """A hidden part of a formula on screen fades in where it stands (it is never added to the scene on its own,
    so the formula stays one piece)."""

    def __init__(self, part: Mobject, **kwargs: Any) -> None:
        super().__init__(part, **kwargs)

    def begin(self) -> None:
        self.members = _drawn(self.mobject)
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        for member in self.members:
            member.set_fill(opacity=self.rate_func(alpha))

    def create_starting_mobject(self) -> Mobject:
        return self.mobject  # nothing to copy


class WriteIn(Write):
    """A hidden part of a formula on screen is written in where it stands (strokes, then fill): as it is said."""

    def begin(self) -> None:
        shown(self.mobject)
        super().begin()


class Land(Transform):
    """A copy of ``source`` (a value on the diagram, a cell) travels onto ``part`` (a hidden part of a formula on
    screen) and becomes it; the part is shown when the copy lands. The copy is taken when the travel begins (the
    source may have changed since the beat began), and is invisible until then."""

    def __init__(self, source: Mobject, part: Mobject, **kwargs: Any) -> None:
        self.source, self.part = source, part
        traveller = source.copy().clear_updaters()  # a live number's copy must not keep following its tracker
        hidden(traveller)  # waiting for its word, it is already in the scene
        goal = part.copy()
        shown(goal)
        super().__init__(traveller, goal, remover=True, **kwargs)

    def begin(self) -> None:
        self.mobject.become(self.source.copy().clear_updaters())
        shown(self.mobject)  # the source may itself be appearing as its copy leaves
        super().begin()

    def clean_up_from_scene(self, scene) -> None:
        super().clean_up_from_scene(scene)
        shown(self.part)
