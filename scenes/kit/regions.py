"""Where things go on the frame: named regions inside the safe area, and placing content into them.

Scenes ask for a region ("the left panel under the title") instead of a hand-tuned width and
shift, so longer content is shrunk to fit its region and never leaves the frame. The regions are
derived from the frame size and the layout check's safe margin, so the check and the layout agree.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import ORIGIN, Mobject, config

from .layout import SAFE_MARGIN

TITLE_BAND = 1.0  # the slide title's band at the top of the safe area
GAP = 0.4  # between neighbouring regions


@dataclass(frozen=True)
class Region:
    """A box on the frame (scene units), into which content is fitted and aligned."""

    left: float
    bottom: float
    right: float
    top: float

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.top - self.bottom

    @property
    def center(self) -> np.ndarray:
        return np.array([(self.left + self.right) / 2, (self.bottom + self.top) / 2, 0.0])

    def place(self, mobject: Mobject, edge: np.ndarray = ORIGIN) -> Mobject:
        """Shrink ``mobject`` (never grow it) to fit, then align it to ``edge`` of the region (centred by default)."""
        if mobject.width > self.width:
            mobject.scale_to_fit_width(self.width)
        if mobject.height > self.height:
            mobject.scale_to_fit_height(self.height)
        target = self.center + np.array([edge[0] * self.width / 2, edge[1] * self.height / 2, 0.0])
        mobject.move_to(target, aligned_edge=np.array([edge[0], edge[1], 0.0]))
        return mobject

    def columns(self, *shares: float, gap: float = GAP) -> tuple[Region, ...]:
        """Side-by-side regions, widths in proportion to ``shares``, ``gap`` apart."""
        room = self.width - gap * (len(shares) - 1)
        found, left = [], self.left
        for share in shares:
            width = room * share / sum(shares)
            found.append(Region(left, self.bottom, left + width, self.top))
            left += width + gap
        return tuple(found)

    def split_right(self, width: float, gap: float = GAP) -> tuple[Region, Region]:
        """What is left of a right-hand part exactly ``width`` wide (a table sized to stay readable), and the part."""
        return (Region(self.left, self.bottom, self.right - width - gap, self.top),
                Region(self.right - width, self.bottom, self.right, self.top))

    def rows(self, *shares: float, gap: float = GAP) -> tuple[Region, ...]:
        """Stacked regions, top first, heights in proportion to ``shares``."""
        room = self.height - gap * (len(shares) - 1)
        found, top = [], self.top
        for share in shares:
            height = room * share / sum(shares)
            found.append(Region(self.left, top - height, self.right, top))
            top -= height + gap
        return tuple(found)

    def below(self, mobject: Mobject, gap: float = GAP) -> Region:
        """The part of this region under ``mobject`` (which sits at its top)."""
        return Region(self.left, self.bottom, self.right, min(self.top, mobject.get_bottom()[1] - gap))

    def right_of(self, mobject: Mobject, gap: float = GAP) -> Region:
        """The part of this region right of ``mobject``."""
        return Region(max(self.left, mobject.get_right()[0] + gap), self.bottom, self.right, self.top)


def frame() -> Region:
    """The whole safe area: the frame less the layout check's margin on every side."""
    half_w, half_h = config.frame_width / 2 - SAFE_MARGIN, config.frame_height / 2 - SAFE_MARGIN
    return Region(-half_w, -half_h, half_w, half_h)


def title() -> Region:
    """The slide title's band at the top."""
    whole = frame()
    return Region(whole.left, whole.top - TITLE_BAND, whole.right, whole.top)


def body() -> Region:
    """Everything under the title band: where a slide's content goes."""
    whole = frame()
    return Region(whole.left, whole.bottom, whole.right, whole.top - TITLE_BAND - 0.1)


def panels(*shares: float, gap: float = GAP) -> tuple[Region, ...]:
    """The body split into side-by-side panels (``panels(1, 1)``: left and right halves)."""
    return body().columns(*shares, gap=gap)


def footer(height: float = 0.5) -> Region:
    """A band at the bottom of the safe area, for a footnote or a key."""
    whole = frame()
    return Region(whole.left, whole.bottom, whole.right, whole.bottom + height)
