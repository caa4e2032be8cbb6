"""A network / dependency diagram drawn from a mathcore computation graph.

Nodes are laid out in columns by depth (inputs left, output right). Parameters
(weights) are not drawn as nodes but as green labels on the node that uses them,
as the script draws them.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
import sympy as sp
from manim import DOWN, UP, Arrow, Circle, MathTex, VGroup

from mathcore import Graph

from .style import PANEL, TEXT, WEIGHT


def symbol_tex(name: str) -> str:
    return sp.latex(sp.Symbol(name))


def derivative(top: str, bottom: str, d: str = r"\partial ") -> str:
    """The LaTeX of d top / d bottom for two graph nodes (``d="d"`` for a one-variable derivative)."""
    return rf"\frac{{{d}{symbol_tex(top)}}}{{{d}{symbol_tex(bottom)}}}"


class NetworkDiagram(VGroup):
    def __init__(
        self,
        graph: Graph,
        hide: Sequence[str] = (),
        as_labels: Sequence[str] | None = None,
        width: float = 7.0,
        height: float = 4.0,
        radius: float = 0.42,
    ):
        super().__init__()
        self.graph = graph
        labels = tuple(graph.parameters if as_labels is None else as_labels)
        drawn = [n for n in graph.names if n not in hide and n not in labels]
        depth: dict[str, int] = {}
        for name in drawn:
            parents = [p for p in self._parents(name) if p in drawn]
            depth[name] = 1 + max((depth[p] for p in parents), default=-1)
        columns = max(depth.values()) + 1
        self.circles: dict[str, VGroup] = {}
        for column in range(columns):
            members = [n for n in drawn if depth[n] == column]
            edges = np.linspace(height / 2, -height / 2, len(members) + 1)
            ys = (edges[:-1] + edges[1:]) / 2  # the middle of equal bands
            x = -width / 2 + width * column / max(columns - 1, 1)
            for name, y in zip(members, ys):
                circle = Circle(radius=radius, color=TEXT, fill_color=PANEL, fill_opacity=1, stroke_width=3)
                label = MathTex(symbol_tex(name), font_size=30, color=TEXT)
                if label.width > radius * 1.6:
                    label.scale_to_fit_width(radius * 1.6)
                node = VGroup(circle, label).move_to([x, float(y), 0])
                self.circles[name] = node
        self.edges: dict[tuple[str, str], Arrow] = {}
        for name in drawn:
            for parent in self._parents(name):
                if parent in self.circles:
                    arrow = Arrow(self.circles[parent].get_center(), self.circles[name].get_center(),
                                  buff=radius + 0.04, stroke_width=3, color=TEXT,
                                  max_tip_length_to_length_ratio=0.12)
                    self.edges[(parent, name)] = arrow
        self.weight_labels: dict[str, MathTex] = {}
        for name in drawn:
            if name in graph.leaves:
                continue
            mine = [p for p in graph.node(name).parents if p in labels]
            if mine:
                tag = MathTex(",".join(symbol_tex(p) for p in mine), font_size=26, color=WEIGHT)
                tag.next_to(self.circles[name], UP if self.circles[name].get_y() >= 0 else DOWN, buff=0.12)
                self.weight_labels[name] = tag
        self.add(*self.edges.values(), *self.circles.values(), *self.weight_labels.values())

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
            part.set_stroke(color, width=6)
            if isinstance(part, Circle):
                part.set_fill(opacity=0)
            else:
                part.set_fill(color)
        return outline

