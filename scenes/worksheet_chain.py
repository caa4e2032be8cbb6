"""Worksheet answer key, phases 3 and 4: the chain rule for dE/dw2, then the longer chain for dE/dw1."""

from __future__ import annotations

from manim import DOWN, LEFT, UP, VGroup, Write

from mathcore import worksheet_answers
from scenes.kit.base import LessonScene
from scenes.kit.diagram import derivative
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n


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
            lines = VGroup(*(self.math(link(f), size=38) for f in path.factors)).arrange(DOWN, aligned_edge=LEFT,
                                                                                         buff=0.3)
            lines.to_edge(UP, buff=1.6).set_x(-2)
            chain = " ← ".join(reversed(path.nodes))
            self.beat("links", FadeIn(lines, lag_ratio=0.3), w=blame.variable, chain=chain)
            product = " × ".join(f"({n(f.value)})" for f in path.factors)
            result = self.math(rf"{derivative('E', blame.variable, 'd')} = " + r" \times ".join(f"({n(f.value)})"
                                                                                 for f in path.factors)
                          + rf" = {n(blame.total)}", size=42, color=self.theme.dot).next_to(lines, DOWN, buff=0.5)
            result.set_x(0)
            self.beat("product", Write(result), w=blame.variable, product=product, total=n(blame.total))
            check = self.words(f"experiment: {n(estimates[blame.variable])} per unit ✓", 28, self.theme.good)
            check.next_to(result, DOWN, buff=0.3)
            self.beat("check", FadeIn(check), estimate=n(estimates[blame.variable]), w=blame.variable)
            self.play(FadeOut(VGroup(lines, result, check)), run_time=0.4)
