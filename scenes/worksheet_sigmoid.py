"""Worksheet answer key, the extension: a sigmoid in the chain, and why its gradient is tiny here."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Create, VGroup, Write

from mathcore import Formula, worksheet_answers
from mathcore.evaluate import exact
from scenes import wording
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n
from scenes.kit.plots import curve_axes, point_dot, tangent
from scenes.kit.text import fit


def small(value: float) -> str:
    """Enough decimals for a saturated sigmoid's slope to show, four for the rest."""
    return n(float(value), 6 if abs(value) < 0.01 else 4)


class WorksheetSigmoid(LessonScene):
    NARRATION = (
        ("network", "The extension: put a sigmoid in the hidden layer. h = sigmoid({a} x + w1)."),
        ("chain", "The chain gains one factor, the sigmoid's slope: sigma of z times one minus sigma of z."),
        ("flat", "Here z = {z}, {where}: h = {h} and the slope is {slope}."),
        ("tiny", "So d E by d w1 is {grad}. {learning}"),
    )

    def construct(self) -> None:
        p = self.params.worksheet
        a = worksheet_answers(p)
        z = a.sigmoid_input
        (path,) = a.sigmoid_blame.paths
        slope = a.sigmoid_slope
        h = float(a.sigmoid_forward["h"])
        self.title("Worksheet extension: a sigmoid")
        graph = p.graph("sigmoid")
        formulas = VGroup(*(self.math(rf"{node.name} = {node.latex}", size=34) for node in graph.nodes))
        formulas.arrange(DOWN, aligned_edge=LEFT, buff=0.2).to_corner(UP + LEFT, buff=0.8).shift(DOWN * 0.6)
        self.beat("network", FadeIn(formulas), a=n(exact(p.hidden_multiplier)))
        chain = self.math(r"\frac{dE}{dw_1} = (y - y_{target}) \cdot " + n(exact(p.output_multiplier))
                     + r" \cdot \sigma(z)\,(1 - \sigma(z))", size=34, color=self.theme.dot)
        chain.next_to(formulas, DOWN, buff=0.4).align_to(formulas, LEFT)
        self.beat("chain", Write(chain))
        sigmoid = Formula.parse("sigmoid(z)", ("z",))
        span = max(abs(float(z)) + 1.5, 4)
        axes, curve = curve_axes(self.theme, lambda v: sigmoid.numeric(v) * np.ones_like(v), (-span, span), width=5.2,
                                 height=3.0)
        VGroup(axes, curve).to_edge(RIGHT, buff=0.5).shift(DOWN * 0.6)
        dot = point_dot(axes, float(z), h, self.theme.blame)
        line = tangent(axes, float(z), h, float(slope), self.theme.blame, 1.2)
        values = VGroup(
            self.math(rf"z = {n(z)},\quad h = \sigma({n(z)}) = {n(h)}", size=34),
            self.math(rf"\sigma(z)\,(1 - \sigma(z)) = {small(slope)}", size=34),
        ).arrange(DOWN, aligned_edge=LEFT, buff=0.25).next_to(chain, DOWN, buff=0.45).align_to(formulas, LEFT)
        self.beat("flat", Create(axes), Create(curve), FadeIn(dot), Create(line), FadeIn(values, lag_ratio=0.4),
                  z=n(z), h=n(h), slope=small(slope), where=wording.sigmoid_slope(a))
        product = self.math(r"\frac{dE}{dw_1} = " + r" \times ".join(f"({small(f.value)})" for f in path.factors)
                       + rf" = {n(float(a.sigmoid_blame.total), 4)}", size=34, color=self.theme.blame)
        product.next_to(values, DOWN, buff=0.4).align_to(formulas, LEFT)
        fit(product, 7.4)
        self.beat("tiny", Write(product), grad=n(float(a.sigmoid_blame.total), 4), learning=wording.sigmoid_learning(a))
        self.play(FadeOut(VGroup(formulas, chain, values, product, axes, curve, dot, line)), run_time=0.5)
