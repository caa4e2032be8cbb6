"""The worksheet's network as the stage of every answer-key segment (ws-forward ... ws-sigmoid).

The worksheet draws x → [× a, then add w1] → h → [× b, then add w2] → y, and the error E against the target.
Here that is kit.diagram's ``NetworkDiagram`` with each weight's label, and the target's, raised over the node
it feeds and joined to it by a short arrow: a weight is one more input of its node, so its link is a thing a
chain can light up and a local derivative can sit beside. Values are live numbers (``Live``, each driven by a
``ValueTracker``): under a node for what the node holds, after "w₁ =" for a weight, so a nudge or an update is
seen as the number changing while a pulse travels the links.

Where things sit: weights' and the target's labels on top, their arrows, the row of nodes, each node's value
under it, and each link's local derivative under its edge (or left of a weight's arrow). The stage takes the
top of the region it is given; the segment's working goes under it (``work``).
"""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Arrow,
    Create,
    DecimalNumber,
    LaggedStart,
    MathTex,
    Mobject,
    ReplacementTransform,
    ShowPassingFlash,
    Succession,
    ValueTracker,
    VGroup,
    Write,
)

from mathcore import Graph
from mathcore.evaluate import Number

from .diagram import NetworkDiagram, symbol_tex
from .numbers import n
from .regions import Region
from .style import GAP, MATH_SIZE, MATH_SMALL, TIGHT
from .theme import Theme

TARGET = "y_target"  # the graph's leaf the error compares y with: drawn as a label over E, like a weight
NODE_RADIUS = 0.55
DIAGRAM_SHARE = 0.86  # of the region's width: the row of nodes (room left for a link's label beside the ends)
STUB = 0.9  # a weight's label sits this far above its node: a link's derivative fits beside the arrow
STUB_CLEARANCE = 0.06  # between the arrow's ends and the label and circle it joins
VALUE_SIZE = MATH_SIZE  # a node's value under it, a weight's after its name, the target's
LINK_SIZE = MATH_SIZE  # a link's local derivative, an axis's name
PULSE_WIDTH = 6  # a pulse travelling along a link, and a lit link
PULSE_TIME = 0.6  # of a pulse's run: how much of the link is lit at once
BAND_BELOW = 0.9  # under the row of nodes: a node's value and a link's derivative


def error_curve(graph: Graph, values: dict[str, Number], weight: str) -> Callable[[np.ndarray], np.ndarray]:
    """The error as a function of one weight, the others held: mathcore's forward pass at each point (to plot)."""
    leaves = {name: values[name] for name in graph.leaves}

    def error(points: np.ndarray) -> np.ndarray:
        at = np.atleast_1d(points)
        found = [float(graph.forward({**leaves, weight: float(v)})[graph.output]) for v in at]
        return np.array(found).reshape(np.shape(points))
    return error


class Live(DecimalNumber):
    """A number that follows a value as it changes, printed as the lesson prints numbers (``kit.numbers.n``:
    trailing zeros dropped), so at rest it reads exactly as mathcore's value does in the narration."""

    def _get_num_string(self, number: float | complex) -> str:
        value = float(np.real(number))
        return n(0.0 if abs(value) < 0.5 * 10 ** -self.num_decimal_places else value, self.num_decimal_places)


