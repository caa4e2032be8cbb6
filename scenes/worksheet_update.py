"""Worksheet answer key, phase 5: one gradient-descent step, and the new error."""

from __future__ import annotations

from manim import DOWN, VGroup, Write

from mathcore import worksheet_answers
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n
from scenes.kit.style import APART, MATH_LARGE, NEAR


class WorksheetUpdate(LessonScene):
    NARRATION = (
        ("rule", "Phase five: make it better. New weight equals old weight minus the learning rate, {eta}, "
                 "times its gradient."),
        ("new", "With the new weights, h is {h}, y is {y}, and the error is {e}."),
        ("verdict", "{verdict}"),
    )

    def construct(self) -> None:
        a = worksheet_answers(self.params.worksheet)
        eta = n(a.update.learning_rate)
        self.title("Worksheet, phase 5: the update")
        rows = VGroup(*(self.math(rf"{r.parameter[0]}_{{{r.parameter[1:]},new}} = {n(r.old)} - {eta} \times "
                                  rf"({n(r.gradient)}) = {n(r.new)}") for r in a.update.rows)).arrange(DOWN, buff=NEAR)
        better = a.after["E"] < a.forward["E"]
        after = VGroup(self.math(rf"h = {n(a.after['h'])}"), self.math(rf"y = {n(a.after['y'])}"),
                       self.math(rf"E = {n(a.after['E'])}", size=MATH_LARGE,
                                 color=self.theme.good if better else self.theme.blame)).arrange(DOWN, buff=NEAR)
        regions.stage().place(VGroup(rows, after).arrange(DOWN, buff=APART))  # laid out once, shown in turn
        self.beat("rule", Write(rows), eta=eta)
        self.beat("new", FadeIn(after, lag_ratio=0.3), h=n(a.after["h"]), y=n(a.after["y"]), e=n(a.after["E"]))
        before, now = a.forward["E"], a.after["E"]
        verdict = (f"The error fell from {n(before)} to {n(now)}: the network learned." if now < before else
                   f"The error rose from {n(before)} to {n(now)}: the learning rate is too large.")
        self.beat("verdict", verdict=verdict)
        self.play(FadeOut(VGroup(rows, after)), run_time=0.4)
