"""An example travelling through the network diagram and on into a table's row.

The values are computed on the diagram (a pulse along each edge, each node showing its value), then each one
travels from its node into its cell, so the table is seen to be filled by the network, not typed in. The
network, crime-scene and batch segments fill their tables this way.
"""

from __future__ import annotations

from typing import Mapping, Sequence

from manim import Animation, AnimationGroup, Mobject, Transform, TransformFromCopy, VGroup

from .diagram import NetworkDiagram
from .fades import FadeIn
from .turns import in_turn


def forward_into_row(diagram: NetworkDiagram, values: Mapping[str, str], color: str,
                     carried: Sequence[tuple[Sequence[str], Mobject]], given: Sequence[Mobject], step: float,
                     strengths: Mapping[str, float] | None = None, restore: bool = True) -> tuple[Animation, VGroup]:
    """``values`` (each drawn node's, formatted) flow through ``diagram`` a column at a time, ``step`` seconds each;
    then the values of the nodes named in each ``carried`` pair travel into its cell while the ``given`` cells (what
    the network does not compute: the target, a difference) fade in; then the names come back, unless ``restore`` is
    false (the values stay on the diagram). Returns the animation and the value tags."""
    steps = diagram.forward_steps(dict(values), color, strengths)
    tags = VGroup(*(tag for _, column in steps for tag in column))
    by_node = {tag.node: tag for tag in tags}
    parts: list[Animation] = [animation.set_run_time(step) for animation, _ in steps]
    moves = [TransformFromCopy(VGroup(*(by_node[name] for name in names)), cell) for names, cell in carried]
    parts.append(AnimationGroup(*moves, *(FadeIn(cell) for cell in given), run_time=step))
    if restore:
        parts.append(diagram.restore(tags).set_run_time(step / 2))
    return in_turn(*parts), tags


def relocate(present: Sequence[Mobject], group: Mobject, moved: Mobject, **kwargs) -> Animation:
    """``group`` to where ``moved`` (a copy of it, placed) is: the parts on screen (``present``, from
    ``LessonScene.present``) glide there; the rest (a label not shown yet, or faded out) go there unseen, so that
    moving a diagram does not bring back what a value stands in for."""
    family, there = group.get_family(), moved.get_family()
    gliding = {id(m) for part in present for m in part.get_family()}
    for part, target in zip(family, there):
        if id(part) not in gliding:
            part.points = target.points.copy()
    return AnimationGroup(*(Transform(part, there[family.index(part)].copy()) for part in present), **kwargs)
