"""Segment 5, partial derivatives and the bowl: one knob at a time, then a 3D descent.

3D is where render time goes (about 1.2 frames/s here), so the surface is
coarse, the camera moves once and briefly, and the table is read in a flat
contour view.
"""

from __future__ import annotations

import numpy as np
import sympy as sp
from manim import (
    DEGREES,
    DOWN,
    LEFT,
    ORIGIN,
    OUT,
    RIGHT,
    UP,
    Create,
    Dot,
    Dot3D,
    ImplicitFunction,
    Indicate,
    Line,
    MoveToTarget,
    RoundedRectangle,
    Square,
    Surface,
    ThreeDAxes,
    VGroup,
    VMobject,
    Write,
    config,
)

from mathcore import fmt
from mathcore.descent import curvature
from mathcore.formula import latex
from mathcore.landscape import freeze_derivation, stationary_points
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene3D
from scenes.kit.cards import algorithm_card
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.style import (
    APART,
    BODY_SIZE,
    ENTER,
    GAP,
    MATH_DISPLAY,
    MATH_LARGE,
    MATH_SIZE,
    MATH_SMALL,
    NEAR,
    TITLE_SIZE,
)
from scenes.kit.tables import highlight, readable_width, reveal_header, reveal_row, value_table
from scenes.kit.text import fit

SURFACE_RESOLUTION = 16
KNOBS = 8
KNOB_PITCH = 1.1  # between the soundboard's tracks
TRACK_LENGTH = 2.8
KNOB_SIZE = (0.5, 0.25)  # a knob's width and height
KNOB_TURN = 0.6  # how far a knob may move when the board is turned at random
KNOB_NUDGE = 0.8  # how far the one knob we turn moves
SURFACE_SPAN = 6.5  # the 3D floor's larger side, at most
SURFACE_SCALE = 0.9  # scene units per unit of x, at most
SURFACE_HEIGHT = 3.2
SURFACE_MARGIN = 0.5  # of x, around the farthest point the path visits
CAMERA = {"phi": 62, "theta": -50, "zoom": 1.05, "lift": 1.2}  # degrees, degrees, zoom, frame centre's height
MAP_SIZE = 4.6  # the contour map's side, at most
MAP_MARGIN = 0.5  # of x, around the farthest point the table lists
STEP_DOT = 0.08  # the contour map's dot
BALL_RADIUS = 0.1  # the ball rolling on the surface


def short(value) -> str:
    return fmt(value, 3, trim=True)


def point_text(values, places: int = 2) -> str:
    return "(" + ", ".join(fmt(v, places, trim=True) for v in values) + ")"


MAP_MIN = 3.0  # the narrowest the contour map may be beside its table
TABLE_SHARE = 0.6  # of the width, the table gets at least this much when that keeps it readable


