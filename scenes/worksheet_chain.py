"""Worksheet answer key, phases 3 and 4: the chain rule for dE/dw2, then the longer chain for dE/dw1."""

from __future__ import annotations

from manim import DOWN, LEFT, VGroup, Write

from mathcore import worksheet_answers
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import derivative
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n
from scenes.kit.style import BODY_SIZE, GAP, MATH_LARGE, NEAR


def link(factor) -> str:
    """One link of the chain: its symbolic derivative and its value (once, when they are the same)."""
    value = n(factor.value)
    head = derivative(factor.edge.child, factor.edge.parent, "d")
    return f"{head} = {value}" if factor.edge.latex == value else f"{head} = {factor.edge.latex} = {value}"


class WorksheetChain(LessonScene):
    NARRATION = (
        ("links", "Phases three and four: the calculus. For {w}, the chain is {chain}. Each link has its own "
                  "derivative."),
        ("product", "Multiply the links: d E by d {w} is {product} = {total}."),
        ("check", "And the experiment agrees: its slope was {estimate} per unit of {w}."),
    )

    def construct(self) -> None:
        a = worksheet_answers(self.params.worksheet)
        estimates = {e.variable: e.slope_estimate for e in a.nudges}
        self.title("Worksheet, phases 3 and 4: the chain rule")
        for blame in a.blames:
            (path,) = blame.paths
            lines = VGroup(*(self.math(link(f)) for f in path.factors)).arrange(DOWN, aligned_edge=LEFT, buff=NEAR)
            chain = " ← ".join(reversed(path.nodes))
            product = " × ".join(f"({n(f.value)})" for f in path.factors)
            result = self.math(rf"{derivative('E', blame.variable, 'd')} = "
                               + r" \times ".join(f"({n(f.value)})" for f in path.factors) + rf" = {n(blame.total)}",
                               size=MATH_LARGE, color=self.theme.dot)
            check = self.words(f"experiment: {n(estimates[blame.variable])} per unit ✓", BODY_SIZE, self.theme.good)
            regions.stage().place(VGroup(lines, result, check).arrange(DOWN, buff=GAP))  # laid out once, shown in turn
            self.beat("links", FadeIn(lines, lag_ratio=0.3), w=blame.variable, chain=chain)
            self.beat("product", Write(result), w=blame.variable, product=product, total=n(blame.total))
            self.beat("check", FadeIn(check), estimate=n(estimates[blame.variable]), w=blame.variable)
            self.play(FadeOut(VGroup(lines, result, check)), run_time=0.4)
