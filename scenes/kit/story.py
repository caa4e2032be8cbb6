"""The blame story as a picture: what went wrong at the top, each cause under the one it explains, joined by an
arrow that carries its share of the blame, and beside each a bar as long as its part of the whole blame (the
running product of the shares: the chain rule's multiplication, drawn). Under them, the product as it is said,
the last link's share first.

Laid out once for the whole story, at the largest text size whose boxes fit the stage: a teacher's story may have
six links and causes of 200 characters. Text never shrinks below the style's smallest size (16 px at 480p); a
cause that still does not fit is wrapped, and at worst shortened with an ellipsis (the narration says it whole).
"""

from __future__ import annotations

import textwrap
from dataclasses import dataclass
from fractions import Fraction
from typing import Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Rectangle, Text, VGroup

from mathcore import fmt_percent
from mathcore.graph import chain_product

from .frames import PAD, framed
from .regions import Region
from .style import BODY_SIZE, GAP, LEAD_SIZE, NEAR, SMALL_SIZE, TIGHT
from .text import words
from .theme import Theme

BOX_SHARE = 0.58  # of the stage's width, the column of boxes (the rest: the bars and their shares)
FITS = ((BODY_SIZE, PAD, GAP), (SMALL_SIZE, PAD, NEAR), (SMALL_SIZE, TIGHT, NEAR))  # size, pad, gap: roomiest first
BAR_HEIGHT = 0.26  # a bar of blame (at most half a box's height)
BAR_FLOOR = 0.02  # a bar for 0%: not drawn as nothing
FACTORS_PER_LINE = 4  # of the product, before it wraps
ELLIPSIS = "…"
ARROW_STROKE = 4
ARROW_TIP = 0.5  # of a link's arrow, its tip: the arrows are short


@dataclass
class Story:
    boxes: list[VGroup]  # (frame, text), what went wrong first
    arrows: list[Arrow]  # arrows[i] from box i to box i + 1
    shares: list[Text]  # beside arrows[i]: the cause's share of the blame
    bars: list[Rectangle]  # beside box i: its part of the whole blame
    percents: list[Text]  # at the end of bars[i]
    product: VGroup  # its lines
    factors: list[VGroup]  # the glyphs of each factor, in the order said (the last link's share first)
    joiners: list[VGroup]  # the sign before each factor but the first ("×"), then before the total ("=")
    total: VGroup  # the glyphs of the product's value

    @property
    def chain(self) -> VGroup:
        return VGroup(*self.boxes, *self.arrows, *self.shares, *self.bars, *self.percents)


def carried(shares: Sequence[Fraction]) -> list[Fraction]:
    """The part of the whole blame each box carries: all of it for what went wrong, then the running product."""
    return [chain_product(shares[:i]) for i in range(len(shares) + 1)]


def product_lines(shares: Sequence[Fraction]) -> list[str]:
    """The product as said (``90% × 80% × 50% = 36%``), wrapped after every FACTORS_PER_LINE factors."""
    said = [fmt_percent(s) for s in reversed(shares)]
    lines, current = [], []
    for index, factor in enumerate(said):
        current.append(factor)
        if index + 1 < len(said):
            current.append("×")
            if (index + 1) % FACTORS_PER_LINE == 0:
                lines.append(" ".join(current))
                current = []
    current += ["=", fmt_percent(chain_product(shares))]
    return lines + [" ".join(current)]


def glyphs(text: Text, line: str, start: int, end: int) -> VGroup:
    """The glyphs of ``line[start:end]`` in ``text`` (a Text's glyphs skip whitespace)."""
    first = len("".join(line[:start].split()))
    return VGroup(*text[first:first + len("".join(line[start:end].split()))])