class Bowl(LessonScene3D):
    NARRATION = (
        ("one_d", "Now you understand the core engine. But so far, our valley only has one dimension: "
                  "we can only move left or right."),
        ("soundboard", "A real neural network is like a massive soundboard with millions of knobs. "
                       "How do you find the steepest downhill path when downhill is in a million directions?"),
        ("dont", "The answer is surprisingly elegant. You don't."),
        ("each", "Instead, you figure out the slope for each knob individually, as if it were the only one "
                 "you were turning."),
        ("partial", "This is the partial derivative. When a function has several variables, we say which "
                    "direction we mean."),
        ("direction", "The slope in the {var} direction only."),
        ("bowl", "Let's upgrade our valley to 3D. {surface}"),
        ("rule", "Here is the one magic rule: to find the partial derivative with respect to one variable, "
                 "treat all other variables as if they were constant numbers."),
        ("freeze", "Pretend {frozen} is frozen. {constants} becomes a constant, and constants disappear "
                   "when we take derivatives."),
        ("remains", "Only {remaining} remains, so the partial derivative is {answer}."),
        ("upgrade", "Our algorithm gets a simple upgrade: one update rule for each variable, applied at the "
                    "same time."),
        ("navigate", "Let's navigate {shape}. Start at {start}, learning rate η = {eta}. "
                     "The initial error is f{start} = {f0}."),
        ("fly", "Watch the algorithm roll down the surface."),
        ("row", "Iteration {i}: the slopes are {grads}, so we {@step}step to {new}."),
        ("first", "In the first step, {moves}, {effect}."),
        ("careful", "{later}"),
        ("scale", "We treat every weight as its own knob, find its partial derivative, and nudge it. Scale this "
                  "up from a few knobs to millions, and you have modern machine learning."),
    )

    def shape_name(self) -> str:
        """ "the bowl" only when the formula curves up in every direction (mathcore's curvature fact)."""
        shape = curvature(self.params.bowl.function)
        return "the bowl" if shape is not None and shape.bowl else "the surface"

    def construct(self) -> None:
        self.soundboard()
        self.partial_notation()
        self.derivations()
        self.algorithm()
        self.surface_descent()
        self.contour_table()

    # ---- one knob at a time -------------------------------------------------
    def soundboard(self) -> None:
        self.title("One knob at a time")
        rng = np.random.default_rng(self.params.network.seed)  # knob positions: decoration only
        knobs = VGroup()
        for _ in range(KNOBS):
            track = Line(ORIGIN, UP * TRACK_LENGTH, color=self.theme.grid, stroke_width=6)
            knob = RoundedRectangle(width=KNOB_SIZE[0], height=KNOB_SIZE[1], corner_radius=0.06,
                                    fill_color=self.theme.text, fill_opacity=1, stroke_width=0)
            knobs.add(VGroup(track, knob.move_to(track.point_from_proportion(rng.uniform(0.2, 0.8)))))
        regions.stage().place(knobs.arrange(RIGHT, buff=KNOB_PITCH - KNOB_SIZE[0]))
        self.beat("one_d", FadeIn(knobs, lag_ratio=0.1))
        self.beat("soundboard", *(k[1].animate.shift(UP * rng.uniform(-KNOB_TURN, KNOB_TURN)) for k in knobs))
        self.beat("dont")
        chosen = knobs[2]
        others = [k for k in knobs if k is not chosen]
        self.beat("each", *(k.animate.set_opacity(0.25) for k in others), chosen[1].animate.set_color(self.theme.dot)
                  .shift(DOWN * KNOB_NUDGE))
        self.play(FadeOut(knobs), run_time=0.5)

    def partial_notation(self) -> None:
        bowl = self.params.bowl.function
        self.title("The partial derivative")
        several = regions.stage().place(self.math(rf"f({', '.join(latex(s) for s in bowl.symbols)})",
                                                  size=MATH_DISPLAY))
        self.beat("partial", FadeIn(several, shift=UP * ENTER))
        top, rest = regions.stage().rows(1, 3)
        several.generate_target()
        top.place(several.target.set(font_size=MATH_SIZE), UP)
        self.play(MoveToTarget(several), run_time=0.5)
        rows = VGroup()
        for name in bowl.variables:
            symbol = latex(bowl.symbols[bowl.variables.index(name)])
            rows.add(VGroup(self.math(rf"\frac{{\partial f}}{{\partial {symbol}}}", size=MATH_DISPLAY,
                                      color=self.theme.dot),
                            self.words(f"slope in the {name} direction only", BODY_SIZE, self.theme.muted)
                            ).arrange(RIGHT, buff=GAP))
        rest.place(rows.arrange(DOWN, buff=GAP, aligned_edge=LEFT))
        for name, row in zip(bowl.variables, rows):
            self.beat("direction", FadeIn(row, shift=UP * ENTER), var=name)
        self.play(FadeOut(rows), FadeOut(several), run_time=0.5)

    def derivations(self) -> None:
        bowl = self.params.bowl.function
        self.title(f"Our 3D example: {self.shape_name()}")
        formula = self.math(rf"f({', '.join(latex(s) for s in bowl.symbols)}) = {bowl.latex}", size=MATH_LARGE)
        regions.stage().place(formula, UP)
        shape = curvature(bowl)
        flat = stationary_points(bowl) if shape is not None else ()  # a quadratic's: one linear solve, never slow
        self.beat("bowl", Write(formula),
                  surface=wording.surface(shape, point_text(flat[0]) if len(flat) == 1 else None))
        self.beat("rule")
        for i, name in enumerate(bowl.variables):
            step = freeze_derivation(bowl, name)
            symbol = latex(bowl.symbols[i])
            frozen = ", ".join(latex(s) for s in bowl.symbols if s.name != name)
            constants = latex(sp.Add(*step.constant_terms))
            remaining = latex(sp.Add(*step.varying_terms))
            lines = VGroup(
                self.math(rf"\text{{freeze }} {frozen}:\ {constants} \to \text{{constant}} \to 0",
                          size=MATH_SMALL, color=self.theme.muted),
                self.math(rf"\frac{{\partial f}}{{\partial {symbol}}} = \frac{{\partial}}{{\partial {symbol}}}"
                          rf"\left({remaining}\right) = {latex(step.derivative)}"),
            ).arrange(DOWN, buff=NEAR, aligned_edge=LEFT)
            regions.stage().below(formula, gap=APART).place(lines, UP)
            self.beat("freeze", FadeIn(lines[0]), frozen=", ".join(step.frozen),
                      constants=wording.formula(sp.Add(*step.constant_terms)) if step.constant_terms else "nothing")
            self.beat("remains", Write(lines[1]), remaining=wording.formula(sp.Add(*step.varying_terms)),
                      answer=wording.formula(step.derivative))
            self.play(FadeOut(lines), run_time=0.4)
        self.formula = formula

    def algorithm(self) -> None:
        bowl = self.params.bowl
        names = bowl.function.variables
        code = "INPUT: function f(" + ",".join(names) + ")\n"
        code += f"FOR {bowl.steps} iterations:\n"
        code += "".join(f"    grad_{n} = ∂f/∂{n}\n" for n in names)
        code += "".join(f"    {n} = {n} - η × grad_{n}\n" for n in names)
        code += "RETURN (" + ",".join(names) + ")"
        card = regions.stage().below(self.formula).place(
            algorithm_card(self.theme, code, title="Gradient descent, every knob at once"))
        self.beat("upgrade", FadeIn(card, shift=UP * ENTER))
        self.play(FadeOut(card), FadeOut(self.formula), FadeOut(self._title), run_time=0.6)
        self._title = None

    # ---- the surface --------------------------------------------------------
    def surface_descent(self) -> None:
        bowl = self.params.bowl
        self.run = run = bowl.run()
        start = tuple(run.start)
        # symmetric about the origin, as wide as the farthest point the path below visits
        (x0, x1), (y0, y1) = ((-r, r) for r in (max(abs(lo), abs(hi)) + SURFACE_MARGIN for lo, hi in run.bounds(11)))
        function = bowl.function.numeric
        grid = np.meshgrid(np.linspace(x0, x1, SURFACE_RESOLUTION + 1), np.linspace(y0, y1, SURFACE_RESOLUTION + 1))
        heights = np.asarray(function(*grid), dtype=float) * np.ones_like(grid[0])
        low, top = min(0.0, float(np.min(heights))), float(np.max(heights))
        scale = min(SURFACE_SCALE, SURFACE_SPAN / max(x1 - x0, y1 - y0))  # the floor fits the frame whatever the spans
        axes = ThreeDAxes(x_range=[x0, x1, 1], y_range=[y0, y1, 1], z_range=[low, top, (top - low) / 4 or 1],
                          x_length=(x1 - x0) * scale, y_length=(y1 - y0) * scale, z_length=SURFACE_HEIGHT,
                          axis_config={"color": self.theme.muted})
        surface = Surface(lambda u, v: axes.c2p(u, v, function(u, v)), u_range=[x0, x1],
                          v_range=[y0, y1], resolution=(SURFACE_RESOLUTION, SURFACE_RESOLUTION),
                          fill_opacity=0.55, checkerboard_colors=[self.theme.curve, self.theme.surface],
                          stroke_color=self.theme.grid,
                          stroke_width=0.5)
        points = [axes.c2p(float(p[0]), float(p[1]), float(bowl.function.numeric(float(p[0]), float(p[1]))))
                  for p in run.points()[:12]]
        path = VMobject(stroke_color=self.theme.dot, stroke_width=4).set_points_as_corners(points)
        ball = Dot3D(points[0], color=self.theme.dot, radius=BALL_RADIUS)
        self.set_camera_orientation(phi=CAMERA["phi"] * DEGREES, theta=CAMERA["theta"] * DEGREES, zoom=CAMERA["zoom"],
                                    frame_center=OUT * CAMERA["lift"])
        heading = regions.title().place(self.words(f"Let's navigate {self.shape_name()}", TITLE_SIZE, weight="BOLD"))
        self.add_fixed_in_frame_mobjects(heading)
        self.beat("navigate", Create(axes), Create(surface), FadeIn(ball), shape=self.shape_name(),
                  start=point_text(start, 3),
                  eta=short(run.learning_rate), f0=short(run.steps[0].value))
        self.begin_ambient_camera_rotation(rate=0.12)
        self.beat("fly", Create(path), ball.animate.move_to(points[-1]), run_time=3)
        self.stop_ambient_camera_rotation()
        self.play(FadeOut(VGroup(axes, surface, path, ball)), FadeOut(heading), run_time=0.5)
        self.set_camera_orientation(phi=0, theta=-90 * DEGREES, zoom=1)

    # ---- the contour view and the table -------------------------------------
    def steps_table(self, shown: list[int]):
        """The descent's rows the config lists, '…' where it skips some."""
        run = self.run
        symbols = [latex(s) for s in self.params.bowl.function.symbols]
        header = ["k", *symbols, "f", *(rf"\partial f/\partial {s}" for s in symbols), "new"]
        rows = []
        for index, i in enumerate(shown):
            if index and i > shown[index - 1] + 1:
                rows.append(["…"] * len(header))
            s = run.step(i)
            rows.append([str(i), *(fmt(v) for v in s.point), fmt(s.value), *(fmt(g) for g in s.gradient),
                         point_text(s.new_point, 3)])
        return value_table(self.theme, header, rows, width=config.frame_width, height=config.frame_height,
                           size=BODY_SIZE)

    def contour_table(self) -> None:
        bowl, run = self.params.bowl, self.run
        self.title("Let's watch it in action")
        start = run.start
        shown = [i for i in bowl.shown_rows if i < len(run.steps)]
        # as wide as the farthest point of the steps the table lists: every one stays inside the box
        span = max(max(abs(lo), abs(hi)) for lo, hi in run.bounds(max(shown) + 1)) + MAP_MARGIN
        centre = (0.0, 0.0)
        function = bowl.function.numeric
        area = regions.stage()
        table = self.steps_table(shown)
        fit(table, area.width, area.height)
        # the table as wide as it needs to stay readable (16 px at 480p); the map gets the rest, at least MAP_MIN
        fit(table, min(max(readable_width(table), area.width * TABLE_SHARE), area.width - MAP_MIN - GAP))
        box, room = area.split_right(table.width)
        size = min(box.width, box.height, MAP_SIZE)
        scale = size / (2 * span)
        origin = box.place(Square(size), UP).get_center()
        frame = RoundedRectangle(width=size, height=size, corner_radius=0.1, stroke_color=self.theme.grid,
                                 fill_color=self.theme.panel,
                                 fill_opacity=1).move_to(origin)
        levels = [float(s.value) for s in run.steps[:6]]
        contours = VGroup(*(
            ImplicitFunction(lambda x, y, c=c: function(x / scale + centre[0], y / scale + centre[1]) - c,
                             x_range=[-size / 2, size / 2], y_range=[-size / 2, size / 2],
                             color=self.theme.curve, stroke_width=2).shift(origin)
            for c in levels
        ))

        def at(point):
            return origin + RIGHT * (float(point[0]) - centre[0]) * scale + UP * (float(point[1]) - centre[1]) * scale

        room.place(table, UP)
        dot = Dot(at(start), color=self.theme.dot, radius=STEP_DOT)
        self.play(FadeIn(frame), Create(contours), FadeIn(dot), reveal_header(table), run_time=1.5)
        trail = VGroup()
        previous, row = -1, 0
        for iteration in shown:
            row += 1
            if iteration > previous + 1:
                self.play(reveal_row(table, row), run_time=0.4)
                for k in range(previous + 1, iteration):
                    trail.add(Line(at(run.step(k).point), at(run.step(k).new_point), color=self.theme.dot,
                                   stroke_width=3))
                    self.play(Create(trail[-1]), dot.animate.move_to(at(run.step(k).new_point)), run_time=0.3)
                row += 1
            s = run.step(iteration)
            trail.add(Line(at(s.point), at(s.new_point), color=self.theme.dot, stroke_width=3))
            box = highlight(table, row + 1, table.col_dim, self.theme.dot)
            self.beat("row", reveal_row(table, row), Create(box),
                      at={"step": [Create(trail[-1]), dot.animate.move_to(at(s.new_point))]},
                      i=iteration, grads=point_text(s.gradient, 3), new=point_text(s.new_point, 3))
            self.remove(box)
            previous = iteration
        first, facts = run.facts(1), run.facts()
        self.beat("first", Indicate(table.get_rows()[1], color=self.theme.dot), moves=wording.moves(first),
                  effect=wording.first_step_effect(first.error_start, first.error_end))
        shape = facts.curvature
        self.beat("careful", Indicate(dot, color=self.theme.good if facts.error_fell else self.theme.blame),
                  later=wording.later_steps(facts, bowl=bool(shape and shape.bowl)))
        self.beat("scale", Indicate(table, color=self.theme.dot, scale_factor=1.02))
        self.play(FadeOut(VGroup(frame, contours, trail, dot, table)), run_time=0.5)
