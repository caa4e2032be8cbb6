"""The bowl's 3D beats: the surface rises from the floor map, each partial derivative is the bowl cut by a plane
(the other variable frozen) with the cut's slope drawn and read off, the two slopes make one step, and the descent
rolls down the surface while its shadow walks the floor's contour map.

Mixed into ``bowl.Bowl``. The camera tilts at the word "upgrade" and comes back to the flat map after the
roll; while it stands still Manim redraws only what moves, so each beat here costs about what a flat beat costs.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    Create,
    DashedLine,
    Dot,
    ImplicitFunction,
    Indicate,
    Line,
    MoveAlongPath,
    ParametricFunction,
    Polygon,
    RoundedRectangle,
    UpdateFromFunc,
    VGroup,
    VMobject,
    Write,
)

from lessons.neural_networks.segments import wording
from mathcore import fmt
from mathcore.descent import curvature
from mathcore.formula import latex
from mathcore.landscape import freeze_derivation, stationary_points
from scenes.kit import regions
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.style import GAP, MATH_SIZE, MATH_SMALL, NEAR, TIGHT
from scenes.kit.surface import Rise, floor_for, framing_move
from scenes.kit.text import fit
from scenes.kit.tracked import built

SURFACE_RESOLUTION = 16  # squares a side: the surface's cost grows with their number
SURFACE_HEIGHT = 3.2  # scene units from the floor to the surface's highest point (before the camera's zoom)
SURFACE_MARGIN = 0.5  # of x, around the points the floor must hold
SURFACE_OPACITY = 0.55
SURFACE_STROKE = 0.5
CAMERA = {"phi": 64, "theta": -52}  # degrees: looking down on the bowl, the x1 axis running to the right
BOWL_SHARE = (3, 2)  # the tilted bowl's and the text column's shares of the stage's width
PLANE_OPACITY = 0.18  # the cutting plane: the bowl shows through it
CUT_STROKE = 6
TANGENT_HALF = 0.8  # of x, each side of the point: the drawn tangent's reach
TANGENT_STROKE = 5
PATH_STROKE = 4
DOT_RADIUS = 0.09
FLOOR_STROKE = 2
PANEL_CORNER = 0.1
CONTOUR_LEVELS = 6  # the contour map draws the heights of the first steps, one line each


def point_text(values, places: int = 2) -> str:
    return "(" + ", ".join(fmt(v, places, trim=True) for v in values) + ")"


def short(value) -> str:
    return fmt(value, 3, trim=True)


def parts_of(formula, tex: str) -> VGroup:
    """Every occurrence of ``tex`` in ``formula`` (isolated with ``substrings_to_isolate``)."""
    return VGroup(*(formula.id_to_vgroup_dict[key] for found, key in formula.matched_strings_and_ids if found == tex))


class FloorMap:
    """The floor drawn as a map: its panel, the variables' axes and their names (facing the camera when it tilts)."""

    def __init__(self, scene, floor, symbols: list[str]) -> None:
        theme = scene.theme
        half = floor.half
        c = floor.centre
        width, height = (2 * h for h in half)
        self.panel = RoundedRectangle(width=width, height=height, corner_radius=PANEL_CORNER,
                                      stroke_color=theme.grid, fill_color=theme.panel, fill_opacity=1).move_to(c)
        zero = floor.floor(0, 0)
        self.axes = VGroup(Line(c + LEFT * half[0] + (zero - c) * UP, c + RIGHT * half[0] + (zero - c) * UP),
                           Line(c + DOWN * half[1] + (zero - c) * RIGHT, c + UP * half[1] + (zero - c) * RIGHT)
                           ).set_stroke(theme.muted, FLOOR_STROKE)
        self.labels = VGroup(scene.math(symbols[0], size=MATH_SMALL, color=theme.muted),
                             scene.math(symbols[1], size=MATH_SMALL, color=theme.muted))
        self.labels[0].next_to(self.axes[0].get_end(), UP + LEFT, buff=TIGHT)
        self.labels[1].next_to(self.axes[1].get_end(), DOWN + RIGHT, buff=TIGHT)


