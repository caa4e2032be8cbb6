"""One palette with meaning, used by every segment (the script's dark theme)."""

from __future__ import annotations

BACKGROUND = "#111318"
TEXT = "#ECEFF4"
MUTED = "#8A93A6"
PANEL = "#1C2030"
GRID = "#2E3440"

WEIGHT = "#4CAF50"  # weights and the knobs we tune (script: weight nodes)
BLAME = "#FF6B6B"  # the error gradient, blame, things going wrong
H1_PATH = "#00BFFF"  # the path through h1
H2_PATH = "#4CAF50"  # the path through h2 (the script colours it like weights)
CURVE = "#5E81AC"
DOT = "#FFD166"  # where we stand
GOOD = "#A3BE8C"  # arrived, improved
ACCENT = "#B48EAD"

FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"

TITLE_SIZE = 40
BODY_SIZE = 28
SMALL_SIZE = 22
CELL_SIZE = 22

WORDS_PER_SECOND = 2.7  # narration pace: how long a line stays before the next beat
MIN_BEAT = 1.2
