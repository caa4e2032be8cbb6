"""The lesson's type and spacing: sizes and distances by role, the same in every theme (colours are the context's
``Theme``, places are ``kit.regions``). A scene names a role; it never types a size or a distance.

Sizes are Manim font sizes. Pango text reads as large as LaTeX at 3/4 of its font size, so each has its own
scale; the smallest of each is the readable floor at 480p (16 px, ``kit.layout``).
"""

from __future__ import annotations

FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"

# ---- Pango text (words and numbers), largest first
GIANT_SIZE = 96  # one symbol that fills the stage: "?", "Aha!"
DISPLAY_SIZE = 60  # the lesson's title
HEADLINE_SIZE = 48  # a chapter's title, the figure a beat is about
TITLE_SIZE = 40  # a slide's title
LEAD_SIZE = 34  # the sentence a beat turns on
BODY_SIZE = 28  # lists, labels, boxes
SMALL_SIZE = 22  # annotations, keys, axis names, table cells
CELL_SIZE = SMALL_SIZE
AXIS_NUMBER_SIZE = 28  # LaTeX numbers on an axis: 17.5 px at 480p

# ---- LaTeX (mathematics)
MATH_DISPLAY = 60  # the formula a beat is about
MATH_LARGE = 48
MATH_SIZE = 40
MATH_SMALL = 32  # labels, a table's formulas
TEX_PER_TEXT_SIZE = 96 / 72  # LaTeX at font_size 96 looks as large as Pango text at 72 (kit.layout)

# ---- distances, in scene units (the frame is 8 units tall)
TIGHT = 0.1  # a mark and its own label
NEAR = 0.25  # the lines of one block
GAP = 0.4  # neighbouring blocks
APART = 0.8  # blocks read one after the other
ENTER = 0.2  # how far a thing slides as it fades in
