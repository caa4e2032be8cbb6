"""The network's error, drawn: a minus and a plus cancel on a number line, each squared difference is a square as
large as its penalty, and the total grows term by term as each term is said.

Mixed into ``network.Network`` (its attributes are the scene's own: the forward table, its difference
column, the worst row). One sign convention: the differences are the table's column, y_pred - y_true, in the
squares and in the sum alike.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Create,
    GrowArrow,
    GrowFromCenter,
    GrowFromEdge,
    Indicate,
    LaggedStart,
    MoveToTarget,
    SurroundingRectangle,
    Transform,
    TransformFromCopy,
    VGroup,
    Write,
)

from scenes.kit import regions
from scenes.kit.costs import cancelling, penalty_squares, sum_parts
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n
from scenes.kit.style import MATH_LARGE, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.turns import Deferred, on_screen

RECEDED = 0.7  # the forward table's size while the squared errors are worked out under it
TERM_TIME = 0.7  # seconds for each term to travel into the total (shared out when there are many)
SUM_TIME = 3.0
GOAL_LENGTH = 0.8  # the arrow from the total down towards zero


class NetworkError:
    """The error beats of ``Network`` (a mixin: the scene's attributes are its own)."""

    # ---- the error: cancelling, squares, the total ------------------------------------------------------------
    def cancelling(self) -> None:
        top, self.under = regions.stage().rows(1, 1)
        self.forward_table.generate_target()
        top.place(self.forward_table.target.scale(RECEDED), UP)
        self.quick(*(FadeOut(m) for m in on_screen(self.mobjects, self.diagram)), FadeOut(self.worst_tags),
                   FadeOut(self.weight_tags),
                   FadeOut(self.worst_box), MoveToTarget(self.forward_table), run_time=0.6)
        worst = self.table_data.rows[self.worst].difference
        pair_ = cancelling(self.theme, worst, self.under)
        self.beat("cancel", Indicate(self.difference_column, color=self.theme.dot), Create(pair_.line),
                  FadeIn(pair_.zero), at={
                      "minus": AnimationGroup(Create(pair_.minus[0]), FadeIn(pair_.minus[1])),
                      "plus": AnimationGroup(Create(pair_.plus[0]), FadeIn(pair_.plus[1])),
                      "perfect": AnimationGroup(GrowFromCenter(pair_.total[0]), Write(pair_.total[1]))})
        self.cancel = pair_

    def squared_error(self) -> None:
        rows = self.table_data.rows
        small = min(rows, key=lambda r: abs(r.difference))
        big = max(rows, key=lambda r: abs(r.difference))
        area, total_band = self.under.rows(3, 1, gap=TIGHT)
        drawn = penalty_squares(self.theme, [r.difference for r in rows], [r.loss for r in rows], area)
        grow = [AnimationGroup(GrowFromEdge(square, DOWN), TransformFromCopy(cell, power))
                for square, power, cell in zip(drawn.squares, drawn.powers, self.difference_column)]
        at_small, at_big = rows.index(small), rows.index(big)
        self.quick(FadeOut(self.cancel.group), run_time=0.4)
        self.beat("square", at={
            "square": LaggedStart(*(Deferred(g) for g in grow), lag_ratio=0.3, run_time=2.0),
            "positive": LaggedStart(*(FadeIn(v, shift=DOWN * TIGHT) for v in drawn.values), lag_ratio=0.3),
            "small": Indicate(VGroup(drawn.squares[at_small], drawn.values[at_small]), color=self.theme.dot),
            "big": Indicate(VGroup(drawn.squares[at_big], drawn.values[at_big]), color=self.theme.dot)},
            small=n(abs(small.difference)), small_sq=n(small.loss), big=n(abs(big.difference)), big_sq=n(big.loss))
        total = self.table_data.total_loss
        caption = self.words("total squared error", SMALL_SIZE, self.theme.muted)
        equation = self.math(*sum_parts([r.loss for r in rows]), "=", size=MATH_LARGE, color=self.theme.blame)
        running = [self.math(n(value), size=MATH_LARGE, color=self.theme.blame)
                   for value in self.table_data.running_totals]
        counter = running[0].copy()  # the live sum: it becomes each running total in turn, the total last
        slot = running[-1].copy()  # as wide as the total
        goal = Arrow(UP * GOAL_LENGTH, ORIGIN, color=self.theme.good, buff=0)
        zero = self.words("zero", SMALL_SIZE, self.theme.good)
        line = VGroup(caption, equation, slot, VGroup(goal, zero).arrange(RIGHT, buff=TIGHT)).arrange(RIGHT, buff=NEAR)
        total_band.place(line)
        for value in (counter, *running):
            value.scale_to_fit_height(value.height * slot.height / running[-1].height).move_to(slot, LEFT)
        step = min(TERM_TIME, SUM_TIME / len(rows))
        adds = []  # each term travels into the sum as it is said
        for index in range(len(rows)):
            moves = [TransformFromCopy(drawn.values[index], equation[2 * index])]
            if index:
                moves += [FadeIn(equation[2 * index - 1]), Transform(counter, running[index])]  # the plus before it
            else:
                moves += [FadeIn(equation[-1]), FadeIn(counter)]
            adds.append(AnimationGroup(*moves, run_time=step))
        terms = {f"t{index}": add for index, add in enumerate(adds) if index}
        enemy = SurroundingRectangle(running[-1], color=self.theme.blame, buff=TIGHT)  # "our enemy": the total
        self.beat("total", FadeIn(caption), run_time=step, at={
            "sum": adds[0], **terms, "total": Indicate(counter, color=self.theme.dot),
            "enemy": Create(enemy),
            "zero": AnimationGroup(GrowArrow(goal), FadeIn(zero))},
            sum=" + ".join((bookmark(f"t{index}") if index else "") + n(r.loss) for index, r in enumerate(rows)),
            total=n(total))
        self.remove(*on_screen(self.mobjects, equation), counter)  # built term by term, now held as the sum it
        counter = running[-1]  # reads and the total the counter came to (the same picture)
        self.add(equation, counter)
        self.quick(*(FadeOut(m) for m in (self.forward_table, drawn.group, caption, equation, counter, goal, zero,
                                          enemy)), run_time=0.5)
