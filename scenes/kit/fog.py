"""Fog over a plot, with a lit patch that follows where you stand: what lies away from your feet is hidden.

The fog is a row of thin columns over the plot's box; each column's opacity follows its distance from a
dot (an updater), so the lit patch moves with the walker on every frame. How wide the patch is comes from a
ValueTracker: animate it to light the ground under your feet, to lift the fog, or to bring it back.
"""

from __future__ import annotations

import numpy as np
from manim import DL, RIGHT, Animation, Axes, Mobject, Rectangle, ValueTracker, VGroup

from .tracked import Through

FOG_COLUMNS = 48  # narrow enough that the patch's edge looks soft
FOG_OVERLAP = 1.02  # each column a little wider than its share: no seams between them
FOG_OPACITY = 0.85
SOFT_EDGE = 0.5  # scene units over which the fog thickens at the patch's edge


class Fog(VGroup):
    """Columns of fog over ``axes``' box; ``clear`` (scene units) is the half width of the patch lit around
    ``around`` (0: all fog; the plot's width: no fog)."""

    def __init__(self, axes: Axes, around: Mobject, color: str, clear: float = 0.0) -> None:
        (x_min, x_max), (y_min, y_max) = axes.x_range[:2], axes.y_range[:2]
        low, high = axes.c2p(x_min, y_min), axes.c2p(x_max, y_max)
        width = (high[0] - low[0]) / FOG_COLUMNS
        super().__init__(*(
            Rectangle(width=width * FOG_OVERLAP, height=high[1] - low[1], fill_color=color,
                      fill_opacity=FOG_OPACITY, stroke_width=0).move_to(low + RIGHT * width * i, aligned_edge=DL)
            for i in range(FOG_COLUMNS)))
        self.set_z_index(2)
        self.around = around
        self.clear = ValueTracker(clear)
        self.full = high[0] - low[0]  # a patch this wide lifts all the fog
        self.add_updater(lambda fog: fog.thin())
        self.thin()

    def thin(self) -> None:
        """Each column as thick as its distance from the patch's centre says."""
        centre, clear = self.around.get_center()[0], self.clear.get_value()
        for column in self.submobjects:
            distance = abs(column.get_center()[0] - centre) - clear
            column.set_fill(opacity=FOG_OPACITY * float(np.clip(distance / SOFT_EDGE, 0, 1)))

    def light(self, half_width: float, run_time: float = 1.0) -> Animation:
        """The patch grows (or shrinks) to ``half_width`` around the dot."""
        return Through(self.clear, [half_width], [run_time])

    def lift(self, run_time: float = 1.0) -> Animation:
        """No fog left anywhere."""
        return self.light(self.full + SOFT_EDGE, run_time)

    def glimpse(self, run_time: float, hold: float, half_width: float) -> Animation:
        """The fog lifts (the whole landscape seen), stays lifted for ``hold`` seconds, and comes back to a patch of
        ``half_width`` around the dot: one animation, so each part starts where the one before it ended."""
        lifted = self.full + SOFT_EDGE
        return Through(self.clear, [lifted, lifted, half_width], [run_time, hold, run_time])
