"""The descent plot: a curve, where we stand, the tangent there, and the steps taken."""

from __future__ import annotations

from typing import Callable, Sequence

import numpy as np
from manim import (
    Animation,
    Arrow,
    Axes,
    DecimalNumber,
    Dot,
    Line,
    ValueTracker,
    VGroup,
    Wait,
)

from mathcore import DescentRun

from .style import AXIS_NUMBER_SIZE
from .theme import Theme
from .tracked import Through

TICK_LABEL_GAP = 0.15  # the least room between two tick labels of an axis
DOT_RADIUS = 0.09  # where we stand on a curve
STEP_CLEARANCE = 0.05  # between a step's arrow and the points it joins
TANGENT_STROKE = 3
MIN_TANGENT_SHARE = 1e-3  # a tangent at the plot's very edge shrinks to a speck, never to a point (no direction)
MIN_STEP_TIME = 1 / 15  # a step lasts at least a frame at the lowest quality


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
    step = _labelled_tick(x_range, width)
    axes = Axes(
        x_range=[x_range[0], x_range[1], step],  # ticks at round numbers, their labels apart
        y_range=[low - pad, high + pad, _tick(high - low)],
        x_length=width,
        y_length=height,
        tips=False,
        axis_config={"color": theme.muted, "stroke_width": 2, "include_ticks": True},
    )
    places = _places(step)
    axes.x_axis.add_numbers(font_size=AXIS_NUMBER_SIZE, color=theme.muted, num_decimal_places=places)
    curve = axes.plot(lambda x: float(function(np.array(x))), x_range=list(x_range), color=theme.curve, stroke_width=4)
    return axes, curve


def _tick(span: float) -> float:
    raw = span / 6
    magnitude = 10 ** np.floor(np.log10(raw))
    return float(min((1, 2, 5, 10), key=lambda m: abs(m * magnitude - raw)) * magnitude)


def _places(step: float) -> int:
    return 0 if float(step).is_integer() else 1


def _labelled_tick(x_range: tuple[float, float], width: float) -> float:
    """The x axis's tick step: about six round steps, or the next rounder one (1, 2, 5 × 10ⁿ) until the widest
    label fits between its ticks with a gap (a long axis drawn short, −20 to 5 on a small plot, ran its labels
    together as "−20−15−10−5")."""
    span = x_range[1] - x_range[0]
    step = _tick(span)
    for _ in range(12):
        widest = max(abs(x_range[0]), abs(x_range[1]))
        label = DecimalNumber(-widest if x_range[0] < 0 else widest, num_decimal_places=_places(step),
                              font_size=AXIS_NUMBER_SIZE)
        if step / span * width >= label.width + TICK_LABEL_GAP:
            return step
        magnitude = 10 ** np.floor(np.log10(step))
        step = float(next(m * magnitude for m in (2, 5, 10) if m * magnitude > step * 1.0001))
    return step


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
    return Line(start, end, color=color, stroke_width=TANGENT_STROKE)


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


def tangent_line(axes: Axes, x: float, y: float, slope: float, color: str, length: float = 1.6) -> Line:
    """The slope under your feet as a line of a fixed length on screen, centred on (x, y): however steep the
    ground, it stays near the point (a line ``half_width`` of x wide could reach far off the plot)."""
    centre = on_axes(axes, x, y)
    direction = axes.c2p(1, slope) - axes.c2p(0, 0)
    if not np.all(np.isfinite(direction)):  # ground too steep to compute: stand the line upright
        direction = axes.c2p(0, 1) - axes.c2p(0, 0)
    norm = float(np.linalg.norm(direction[:2])) or 1.0
    half = direction / norm * length / 2 * _room(axes, centre, direction / norm * length / 2)
    return Line(centre - half, centre + half, color=color, stroke_width=TANGENT_STROKE)


