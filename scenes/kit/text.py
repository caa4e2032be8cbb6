"""Text and formulas: Pango for words and numbers (fast), LaTeX for mathematics.

Colours are given by the caller (a scene passes its theme's); ``LessonScene.words`` and
``LessonScene.math`` default them to the theme's text colour.
"""

from __future__ import annotations

from typing import Sequence

from manim import DOWN, LEFT, MathTex, Mobject, Text, VGroup

from .style import FONT

LINE_GAP = 0.28  # between the lines of a list


def words(text: str, size: int, color: str, **kwargs) -> Text:
    return Text(text, font=FONT, font_size=size, color=color, **kwargs)


def math(*tex: str, color: str, size: int = 40, **kwargs) -> MathTex:
    return MathTex(*tex, font_size=size, color=color, **kwargs)


def bullets(lines: Sequence[str], size: int, color: str, buff: float = LINE_GAP) -> VGroup:
    group = VGroup(*(words(line, size, color) for line in lines))
    return group.arrange(DOWN, aligned_edge=LEFT, buff=buff)


def fit(mobject: Mobject, width: float, height: float | None = None) -> Mobject:
    """Shrink (never grow) to fit a box."""
    if mobject.width > width:
        mobject.scale_to_fit_width(width)
    if height is not None and mobject.height > height:
        mobject.scale_to_fit_height(height)
    return mobject


def all_text(mobjects: Sequence[Mobject]) -> list[str]:
    """Every string shown by these mobjects and their children (what a viewer reads)."""
    found = []
    for mob in mobjects:
        for part in mob.get_family():
            if isinstance(part, Text):
                found.append(part.original_text)
            elif isinstance(part, MathTex):
                found.append(part.tex_string)
            elif hasattr(part, "code_text"):
                found.append(part.code_text)
    return found
