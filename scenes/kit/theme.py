"""The lesson's colours by role: the script's dark theme, or a config's [theme].

An object handed to every scene in its context (never module constants), so one process can
draw two lessons in two themes, and a test can draw a scene in any theme it builds. Kept free
of Manim so that the config loader can validate a theme without importing it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

HEX_COLOUR = re.compile(r"#[0-9A-Fa-f]{6}")


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

    def items(self) -> tuple[tuple[str, str], ...]:
        """(role, "#RRGGBB") pairs, for the page's style and the cache key."""
        return tuple((role, getattr(self, role)) for role in self.roles())
