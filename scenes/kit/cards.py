"""Algorithm cards: the script's pseudocode blocks, syntax-highlighted."""

from __future__ import annotations

from manim import DOWN, LEFT, Code, Mobject, SurroundingRectangle, Text, VGroup

from .frames import CORNER, PAD
from .layout import EM_PER_FONT_SIZE, PX_PER_UNIT_480P
from .style import FONT, NEAR
from .theme import Theme

CODE_SIZE = 30
MARKER_PAD = 0.06  # between a code line and the box that marks it
CODE_PX = CODE_SIZE * EM_PER_FONT_SIZE["text"] * PX_PER_UNIT_480P  # a card's text at full size, in 480p pixels


def algorithm_card(theme: Theme, code: str, title: str | None = None) -> VGroup:
    """A pseudocode block on a panel, at its full size (a region places it, shrinking it to fit); ``code`` is
    built by the scene from parameters."""
    block = Code(
        code_string=code.strip("\n"),
        language="python",
        formatter_style=code_style(theme),
        add_line_numbers=False,
        background="rectangle",
        background_config={"fill_color": theme.panel, "stroke_width": 0, "buff": PAD, "corner_radius": CORNER},
        paragraph_config={"font": "DejaVu Sans Mono", "font_size": CODE_SIZE, "line_spacing": 0.9},
    )
    block.reading = (CODE_PX, block.width, code)  # kit.layout
    parts = [block]
    if title:
        heading = Text(title, font=FONT, font_size=CODE_SIZE, color=theme.text, weight="BOLD")
        parts.insert(0, heading)
    card = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=NEAR)
    card.code_text = code  # what a viewer reads, for the tests
    return card


def code_style(theme: Theme) -> type:
    """The card's syntax colours, from the theme's roles (names in its text colour, keywords in accent, numbers in
    dot, strings in good, comments in muted), so a card reads on the theme's panel as the lesson's words do (the
    config checks those pairs' contrast; a fixed palette made a light theme's cards unreadable)."""
    from pygments.style import Style
    from pygments.token import Comment, Keyword, Name, Number, String, Token

    styles = {Token: theme.text, Comment: f"italic {theme.muted}", Keyword: f"bold {theme.accent}",
              Name.Builtin: theme.h1_path, Number: theme.dot, String: theme.good}
    return type("ThemeCode", (Style,), {"background_color": theme.panel, "styles": styles})


def code_lines(card: VGroup) -> VGroup:
    """The card's lines, to highlight one at a time."""
    code = next(m for m in card if isinstance(m, Code))
    return code.code_lines


def line_marker(card: VGroup, index: int, color: str) -> Mobject:
    return SurroundingRectangle(code_lines(card)[index], color=color, buff=MARKER_PAD, stroke_width=2)