def wrapped(text: str, size: int, color: str, width: float, most: int | None = None, **style) -> Text:
    """``text`` on as many lines as it needs to be at most ``width`` wide (at most ``most``, the last ending in an
    ellipsis when cut); ``style``: Pango's (``weight="BOLD"``)."""
    whole = words(text, size, color, **style)
    chars = max(1, int(len(text) * width / whole.width)) if whole.width > width else len(text)
    while True:
        lines = textwrap.wrap(text, chars) or [text]
        if most is not None and len(lines) > most:
            lines = lines[:most]
            lines[-1] = lines[-1][:max(chars - 1, 1)].rstrip() + ELLIPSIS
        shown = words("\n".join(lines), size, color, **style)
        if shown.width <= width or chars == 1:
            return shown
        chars -= 1


def story_chain(theme: Theme, outcome: str, links: Sequence[tuple[str, Fraction]], region: Region) -> Story:
    """The story laid out in ``region`` (the stage), at the roomiest of FITS whose boxes fit."""
    shares = [share for _, share in links]
    parts = carried(shares)
    texts = [outcome] + [cause for cause, _ in links]
    colors = [theme.blame] + [theme.text] * len(links)
    product = VGroup(*(words(line, LEAD_SIZE, theme.dot) for line in product_lines(shares)))
    product.arrange(DOWN, aligned_edge=LEFT, buff=TIGHT)
    rows = Region(region.left, region.bottom + product.height + GAP, region.right, region.top)
    column, bars_area = rows.columns(BOX_SHARE, 1 - BOX_SHARE)
    for size, pad, gap in FITS:
        boxes = [framed(wrapped(t, size, c, column.width - 2 * pad), c, theme.panel, pad)
                 for t, c in zip(texts, colors)]
        if sum(b.height for b in boxes) + gap * (len(boxes) - 1) <= rows.height:
            break
    else:  # even the closest layout is too tall: each box keeps the lines its share of the height holds
        line = words("Ag", size, theme.text).height
        most = max(1, int(((rows.height - gap * (len(texts) - 1)) / len(texts) - 2 * pad) // line))
        boxes = [framed(wrapped(t, size, c, column.width - 2 * pad, most), c, theme.panel, pad)
                 for t, c in zip(texts, colors)]
    chain = VGroup(*boxes).arrange(DOWN, buff=gap)
    chain.move_to(column.point(UP), aligned_edge=UP)
    arrows = [Arrow(upper.get_bottom(), lower.get_top(), buff=0, color=theme.blame, stroke_width=ARROW_STROKE,
                    max_tip_length_to_length_ratio=ARROW_TIP) for upper, lower in zip(boxes, boxes[1:])]
    share_texts = [words(fmt_percent(share), size, theme.blame).next_to(arrow, RIGHT, buff=TIGHT)
                   for arrow, share in zip(arrows, shares)]
    percents = [words(fmt_percent(part), size, theme.blame) for part in parts]
    longest = max(bars_area.width - max(p.width for p in percents) - TIGHT, BAR_FLOOR)
    height = min(BAR_HEIGHT, min(b.height for b in boxes) / 2)
    bars = []
    for box, part, percent in zip(boxes, parts, percents):
        bar = Rectangle(width=max(float(part) * longest, BAR_FLOOR), height=height, stroke_width=0,
                        fill_color=theme.blame, fill_opacity=1)
        bar.move_to(np.array([bars_area.left, box.get_y(), 0.0]), aligned_edge=LEFT)
        bars.append(bar)
        percent.next_to(bar, RIGHT, buff=TIGHT)
    product.move_to(region.point(DOWN), aligned_edge=DOWN)
    factors, joiners = [], []
    for text, line in zip(product, (t.original_text for t in product)):
        at = 0
        for token in line.split(" "):
            start = line.index(token, at)
            at = start + len(token)
            piece = glyphs(text, line, start, at)
            (joiners if token in ("×", "=") else factors).append(piece)
    total = factors.pop()
    return Story(boxes, arrows, share_texts, bars, percents, product, factors, joiners, total)
