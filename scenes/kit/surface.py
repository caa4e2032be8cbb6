"""A function of two variables drawn as a surface over a floor, the camera framed on it, and the layout check seen
through the camera.

A 3D segment switches between flat beats (the camera looks straight down: the floor is a 2D map, checked like any
slide) and tilted ones. Three things make that safe and cheap:

* ``Floor``: one mapping from the function's (x1, x2, f) to scene points, the floor at scene z = 0, so the map a
  flat beat shows and the floor the bowl stands on are the same mobjects, at the same place;
* ``framing``: the camera's centre and zoom that put a tilted view of the surface inside a region of the frame,
  found by projecting it (the projection is the camera's own), so any config's surface lands where it belongs;
* ``ThroughCamera``: the layout check of a tilted beat made on the projected picture (what a viewer sees), not on
  the untilted 3D coordinates, so ``lesson check`` covers tilted beats too, at rest and in motion.

Render cost: a still camera draws only what moves over a stored picture of the rest (Manim's static frame), so a
tilted beat that animates a curve or a dot costs little; a moving camera redraws the surface on every frame.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Iterable

import numpy as np
from manim import (
    Animation,
    Mobject,
    Surface,
    VMobject,
    config,
)

from .layout import snapshot
from .regions import Region

FRAMING_ROUNDS = 4  # projection and correction rounds; the fit is within a hundredth of a unit after three


@dataclass(frozen=True)
class Floor:
    """Where the function's points go: (x1, x2) on the floor (scene z = 0), the middle of ``ranges`` at ``centre``,
    ``scale`` scene units per unit of either variable (circles stay round), height f above the floor at ``lift``
    units per unit of f over ``low``. Values outside the ranges are held at their edge (a run that leaves the view
    waits there)."""

    function: Callable[[float, float], float]
    centre: np.ndarray  # scene point of the middle of the ranges, on the floor
    ranges: tuple[tuple[float, float], tuple[float, float]]  # x1 and x2 run over these (each holds 0)
    scale: float
    low: float  # f at floor level
    top: float  # f at the surface's highest drawn point
    lift: float  # scene units per unit of f

    @property
    def middle(self) -> tuple[float, float]:
        return tuple((lo + hi) / 2 for lo, hi in self.ranges)  # type: ignore[return-value]

    @property
    def half(self) -> tuple[float, float]:
        """Half of each range, in scene units."""
        return tuple((hi - lo) / 2 * self.scale for lo, hi in self.ranges)  # type: ignore[return-value]

    def holds(self, x1: float, x2: float) -> bool:
        return all(lo <= float(v) <= hi for v, (lo, hi) in zip((x1, x2), self.ranges))

    def floor(self, x1: float, x2: float) -> np.ndarray:
        """The floor point under (x1, x2)."""
        (a, b), (c, d) = self.ranges
        x1, x2 = float(np.clip(x1, a, b)), float(np.clip(x2, c, d))
        m1, m2 = self.middle
        return self.centre + np.array([(x1 - m1) * self.scale, (x2 - m2) * self.scale, 0.0])

    def variables(self, x: float, y: float) -> tuple[float, float]:
        """The (x1, x2) under the scene point (x, y) on the floor: ``floor``'s inverse."""
        m1, m2 = self.middle
        return (m1 + (x - self.centre[0]) / self.scale, m2 + (y - self.centre[1]) / self.scale)

    def at(self, x1: float, x2: float, value: float | None = None) -> np.ndarray:
        """The surface point over (x1, x2) (``value`` when the height is known, f(x1, x2) otherwise)."""
        height = self.function(x1, x2) if value is None else value
        height = float(np.clip(height, self.low, self.top)) if np.isfinite(height) else self.top
        return self.floor(x1, x2) + np.array([0.0, 0.0, (height - self.low) * self.lift])

    @property
    def height(self) -> float:
        return (self.top - self.low) * self.lift

    def corners(self) -> np.ndarray:
        """The eight corners of the box the surface stands in (what the camera must keep in view)."""
        (a, b), (c, d) = self.ranges
        return np.array([self.floor(x, y) + np.array([0.0, 0.0, z]) for x in (a, b) for y in (c, d)
                         for z in (0.0, self.height)])

    def surface(self, resolution: int, **style) -> Surface:
        """The graph of the function over the floor, ``resolution`` squares a side."""
        return Surface(lambda u, v: self.at(u, v), u_range=list(self.ranges[0]), v_range=list(self.ranges[1]),
                       resolution=(resolution, resolution), **style)


