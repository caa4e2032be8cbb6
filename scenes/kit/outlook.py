"""Where repeated updates take a prediction: a small plot of the prediction after each update, with the target.

The crime scene's verdict is a picture: the prediction before the update and after it as two points, the target as
a dashed line, and how far off each is as a segment from the point to the line, its length written beside it; the
repeated updates then draw in as more points, the miss shrinking (or the points running off: the values are
mathcore's, and the axes are sized to all of them, so a run that diverges is shown diverging).
"""

from __future__ import annotations

from typing import Sequence

from manim import DOWN, LEFT, RIGHT, UP, Axes, DashedLine, Dot, Line, Text, VGroup

from .plots import on_axes
from .style import FONT, SMALL_SIZE, TIGHT
from .theme import Theme

DOT_RADIUS = 0.08  # a prediction on the plot
MISS_STROKE = 4  # the segment from a prediction to the target: how far off it is
TARGET_STROKE = 3
AXIS_STROKE = 2
PAD_SHARE = 0.12  # of the values' span, room above and below them
REACH = 2  # spans of (before, after one update, target): how far a later prediction may lie and stay in scale


class Outlook(VGroup):
    """Axes for ``predictions`` (the first before any update, then one after each), the target line and its
    label; ``dot(i)``, ``miss(i)`` make the marks for update ``i``."""

    def __init__(self, theme: Theme, predictions: Sequence[float], target: float, width: float, height: float,
                 target_text: str) -> None:
        super().__init__()
        self.theme, self.predictions, self.target = theme, [float(p) for p in predictions], float(target)
        seen = self.predictions[:2] + [self.target]  # the update shown, and the target: always in view
        reach = REACH * ((max(seen) - min(seen)) or 1.0)
        values = seen + [p for p in self.predictions[2:] if min(seen) - reach <= p <= max(seen) + reach]
        low, high = min(values), max(values)  # a prediction that runs off further waits at the plot's edge
        pad = PAD_SHARE * ((high - low) or 1.0)
        span = [low - pad, high + pad, high - low + 2 * pad]
        self.axes = Axes(x_range=[0, max(len(self.predictions) - 1, 1), 1], y_range=span, x_length=width,
                         y_length=height, tips=False,
                         axis_config={"color": theme.muted, "stroke_width": AXIS_STROKE, "include_ticks": False})
        x_name = Text("updates", font=FONT, font_size=SMALL_SIZE, color=theme.muted)  # the points name their values
        x_name.next_to(self.axes.x_axis, DOWN, buff=TIGHT).align_to(self.axes.x_axis, RIGHT)
        start, end = self.axes.c2p(0, self.target), self.axes.c2p(self.axes.x_range[1], self.target)
        self.target_line = DashedLine(start, end, color=theme.good, stroke_width=TARGET_STROKE)
        self.target_label = Text(target_text, font=FONT, font_size=SMALL_SIZE, color=theme.good)
        below = self.predictions[-1] >= self.target  # the label on the side of the line the last point is not
        self.target_label.next_to(self.target_line, DOWN if below else UP, buff=TIGHT).align_to(self.target_line, RIGHT)
        self.frame_parts = VGroup(self.axes, x_name)
        self.add(self.frame_parts, self.target_line, self.target_label)

    def point(self, index: int):
        """Where prediction ``index`` is drawn: held at the plot's edge when it ran off beyond it."""
        return on_axes(self.axes, index, self.predictions[index])

    def dot(self, index: int, color: str) -> Dot:
        return Dot(self.point(index), radius=DOT_RADIUS, color=color)

    def miss(self, index: int) -> Line:
        """From prediction ``index`` straight to the target line: how far off it is."""
        return Line(self.point(index), self.axes.c2p(index, self.target), color=self.theme.blame,
                    stroke_width=MISS_STROKE)

    def label(self, index: int, text: str, color: str) -> Text:
        """A value beside prediction ``index``: the first above it, the others to its right (the first's miss runs
        down from it, close on the left)."""
        words = Text(text, font=FONT, font_size=SMALL_SIZE, color=color)
        if index == 0:
            above = self.predictions[index] >= self.target
            return words.next_to(self.point(index), UP if above else DOWN, buff=TIGHT)
        return words.next_to(self.point(index), RIGHT, buff=TIGHT)

    def miss_label(self, index: int, text: str) -> Text:
        """How far off prediction ``index`` is: the first left of its segment (outside the plot), the last beyond its
        point, away from the line (the target's label is on the line's other side), the others to the right of
        where the segment meets the target line, clear of the later points (they lie further from the line)."""
        words = Text(text, font=FONT, font_size=SMALL_SIZE, color=self.theme.blame)
        above = self.predictions[index] >= self.target
        if index == 0:
            return words.next_to(self.miss(index), LEFT, buff=TIGHT)
        if index >= len(self.predictions) - 1:  # beyond the point, away from the line (the target's label is across)
            return words.next_to(self.point(index), UP if above else DOWN, buff=TIGHT)
        foot = self.axes.c2p(index, self.target)
        return words.next_to(foot, (UP if above else DOWN) + RIGHT, buff=TIGHT)
