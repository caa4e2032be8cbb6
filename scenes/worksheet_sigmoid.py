"""Worksheet answer key, the extension: a sigmoid in the chain, and why its gradient is tiny here."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, UL, Create, VGroup, Write

from mathcore import Formula, worksheet_answers
from mathcore.evaluate import exact
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n
from scenes.kit.plots import curve_axes, point_dot, tangent
from scenes.kit.style import GAP, MATH_SMALL, NEAR

PANELS = (3, 2)  # the working, and the sigmoid's plot beside it
PLOT_HEIGHT = 0.7  # of its panel's height
SLOPE_WIDTH = 1.2  # of z, on each side: the tangent drawn where h sits


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
        work, plot = regions.panels(*PANELS)
        formulas = VGroup(*(self.math(rf"{node.name} = {node.latex}", size=MATH_SMALL) for node in graph.nodes))
        chain = self.math(r"\frac{dE}{dw_1} = (y - y_{target}) \cdot " + n(exact(p.output_multiplier))
                          + r" \cdot \sigma(z)\,(1 - \sigma(z))", size=MATH_SMALL, color=self.theme.dot)
        values = VGroup(
            self.math(rf"z = {n(z)},\quad h = \sigma({n(z)}) = {n(h)}", size=MATH_SMALL),
            self.math(rf"\sigma(z)\,(1 - \sigma(z)) = {small(slope)}", size=MATH_SMALL),
        ).arrange(DOWN, aligned_edge=LEFT, buff=NEAR)
        product = self.math(r"\frac{dE}{dw_1} = " + r" \times ".join(f"({small(f.value)})" for f in path.factors)
                            + rf" = {n(float(a.sigmoid_blame.total), 4)}", size=MATH_SMALL, color=self.theme.blame)
        work.place(VGroup(formulas.arrange(DOWN, aligned_edge=LEFT, buff=NEAR), chain, values, product)
                   .arrange(DOWN, aligned_edge=LEFT, buff=GAP), UL)  # laid out once, shown in turn
        self.beat("network", FadeIn(formulas), a=n(exact(p.hidden_multiplier)))
        self.beat("chain", Write(chain))
        sigmoid = Formula.parse("sigmoid(z)", ("z",))
        span = max(abs(float(z)) + 1.5, 4)
        axes, curve = curve_axes(self.theme, lambda v: sigmoid.numeric(v) * np.ones_like(v), (-span, span),
                                 width=plot.width, height=plot.height * PLOT_HEIGHT)
        plot.place(VGroup(axes, curve))
        dot = point_dot(axes, float(z), h, self.theme.blame)
        line = tangent(axes, float(z), h, float(slope), self.theme.blame, SLOPE_WIDTH)
        self.beat("flat", Create(axes), Create(curve), FadeIn(dot), Create(line), FadeIn(values, lag_ratio=0.4),
                  z=n(z), h=n(h), slope=small(slope), where=wording.sigmoid_slope(a))
        self.beat("tiny", Write(product), grad=n(float(a.sigmoid_blame.total), 4), learning=wording.sigmoid_learning(a))
        self.play(FadeOut(VGroup(formulas, chain, values, product, axes, curve, dot, line)), run_time=0.5)