def floor_for(function: Callable[[float, float], float], ranges: tuple[tuple[float, float], tuple[float, float]],
              box: Region, height: float, samples: int = 33) -> Floor:
    """The floor that fits the (x1, x2) ranges in ``box`` (centred, the same scale on both axes) and the surface's
    heights over it in ``height`` scene units."""
    (a, b), (c, d) = ranges
    scale = min(box.width / (b - a), box.height / (d - c))
    grid = np.meshgrid(np.linspace(a, b, samples), np.linspace(c, d, samples))
    values = np.asarray(function(*grid), dtype=float) * np.ones_like(grid[0])
    values = values[np.isfinite(values)]
    low, top = float(np.min(values, initial=0.0)), float(np.max(values, initial=1.0))
    top = top if top > low else low + 1
    centre = np.array([box.center[0], box.center[1], 0.0])
    return Floor(function, centre, ranges, scale, low, top, height / (top - low))


def framing(camera, points: np.ndarray, region: Region, phi: float, theta: float) -> tuple[np.ndarray, float]:
    """The camera's frame centre and zoom that put ``points``, seen at ``phi`` and ``theta`` (radians), as large as
    fits inside ``region`` and centred in it. The camera is left as it was."""
    saved = (camera.get_phi(), camera.get_theta(), camera.get_zoom(), np.array(camera.frame_center))
    try:
        camera.set_phi(phi)
        camera.set_theta(theta)
        camera.reset_rotation_matrix()  # kept between captures: none happens here (nor in a dry run)
        centre, zoom = np.mean(points, axis=0), 1.0
        for _ in range(FRAMING_ROUNDS):
            camera.frame_center = centre
            camera.set_zoom(zoom)
            seen = camera.project_points(points)
            (left, bottom), (right, top) = seen[:, :2].min(axis=0), seen[:, :2].max(axis=0)
            zoom *= min(region.width / (right - left), region.height / (top - bottom))
            off = np.array([(left + right) / 2 - region.center[0], (bottom + top) / 2 - region.center[1], 0.0])
            centre = centre + camera.get_rotation_matrix().T @ off / zoom  # the screen shift, as a move of the world
        return centre, zoom
    finally:
        camera.set_phi(saved[0])
        camera.set_theta(saved[1])
        camera.set_zoom(saved[2])
        camera.frame_center = saved[3]
        camera.reset_rotation_matrix()


def framing_move(camera, points: np.ndarray, region: Region, phi: float, theta: float, rising: np.ndarray,
                 frame: Region, still: np.ndarray | None = None,
                 shares: tuple[float, ...] = (0.1, 0.25, 0.4, 0.5, 0.6, 0.75, 0.9)) -> tuple[np.ndarray, float]:
    """``framing``'s centre and zoom for ``points`` in ``region``, for a camera that moves there from where it is
    now while a surface rises (``rising``: its points at full height, growing from z = 0 as the camera moves): the
    zoom is lowered until the surface, as high as it has risen, and the ``still`` points (a ball already in place)
    stay inside ``frame`` at the in-between views too.
    (The camera's angles, zoom and centre each move from now to there; a view that fits at both ends can leave the
    frame halfway, as a tilt swings the far side out.)"""
    centre, zoom = framing(camera, points, region, phi, theta)
    start = (camera.get_phi(), camera.get_theta(), camera.get_zoom(), np.array(camera.frame_center))
    for _ in range(FRAMING_ROUNDS):
        worst = 1.0
        try:
            for t in shares:
                camera.set_phi(start[0] + t * (phi - start[0]))
                camera.set_theta(start[1] + t * (theta - start[1]))
                camera.set_zoom(start[2] + t * (zoom - start[2]))
                camera.frame_center = start[3] + t * (centre - start[3])
                camera.reset_rotation_matrix()
                risen = rising * np.array([1.0, 1.0, t])  # the surface has risen as far as the camera has moved
                shown = risen if still is None else np.vstack([risen, still])
                seen = camera.project_points(shown)[:, :2]
                (left, bottom), (right, top) = seen.min(axis=0), seen.max(axis=0)
                out = max(frame.left - left, right - frame.right, frame.bottom - bottom, top - frame.top, 0.0)
                if out > 0:  # shrink about the region's centre by as much as the view overflows it
                    half = max(right - left, top - bottom) / 2
                    worst = min(worst, half / (half + out))
        finally:
            camera.set_phi(start[0])
            camera.set_theta(start[1])
            camera.set_zoom(start[2])
            camera.frame_center = start[3]
            camera.reset_rotation_matrix()
        if worst >= 1.0:
            break
        zoom *= worst
    return centre, zoom


