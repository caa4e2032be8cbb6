"""The lesson's colours by name: the defaults (the script's dark theme) that a config's [theme] may change.

Kept free of Manim so that the config loader can validate a theme without importing it.
"""

from __future__ import annotations

import re

DEFAULT_THEME: dict[str, str] = {
    "background": "#111318",
    "text": "#ECEFF4",
    "muted": "#8A93A6",
    "panel": "#1C2030",
    "grid": "#2E3440",
    "weight": "#4CAF50",  # weights and the knobs we tune (script: weight nodes)
    "blame": "#FF6B6B",  # the error gradient, blame, things going wrong
    "h1_path": "#00BFFF",  # the path through h1
    "h2_path": "#4CAF50",  # the path through h2 (the script colours it like weights)
    "curve": "#5E81AC",
    "dot": "#FFD166",  # where we stand
    "good": "#A3BE8C",  # arrived, improved
    "accent": "#B48EAD",
}

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
