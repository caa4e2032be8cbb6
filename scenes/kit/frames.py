"""Rounded frames: around content (a box of a blame story, a card of bullets), or filling a region (a panel).

The padding and the corner are named once here, so every framed thing in the lesson looks alike.
"""

from __future__ import annotations

from manim import Mobject, RoundedRectangle, VGroup

from .layout import decorative
from .regions import Region

PAD = 0.25  # between a frame and what it holds
CORNER = 0.15


def framed(content: Mobject, stroke: str, fill: str | None = None, pad: float = PAD) -> VGroup:
    """``content`` in a rounded frame ``pad`` from it on every side, filled with ``fill`` if given: (frame, it)."""
    frame = RoundedRectangle(width=content.width + 2 * pad, height=content.height + 2 * pad, corner_radius=CORNER,
                             stroke_color=stroke, fill_color=fill or stroke, fill_opacity=1 if fill else 0)
    return VGroup(decorative(frame.move_to(content)), content)


def panel(region: Region, stroke: str, fill: str) -> RoundedRectangle:
    """A filled frame exactly the size of ``region``, on it."""
    return decorative(RoundedRectangle(width=region.width, height=region.height, corner_radius=CORNER,
                                       stroke_color=stroke, fill_color=fill, fill_opacity=1).move_to(region.center))