def projected(camera, points: np.ndarray) -> np.ndarray:
    """Where ``points`` are seen on the frame (the camera's own projection, at its angles now: the rotation it
    keeps is renewed only when a frame is captured, which a dry run never does)."""
    camera.reset_rotation_matrix()
    return camera.project_points(np.asarray(points, dtype=float))


class Rise(Animation):
    """A surface growing out of its floor: every point's height from 0 to its own (the floor at scene z = ``base``),
    computed from the points it had when the animation began, without copies."""

    def __init__(self, mobject: Mobject, base: float = 0.0, **kwargs) -> None:
        self.base = base
        super().__init__(mobject, **kwargs)

    def begin(self) -> None:
        self.members = [m for m in self.mobject.family_members_with_points()]
        self.saved = [m.points.copy() for m in self.members]
        super().begin()

    def interpolate_mobject(self, alpha: float) -> None:
        share = self.rate_func(alpha)
        for member, points in zip(self.members, self.saved):
            risen = points.copy()
            risen[:, 2] = self.base + (points[:, 2] - self.base) * share
            member.points = risen


# ---- the layout check, seen through the camera ------------------------------------------------------------------

_PROXIES: dict[str, type] = {}


def _proxy(kind: str, points: np.ndarray, source: VMobject) -> VMobject:
    """A stand-in with the projected points and the source's colours, named as the source (for the check's
    messages)."""
    cls = _PROXIES.setdefault(kind, type(kind, (VMobject,), {}))
    stand_in = cls()
    stand_in.points = points
    stand_in.fill_rgbas = source.fill_rgbas.copy()
    stand_in.stroke_rgbas = source.stroke_rgbas.copy()
    stand_in.stroke_width = source.stroke_width
    stand_in.decoration = getattr(source, "decoration", False)
    return stand_in


def seen_mobjects(camera, mobjects: Iterable[Mobject]) -> list[Mobject]:
    """What ``mobjects`` look like on the frame: those fixed in the frame as they are, those facing the camera moved
    to where their centre is seen, text seen tilted as a projected copy, and every other drawn part as a stand-in
    with its points projected."""
    fixed = camera.fixed_in_frame_mobjects
    facing = camera.fixed_orientation_mobjects
    seen: list[Mobject] = []

    def visit(mobject: Mobject) -> None:
        if mobject in fixed:
            seen.append(mobject)
        elif mobject in facing:
            centre = facing[mobject]()
            seen.append(mobject.copy().shift(projected(camera, [centre])[0] - centre))
        elif _is_text(mobject):
            copy = mobject.copy()
            for part in copy.family_members_with_points():
                part.points = projected(camera, part.points)
            seen.append(copy)
        elif isinstance(mobject, VMobject):
            if mobject.has_points():
                seen.append(_proxy(type(mobject).__name__, projected(camera, mobject.points), mobject))
            for child in mobject.submobjects:
                visit(child)

    for mobject in mobjects:
        visit(mobject)
    return seen


def _is_text(mobject: Mobject) -> bool:
    from manim import MathTex, Tex, Text

    return isinstance(mobject, (Text, MathTex, Tex))


class ThroughCamera:
    """Mixed into a ``LessonScene3D``: a beat seen through a tilted (or zoomed, or moved) camera is checked on its
    projection, as a flat slide would be (the base check skips tilted frames)."""

    def _camera_moved(self) -> bool:
        camera = self.renderer.camera
        return abs(float(camera.get_phi())) > 1e-6 or abs(float(camera.get_zoom()) - 1) > 1e-6 \
            or bool(np.any(np.abs(camera.frame_center) > 1e-6))

    def say(self, *args, **kwargs) -> None:
        super().say(*args, **kwargs)
        if config.dry_run and self.snapshots and self._camera_moved():
            beat = self.snapshots[-1].beat
            self.snapshots[-1] = snapshot(beat, seen_mobjects(self.renderer.camera, self.mobjects), self._title, True)

    def _record_passing(self, label: str) -> None:
        if not self._camera_moved():
            super()._record_passing(label)
            return
        self.passing.append(snapshot(label, seen_mobjects(self.renderer.camera, self.mobjects), self._title, True,
                                     moving=True))
