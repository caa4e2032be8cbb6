"""The descent plot: a curve, where we stand, the tangent there, and the steps taken."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from manim import (
    Arrow,
    Axes,
    Dot,
    Line,
    VGroup,
)

from mathcore import DescentRun

from .style import AXIS_NUMBER_SIZE
from .theme import Theme

DOT_RADIUS = 0.09  # where we stand on a curve
STEP_CLEARANCE = 0.05  # between a step's arrow and the points it joins


def curve_axes(
    theme: Theme,
    function: Callable[[np.ndarray], np.ndarray],
    x_range: tuple[float, float],
    width: float = 6.5,
    height: float = 4.5,
    samples: int = 200,
) -> tuple[Axes, VGroup]:
    """Axes sized to the function over ``x_range`` and its plotted curve."""
    xs = np.linspace(*x_range, samples)
    ys = np.asarray(function(xs), dtype=float)
    low, high = float(ys.min()), float(ys.max())
    pad = 0.08 * (high - low or 1)
    axes = Axes(
        x_range=[x_range[0], x_range[1], _tick(x_range[1] - x_range[0])],  # ticks at round numbers
        y_range=[low - pad, high + pad, _tick(high - low)],
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"color": theme.muted, "stroke_width": 2, "include_ticks": True},
    )
    step = _tick(x_range[1] - x_range[0])
    places = 0 if float(step).is_integer() else 1
    axes.x_axis.add_numbers(font_size=AXIS_NUMBER_SIZE, color=theme.muted, num_decimal_places=places)
    curve = axes.plot(lambda x: float(function(np.array(x))), x_range=list(x_range), color=theme.curve, stroke_width=4)
    return axes, curve


def _tick(span: float) -> float:
    raw = span / 6
    magnitude = 10 ** np.floor(np.log10(raw))
    return float(min((1, 2, 5, 10), key=lambda m: abs(m * magnitude - raw)) * magnitude)


def point_dot(axes: Axes, x: float, y: float, color: str) -> Dot:
    return Dot(on_axes(axes, x, y), color=color, radius=DOT_RADIUS)


def on_axes(axes: Axes, x: float, y: float) -> np.ndarray:
    """The scene point of (x, y), held at the edge of the axes' box when the value lies outside it.

    A run that leaves the view (one that diverges) is drawn up to the edge and waits there,
    instead of flying off the frame; the narration says it left.
    """
    (x_low, x_high), (y_low, y_high) = axes.x_range[:2], axes.y_range[:2]
    if not (np.isfinite(x) and np.isfinite(y)):
        x, y = (x_high if not np.isfinite(x) or x > 0 else x_low), (y_high if not np.isfinite(y) else y)
    return axes.c2p(min(max(x, x_low), x_high), min(max(y, y_low), y_high))


def tangent(axes: Axes, x: float, y: float, slope: float, color: str, half_width: float = 0.9) -> Line:
    """The slope under your feet: a short line through (x, y) with mathcore's slope."""
    start = axes.c2p(x - half_width, y - slope * half_width)
    end = axes.c2p(x + half_width, y + slope * half_width)
    return Line(start, end, color=color, stroke_width=3)


def step_arrows(axes: Axes, run: DescentRun, count: int, color: str) -> VGroup:
    """Arrows along the curve from each visited point to the next (1D runs)."""
    points = visited(run)[: count + 1]
    return VGroup(*(
        Arrow(axes.c2p(*a), axes.c2p(*b), buff=STEP_CLEARANCE, color=color, stroke_width=3,
              max_tip_length_to_length_ratio=0.2)
        for a, b in zip(points, points[1:])
    ))


def visited(run: DescentRun) -> Sequence[tuple[float, float]]:
    """(x, f(x)) of each step, then the final point, as floats for drawing."""
    pts = [(float(s.point[0]), float(s.value)) for s in run.steps]
    if run.final_value is not None:
        pts.append((float(run.final_point[0]), float(run.final_value)))
    return pts
