"""Algorithm cards: the script's pseudocode blocks, syntax-highlighted."""

from __future__ import annotations

from manim import DOWN, LEFT, Code, Mobject, SurroundingRectangle, Text, VGroup

from .layout import EM_PER_FONT_SIZE, PX_PER_UNIT_480P
from .style import FONT
from .text import fit
from .theme import Theme

CODE_SIZE = 30
CODE_PX = CODE_SIZE * EM_PER_FONT_SIZE["text"] * PX_PER_UNIT_480P  # a card's text at full size, in 480p pixels


def algorithm_card(theme: Theme, code: str, title: str | None = None, width: float = 7.5,
                   height: float = 5.5) -> VGroup:
    """A pseudocode block on a panel; ``code`` is built by the scene from parameters."""
    block = Code(
        code_string=code.strip("\n"),
        language="python",
        formatter_style="monokai",
        add_line_numbers=False,
        background="rectangle",
        background_config={"fill_color": theme.panel, "stroke_width": 0, "buff": 0.3, "corner_radius": 0.12},
        paragraph_config={"font": "DejaVu Sans Mono", "font_size": CODE_SIZE, "line_spacing": 0.9},
    )
    block.reading = (CODE_PX, block.width, code)  # kit.layout
    parts = [block]
    if title:
        heading = Text(title, font=FONT, font_size=CODE_SIZE, color=theme.text, weight="BOLD")
        parts.insert(0, heading)
    card = VGroup(*parts).arrange(DOWN, aligned_edge=LEFT, buff=0.2)
    card.code_text = code  # what a viewer reads, for the tests
    return fit(card, width, height)


def code_lines(card: VGroup) -> VGroup:
    """The card's lines, to highlight one at a time."""
    code = next(m for m in card if isinstance(m, Code))
    return code.code_lines


def line_marker(card: VGroup, index: int, color: str) -> Mobject:
    return SurroundingRectangle(code_lines(card)[index], color=color, buff=0.06, stroke_width=2)
