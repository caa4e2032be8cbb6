"""The cost of a forward pass, drawn.

A signed difference is an arrow on a number line: a minus and a plus of the same size, laid end to end, come back
to 0 (they cancel). A squared difference is a square with that side: its area is the penalty, so a big mistake is
a huge square. The squares' values then add up into the total, term by term. Values come formatted from mathcore.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from manim import DOWN, LEFT, RIGHT, UP, Arrow, Dot, MathTex, NumberLine, Square, VGroup

from mathcore.evaluate import Number

from .numbers import n
from .regions import Region
from .style import MATH_SIZE, MATH_SMALL, NEAR, TIGHT
from .text import math
from .theme import Theme

LINE_SHARE = 0.8  # of its region's width: the number line
LINE_REACH = 1.2  # the number line runs this many times the arrows' length either side of 0
ARROW_STROKE = 6
ARROW_APART = 2 * TIGHT  # the plus and the minus arrow, either side of the number line
SLOT_GAP = 2 * NEAR  # between the squared terms of a sum
SQUARE_FILL = 0.35  # a penalty square's fill opacity
SQUARE_STROKE = 3
SMALLEST_SIDE = 0.02  # a difference of 0 is drawn as a speck, still a square
DOT_RADIUS = 0.08


@dataclass
class Cancelling:
    """A number line, an arrow to -d and one from there back to 0, their labels, and the sum at 0."""

    line: NumberLine
    zero: MathTex
    minus: VGroup  # the arrow and its label
    plus: VGroup
    total: VGroup  # the dot at 0 and "-d + d = 0"

    @property
    def group(self) -> VGroup:
        return VGroup(self.line, self.zero, self.minus, self.plus, self.total)


def cancelling(theme: Theme, value: Number, region: Region) -> Cancelling:
    """-|value| and +|value| on a number line, end to end: they come back to 0. Placed in ``region``."""
    size = abs(value)
    reach = float(size) * LINE_REACH or 1.0
    line = NumberLine(x_range=[-reach, reach, reach], length=region.width * LINE_SHARE, include_ticks=False,
                      color=theme.muted, stroke_width=3)
    zero = math(n(size - size), color=theme.muted, size=MATH_SMALL).next_to(line.n2p(0), DOWN, buff=NEAR)
    low = Arrow(line.n2p(0), line.n2p(-float(size)), buff=0, color=theme.blame, stroke_width=ARROW_STROKE)
    low.shift(DOWN * ARROW_APART)
    back = Arrow(line.n2p(-float(size)), line.n2p(0), buff=0, color=theme.good, stroke_width=ARROW_STROKE)
    back.shift(UP * ARROW_APART)
    minus = VGroup(low, math(n(-size), color=theme.blame, size=MATH_SMALL).next_to(low, DOWN, buff=TIGHT))
    plus = VGroup(back, math("+" + n(size), color=theme.good, size=MATH_SMALL).next_to(back, UP, buff=TIGHT))
    total = VGroup(Dot(line.n2p(0), radius=DOT_RADIUS, color=theme.dot),
                   math(f"{n(-size)} + {n(size)} = {n(size - size)}", color=theme.dot, size=MATH_SIZE))
    total[1].next_to(line.n2p(0), UP + RIGHT, buff=NEAR)
    region.place(VGroup(line, zero, minus, plus, total))
    return Cancelling(line, zero, minus, plus, total)


@dataclass
class Squares:
    """One square per example, its side the difference, and under it the square written out and its value."""

    squares: VGroup
    powers: VGroup  # "13^2" under each square (or nothing when the error is not the difference squared)
    values: VGroup  # each penalty's value, under its power

    @property
    def group(self) -> VGroup:
        return VGroup(self.squares, self.powers, self.values)


def penalty_squares(theme: Theme, differences: Sequence[Number], losses: Sequence[Number], region: Region,
                    ) -> Squares:
    """Squares of side |difference|, to one scale, in a row on a common base, in ``region``; under each, the
    difference squared and the penalty (the difference squared is written only where the penalty is exactly it)."""
    labels_height = 2 * MATH_SMALL / 96 + NEAR * 2  # two lines of labels under the squares, in scene units
    largest = max((abs(float(d)) for d in differences), default=0.0) or 1.0
    unit = (region.height - labels_height) / largest
    squares, powers, values = VGroup(), VGroup(), VGroup()
    for difference, loss in zip(differences, losses):
        side = max(abs(float(difference)) * unit, SMALLEST_SIDE)
        squares.add(Square(side_length=side, color=theme.blame, fill_color=theme.blame, fill_opacity=SQUARE_FILL,
                           stroke_width=SQUARE_STROKE))
        written = n(difference) if difference >= 0 else f"({n(difference)})"
        powers.add(math(f"{written}^2" if loss == difference * difference else r"\;", color=theme.text,
                        size=MATH_SMALL))
        values.add(math(n(loss), color=theme.blame, size=MATH_SMALL))
    slots = VGroup()
    for square, power, value in zip(squares, powers, values):
        power.next_to(square, DOWN, buff=TIGHT)
        value.next_to(power, DOWN, buff=TIGHT)
        slots.add(VGroup(square, power, value))
    slots.arrange(RIGHT, buff=SLOT_GAP, aligned_edge=UP)
    for slot in slots:  # a common base: squares end on one line, as bars do
        slot.shift(UP * (slots[0][0].get_bottom()[1] - slot[0].get_bottom()[1]))
    region.place(slots)
    return Squares(squares, powers, values)


def sum_parts(losses: Sequence[Number]) -> list[str]:
    """The terms of the total, as parts of one formula: 169, +, 361, +, 4."""
    parts: list[str] = []
    for index, loss in enumerate(losses):
        if index:
            parts.append("+")
        parts.append(n(loss))
    return parts


def left_of(mobject: VGroup) -> float:
    return float(mobject.get_edge_center(LEFT)[0])
