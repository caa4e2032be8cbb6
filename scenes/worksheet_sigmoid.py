"""Worksheet answer key, the extension: a sigmoid in the chain, and why its gradient is tiny here."""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, Create, FadeIn, FadeOut, VGroup, Write

from mathcore import Formula, worksheet_answers
from mathcore.evaluate import exact
from scenes.kit.base import LessonScene
from scenes.kit.numbers import n
from scenes.kit.plots import curve_axes, point_dot, tangent
from scenes.kit.style import BLAME, DOT
from scenes.kit.text import math


class WorksheetSigmoid(LessonScene):
    NARRATION = (
        ("network", "The extension: put a sigmoid in the hidden layer. h = sigmoid({a} x + w1)."),
        ("chain", "The chain gains one factor, the sigmoid's slope: sigma of z times one minus sigma of z."),
        ("flat", "Here z = {z}, far out on the flat part of the curve: h = {h} and the slope is only {slope}."),
        ("tiny", "So d E by d w1 is just {grad}. The sigmoid has saturated, and the weight barely learns."),
    )

    def construct(self) -> None:
        p = self.params.worksheet
        a = worksheet_answers(p)
        z = exact(p.hidden_multiplier) * a.forward["x"] + a.forward["w1"]
        (path,) = a.sigmoid_blame.paths
        slope = path.factors[-1].value
        self.title("Worksheet extension: a sigmoid")
        graph = p.graph("sigmoid")
        formulas = VGroup(*(math(rf"{node.name} = {node.latex}", size=36) for node in graph.nodes))
        formulas.arrange(DOWN, aligned_edge=LEFT, buff=0.2).to_edge(LEFT, buff=0.8).shift(DOWN * 0.3)
        self.beat("network", FadeIn(formulas), a=n(exact(p.hidden_multiplier)))
        chain = math(r"\frac{dE}{dw_1} = (y - y_{target}) \cdot " + n(exact(p.output_multiplier))
                     + r" \cdot \sigma(z)\,(1 - \sigma(z))", size=36, color=DOT).next_to(formulas, DOWN, buff=0.5)
        chain.align_to(formulas, LEFT)
        self.beat("chain", Write(chain))
        sigmoid = Formula.parse("sigmoid(z)", ("z",))
        span = max(abs(float(z)) + 1.5, 4)
        axes, curve = curve_axes(lambda v: sigmoid.numeric(v) * np.ones_like(v), (-span, span), width=5.5,
                                 height=3.2)
        VGroup(axes, curve).to_edge(RIGHT, buff=0.5).shift(DOWN * 0.2)
        h = float(a.sigmoid_forward["h"])
        dot = point_dot(axes, float(z), h, BLAME)
        line = tangent(axes, float(z), h, float(slope), 1.2, BLAME)
        self.beat("flat", Create(axes), Create(curve), FadeIn(dot), Create(line), z=n(z), h=n(h),
                  slope=n(float(slope), 6))
        self.beat("tiny", grad=n(float(a.sigmoid_blame.total), 4))
        self.play(FadeOut(VGroup(formulas, chain, axes, curve, dot, line)), run_time=0.5)
