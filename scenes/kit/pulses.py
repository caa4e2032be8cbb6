"""Pulses along drawn chains and networks: a pulse along an edge (forward: a value computed and passed on;
backward: blame sent back), and the two schematic pictures that carry them when the lesson's own graphs are not
the point: a ``Chain`` (nodes in a row, each blaming the one before it) and a ``Mesh`` (a deep network's layers,
every neuron joined to every neuron of the next layer).

A pulse is the meaning of the motion: it goes the way the value or the blame goes, edge by edge, and it leaves the
picture as it was. ``NetworkDiagram`` (kit.diagram) keeps its own flows that put values in its nodes; these only
light its edges. (Used by the blame-chain and scale segments.)
"""

from __future__ import annotations

from typing import Iterable, Sequence

import numpy as np
from manim import (
    DOWN,
    Animation,
    AnimationGroup,
    Arrow,
    Circle,
    Create,
    GrowArrow,
    LaggedStart,
    Line,
    MathTex,
    Mobject,
    ShowPassingFlash,
    Succession,
    Transform,
    VGroup,
    VMobject,
    Wait,
    there_and_back,
)

from .diagram import NetworkDiagram
from .fades import FadeIn, FadeOut
from .style import MATH_SMALL, TIGHT
from .theme import Theme
from .tracked import built

PULSE_WIDTH = 6  # the stroke of a pulse, and of a lit edge (as kit.diagram draws its own)
PULSE_SPAN = 0.6  # of an edge's length, how much of it one pulse lights at a time
EDGE_STROKE = 3  # a chain's arrows
MESH_STROKE = 1.5  # a mesh's many links: thin, so that the layers read as layers
MESH_OPACITY = 0.55  # of a mesh's links: the neurons stay in front
NODE_STROKE = 3
ARROW_TIP = 0.12  # of an arrow's length, its tip (as kit.diagram)
CLEARANCE = 0.04  # between an arrow's ends and the circles it joins


def _timed(run_time: float | None) -> dict[str, float]:
    return {} if run_time is None else {"run_time": run_time}


def flash(start: np.ndarray, end: np.ndarray, color: str) -> ShowPassingFlash:
    """One pulse from ``start`` to ``end``."""
    return ShowPassingFlash(Line(start, end).set_stroke(color, width=PULSE_WIDTH), time_width=PULSE_SPAN)


def along(lines: Iterable[VMobject], color: str, backward: bool = False) -> list[ShowPassingFlash]:
    """A pulse along each of ``lines`` (arrows or lines), against their direction when ``backward``."""
    found = []
    for line in lines:
        start, end = line.get_start(), line.get_end()
        found.append(flash(end, start, color) if backward else flash(start, end, color))
    return found


def sweep(diagram: NetworkDiagram, color: str, backward: bool = False,
          edges: Sequence[tuple[str, str]] | None = None, run_time: float | None = None) -> Animation:
    """Column by column through a ``NetworkDiagram``: forward from the inputs, or backward from the output, each node
    lighting as the pulse reaches it. Only ``edges`` (parent, child) light when given."""
    chosen = set(diagram.edges if edges is None else edges)
    steps = []
    for column in (reversed(diagram.columns) if backward else diagram.columns):
        keys = [key for key in diagram.edges if key in chosen and key[1] in column]
        reached = {key[0] if backward else key[1] for key in keys}  # the nodes the pulse arrives at light up
        if keys:
            steps.append(AnimationGroup(*along([diagram.edges[key] for key in keys], color, backward),
                                        *(glow(diagram.circles[name], color) for name in sorted(reached)
                                          if name in diagram.circles)))
    return Succession(*steps, **_timed(run_time)) if steps else Wait(run_time or 1.0)


class Chain(VGroup):
    """Nodes in a row joined by arrows, left to right; each node's name (LaTeX, may be empty) under it."""

    def __init__(self, theme: Theme, names: Sequence[str], width: float, radius: float,
                 label_size: int = MATH_SMALL) -> None:
        super().__init__()
        count = len(names)
        reach = width / 2 - radius
        xs = np.linspace(-reach, reach, count) if count > 1 else np.zeros(1)
        self.nodes = VGroup(*(Circle(radius=radius, color=theme.text, fill_color=theme.panel, fill_opacity=1,
                                     stroke_width=NODE_STROKE).move_to(np.array([x, 0.0, 0.0])) for x in xs))
        self.arrows = VGroup(*(Arrow(a.get_center(), b.get_center(), buff=radius + CLEARANCE, stroke_width=EDGE_STROKE,
                                     color=theme.text, max_tip_length_to_length_ratio=ARROW_TIP)
                               for a, b in zip(self.nodes, self.nodes[1:])))
        self.labels = VGroup(*(MathTex(name, font_size=label_size, color=theme.text).next_to(node, DOWN, buff=TIGHT)
                               for name, node in zip(names, self.nodes) if name))
        self.add(self.arrows, self.nodes, self.labels)

    def grow(self, lag: float = 0.3) -> Animation:
        """Node by node from the left, each arrow with the node it points at."""
        parts: list[Animation] = [FadeIn(self.nodes[0])]
        parts += [AnimationGroup(GrowArrow(arrow), FadeIn(node)) for arrow, node in zip(self.arrows, self.nodes[1:])]
        if len(self.labels):
            parts.append(FadeIn(self.labels))
        return LaggedStart(*parts, lag_ratio=lag)

    def trace(self, color: str, backward: bool = True, run_time: float | None = None) -> Animation:
        """A pulse link by link: backward from the last node (blame), or forward from the first (a value)."""
        arrows = list(self.arrows)
        order = reversed(arrows) if backward else arrows
        return Succession(*(AnimationGroup(*along([arrow], color, backward)) for arrow in order), **_timed(run_time))


