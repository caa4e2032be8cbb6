"""The card that opens each chapter: its title, and a track of the video's chapters showing where this one stands.

The track is a row of dots, one per chapter of the video the segment plays in (the lesson or the
answer key): the chapters before this one filled, those after it hollow, and a ring that moves
from the last chapter to this one while its title is said. It tells a viewer how far along the
story they are, which a title alone does not.
"""

from __future__ import annotations

from manim import DOWN, RIGHT, Animation, AnimationGroup, Circle, Dot, Line, Succession, Text, VGroup

from .context import RenderContext
from .fades import FadeIn
from .layout import decorative
from .regions import frame
from .style import APART, ENTER, FONT, GAP, HEADLINE_SIZE, NEAR

RULE_WIDTH = 4.0  # the accent rule under a chapter card's title
TRACK_DOT = 0.09  # a chapter's dot on the track
RING = 0.17  # the ring marking the chapter being opened
RING_STROKE = 3


def chapter_card(context: RenderContext) -> tuple[VGroup, Animation] | None:
    """The card of the context's chapter and the animation that opens it (None for a segment with no card)."""
    chapter, theme = context.chapter, context.theme
    if chapter is None or not chapter.card:
        return None
    heading = Text(chapter.title, font=FONT, font_size=HEADLINE_SIZE, color=theme.text, weight="BOLD")
    rule = decorative(Line(color=theme.accent, stroke_width=3).set_width(RULE_WIDTH))
    card = VGroup(heading, rule).arrange(DOWN, buff=NEAR)
    shown = [c.key for c in context.chapters if c.card]
    if chapter.key not in shown or len(shown) < 2:
        frame().place(card)
        return card, FadeIn(card, shift=DOWN * -ENTER)
    here = shown.index(chapter.key)
    dots = VGroup(*(Dot(radius=TRACK_DOT, color=theme.accent if i < here else theme.muted,
                        fill_opacity=1 if i < here else 0, stroke_width=2, stroke_color=theme.muted)
                    for i in range(len(shown)))).arrange(RIGHT, buff=GAP)
    ring = Circle(radius=RING, color=theme.dot, stroke_width=RING_STROKE)
    card.add(VGroup(dots, ring)).arrange(DOWN, buff=APART)
    frame().place(card)
    ring.move_to(dots[max(here - 1, 0)])
    arrive = AnimationGroup(ring.animate.move_to(dots[here]),
                            dots[here].animate.set_fill(theme.dot, opacity=1).set_stroke(theme.dot))
    return card, Succession(FadeIn(card, shift=DOWN * -ENTER), arrive)