def _room(axes: Axes, centre: np.ndarray, half: np.ndarray) -> float:
    """The share of ``half`` (a half line either side of ``centre``) that stays inside the axes' box: a walker
    held at the plot's edge (a run that left the view) keeps its tangent on the plot, not across the frame's edge."""
    low, high = axes.c2p(axes.x_range[0], axes.y_range[0]), axes.c2p(axes.x_range[1], axes.y_range[1])
    share = 1.0
    for i in (0, 1):
        reach = abs(float(half[i]))
        if reach > 0:
            room = min(centre[i] - min(low[i], high[i]), max(low[i], high[i]) - centre[i])
            share = min(share, max(room, 0.0) / reach)
    return max(share, MIN_TANGENT_SHARE)


class Walker:
    """Where we stand on a 1D curve, driven by ``x`` (a ValueTracker): the dot stays on the ground, and the
    tangent under it (its slope from the function's derivative) follows it as it walks.

    ``step_to(x)`` is an animation of one step; the dot and the tangent follow through their updaters, so a
    fog or a label tied to the dot follows too.
    """

    def __init__(self, axes: Axes, function: Callable[[float], float], slope: Callable[[float], float], x: float,
                 color: str, tangent_color: str, length: float = 1.6) -> None:
        self.axes, self.function, self.slope, self.length = axes, function, slope, length
        self.x = ValueTracker(x)
        self.dot = Dot(self.where(), color=color, radius=DOT_RADIUS).set_z_index(3)
        self.dot.add_updater(lambda dot: dot.move_to(self.where()))
        self.tangent = tangent_line(axes, x, self.height(x), self.slope_at(x), tangent_color, length).set_z_index(3)
        self.tangent.add_updater(lambda line: line.put_start_and_end_on(*self._ends()))

    def height(self, x: float) -> float:
        with np.errstate(all="ignore"):
            return float(self.function(np.array(x)))

    def slope_at(self, x: float) -> float:
        with np.errstate(all="ignore"):
            return float(self.slope(np.array(x)))

    def where(self) -> np.ndarray:
        return self.where_at(self.x.get_value())

    def where_at(self, x: float) -> np.ndarray:
        """The point on the ground at ``x`` (held at the plot's edge when it lies outside, the whole dot inside it:
        a plot may reach the frame's safe edge)."""
        y = self.height(x)
        point = on_axes(self.axes, x, y)
        (x_low, x_high), (y_low, y_high) = self.axes.x_range[:2], self.axes.y_range[:2]
        if x_low <= x <= x_high and y_low <= y <= y_high:
            return point  # on the curve, exactly
        inset = DOT_RADIUS * np.array([1, 1, 0])
        return np.clip(point, self.axes.c2p(x_low, y_low) + inset, self.axes.c2p(x_high, y_high) - inset)

    def _ends(self) -> tuple[np.ndarray, np.ndarray]:
        x = self.x.get_value()
        line = tangent_line(self.axes, x, self.height(x), self.slope_at(x), "#000000", self.length)
        return line.get_start(), line.get_end()

    def step_to(self, x: float, run_time: float = 1.0) -> Animation:
        return Through(self.x, [x], [run_time])

    def walk(self, xs: Sequence[float], run_time: float, smallest: float = 0.0) -> Animation:
        """One step after another through ``xs``, each taking its share of ``run_time`` by its length on screen (the
        walker keeps one pace: a long step is not rushed, a short one not dragged out); steps too small to see
        (under ``smallest`` scene units) are left out: the walk has arrived."""
        seen, lengths, at = [], [], self.x.get_value()
        for x in xs:
            length = float(np.linalg.norm((self.where_at(x) - self.where_at(at))[:2]))
            if length >= smallest and length > 0:
                seen.append(x)
                lengths.append(length)
                at = x
        if not seen:
            return Wait(run_time)
        total = sum(lengths)
        return Through(self.x, seen, [max(run_time * length / total, MIN_STEP_TIME) for length in lengths])