class Mesh(VGroup):
    """A schematic deep network: ``layers`` counts of neurons, left to right, every neuron joined to each of the next
    layer's. ``links[k]`` joins layer k to layer k + 1."""

    def __init__(self, theme: Theme, layers: Sequence[int], width: float, height: float, radius: float) -> None:
        super().__init__()
        reach = width / 2 - radius
        xs = np.linspace(-reach, reach, len(layers))
        self.layers = []
        for x, count in zip(xs, layers):
            edges = np.linspace(height / 2, -height / 2, count + 1)
            ys = (edges[:-1] + edges[1:]) / 2
            self.layers.append(VGroup(*(Circle(radius=radius, color=theme.text, fill_color=theme.panel,
                                               fill_opacity=1, stroke_width=NODE_STROKE / 2)
                                        .move_to(np.array([x, float(y), 0.0])) for y in ys)))
        self.links = [VGroup(*(Line(a.get_center(), b.get_center(), buff=radius, stroke_width=MESH_STROKE,
                                    color=theme.muted, stroke_opacity=MESH_OPACITY) for a in left for b in right))
                      for left, right in zip(self.layers, self.layers[1:])]
        self.add(*self.links, *self.layers)

    def grow(self, lag: float = 0.5, run_time: float | None = None) -> Animation:
        """Layer by layer from the input side: the network being built."""
        parts: list[Animation] = [FadeIn(self.layers[0])]
        parts += [AnimationGroup(Create(links), FadeIn(layer)) for links, layer in zip(self.links, self.layers[1:])]
        return LaggedStart(*parts, lag_ratio=lag, **_timed(run_time))

    def flow(self, color: str, backward: bool = False, run_time: float | None = None) -> Animation:
        """Every link of one layer at a time carries a pulse: forward from the inputs, or backward from the output."""
        order = list(reversed(self.links)) if backward else self.links
        return Succession(*(AnimationGroup(*along(links, color, backward)) for links in order), **_timed(run_time))

    def path(self, rows: Sequence[int]) -> list[Line]:
        """The links of one route through the mesh: neuron ``rows[k]`` of layer k."""
        return [self.links[k][a * len(self.layers[k + 1]) + b] for k, (a, b) in enumerate(zip(rows, rows[1:]))]


def leaving(mobjects: Sequence[Mobject], *groups: Mobject, keep: Sequence[Mobject] = ()) -> list[Animation]:
    """A fade for everything on screen (``mobjects``: the scene's) that shows part of ``groups``. A group drawn
    piece by piece is on screen as its pieces (or wrappers of them), not as itself: fading the group would bring
    the pieces back when the fade restores what it faded."""
    family = {id(part) for group in groups for part in group.get_family()}
    kept = {id(m) for m in keep}
    return [FadeOut(m) for m in mobjects
            if id(m) not in kept and any(id(part) in family for part in m.get_family())]


def glow(mobject: Mobject, color: str, run_time: float = 1.0) -> Animation:
    """``mobject`` lit in ``color`` and back (the thing a sentence names), in place: nothing grows past an edge.

    Give it a whole thing (a node with its name, a box with its words): started at a bookmark, what it animates is
    drawn again on top for the beat, and a node's filled circle alone would cover its name."""
    return built(mobject.animate(rate_func=there_and_back, run_time=run_time).set_color(color))



class Arrive(Transform):
    """A copy of ``source`` travels and becomes ``target`` (a value carried from where it is computed to where it is
    used), as TransformFromCopy, but it introduces ``target``: started at a bookmark, it shows nothing while it waits
    for its word (TransformFromCopy's target would stand in place from the beat's start)."""

    def __init__(self, source: Mobject, target: Mobject, **kwargs) -> None:
        super().__init__(target, source.copy(), introducer=True, **kwargs)

    def interpolate(self, alpha: float) -> None:
        super().interpolate(1 - alpha)


def arrive(source: Mobject, target: Mobject, run_time: float = 1.0) -> Animation:
    """``Arrive``: a copy of ``source`` becomes ``target``."""
    return Arrive(source, target, run_time=run_time)
