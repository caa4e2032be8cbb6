"""Where things go on the frame: named regions inside the safe area, and placing content into them.

Scenes ask for a region ("the stage under the title", "the right of two panels") instead of a
hand-tuned width and shift, so longer content is shrunk to fit its region and never leaves the
frame. The regions are derived from the frame size and the layout check's safe margin, so the
check and the layout agree. The names:

* ``frame()``: the whole safe area (a slide with no title);
* ``title()``: the slide title's band at the top;
* ``stage()``: everything under the title band, where a beat's picture goes;
* ``panels(*shares)``: the stage split into side-by-side panels;
* ``footer()``: a band at the bottom of the safe area, for a key or a footnote.

A region splits further (``columns``, ``rows``, ``split_right``, ``below``, ``above``,
``right_of``, ``left_of``) and places content (``place``: shrink to fit, never grow, then align
to an edge). Distances between things are the style's named ones (``kit.style``: ``GAP``...).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import ORIGIN, Mobject, config

from .layout import SAFE_MARGIN
from .style import GAP

TITLE_BAND = 1.0  # the slide title's band at the top of the safe area
FOOTER_BAND = 0.6  # the footer's height
TITLE_GAP = 0.1  # between the title band and the stage
_UNIT = (np.array([1.0, 0.0, 0.0]), np.array([0.0, 1.0, 0.0]))  # the directions ``keep`` measures along


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

    def point(self, edge: np.ndarray = ORIGIN) -> np.ndarray:
        """The region's point at ``edge``: ``UP`` the middle of its top, ``UR`` its corner, ``ORIGIN`` its centre."""
        return self.center + np.array([edge[0] * self.width / 2, edge[1] * self.height / 2, 0.0])

    def place(self, mobject: Mobject, edge: np.ndarray = ORIGIN) -> Mobject:
        """Shrink ``mobject`` (never grow it) to fit, then align it to ``edge`` of the region (centred by default)."""
        if mobject.width > self.width:
            mobject.scale_to_fit_width(self.width)
        if mobject.height > self.height:
            mobject.scale_to_fit_height(self.height)
        mobject.move_to(self.point(edge), aligned_edge=np.array([edge[0], edge[1], 0.0]))
        return mobject

    def holds(self, mobject: Mobject) -> bool:
        """Whether ``mobject``'s box lies wholly inside this region."""
        return bool(self.left <= mobject.get_left()[0] and mobject.get_right()[0] <= self.right
                    and self.bottom <= mobject.get_bottom()[1] and mobject.get_top()[1] <= self.top)

    def keep(self, mobject: Mobject) -> Mobject:
        """Shift ``mobject`` the least distance that brings it inside the region, keeping its size: a label placed
        beside something near the region's edge slides along that edge instead of leaving the frame."""
        shift = np.zeros(3)
        for axis, low, high in ((0, self.left, self.right), (1, self.bottom, self.top)):
            least, most = mobject.get_critical_point(-_UNIT[axis])[axis], mobject.get_critical_point(_UNIT[axis])[axis]
            if least < low:
                shift[axis] = low - least
            elif most > high:
                shift[axis] = high - most
        return mobject.shift(shift)

    def columns(self, *shares: float, gap: float = GAP) -> tuple[Region, ...]:
        """Side-by-side regions, widths in proportion to ``shares``, ``gap`` apart."""
        room = self.width - gap * (len(shares) - 1)
        found, left = [], self.left
        for share in shares:
            width = room * share / sum(shares)
            found.append(Region(left, self.bottom, left + width, self.top))
            left += width + gap
        return tuple(found)

    def rows(self, *shares: float, gap: float = GAP) -> tuple[Region, ...]:
        """Stacked regions, top first, heights in proportion to ``shares``."""
        room = self.height - gap * (len(shares) - 1)
        found, top = [], self.top
        for share in shares:
            height = room * share / sum(shares)
            found.append(Region(self.left, top - height, self.right, top))
            top -= height + gap
        return tuple(found)

    def split_right(self, width: float, gap: float = GAP) -> tuple[Region, Region]:
        """What is left of a right-hand part exactly ``width`` wide (a table sized to stay readable), and the part."""
        return (Region(self.left, self.bottom, self.right - width - gap, self.top),
                Region(self.right - width, self.bottom, self.right, self.top))

    def below(self, mobject: Mobject, gap: float = GAP) -> Region:
        """The part of this region under ``mobject``."""
        return Region(self.left, self.bottom, self.right, min(self.top, mobject.get_bottom()[1] - gap))

    def above(self, mobject: Mobject, gap: float = GAP) -> Region:
        """The part of this region over ``mobject``."""
        return Region(self.left, max(self.bottom, mobject.get_top()[1] + gap), self.right, self.top)

    def right_of(self, mobject: Mobject, gap: float = GAP) -> Region:
        """The part of this region right of ``mobject``."""
        return Region(max(self.left, mobject.get_right()[0] + gap), self.bottom, self.right, self.top)

    def left_of(self, mobject: Mobject, gap: float = GAP) -> Region:
        """The part of this region left of ``mobject``."""
        return Region(self.left, self.bottom, min(self.right, mobject.get_left()[0] - gap), self.top)


def frame() -> Region:
    """The whole safe area: the frame less the layout check's margin on every side."""
    half_w, half_h = config.frame_width / 2 - SAFE_MARGIN, config.frame_height / 2 - SAFE_MARGIN
    return Region(-half_w, -half_h, half_w, half_h)


def title() -> Region:
    """The slide title's band at the top."""
    whole = frame()
    return Region(whole.left, whole.top - TITLE_BAND, whole.right, whole.top)


def stage() -> Region:
    """Everything under the title band: where a beat's picture goes."""
    whole = frame()
    return Region(whole.left, whole.bottom, whole.right, whole.top - TITLE_BAND - TITLE_GAP)


def panels(*shares: float, gap: float = GAP) -> tuple[Region, ...]:
    """The stage split into side-by-side panels (``panels(1, 1)``: left and right halves)."""
    return stage().columns(*shares, gap=gap)


def footer() -> Region:
    """A band at the bottom of the safe area, for a key or a footnote."""
    whole = frame()
    return Region(whole.left, whole.bottom, whole.right, whole.bottom + FOOTER_BAND)


def overlapping(a: Mobject, b: Mobject) -> bool:
    """Whether two mobjects' boxes on the frame overlap."""
    a_low, a_high = a.get_corner(np.array([-1, -1, 0]))[:2], a.get_corner(np.array([1, 1, 0]))[:2]
    b_low, b_high = b.get_corner(np.array([-1, -1, 0]))[:2], b.get_corner(np.array([1, 1, 0]))[:2]
    return bool(np.all(a_low < b_high) and np.all(b_low < a_high))
