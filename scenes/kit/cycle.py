"""A cycle of steps: cards placed clockwise round an ellipse from the top, arrows from each card to the next (the last
back to the first), every arrow running clockwise like the order the steps are read in and none crossing a card;
and the largest clear box in the middle, for the picture that does each step.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import UP, Arrow, Mobject, VGroup

from .regions import Region
from .style import GAP, TIGHT

ARROW_STROKE = 4
ARROW_TIP = 0.25  # of an arrow's length, its tip
CLEAR = GAP  # between the middle box and any card or arrow
SHRINK = np.linspace(1.0, 0.3, 15)  # the middle box's trial sizes, of the largest
SAMPLES = 60  # points checked along an arrow


def cycle_cards(cards: Sequence[Mobject], region: Region) -> VGroup:
    """``cards`` clockwise from the top, on the largest ellipse that keeps every card inside ``region``."""
    across = region.width / 2 - max(card.width for card in cards) / 2
    down = region.height / 2 - max(card.height for card in cards) / 2
    for index, card in enumerate(cards):
        angle = np.pi / 2 - index * 2 * np.pi / len(cards)
        card.move_to(region.center + np.array([across * np.cos(angle), down * np.sin(angle), 0.0]))
    return VGroup(*cards)


def _box(mobject: Mobject, pad: float) -> tuple[float, float, float, float]:
    left, bottom = mobject.get_corner(np.array([-1, -1, 0]))[:2]
    right, top = mobject.get_corner(np.array([1, 1, 0]))[:2]
    return left - pad, bottom - pad, right + pad, top + pad


def _inside(point: np.ndarray, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _edge_point(start: np.ndarray, end: np.ndarray, box: tuple[float, float, float, float]) -> np.ndarray:
    """Where the segment from ``start`` (inside ``box``) to ``end`` leaves the box (bisection)."""
    low, high = 0.0, 1.0
    for _ in range(40):
        middle = (low + high) / 2
        if _inside(start + (end - start) * middle, box):
            low = middle
        else:
            high = middle
    return start + (end - start) * high


def cycle_arrows(cards: VGroup, color: str) -> VGroup:
    """An arrow from each card to the next, clockwise, the last back to the first: each from where the line between
    the two cards' centres leaves the first card to where it enters the next (so no arrow crosses a card)."""
    arrows = VGroup()
    for card, following in zip(cards, [*cards[1:], cards[0]]):
        a, b = card.get_center(), following.get_center()
        start = _edge_point(a, b, _box(card, TIGHT))
        end = _edge_point(b, a, _box(following, TIGHT))
        arrows.add(Arrow(start, end, buff=0, color=color, stroke_width=ARROW_STROKE,
                         max_tip_length_to_length_ratio=ARROW_TIP))
    return arrows


def middle(cards: VGroup, arrows: VGroup, region: Region, share: tuple[float, float]) -> Region:
    """The largest box (``share`` of the region's width and height at most) clear of every card and arrow, as near
    the region's centre as it can be."""
    blocked = [_box(card, CLEAR) for card in cards]
    points = [arrow.get_start() + (arrow.get_end() - arrow.get_start()) * t
              for arrow in arrows for t in np.linspace(0, 1, SAMPLES)]
    for size in SHRINK:
        width, height = region.width * share[0] * size, region.height * share[1] * size
        for dy in np.linspace(0, region.height / 4, 6):
            for sign in (1, -1):
                centre = region.center + UP * dy * sign
                box = (centre[0] - width / 2, centre[1] - height / 2, centre[0] + width / 2, centre[1] + height / 2)
                if any(not (box[2] < b[0] or b[2] < box[0] or box[3] < b[1] or b[3] < box[1]) for b in blocked):
                    continue
                if any(_inside(p, (box[0] - CLEAR, box[1] - CLEAR, box[2] + CLEAR, box[3] + CLEAR)) for p in points):
                    continue
                return Region(*box)
    return Region(region.center[0], region.center[1], region.center[0], region.center[1])
