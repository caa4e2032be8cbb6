"""The lesson's colours by role: the script's dark theme, or a config's [theme].

An object handed to every scene in its context (never module constants), so one process can
draw two lessons in two themes, and a test can draw a scene in any theme it builds. Kept free
of Manim so that the config loader can validate a theme without importing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")
MIN_CONTRAST = 4.5  # WCAG AA, for text of ordinary size
# the roles words are drawn in (labels, captions on screen, code cards' tokens), and the grounds under them
TEXT_ROLES = ("text", "muted", "weight", "blame", "h1_path", "dot", "good", "accent")
GROUNDS = ("background", "panel")


def luminance(colour: str) -> float:
    """WCAG's relative luminance of "#RRGGBB"."""
    def linear(channel: float) -> float:
        return channel / 12.92 if channel <= 0.03928 else ((channel + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)


def contrast(one: str, other: str) -> float:
    """WCAG's contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    high, low = sorted((luminance(one), luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


@dataclass(frozen=True)
class Theme:
    """Each colour has one meaning across the lesson; the defaults are the script's dark theme."""

    background: str = "#111318"
    text: str = "#ECEFF4"
    muted: str = "#8A93A6"
    panel: str = "#1C2030"
    grid: str = "#2E3440"
    weight: str = "#4CAF50"  # weights and the knobs we tune (script: weight nodes)
    blame: str = "#FF6B6B"  # the error gradient, blame, things going wrong
    h1_path: str = "#00BFFF"  # a traced path of blame (the script's path through h1)
    curve: str = "#5E81AC"
    surface: str = "#4C6A92"  # a 3D surface's other squares (with curve's): its checkerboard
    dot: str = "#FFD166"  # where we stand
    good: str = "#A3BE8C"  # arrived, improved
    accent: str = "#B48EAD"

    @property
    def runs(self) -> tuple[str, ...]:
        """One colour per descent when several are drawn, repeating after four."""
        return (self.dot, self.h1_path, self.accent, self.good)

    @classmethod
    def roles(cls) -> tuple[str, ...]:
        """The colour names a config's [theme] may set, in this order."""
        return tuple(f.name for f in fields(cls))

    def poor_contrast(self) -> tuple[str, str, float] | None:
        """The first colour that words are drawn in whose contrast with a ground they are drawn on (the background,
        a panel) is below WCAG AA's 4.5:1, as (role, ground, ratio); None when every pair reads."""
        for role in TEXT_ROLES:
            for ground in GROUNDS:
                ratio = contrast(getattr(self, role), getattr(self, ground))
                if ratio < MIN_CONTRAST:
                    return role, ground, ratio
        return None

    def items(self) -> tuple[tuple[str, str], ...]:
        """(role, "#RRGGBB") pairs, for the page's style and the cache key."""
        return tuple((role, getattr(self, role)) for role in self.roles())
