"""A network / dependency diagram drawn from a mathcore computation graph.

Nodes are laid out in columns by depth (inputs left, output right). Parameters
(weights) are not drawn as nodes but as green labels on the node that uses them,
as the script draws them.
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
import sympy as sp
from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Animation,
    AnimationGroup,
    Arrow,
    Circle,
    GrowArrow,
    LaggedStart,
    Line,
    MathTex,
    Mobject,
    ShowPassingFlash,
    VGroup,
    Write,
)

from mathcore import Graph

from .fades import FadeIn, FadeOut
from .style import MATH_SMALL, TIGHT
from .theme import Theme
from .turns import Deferred, in_turn

NODE_LABEL_SIZE = 34  # a node's name in its circle (LaTeX)
LABEL_SHARE = 0.8  # of a circle's width, the most a name or value inside it may take
EDGE_CLEARANCE = 0.04  # between an arrow's ends and the circles it joins
PULSE_WIDTH = 6  # the stroke of a pulse travelling along an edge, and of a traced path
PULSE_RANGE = (3.0, 12.0)  # a pulse's stroke for the weakest and the strongest value it carries
PULSE_SPREAD = 0.6  # of an edge's length: how long a pulse's bright part is
RING_SPREAD = 0.8  # of a circle's outline: how much of it a ring's bright part covers
RING_LAG = 0.2  # each node's ring starts this share of a ring after the one before
NUDGE_LENGTH = 0.5  # the arrow of the largest nudge a weight gets (smaller nudges get shorter arrows)
NUDGE_LEAST = 0.35  # the shortest nudge arrow, as a share of NUDGE_LENGTH: still seen
TAG_RISE = 0.15  # weight tags slide up this far as they replace their labels
PLATE_BUFF = 0.0  # a weight's plate is exactly its text's size: a margin grew the diagram and shrank its names
TAG_GAP = 0.35  # the least room between two nodes' weight tags shown together: apart enough to read as two


def symbol_tex(name: str) -> str:
    return sp.latex(sp.Symbol(name))


def derivative(top: str, bottom: str, d: str = r"\partial ") -> str:
    """The LaTeX of d top / d bottom for two graph nodes (``d="d"`` for a one-variable derivative)."""
    return rf"\frac{{{d}{symbol_tex(top)}}}{{{d}{symbol_tex(bottom)}}}"


class NetworkDiagram(VGroup):
    def __init__(
        self,
        theme: Theme,
        graph: Graph,
        hide: Sequence[str] = (),
        as_labels: Sequence[str] | None = None,
        width: float = 7.0,
        height: float = 4.0,
        radius: float = 0.42,
    ):
        super().__init__()
        self.theme = theme
        self.graph = graph
        labels = tuple(graph.parameters if as_labels is None else as_labels)
        drawn = [n for n in graph.names if n not in hide and n not in labels]
        depth: dict[str, int] = {}
        for name in drawn:
            parents = [p for p in self._parents(name) if p in drawn]
            depth[name] = 1 + max((depth[p] for p in parents), default=-1)
        columns = max(depth.values()) + 1
        self.columns = [[n for n in drawn if depth[n] == c] for c in range(columns)]
        self.circles: dict[str, VGroup] = {}
        for column in range(columns):
            members = [n for n in drawn if depth[n] == column]
            edges = np.linspace(height / 2, -height / 2, len(members) + 1)
            ys = (edges[:-1] + edges[1:]) / 2  # the middle of equal bands
            reach = width / 2 - radius  # ``width`` is the outer width: the outermost circles end at its edges
            x = -reach + 2 * reach * column / max(columns - 1, 1)
            for name, y in zip(members, ys):
                circle = Circle(radius=radius, color=theme.text, fill_color=theme.panel, fill_opacity=1, stroke_width=3)
                label = MathTex(symbol_tex(name), font_size=NODE_LABEL_SIZE, color=theme.text)
                if label.width > 2 * radius * LABEL_SHARE:
                    label.scale_to_fit_width(2 * radius * LABEL_SHARE)
                node = VGroup(circle, label).move_to([x, float(y), 0])
                self.circles[name] = node
        self.edges: dict[tuple[str, str], Arrow] = {}
        for name in drawn:
            for parent in self._parents(name):
                if parent in self.circles:
                    arrow = Arrow(self.circles[parent].get_center(), self.circles[name].get_center(),
                                  buff=radius + EDGE_CLEARANCE, stroke_width=3, color=theme.text,
                                  max_tip_length_to_length_ratio=0.12)
                    self.edges[(parent, name)] = arrow
        self.weight_labels: dict[str, MathTex] = {}
        for name in drawn:
            if name in graph.leaves:
                continue
            mine = [p for p in graph.node(name).parents if p in labels]
            if mine:
                tag = MathTex(",".join(symbol_tex(p) for p in mine), font_size=MATH_SMALL, color=theme.weight)
                tag.next_to(self.circles[name], UP if self.circles[name].get_y() >= 0 else DOWN, buff=TIGHT)
                self.weight_labels[name] = self.plated(tag)
        self.add(*self.edges.values(), *self.circles.values(), *self.weight_labels.values())

    def plated(self, text: MathTex) -> MathTex:
        """``text`` on a plate of the background's colour, exactly its own size (nothing around it moves): the
        edges it stands over pass beneath its letters instead of through them (a wider network's weight names
        sit over the edges into their node)."""
        text.add_background_rectangle(color=self.theme.background, opacity=1, buff=PLATE_BUFF)
        text.background_rectangle.decoration = True  # the layout check counts it as no picture of its own
        return text

    # ---- the computation moving on the diagram (values from mathcore, formatted by the caller) ----------
    def tag(self, name: str, text: str, color: str, size: int = 30) -> MathTex:
        """A value inside a node, in place of its name (as activations are shown inside neurons)."""
        circle, label = self.circles[name]
        value = MathTex(text, font_size=size, color=color).move_to(circle)
        if value.width > circle.width * LABEL_SHARE:
            value.scale_to_fit_width(circle.width * LABEL_SHARE)
        return value

    def weight_tag(self, name: str, texts: Sequence[str], color: str, size: int = 30) -> VGroup:
        """Values for the weights a node uses, in place of their label: one line per weight, stacked away
        from the node (a row of several values would run into the neighbouring nodes)."""
        label = self.weight_labels[name]
        lines = VGroup(*(self.plated(MathTex(text, font_size=size, color=color)) for text in texts))
        lines.arrange(DOWN, aligned_edge=LEFT, buff=TIGHT)
        circle = self.circles[name]
        upward = label.get_y() >= circle.get_y()  # on the side where the label was drawn
        lines.next_to(circle, UP if upward else DOWN, buff=TIGHT).set_x(label.get_x())
        lines.stands_for = label  # restore() brings the label back
        return lines

    def _hidden_by(self, tags: VGroup) -> list[MathTex]:
        """The names a set of tags stands in front of (a node's value sits where its name was)."""
        names = [self.circles[n][1] for n in self.circles] + list(self.weight_labels.values())
        hidden = [label for label in names if any(abs(label.get_center() - t.get_center()).max() < 1e-6
                                                   for t in tags)]
        return hidden + [t.stands_for for t in tags if hasattr(t, "stands_for")]

    def restore(self, tags: VGroup) -> AnimationGroup:
        """Names back in place of the values."""
        return AnimationGroup(FadeOut(tags), *(FadeIn(label) for label in self._hidden_by(tags)))

    def forward_flow(self, values: dict[str, str], color: str, strengths: Mapping[str, float] | None = None,
                     ) -> tuple[Animation, VGroup]:
        """Column by column: the incoming edges carry a pulse, then each node shows its value."""
        steps = self.forward_steps(values, color, strengths)
        return in_turn(*(step for step, _ in steps)), VGroup(*(t for _, tags in steps for t in tags))

    def forward_steps(self, values: dict[str, str], color: str, strengths: Mapping[str, float] | None = None,
                      ) -> list[tuple[Animation, VGroup]]:
        """The forward flow a column at a time, so a scene can start each on its own word: (the pulses into the
        column and its values appearing, the column's value tags). ``strengths`` (each node's value as a number)
        size every pulse by the value it carries, as the activations do in 3Blue1Brown's networks."""
        steps = []
        for column in self.columns:
            column_tags = VGroup(*(self.tag(name, values[name], color) for name in column if name in values))
            for name, tag in zip([name for name in column if name in values], column_tags):
                tag.node = name  # whose value it is: a scene carries it on into a table
            pulses = [self._pulse(edge, color, strengths, backward=False) for edge in self.edges if edge[1] in column]
            names = [self.circles[n][1] for n in column if n in values]
            if pulses or len(column_tags):
                steps.append((AnimationGroup(*pulses, *(FadeOut(label) for label in names),
                                             *(FadeIn(t, scale=1.3) for t in column_tags)), column_tags))
        return steps

    def backward_flow(self, gradients: dict[str, str], color: str, named: bool = False,
                      strengths: Mapping[str, float] | None = None) -> tuple[Animation, VGroup]:
        """From the output back: each edge carries the blame against its arrow, each node and weight shows
        its gradient, computed once and passed on (``named``: each weight's value says whose it is)."""
        steps = self.backward_steps(gradients, color, named, strengths)
        return in_turn(*(step for step, _ in steps)), VGroup(*(t for _, tags in steps for t in tags))

    def backward_steps(self, gradients: dict[str, str], color: str, named: bool = False,
                       strengths: Mapping[str, float] | None = None) -> list[tuple[Animation, VGroup]]:
        """The backward flow a column at a time, from the output: (the pulses out of the column against the arrows
        and its gradients appearing, the column's tags). ``named`` writes each weight's gradient as
        d(output)/d(weight) = value, so stacked values say whose they are; ``strengths`` (each node's gradient as a
        number) size each pulse by the blame it carries."""
        steps, every_weight_tag = [], []
        for column in reversed(self.columns):
            column_tags = [self.tag(name, gradients[name], color) for name in column if name in gradients]
            for name, tag in zip([name for name in column if name in gradients], column_tags):
                tag.node = name
            weights = [name for name in column if name in self.weight_labels]
            weight_tags = []
            for name in weights:
                mine = [p for p in self._parents(name) if p in self.graph.parameters]
                lines = self.weight_tag(name, [self._gradient_text(p, gradients[p], named) for p in mine], color)
                for weight, line in zip(mine, lines):
                    line.weight = weight  # whose gradient it is: a scene carries it on into a table
                weight_tags.append(lines)
                every_weight_tag.append(lines)
            pulses = [self._pulse(edge, color, strengths, backward=True) for edge in self.edges if edge[1] in column]
            names = [self.circles[n][1] for n in column if n in gradients] + [self.weight_labels[n] for n in weights]
            if pulses or names:
                steps.append((AnimationGroup(*pulses, *(FadeOut(label) for label in names),
                                             *(FadeIn(t, scale=1.3) for t in column_tags + weight_tags)),
                              VGroup(*column_tags, *weight_tags)))
        self.apart(every_weight_tag)  # every column's stay on screen together
        return steps

    def _gradient_text(self, weight: str, value: str, named: bool) -> str:
        return rf"\partial {symbol_tex(self.graph.output)} / \partial {symbol_tex(weight)} = {value}" if named \
            else value

    def _pulse(self, edge: tuple[str, str], color: str, strengths: Mapping[str, float] | None,
               backward: bool) -> Animation:
        """A bright stretch running along ``edge`` (against it, ``backward``), as wide as what it carries is strong:
        the parent's value going forward, the child's gradient coming back."""
        arrow = self.edges[edge]
        path = Line(arrow.get_end(), arrow.get_start()) if backward else arrow.copy()
        width = float(PULSE_WIDTH)
        if strengths:
            carried = abs(float(strengths.get(edge[1] if backward else edge[0], 0.0)))
            largest = max((abs(float(v)) for v in strengths.values()), default=0.0)
            share = (carried / largest) ** 0.5 if largest > 0 else 0.0
            width = PULSE_RANGE[0] + (PULSE_RANGE[1] - PULSE_RANGE[0]) * share
        return ShowPassingFlash(path.set_stroke(color, width=width), time_width=PULSE_SPREAD)

    def ring(self, names: Sequence[str], color: str, lag: float = RING_LAG) -> Animation:
        """A bright stroke running once round each named node, one after another: it points at them and leaves them
        as they were (an ``Indicate`` recolours a node's fill, and two at once leave it recoloured)."""
        ring = LaggedStart(*(Deferred(ShowPassingFlash(
            self.circles[name][0].copy().set_fill(opacity=0).set_stroke(color, width=PULSE_WIDTH),
            time_width=RING_SPREAD)) for name in names), lag_ratio=lag)
        ring.gesture = True  # pointing, in place: it keeps its own pace (kit.spread)
        return ring

    def pulse(self, color: str, backward: bool = False) -> Animation:
        """One pass along every edge, a column at a time, carrying no values: the direction information flows."""
        columns = list(reversed(self.columns)) if backward else self.columns
        steps = [AnimationGroup(*(self._pulse(edge, color, None, backward) for edge in self.edges
                                  if edge[1] in column)) for column in columns]
        return in_turn(*(step for step in steps if step.animations))

    def weight_reveals(self, texts: Mapping[str, str], color: str, size: int = 30,
                       ) -> tuple[dict[str, Animation], VGroup]:
        """Each weight's text (its value) in place of the label it belongs to, one weight at a time: an animation per
        weight, to start on the word that names it (the first of a node's weights also takes its label away), and
        the tags (for ``restore``)."""
        shown: dict[str, Animation] = {}
        tags = VGroup()
        for name in self.weight_labels:
            mine = [p for p in self._parents(name) if p in self.graph.parameters and p in texts]
            if not mine:
                continue
            lines = self.weight_tag(name, [texts[p] for p in mine], color, size)
            for index, (weight, line) in enumerate(zip(mine, lines)):
                line.weight = weight
                appear = Write(line)  # written as it is said
                shown[weight] = AnimationGroup(FadeOut(self.weight_labels[name]), appear) if index == 0 else appear
            tags.add(lines)
        self.apart(tags)
        return shown, tags

    def nudge_arrows(self, old: Mapping[str, object], new: Mapping[str, object], shown: Mapping[str, str],
                     color: str, size: int = 30) -> tuple[dict[str, Animation], VGroup]:
        """Each weight's new value with an arrow beside it, up or down as it moved and as long as its nudge is large
        (the largest NUDGE_LENGTH): an animation per weight, and the tags."""
        changes = {p: float(new[p]) - float(old[p]) for p in shown}  # type: ignore[arg-type]
        largest = max((abs(c) for c in changes.values()), default=0.0)
        texts = {p: rf"{symbol_tex(p)} = {shown[p]}" for p in shown}
        reveals, tags = self.weight_reveals(texts, color, size)
        for lines in tags:
            for line in lines:
                weight = line.weight
                change = changes[weight]
                if change == 0 or largest == 0:
                    continue
                length = NUDGE_LENGTH * (NUDGE_LEAST + (1 - NUDGE_LEAST) * abs(change) / largest)
                direction = UP if change > 0 else DOWN
                start = line.get_right() + RIGHT * (TIGHT + NUDGE_LENGTH / 4) - direction * length / 2
                arrow = Arrow(start, start + direction * length, buff=0, color=color, stroke_width=4,
                              max_tip_length_to_length_ratio=0.35)
                reveals[weight] = AnimationGroup(reveals[weight], GrowArrow(arrow))
                line.arrow = arrow
        for lines in tags:  # the arrows travel with their values (restore() fades the whole tag)
            for line in list(lines):
                if hasattr(line, "arrow"):
                    lines.add(line.arrow)
        self.apart(tags)  # again, with the arrows
        return reveals, tags

    def nudges(self, old: dict[str, object], new: dict[str, object], shown: dict[str, str], color: str,
               ) -> tuple[Animation, VGroup]:
        """Each weight label becomes its new value with the direction it moved (up or down arrow)."""
        tags = VGroup()
        for name in self.weight_labels:
            parts = []
            for p in (p for p in self._parents(name) if p in self.graph.parameters):
                arrow = r"\uparrow" if new[p] > old[p] else r"\downarrow" if new[p] < old[p] else r"\cdot"
                parts.append(rf"{symbol_tex(p)} = {shown[p]}{{\scriptstyle {arrow}}}")
            tags.add(self.weight_tag(name, parts, color))
        self.apart(tags)
        labels = list(self.weight_labels.values())
        appear = [FadeIn(t, shift=UP * TAG_RISE) for t in tags]
        return AnimationGroup(*(FadeOut(label) for label in labels), *appear), tags

    def apart(self, tags: Sequence[Mobject]) -> None:
        """Weight tags shown together never touch: each, from the leftmost node's on, moves right past any tag it
        would cover (a node's stack of several values is wider than its label, and ran into its neighbour's)."""
        placed: list[Mobject] = []
        for tag in sorted(tags, key=lambda t: t.get_center()[0]):
            for other in placed:
                if _boxes_meet(tag, other, TAG_GAP):
                    tag.shift(RIGHT * (other.get_right()[0] + TAG_GAP - tag.get_left()[0]))
            placed.append(tag)

    def _parents(self, name: str) -> tuple[str, ...]:
        return () if name in self.graph.leaves else self.graph.node(name).parents

    def node(self, name: str) -> VGroup:
        return self.circles[name]

    def path_parts(self, names: Sequence[str]) -> VGroup:
        """Circles and arrows along a path given leaf-first; labels stand in for hidden weights."""
        parts = VGroup()
        for a, b in zip(names, names[1:]):
            if (a, b) in self.edges:
                parts.add(self.edges[(a, b)])
            elif b in self.weight_labels and a in self.graph.parameters:
                parts.add(self.weight_labels[b])
        for name in names:
            if name in self.circles:
                parts.add(self.circles[name][0])
        return parts

    def highlight(self, names: Sequence[str], color: str) -> VGroup:
        """A coloured outline of a path, to draw over the diagram (labels stay readable)."""
        outline = self.path_parts(names).copy()
        for part in outline:
            if isinstance(part, MathTex):
                part.set_color(color)
                continue
            part.set_stroke(color, width=PULSE_WIDTH)
            if isinstance(part, Circle):
                part.set_fill(opacity=0)
            else:
                part.set_fill(color)
        return outline


def _boxes_meet(one: Mobject, other: Mobject, gap: float) -> bool:
    """Whether two mobjects' boxes come closer than ``gap``."""
    return (one.get_left()[0] < other.get_right()[0] + gap and other.get_left()[0] < one.get_right()[0] + gap
            and one.get_bottom()[1] < other.get_top()[1] + gap and other.get_bottom()[1] < one.get_top()[1] + gap)
