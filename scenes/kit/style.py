"""One palette with meaning, used by every segment (the script's dark theme, or a config's [theme])."""

from __future__ import annotations

import os
from functools import cache
from pathlib import Path

from .theme import DEFAULT_THEME


@cache
def configured(path: str):
    """The validated config at ``path``, loaded once per process (the palette and the parameters both read it)."""
    from pipeline.config import load_config  # the pipeline owns config files

    return load_config(Path(path))


def configured_theme() -> dict[str, str]:
    """The colours of the config named by LESSON_CONFIG (each render runs in its own process), else the defaults."""
    path = os.environ.get("LESSON_CONFIG")
    return dict(configured(path).theme) if path else dict(DEFAULT_THEME)


THEME = configured_theme()
BACKGROUND = THEME["background"]
TEXT = THEME["text"]
MUTED = THEME["muted"]
PANEL = THEME["panel"]
GRID = THEME["grid"]

WEIGHT = THEME["weight"]  # weights and the knobs we tune (script: weight nodes)
BLAME = THEME["blame"]  # the error gradient, blame, things going wrong
H1_PATH = THEME["h1_path"]  # the path through h1
H2_PATH = THEME["h2_path"]  # the path through h2 (the script colours it like weights)
CURVE = THEME["curve"]
DOT = THEME["dot"]  # where we stand
GOOD = THEME["good"]  # arrived, improved
ACCENT = THEME["accent"]
RUNS = (DOT, H1_PATH, ACCENT, GOOD)  # one colour per descent when several are drawn, repeating after four

FONT = "DejaVu Sans"
MONO = "DejaVu Sans Mono"

TITLE_SIZE = 40
BODY_SIZE = 28
SMALL_SIZE = 22
CELL_SIZE = 22
AXIS_NUMBER_SIZE = 28  # LaTeX numbers: 17.5 px at 480p (kit.layout's readable minimum is 16)
TEX_PER_TEXT_SIZE = 96 / 72  # LaTeX at font_size 96 looks as large as Pango text at 72 (kit.layout)

WORDS_PER_SECOND = 2.7  # narration pace: how long a line stays before the next beat
MIN_BEAT = 1.2