class BowlSurface:
    """The 3D beats of ``Bowl`` (a mixin: the scene's attributes are its own)."""

    def prepare_floor(self) -> None:
        bowl, run = self.params.bowl.function, self.run
        # the floor is centred on where the run ends (the bottom it heads to: the bowl looks like a bowl around
        # it) and reaches every point the table lists and the axes' crossing, with a margin: a minimum away from
        # the origin is never cut off at the floor's edge
        ranges = run.around_end(max(self.listed) + 1, SURFACE_MARGIN)
        numeric = bowl.numeric

        def height(u, v):
            return np.asarray(numeric(u, v), dtype=float) * np.ones_like(np.asarray(u, dtype=float))

        self.floor = floor_for(lambda u, v: float(height(u, v)) if np.ndim(u) == 0 else height(u, v), ranges,
                               self.map_box, SURFACE_HEIGHT)
        self.floor_map = FloorMap(self, self.floor, [latex(s) for s in bowl.symbols])
        self.renderer.camera.add_fixed_orientation_mobjects(*self.floor_map.labels)
        start = [float(v) for v in run.start]
        self.floor_dot = Dot(self.floor.floor(*start), color=self.theme.dot, radius=DOT_RADIUS)
        self.bowl_area, self.column = regions.stage().columns(*BOWL_SHARE)

    def pin(self, *mobjects):
        """Fixed in the frame when the camera tilts (text): added to the camera's list, not to the scene."""
        self.renderer.camera.add_fixed_in_frame_mobjects(*mobjects)
        return mobjects[0] if len(mobjects) == 1 else mobjects

    def camera_to(self, phi: float, theta: float, zoom: float, centre: np.ndarray, run_time: float) -> list:
        camera = self.renderer.camera
        return [camera.phi_tracker.animate(run_time=run_time).set_value(phi),
                camera.theta_tracker.animate(run_time=run_time).set_value(theta),
                camera.zoom_tracker.animate(run_time=run_time).set_value(zoom),
                camera._frame_center.animate(run_time=run_time).move_to(centre)]

    # ---- the bowl -----------------------------------------------------------
    def surface_beats(self) -> None:
        bowl, run, floor = self.params.bowl.function, self.run, self.floor
        theme = self.theme
        symbols = [latex(s) for s in bowl.symbols]
        self.play(FadeOut(self.partial_rows), run_time=0.5)
        self.title(f"Our 3D example: {self.shape_name()}")
        self.pin(self._title)
        formula = self.pin(self.math(rf"f({symbols[0]}, {symbols[1]}) = {bowl.latex}", size=MATH_SIZE,
                                     substrings_to_isolate=symbols))
        self.column.place(formula, UP)
        # the column: the formula on top, each cut's slope read off at the bottom, the working in between
        readings = VGroup(*(self.math(rf"\partial f/\partial {s}\,{point_text(run.start, 3)} = {short(g)}",
                                      size=MATH_SIZE, color=theme.blame)
                            for s, g in zip(symbols, run.step(0).gradient))).arrange(DOWN, buff=NEAR, aligned_edge=LEFT)
        self.column.place(readings, DOWN + LEFT)
        self.pin(*readings)
        work = regions.Region(self.column.left, readings.get_top()[1] + GAP, self.column.right,
                              formula.get_bottom()[1] - GAP)
        surface = floor.surface(SURFACE_RESOLUTION, fill_opacity=SURFACE_OPACITY,
                                checkerboard_colors=[theme.curve, theme.surface], stroke_color=theme.grid,
                                stroke_width=SURFACE_STROKE)
        phi, theta = CAMERA["phi"] * DEGREES, CAMERA["theta"] * DEGREES
        view = np.vstack([floor.corners(), *(lbl.get_center() for lbl in self.floor_map.labels)])
        start = [float(v) for v in run.start]
        # the ball rises from its shadow on the floor with the surface (seen from above at the tilt's start, a ball
        # already up on the surface would sit far off the floor map, past the frame's edge)
        ball = Dot(floor.floor(*start), color=theme.dot, radius=DOT_RADIUS)
        lift = built(ball.animate(run_time=2.5).move_to(floor.at(*start)))
        rising = np.vstack([*(m.points for m in surface.family_members_with_points()),
                            floor.at(*start) + DOT_RADIUS * np.array([LEFT, RIGHT, UP, DOWN])])
        centre, zoom = framing_move(self.renderer.camera, view, self.bowl_area, phi, theta, rising, regions.frame())
        self.renderer.camera.add_fixed_orientation_mobjects(ball)
        drop = DashedLine(self.floor_dot.get_center(), floor.at(*start), color=theme.dot, stroke_width=2)
        shape = curvature(bowl)
        flat = stationary_points(bowl) if shape is not None else ()  # a quadratic's: one linear solve, never slow
        lowest = None
        if len(flat) == 1 and floor.holds(*(float(v) for v in flat[0])):
            lowest = Dot(floor.at(*(float(v) for v in flat[0])), color=theme.good, radius=DOT_RADIUS)
            self.renderer.camera.add_fixed_orientation_mobjects(lowest)
        where = (bookmark("lowest") if lowest else "") + point_text(flat[0]) if len(flat) == 1 else None
        tilt = self.camera_to(phi, theta, zoom, centre, 2.5)
        self.beat("bowl", Write(formula), run_time=1.2, at={
            "upgrade": [*tilt, Rise(surface, run_time=2.5), self.floor_map.panel.animate(run_time=1).set_opacity(0),
                        lift, Create(drop, run_time=2.5)],
            **({"lowest": FadeIn(lowest, scale=3, run_time=1)} if lowest else {}),
        }, surface=wording.surface(shape, where))
        self.bring_to_front(formula, drop, ball, self.floor_dot)
        # the rule, then each variable cut out of the bowl
        self.beat("rule", at={
            # each variable's own parts coloured (two .animate of the whole formula would share one target)
            "one": parts_of(formula, symbols[0]).animate(run_time=1).set_color(theme.weight),
            "other": parts_of(formula, symbols[1]).animate(run_time=1).set_color(theme.muted),
            "constant": Indicate(parts_of(formula, symbols[1]), color=theme.muted, run_time=1.2),
        })
        tangents = VGroup()
        for i, name in enumerate(bowl.variables):
            tangents.add(self.cut(i, name, formula, work, readings[i], ball))
        self.upgrade_and_roll(formula, work, readings, tangents, ball, drop, surface, lowest)

    def cut(self, i: int, name: str, formula, work: regions.Region, reading, ball) -> Line:
        """The bowl cut along one variable (the other frozen at the start's value): the cut, its derivation, its
        slope at the start drawn and read off into ``reading``. Returns the tangent (kept for the step)."""
        bowl, run, floor, theme = self.params.bowl.function, self.run, self.floor, self.theme
        symbols = [latex(s) for s in bowl.symbols]
        other = 1 - i
        start = [float(v) for v in run.start]
        slope = run.step(0).gradient[i]
        frozen = start[other]
        step = freeze_derivation(bowl, name)
        if i:  # the colours of the first cut, swapped
            self.play(formula.animate.set_color_by_tex(symbols[i], theme.weight)
                      .set_color_by_tex(symbols[other], theme.muted), run_time=0.5)
        reach = floor.ranges[i]

        def on_cut(t: float) -> np.ndarray:
            point = [0.0, 0.0]
            point[i], point[other] = t, frozen
            return floor.at(*point)

        plane_corners = []
        for t, z in ((reach[0], 0), (reach[1], 0), (reach[1], 1), (reach[0], 1)):
            base = on_cut(t) * np.array([1, 1, 0])
            plane_corners.append(base + np.array([0, 0, z * floor.height]))
        plane = Polygon(*plane_corners, stroke_color=theme.muted, stroke_width=FLOOR_STROKE,
                        fill_color=theme.text, fill_opacity=PLANE_OPACITY)
        curve = ParametricFunction(on_cut, t_range=list(reach), color=theme.weight, stroke_width=CUT_STROKE)
        here = on_cut(start[i])
        rise = [0.0, 0.0, 0.0]
        rise[i] = TANGENT_HALF * floor.scale
        rise[2] = float(slope) * TANGENT_HALF * floor.lift
        tangent = Line(here - np.array(rise), here + np.array(rise), color=theme.blame, stroke_width=TANGENT_STROKE)
        constants = latex(sp.Add(*step.constant_terms)) if step.constant_terms else ""
        remaining = latex(sp.Add(*step.varying_terms))
        frozen_tex = rf"\text{{freeze }} {symbols[other]} = {fmt(run.start[other], 3, trim=True)}"
        frozen = VGroup(self.math(frozen_tex + (rf":\ {constants} \to \text{{constant}}" if constants else ""),
                                  size=MATH_SMALL, color=theme.muted))
        vanish = self.math(rf"\to {latex(step.constants_slope)}", size=MATH_SMALL, color=theme.muted)
        if constants and frozen.width + TIGHT + vanish.width > work.width:  # a long freeze line: its terms under it
            frozen = VGroup(self.math(frozen_tex + ":", size=MATH_SMALL, color=theme.muted),
                            self.math(rf"{constants} \to \text{{constant}}", size=MATH_SMALL, color=theme.muted)
                            ).arrange(DOWN, buff=TIGHT, aligned_edge=LEFT)
        asked = (rf"\frac{{\partial f}}{{\partial {symbols[i]}}} = \frac{{\partial}}{{\partial {symbols[i]}}}"
                 rf"\left({remaining}\right)")
        derivation = self.math(asked, "=", latex(step.derivative), size=MATH_SIZE)
        if derivation.width > work.width:  # too wide for the column at a readable size: its answer goes under it
            answer = self.math("=", latex(step.derivative), size=MATH_SIZE)
            derivation = VGroup(self.math(asked, size=MATH_SIZE), answer).arrange(DOWN, buff=TIGHT,
                                                                                  aligned_edge=LEFT)
        lines = VGroup(frozen, derivation).arrange(DOWN, buff=NEAR, aligned_edge=LEFT)
        vanish.next_to(frozen[-1], RIGHT, buff=TIGHT)
        work.place(fit(VGroup(lines, vanish), work.width, work.height), UP + LEFT)  # a longer freeze line shrinks
        self.pin(lines, vanish)
        cut_in = [FadeIn(plane, shift=(UP if i == 0 else RIGHT) * floor.scale, run_time=1),
                  Create(curve, run_time=1.5)]
        self.beat("freeze", at={
            "frozen": cut_in,
            "const": Write(lines[0], run_time=1.2),
            "vanish": [Write(vanish, run_time=0.8)] if constants else [Indicate(lines[0], run_time=0.8)],
        }, frozen=", ".join(step.frozen),
            constants=wording.formula(sp.Add(*step.constant_terms)) if step.constant_terms else "nothing")
        self.beat("remains", at={
            "remains": Write(lines[1][0], run_time=1.2),
            "answer": [Write(lines[1][1:], run_time=0.8), Create(tangent, run_time=1),
                       FadeIn(reading, shift=DOWN * TIGHT, run_time=1), Indicate(ball, run_time=1)],
        }, remaining=wording.formula(sp.Add(*step.varying_terms)), answer=wording.formula(step.derivative))
        self.play(FadeOut(VGroup(plane, curve, lines, vanish)), run_time=0.5)
        return tangent

    # ---- one step from both slopes, then the roll ---------------------------
    def upgrade_and_roll(self, formula, work, readings, tangents, ball, drop, surface, lowest) -> None:
        bowl, run, floor, theme = self.params.bowl.function, self.run, self.floor, self.theme
        symbols = [latex(s) for s in bowl.symbols]
        first = run.step(0)
        rules = VGroup(*(self.math(rf"{s} \leftarrow {s} - \eta\,\frac{{\partial f}}{{\partial {s}}}", size=MATH_SIZE)
                         for s in symbols)).arrange(DOWN, buff=NEAR, aligned_edge=LEFT)
        work.place(rules, UP + LEFT)
        self.pin(rules)
        here = self.floor_dot.get_center()
        after = floor.floor(*(float(v) for v in first.new_point))
        parts = [here.copy(), here.copy()]
        parts[0][0], parts[1][1] = after[0], after[1]
        components = VGroup(*(VMobject().set_points_as_corners([here, p]) for p in parts)).set_stroke(
            theme.weight, PATH_STROKE)
        step = Line(here, after, color=theme.dot, stroke_width=PATH_STROKE)
        self.beat("upgrade", formula.animate.set_color(theme.text), run_time=0.8, at={
            "rules": Write(rules, run_time=1.5),
            "same": [*(Create(c, run_time=1) for c in components), Create(step, run_time=1.5)],
        })
        # the roll: on the surface, and its shadow on the floor's contour map
        levels = sorted({float(s.value) for s in run.steps[:CONTOUR_LEVELS]})
        numeric = floor.function
        size = floor.half
        c = floor.centre
        contours = VGroup(*(
            ImplicitFunction(lambda x, y, h=h: numeric(*floor.variables(x, y)) - h,
                             x_range=[c[0] - size[0], c[0] + size[0]], y_range=[c[1] - size[1], c[1] + size[1]],
                             color=theme.curve, stroke_width=FLOOR_STROKE)
            for h in levels))
        eta = self.pin(self.math(rf"\eta = {short(run.learning_rate)}", size=MATH_SIZE))
        error = self.pin(self.math(rf"f{point_text(run.start, 3)} = {short(first.value)}", size=MATH_SIZE,
                                   color=theme.dot))
        notes = VGroup(eta, error).arrange(DOWN, buff=NEAR, aligned_edge=LEFT)
        regions.Region(work.left, work.bottom, work.right, rules.get_bottom()[1] - GAP).place(notes, UP + LEFT)
        self.beat("navigate", FadeOut(VGroup(components, step, tangents)), Create(contours, lag_ratio=0.3),
                  run_time=1.5, at={
                      "start": [Indicate(ball, run_time=1), Indicate(self.floor_dot, run_time=1)],
                      "eta": Write(eta, run_time=1),
                      "error": [Indicate(drop, color=theme.dot, run_time=1), Write(error, run_time=1)],
                  }, shape=self.shape_name(), start=point_text(run.start, 3), eta=short(run.learning_rate),
                  f0=short(first.value))
        points = list(run.points()[: max(self.listed) + 2])
        on_surface = VMobject(stroke_color=theme.dot, stroke_width=PATH_STROKE).set_points_as_corners(
            [floor.at(float(p[0]), float(p[1])) for p in points])
        shadow = VMobject(stroke_color=theme.dot, stroke_width=PATH_STROKE).set_points_as_corners(
            [floor.floor(float(p[0]), float(p[1])) for p in points])
        roll = self.paced("fly", share=0.9)
        self.beat("fly", Create(on_surface), Create(shadow), MoveAlongPath(ball, on_surface),
                  MoveAlongPath(self.floor_dot, shadow),
                  UpdateFromFunc(drop, lambda m: m.put_start_and_end_on(self.floor_dot.get_center(),
                                                                        ball.get_center())),
                  run_time=roll)
        # back to the flat map, where the table reads the steps one by one
        # the camera still: only the bowl's parts fade (cheap); then the empty floor turns to face us
        gone = [surface, on_surface, ball, drop, formula, rules, notes, readings, *([lowest] if lowest else [])]
        self.play(FadeOut(VGroup(*gone)), run_time=0.6)
        self.play(*self.camera_to(0, -90 * DEGREES, 1, ORIGIN, 1.2), self.floor_map.panel.animate.set_opacity(1),
                  shadow.animate.set_stroke(theme.muted),
                  self.floor_dot.animate.move_to(floor.floor(*(float(v) for v in run.start))), run_time=1.2)
        self.contours = contours
        self.ghost = shadow
