"""Worksheet answer key, phase 1: the forward pass of h = a x + w1, y = b h + w2."""

from __future__ import annotations

from manim import DOWN, LEFT, UP, Create, VGroup, Write

from mathcore import worksheet_answers
from mathcore.evaluate import exact
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n, plus
from scenes.kit.style import MATH_SMALL, NEAR

DIAGRAM_AND_WORK = (1, 2)  # heights: the diagram, and the working under it
DIAGRAM_SHARE = 0.6  # of the stage's width
NEURON_RADIUS = 0.42


class WorksheetForward(LessonScene):
    NARRATION = (
        ("network", "The worksheet's network is a single chain: h equals {a} x plus w1, y equals {b} h plus w2, "
                    "and the error is half the squared miss."),
        ("given", "We are given x = {x}, w1 = {w1}, w2 = {w2}, and a target of {t}."),
        ("h", "Step one: h = {a} times {x}, plus {w1}, which is {h}."),
        ("y", "Step two: y = {b} times {h}, plus {w2}, which is {y}."),
        ("e", "Step three: the error is one half of ({y} minus {t}) squared: {e}."),
        ("verdict", "{verdict}"),
    )

    def construct(self) -> None:
        p = self.params.worksheet
        a = worksheet_answers(p)
        f = a.forward
        facts = {"a": n(exact(p.hidden_multiplier)), "b": n(exact(p.output_multiplier)), "x": n(f["x"]),
                 "w1": n(f["w1"]), "w2": n(f["w2"]), "t": n(f["y_target"]), "h": n(f["h"]), "y": n(f["y"]),
                 "e": n(f["E"])}
        self.title("Worksheet, phase 1: the forward pass")
        graph = p.graph()
        given = self.math(rf"x = {facts['x']},\ w_1 = {facts['w1']},\ w_2 = {facts['w2']},\ "
                          rf"y_{{target}} = {facts['t']}", size=MATH_SMALL, color=self.theme.dot)
        regions.stage().place(given, UP)
        top, bottom = regions.stage().below(given).rows(*DIAGRAM_AND_WORK)
        diagram = top.place(NetworkDiagram(self.theme, graph, hide=("y_target",), width=top.width * DIAGRAM_SHARE,
                                           height=top.height, radius=NEURON_RADIUS))
        formulas = VGroup(*(self.math(rf"{node.name} = {node.latex}", size=MATH_SMALL) for node in graph.nodes))
        bottom.place(formulas.arrange(DOWN, aligned_edge=LEFT, buff=NEAR), UP)
        self.beat("network", Create(diagram), FadeIn(formulas), **facts)
        self.beat("given", FadeIn(given), **facts)
        self.play(FadeOut(formulas), run_time=0.4)
        steps = VGroup(
            self.math(rf"h = {facts['a']}({facts['x']}) {plus(f['w1'])} = {facts['h']}"),
            self.math(rf"y = {facts['b']}({facts['h']}) {plus(f['w2'])} = {facts['y']}"),
            self.math(rf"E = \tfrac12({facts['y']} - {facts['t']})^2 = {facts['e']}", color=self.theme.blame),
        ).arrange(DOWN, aligned_edge=LEFT, buff=NEAR)
        bottom.place(steps, UP)
        for key, line in zip(("h", "y", "e"), steps):
            self.beat(key, Write(line), **facts)
        verdict = ("The error is zero: the network is already right." if f["E"] == 0 else
                   f"Is it doing well? No: it predicts {facts['y']} instead of {facts['t']}.")
        self.beat("verdict", verdict=verdict)
        self.play(FadeOut(VGroup(diagram, given, steps)), run_time=0.5)
