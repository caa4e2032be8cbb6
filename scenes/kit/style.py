"""The lesson's type: fonts and sizes by role, the same in every theme (colours are the context's ``Theme``)."""

from __future__ import annotations

FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"

TITLE_SIZE = 40
BODY_SIZE = 28
SMALL_SIZE = 22
CELL_SIZE = 22
AXIS_NUMBER_SIZE = 28  # LaTeX numbers: 17.5 px at 480p (kit.layout's readable minimum is 16)
TEX_PER_TEXT_SIZE = 96 / 72  # LaTeX at font_size 96 looks as large as Pango text at 72 (kit.layout)