class WorksheetStage:
    """The diagram, its weight and target labels with their arrows, and the live values on it."""

    def __init__(self, theme: Theme, graph: Graph, region: Region, places: int = 4) -> None:
        self.theme, self.graph, self.places = theme, graph, places
        self.diagram = NetworkDiagram(theme, graph, hide=(TARGET,), width=region.width * DIAGRAM_SHARE,
                                      height=2 * NODE_RADIUS, radius=NODE_RADIUS)
        self.owner: dict[str, str] = {}  # a weight (or the target): the node it feeds
        self.labels: dict[str, MathTex] = {}
        for node, label in self.diagram.weight_labels.items():
            (weight,) = [p for p in graph.node(node).parents if p in graph.parameters]
            self.owner[weight], self.labels[weight] = node, label
        target = MathTex(symbol_tex(TARGET), font_size=VALUE_SIZE, color=theme.dot)
        self.owner[TARGET], self.labels[TARGET] = graph.output, target
        for weight, label in self.labels.items():
            if weight != TARGET:
                label.scale(VALUE_SIZE / MATH_SMALL)  # the diagram's label, as large as the value it will carry
            label.next_to(self.diagram.circles[self.owner[weight]], UP, buff=STUB)
        self.stubs = {weight: Arrow(label.get_bottom(), self.diagram.circles[self.owner[weight]].get_top(),
                                    buff=STUB_CLEARANCE, stroke_width=3, color=theme.text,
                                    max_tip_length_to_length_ratio=0.25)
                      for weight, label in self.labels.items()}
        self.skeleton = VGroup(self.diagram, target, *self.stubs.values())
        below = VGroup(*(c.copy().shift(DOWN * BAND_BELOW) for c in self.diagram.circles.values()))
        region.place(VGroup(self.skeleton, below), UP)  # the band under the nodes is kept for values and links
        self.work = region.below(below, gap=GAP)  # what the segment works out, under the stage
        self.trackers: dict[str, ValueTracker] = {}
        self.numbers: dict[str, Live] = {}
        self.named: dict[str, VGroup] = {}  # a weight's "w₁ =" and its number

    # ---- building --------------------------------------------------------------------------------------
    def create(self) -> Animation:
        """The network drawn input to error: edges and circles, then the weights' and the target's labels."""
        d = self.diagram
        return LaggedStart(*(Create(d.circles[name]) for name in d.circles), *(Create(e) for e in d.edges.values()),
                           *(AnimationGroup(Write(self.labels[w]), Create(self.stubs[w])) for w in self.labels),
                           lag_ratio=0.15)

    def circle(self, name: str) -> VGroup:
        return self.diagram.circles[name]

    def link(self, parent: str, child: str) -> Arrow:
        """The arrow a value travels along from ``parent`` to ``child``: an edge, or a weight's (target's) arrow."""
        return self.diagram.edges.get((parent, child)) or self.stubs[parent]

    def links_into(self, name: str) -> list[tuple[str, str]]:
        parents = () if name in self.graph.leaves else self.graph.node(name).parents
        return [(p, name) for p in parents if p in self.diagram.circles or p in self.stubs]

    # ---- values ----------------------------------------------------------------------------------------
    def _live(self, name: str, value: Number, color: str, places: int | None = None) -> Live:
        tracker = self.trackers.setdefault(name, ValueTracker(float(value)))
        tracker.set_value(float(value))
        number = Live(float(value), num_decimal_places=places or self.places, font_size=VALUE_SIZE, color=color,
                      edge_to_fix=LEFT if name in self.labels else ORIGIN)
        # redrawn only when its value moves: a number waiting hidden for a value to land on it stays hidden
        number.add_updater(lambda m: m.set_value(tracker.get_value()) if m.number != tracker.get_value() else None)
        self.numbers[name] = number
        return number

    def number(self, name: str, value: Number, color: str | None = None, places: int | None = None) -> Live:
        """``name``'s live number, in its place (under its node, or after "w₁ =" for a weight), not yet shown."""
        if name not in self.labels:
            number = self._live(name, value, color or self.theme.dot, places)
            return number.next_to(self.circle(name), DOWN, buff=TIGHT)
        colour = self.theme.weight if name != TARGET else self.theme.dot
        head = MathTex(symbol_tex(name) + " =", font_size=VALUE_SIZE, color=colour)
        number = self._live(name, value, color or colour, places)
        self.named[name] = VGroup(head, number).arrange(RIGHT, buff=TIGHT).move_to(self.labels[name],
                                                                                   aligned_edge=DOWN)
        number.align_to(head[0][0], DOWN)
        return number

    def show(self, name: str, value: Number, color: str | None = None, places: int | None = None) -> Animation:
        """``name``'s value appears: under its node, or after its name for a weight or the target."""
        number = self.number(name, value, color, places)
        if name not in self.labels:
            return Write(number)
        label, head = self.labels[name], self.named[name][0]
        self.labels[name] = head
        return AnimationGroup(ReplacementTransform(label, head), Write(number))

    def show_all(self, values: dict[str, Number], names: Sequence[str] | None = None) -> Animation:
        """Several values at once (a segment opening on the state the last one left)."""
        return AnimationGroup(*(self.show(name, values[name]) for name in names or self.value_names()))

    def value_names(self) -> list[str]:
        return [*(c for c in self.diagram.circles), *self.labels]

    def change(self, name: str, value: Number, run_time: float = 1.0) -> Animation:
        """The live value moves to ``value``."""
        return self.trackers[name].animate(run_time=run_time).set_value(float(value)).build()

    def ripple(self, path: Sequence[str], values: dict[str, Number], color: str, step: float) -> Animation:
        """The forward pass re-run from a changed weight: the weight moves to its new value, then each node along
        ``path`` (leaf first, as mathcore's chain paths run) takes its new value as a pulse reaches it."""
        steps = [self.change(path[0], values[path[0]], step)]
        for parent, child in zip(path, path[1:]):
            steps.append(AnimationGroup(self.pulse([(parent, child)], color, run_time=step),
                                        self.change(child, values[child], step)))
        return Succession(*steps)

    def value(self, name: str) -> Mobject:
        return self.numbers[name]

    # ---- motion on the diagram -------------------------------------------------------------------------
    def pulse(self, links: Sequence[tuple[str, str]], color: str, **kwargs) -> Animation:
        """A flash travelling each link, from parent to child (a value carried forward)."""
        return AnimationGroup(*(ShowPassingFlash(self.link(*link).copy().set_stroke(color, width=PULSE_WIDTH),
                                                 time_width=PULSE_TIME) for link in links), **kwargs)

    def lit(self, parent: str, child: str, color: str) -> VGroup:
        """A link and the circle it feeds, drawn over in ``color`` (a chain lit up)."""
        arrow = self.link(parent, child).copy().set_stroke(color, width=PULSE_WIDTH).set_fill(color)
        ring = self.circle(child)[0].copy().set_fill(opacity=0).set_stroke(color, width=PULSE_WIDTH)
        return VGroup(arrow, ring)

    def lit_node(self, name: str, color: str) -> Mobject:
        """The start of a chain: a node's circle, or a weight's name, in ``color``."""
        if name in self.labels:
            return self.labels[name].copy().set_color(color)
        return self.circle(name)[0].copy().set_fill(opacity=0).set_stroke(color, width=PULSE_WIDTH)

    def beside(self, parent: str, child: str, label: Mobject) -> Mobject:
        """Put a link's label where it reads as the link's: under an edge's middle, or left of a weight's arrow."""
        if (parent, child) in self.diagram.edges:
            edge = self.diagram.edges[(parent, child)]
            return label.next_to(edge.get_center(), DOWN, buff=TIGHT)
        return label.next_to(self.stubs[parent], LEFT, buff=TIGHT)

    def write_link(self, label: Mobject) -> Animation:
        return Write(label)
