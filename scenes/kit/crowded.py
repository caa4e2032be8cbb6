"""Network diagrams that stay readable when a column is crowded: room between circles for the weight tags, and a
radius chosen so every name reads once the diagram is placed (a teacher's network may have three or more neurons
in a layer; the lesson's default has two, and is drawn as it always was)."""

from __future__ import annotations

from manim import ORIGIN

from .diagram import NetworkDiagram
from .layout import MIN_TEXT_PX, snapshot
from .style import TIGHT


def spaced_network(theme, graph, width: float, height: float, radius: float, **options) -> NetworkDiagram:
    """A network diagram ``width`` by ``height`` with, in a column of three or more neurons, room between two circles
    for the weight tag a middle neuron carries towards its neighbour, and circles never touching (drawn taller than
    ``height`` when it needs it: placing it shrinks it to fit)."""
    diagram = NetworkDiagram(theme, graph, width=width, height=height, radius=radius, **options)
    crowded = max(len(column) for column in diagram.columns)
    diagram.crowded = crowded >= 3
    if not diagram.crowded:
        return diagram
    tag = max((label.height for label in diagram.weight_labels.values()), default=0.0)
    band = 2 * radius + tag + 2 * TIGHT  # a circle's height, and a tag (if any) with a TIGHT clearance either side
    if height >= crowded * band:
        return diagram
    diagram = NetworkDiagram(theme, graph, width=width, height=crowded * band, radius=radius, **options)
    diagram.crowded = True
    return diagram


def smallest_text(mobject) -> float:
    """The em of the smallest text in ``mobject``, in pixels at 480p (as the layout check reads it)."""
    return min((piece.px for piece in snapshot("", [mobject], None).pieces if piece.px), default=MIN_TEXT_PX)


def readable_network(theme, graph, region, radii: tuple[float, ...], width_share: float = 1.0, edge=ORIGIN,
                     **options) -> NetworkDiagram:
    """A spaced network placed in ``region``: the first of ``radii`` whose names all read once placed (the most
    readable of them if none does). The first radius is the usual one: a network that is not crowded keeps it."""
    best, best_px = None, 0.0
    for radius in radii:
        diagram = region.place(spaced_network(theme, graph, region.width * width_share, region.height, radius,
                                              **options), edge)
        px = smallest_text(diagram)
        if px >= MIN_TEXT_PX or not diagram.crowded:
            return diagram
        if px > best_px:
            best, best_px = diagram, px
    return best
