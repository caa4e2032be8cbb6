"""A network / dependency diagram drawn from a mathcore computation graph.

Nodes are laid out in columns by depth (inputs left, output right). Parameters
(weights) are not drawn as nodes but as green labels on the node that uses them,
as the script draws them.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import sympy as sp
from manim import (
    DOWN,
    LEFT,
    UP,
    Animation,
    AnimationGroup,
    Arrow,
    Circle,
    Line,
    MathTex,
    ShowPassingFlash,
    Succession,
    VGroup,
)

from mathcore import Graph

from .fades import FadeIn, FadeOut
from .style import MATH_SMALL, TIGHT
from .theme import Theme

NODE_LABEL_SIZE = 34  # a node's name in its circle (LaTeX)
LABEL_SHARE = 0.8  # of a circle's width, the most a name or value inside it may take
EDGE_CLEARANCE = 0.04  # between an arrow's ends and the circles it joins
PULSE_WIDTH = 6  # the stroke of a pulse travelling along an edge, and of a traced path


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
                self.weight_labels[name] = tag
        self.add(*self.edges.values(), *self.circles.values(), *self.weight_labels.values())

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
        lines = VGroup(*(MathTex(text, font_size=size, color=color) for text in texts))
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

    def forward_flow(self, values: dict[str, str], color: str) -> tuple[Animation, VGroup]:
        """Column by column: the incoming edges carry a pulse, then each node shows its value."""
        steps, tags = [], VGroup()
        for column in self.columns:
            column_tags = [self.tag(name, values[name], color) for name in column if name in values]
            pulses = [ShowPassingFlash(self.edges[edge].copy().set_stroke(color, width=PULSE_WIDTH), time_width=0.6)
                      for edge in self.edges if edge[1] in column]
            names = [self.circles[n][1] for n in column if n in values]
            if pulses or column_tags:
                steps.append(AnimationGroup(*pulses, *(FadeOut(label) for label in names),
                                            *(FadeIn(t, scale=1.3) for t in column_tags)))
            tags.add(*column_tags)
        return Succession(*steps), tags

    def backward_flow(self, gradients: dict[str, str], color: str) -> tuple[Animation, VGroup]:
        """From the output back: each edge carries the blame against its arrow, each node and weight shows
        its gradient, computed once and passed on."""
        steps, tags = [], VGroup()
        for column in reversed(self.columns):
            column_tags = [self.tag(name, gradients[name], color) for name in column if name in gradients]
            weights = [name for name in column if name in self.weight_labels]
            weight_tags = [self.weight_tag(name, [gradients[p] for p in self._parents(name)
                                                  if p in self.graph.parameters], color)
                           for name in weights]
            pulses = [ShowPassingFlash(Line(self.edges[edge].get_end(), self.edges[edge].get_start())
                                       .set_stroke(color, width=PULSE_WIDTH), time_width=0.6)
                      for edge in self.edges if edge[1] in column]
            names = [self.circles[n][1] for n in column if n in gradients] + [self.weight_labels[n] for n in weights]
            if pulses or names:
                steps.append(AnimationGroup(*pulses, *(FadeOut(label) for label in names),
                                            *(FadeIn(t, scale=1.3) for t in column_tags + weight_tags)))
            tags.add(*column_tags, *weight_tags)
        return Succession(*steps), tags

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
        labels = list(self.weight_labels.values())
        return AnimationGroup(*(FadeOut(label) for label in labels), *(FadeIn(t, shift=UP * 0.15) for t in tags)), tags

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

