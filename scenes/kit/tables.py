"""Tables built from mathcore's rows, in the lesson's one type system: words and numbers in the text face, a
header that is mathematics in LaTeX (``f'(x)``), a header that is words (``\\text{Question}``) in the text face."""

from __future__ import annotations

import re
from typing import Sequence

from manim import DOWN, UP, Create, LaggedStart, MathTex, Mobject, MobjectTable, SurroundingRectangle, Text, VGroup

from scenes.kit.fades import FadeIn

from .layout import MIN_TEXT_PX, em_pixels
from .style import CELL_SIZE, FONT, TEX_PER_TEXT_SIZE
from .text import fit
from .theme import Theme

ROW_PAD = 0.24  # around each cell, up and down
COLUMN_PAD = 0.28  # around each cell, left and right


WORDS_ONLY = re.compile(r"^\\text\{([^{}\\$]*)\}$")  # a LaTeX header that is only words: set in the text face

HEADER_DROP = 0.1  # a table's header slides down this far as it appears
ROW_RISE = 0.15  # a body row slides up this far as it appears
MARK_PAD = 0.08  # between a cell and the box that marks it
MARK_CORNER = 0.05  # that box's rounding


def cell(text: str, color: str, size: int = CELL_SIZE) -> Text:
    return Text(text, font=FONT, font_size=size, color=color)


def header_cell(theme: Theme, content: str | Mobject, size: int = CELL_SIZE) -> Mobject:
    """A header: words in the text face, mathematics in LaTeX (drawn as large as cells of ``size``), or any
    mobject."""
    if isinstance(content, Mobject):
        return content
    plain = WORDS_ONLY.match(content)
    if plain:
        return Text(plain.group(1), font=FONT, font_size=size, color=theme.text)
    return MathTex(content, font_size=size * TEX_PER_TEXT_SIZE, color=theme.text)


def value_table(
    theme: Theme,
    header: Sequence[str | Mobject],
    rows: Sequence[Sequence[str | Mobject]],
    width: float = 12.5,
    height: float = 5.2,
    size: int = CELL_SIZE,
) -> MobjectTable:

    """A table of strings (already formatted by mathcore.fmt) under a LaTeX header."""
    body = [[c if isinstance(c, Mobject) else cell(c, theme.text, size) for c in row] for row in rows]
    table = MobjectTable(
        [[header_cell(theme, h, size) for h in header], *body],
        include_outer_lines=False,
        line_config={"stroke_width": 1.2, "color": theme.grid},
        v_buff=ROW_PAD,
        h_buff=COLUMN_PAD,
    )
    fit(table, width, height)
    return table


def readable_width(mobject: Mobject) -> float:
    """The narrowest ``mobject`` can be drawn with its smallest text still readable (kit.layout's 16 px at 480p).

    Scenes that share the width between a table and a plot give the table this much when they can.
    """
    sizes = [em_pixels(part) for part in mobject.get_family() if isinstance(part, (Text, MathTex))]
    smallest = min((px for px in sizes if px > 0), default=MIN_TEXT_PX)
    return mobject.width * MIN_TEXT_PX / smallest


def table_rows(table: MobjectTable) -> list[VGroup]:
    return list(table.get_rows())


def reveal_header(table: MobjectTable):
    """Lines and header first; body rows come one by one with ``reveal_row``."""
    return LaggedStart(Create(table.get_horizontal_lines()), Create(table.get_vertical_lines()),
                       FadeIn(table.get_rows()[0], shift=DOWN * HEADER_DROP), lag_ratio=0.3)


def reveal_row(table: MobjectTable, index: int):
    """Row ``index`` (1 is the first body row)."""
    return FadeIn(table.get_rows()[index], shift=UP * ROW_RISE)


def highlight(table: MobjectTable, row: int, column: int, color: str) -> SurroundingRectangle:
    """A box around one cell (1-based, header is row 1 as in Manim)."""
    return SurroundingRectangle(table.get_entries((row, column)), color=color, buff=MARK_PAD, corner_radius=MARK_CORNER)

