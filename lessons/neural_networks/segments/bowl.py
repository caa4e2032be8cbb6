"""Segment 5, partial derivatives and the bowl: one knob at a time, the bowl cut by a plane, then a descent on it.

The storyboard is ``docs/storyboard/bowl.md``. The floor the bowl stands on is the stage throughout: a flat map
while the partial derivative is named (its axes are the function's variables), the floor of the 3D bowl while the
bowl is cut by a plane and each cut's slope is read off, and the contour map again beside the table of steps. The
camera tilts once and comes back once; in between it stands still, so only what moves is redrawn (3D render time is
spent on the beats that need the bowl). The parts live in ``bowl_surface.py`` (the 3D beats) and ``bowl_table.py``
(the steps on the map and in the table).
"""

from __future__ import annotations

import numpy as np
from manim import (
    DOWN,
    LEFT,
    PI,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Create,
    DoubleArrow,
    GrowArrow,
    Indicate,
    LaggedStart,
    Line,
    ReplacementTransform,
    RoundedRectangle,
    Text,
    VGroup,
    Write,
)

from lessons.neural_networks.segments.bowl_surface import BowlSurface
from lessons.neural_networks.segments.bowl_table import BowlTable
from mathcore.descent import curvature
from mathcore.formula import latex
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import TITLE_LIFT, LessonScene3D
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.pulses import arrive
from scenes.kit.said import seconds_after
from scenes.kit.style import ENTER, FONT, GAP, MATH_DISPLAY, MATH_SIZE, NEAR, SMALL_SIZE, TITLE_SIZE
from scenes.kit.surface import ThroughCamera
from scenes.kit.tracked import built

# rendered whole: a range that starts after the camera's frame centre has moved draws the frame shifted
# (tests/test_split_render.py found it; the range render does not yet reproduce that camera state)
SEGMENT = segment("bowl", "Partial derivatives and descent in 3D", scene="Bowl", uses=("bowl", "network"), splits=False)

KNOBS = 8  # the soundboard's sliders
KNOB_PITCH = 1.1  # between the soundboard's tracks
KNOB_SPREAD = 2 * KNOB_PITCH  # between the closing's few sliders (one per variable)
TRACK_LENGTH = 2.8
TRACK_WIDTH = 6  # stroke
KNOB_SIZE = (0.5, 0.25)  # a knob's width and height
KNOB_START = (0.2, 0.8)  # where along its track a knob starts: anywhere but the ends
KNOB_CORNER = 0.06
KNOB_TURN = 0.6  # how far a knob may move when the board is turned at random
KNOB_NUDGE = 0.8  # how far the one knob we turn moves
SLIDE = 0.9  # how far the one slider of a 1D valley slides left and right
DIM = 0.25  # the opacity of the knobs we leave alone
COMPASS = 8  # directions drawn from a point when "which direction" is asked
COMPASS_LENGTH = 0.9
COMPASS_SHORTEST = 0.2  # a start at the map's very edge still shows its arrows
ARROW_STROKE = 4


def knob(theme, track_length: float = TRACK_LENGTH) -> VGroup:
    """A slider: a vertical track and its knob, in the middle."""
    track = Line(DOWN * track_length / 2, UP * track_length / 2, color=theme.grid, stroke_width=TRACK_WIDTH)
    cap = RoundedRectangle(width=KNOB_SIZE[0], height=KNOB_SIZE[1], corner_radius=KNOB_CORNER,
                           fill_color=theme.text, fill_opacity=1, stroke_width=0)
    return VGroup(track, cap)


class Bowl(ThroughCamera, BowlSurface, BowlTable, LessonScene3D):
    NARRATION = (
        ("one_d", "Now you understand the core engine. But so far, our valley only has {@one}one dimension: "
                  "we can only move {@left}left or {@right}right."),
        ("soundboard", "A real neural network is like a massive {@board}soundboard with millions of knobs. "
                       "How do you find the steepest downhill path when {@downhill}downhill is in a million "
                       "directions?"),
        ("dont", "The answer is surprisingly elegant. You {@dont}don't."),
        ("each", "Instead, you figure out the slope for {@each}each knob individually, as if it were the "
                 "{@only}only one you were turning."),
        ("partial", "This is the partial derivative. When a function has {@several}several variables, we say "
                    "{@which}which direction we mean."),
        ("direction", "The slope in the {@var}{var} direction only."),
        ("bowl", "Let's {@upgrade}upgrade our valley to 3D. {surface}"),
        ("rule", "Here is the one magic rule: to find the partial derivative with respect to {@one}one variable, "
                 "treat all {@other}other variables as if they were {@constant}constant numbers."),
        ("freeze", "Pretend {@frozen}{frozen} is frozen. {@const}{constants} becomes a constant, and constants "
                   "{@vanish}disappear when we take derivatives."),
        ("remains", "Only {@remains}{remaining} remains, so the partial derivative is {@answer}{answer}."),
        ("upgrade", "Our algorithm gets a simple upgrade: {@rules}one update rule for each variable, applied at the "
                    "{@same}same time."),
        ("navigate", "Let's navigate {shape}. {@start}Start at {start}, learning rate {@eta}η = {eta}. "
                     "The initial {@error}error is f{start} = {f0}."),
        ("fly", "Watch the algorithm roll down the surface."),
        ("row", "Iteration {i}: the {@slopes}slopes are {grads}, so we {@step}step to {new}."),
        ("first", "In the first step, {moves}, {effect}."),
        ("careful", "{later}"),
        ("scale", "We treat every weight as its own {@knob}knob, find its {@partial}partial derivative, and "
                  "{@nudge}nudge it. Scale this up from a few knobs to {@millions}millions, and you have modern "
                  "machine learning."),
    )

    def shape_name(self) -> str:
        """ "the bowl" only when the formula curves up in every direction (mathcore's curvature fact)."""
        shape = curvature(self.params.bowl.function)
        return "the bowl" if shape is not None and shape.bowl else "the surface"

    def paced(self, key: str, mark: str | None = None, share: float = 1.0, **facts: object) -> float:
        """Seconds an animation starting at ``mark`` may take and still end before line ``key`` does (``share`` of
        the time the voice leaves after the word: the steps walk while their numbers are read)."""
        return seconds_after(self, key, mark, share, **facts)

    def construct(self) -> None:
        self.lay_out()
        self.soundboard()
        self.partial_notation()
        self.surface_beats()
        self.steps_beats()
        self.every_knob()

    # ---- one knob at a time -------------------------------------------------
    def board(self, count: int, area: regions.Region) -> VGroup:
        """``count`` sliders side by side in ``area``, knobs at random heights (decoration: the network's seed)."""
        rng = np.random.default_rng(self.params.network.seed)
        sliders = VGroup(*(knob(self.theme) for _ in range(count))).arrange(RIGHT, buff=KNOB_PITCH - KNOB_SIZE[0])
        for slider in sliders:
            slider[1].move_to(slider[0].point_from_proportion(rng.uniform(*KNOB_START)))
        return area.place(sliders)

    def soundboard(self) -> None:
        self.title("One knob at a time")
        knobs = self.board(KNOBS, regions.stage())
        rng = np.random.default_rng(self.params.network.seed + 1)
        first = knobs[0]
        one = knob(self.theme).rotate(-PI / 2).move_to(regions.stage().center)  # the 1D valley's one slider
        one[1].rotate(PI / 2)
        ways = DoubleArrow(one[0].get_start(), one[0].get_end(), color=self.theme.muted, buff=0,
                           stroke_width=ARROW_STROKE).next_to(one, DOWN, buff=NEAR)
        self.beat("one_d", FadeIn(one), at={  # nothing left holding the slider: it becomes the first track
            "one": GrowArrow(ways),
            # each built now, from the middle where the knob stands: to the left end, then across to the right end
            "left": built(one[1].animate.shift(LEFT * SLIDE)),
            "right": built(one[1].animate(run_time=1.5).shift(RIGHT * SLIDE)),
        })
        # each word's mobjects on the scene from its word (the knobs that "downhill" turns are not there before)
        self.beat("soundboard", FadeOut(ways), run_time=0.5, at={
            "board": AnimationGroup(
                ReplacementTransform(one, first, path_arc=PI / 2, run_time=1.5),  # turns upright: the first track
                LaggedStart(*(FadeIn(k, shift=UP * ENTER) for k in knobs[1:]), lag_ratio=0.15, run_time=2)),
            "downhill": AnimationGroup(*(k[1].animate(run_time=2).shift(UP * rng.uniform(-KNOB_TURN, KNOB_TURN))
                                         for k in knobs)),
        })
        arrows = VGroup(*(DoubleArrow(k[1].get_top() + UP * KNOB_TURN, k[1].get_bottom() + DOWN * KNOB_TURN,
                                      buff=0, color=self.theme.blame, stroke_width=ARROW_STROKE)
                          .next_to(k[0], RIGHT, buff=NEAR) for k in knobs))
        self.beat("dont", FadeIn(arrows, lag_ratio=0.1, run_time=1.2), at={"dont": FadeOut(arrows, run_time=0.8)})
        chosen = knobs[2]
        others = [k for k in knobs if k is not chosen]
        self.beat("each", at={
            "each": LaggedStart(*(Indicate(k[1], color=self.theme.weight) for k in knobs), lag_ratio=0.25,
                                run_time=2),
            "only": [*(k.animate(run_time=1).set_opacity(DIM) for k in others),
                     chosen[1].animate(run_time=1.5).set_color(self.theme.weight).shift(DOWN * KNOB_NUDGE)],
        })
        self.play(FadeOut(knobs), run_time=0.5)

    # ---- the partial derivative, on the flat floor ---------------------------
    def partial_notation(self) -> None:
        bowl = self.params.bowl.function
        self.title("The partial derivative")
        symbols = [latex(s) for s in bowl.symbols]
        several = self.math("f(", symbols[0], ",", symbols[1], ")", size=MATH_DISPLAY)
        self.room.place(several, UP)
        floor = self.floor_map
        start = self.floor.floor(*(float(v) for v in self.run.start))
        box = self.map_box  # the arrows stay on the map, however near its edge the start lies
        room = min(start[0] - box.left, box.right - start[0], start[1] - box.bottom, box.top - start[1])
        length = max(min(COMPASS_LENGTH, room), COMPASS_SHORTEST)
        compass = VGroup(*(Arrow(start, start + length * np.array([np.cos(a), np.sin(a), 0.0]), buff=0,
                                 color=self.theme.muted, stroke_width=ARROW_STROKE)
                           for a in np.linspace(0, 2 * PI, COMPASS, endpoint=False)))
        self.beat("partial", Write(several), FadeIn(floor.panel), at={
            "several": [Create(floor.axes, run_time=1.5), FadeIn(floor.labels, run_time=1.5),
                        Indicate(several[1], color=self.theme.weight), Indicate(several[3], color=self.theme.weight)],
            "which": [FadeIn(self.floor_dot, run_time=0.5), *(GrowArrow(a, run_time=1.2) for a in compass)],
        })
        rows = VGroup()
        for name, symbol in zip(bowl.variables, symbols):
            rows.add(VGroup(self.math(rf"\frac{{\partial f}}{{\partial {symbol}}}", size=MATH_DISPLAY,
                                      color=self.theme.weight),
                            self.words(f"slope in the {name} direction only", SMALL_SIZE, self.theme.muted)
                            ).arrange(RIGHT, buff=GAP))
        regions.Region(self.room.left, self.room.bottom, self.room.right, several.get_bottom()[1] - GAP).place(
            rows.arrange(DOWN, buff=GAP, aligned_edge=LEFT), UP)
        along = [compass[0], compass[COMPASS // 4]]  # +x1 and +x2
        rest = [a for a in compass if not any(a is b for b in along)]
        for index, (name, row) in enumerate(zip(bowl.variables, rows)):
            lit = along[index]
            before = [FadeOut(VGroup(*rest), run_time=0.5)] if index == 0 else [
                along[index - 1].animate(run_time=0.5).set_color(self.theme.muted)]
            self.beat("direction", *before, at={"var": [FadeIn(row, shift=UP * ENTER),
                                                        lit.animate.set_color(self.theme.weight)]}, var=name)
        self.partial_rows = VGroup(several, rows, *along)

    # ---- every knob at once (the closing) -------------------------------------
    def every_knob(self) -> None:
        """Each variable a knob: its partial derivative read from the table, its nudge; then millions of them."""
        bowl, run = self.params.bowl.function, self.run
        first = run.step(0)
        symbols = [latex(s) for s in bowl.symbols]
        box = self.map_box
        sliders = VGroup(*(knob(self.theme) for _ in symbols)).arrange(RIGHT, buff=KNOB_SPREAD)
        box.place(sliders)
        names = VGroup(*(self.math(s, size=MATH_SIZE, color=self.theme.weight).next_to(k, DOWN, buff=NEAR)
                         for s, k in zip(symbols, sliders)))
        def height(slider, value: float, reach: tuple[float, float]) -> np.ndarray:
            """The knob's place on its track: the variable's value within the floor's range of it."""
            track, (lo, hi) = slider[0], reach
            share = (float(np.clip(value, lo, hi)) - lo) / (hi - lo)
            return track.get_start() + (track.get_end() - track.get_start()) * share

        for slider, value, reach in zip(sliders, first.point, self.floor.ranges):
            slider[1].move_to(height(slider, float(value), reach))
        cells = [self.table.get_entries((2, 5 + i)) for i in range(len(symbols))]  # row 0's gradient cells
        readings = VGroup(*(self.words(cell.text, SMALL_SIZE, self.theme.blame).next_to(k, RIGHT, buff=NEAR)
                            for cell, k in zip(cells, sliders)))
        nudges = [k[1].animate(run_time=1.5).move_to(height(k, float(v), reach))
                  for k, v, reach in zip(sliders, first.new_point, self.floor.ranges)]
        retitle = self.retitle("Every knob at once")
        many = self.board(KNOBS * 2, regions.stage())
        # the whole map (some of its parts sit inside the groups earlier animations left on screen: fading the
        # group takes them out of those too)
        self.beat("scale", *retitle, FadeOut(self.map_group), run_time=1, at={  # each from its word
            "knob": AnimationGroup(FadeIn(sliders, lag_ratio=0.3, run_time=1), FadeIn(names, run_time=1)),
            "partial": AnimationGroup(*(arrive(c, r, run_time=1.2) for c, r in zip(cells, readings))),
            "nudge": AnimationGroup(*nudges),
            "millions": AnimationGroup(
                FadeOut(VGroup(self.table, readings, names), run_time=0.8),
                ReplacementTransform(sliders, VGroup(*many[:2]), run_time=1.5),
                LaggedStart(*(FadeIn(k, shift=UP * ENTER) for k in many[2:]), lag_ratio=0.1, run_time=2)),
        })
        self.play(FadeOut(VGroup(sliders, *many[2:], self._title)), run_time=0.5)
        self._title = None

    def retitle(self, text: str) -> list:
        """A new slide title as animations inside a beat (the kit's ``title`` plays its own, between beats)."""
        new = regions.title().place(Text(text, font=FONT, font_size=TITLE_SIZE, color=self.theme.text, weight="BOLD"))
        old, self._title = self._title, new
        return [FadeOut(old, shift=UP * TITLE_LIFT), FadeIn(new, shift=UP * TITLE_LIFT)] if old else [Write(new)]

    def lay_out(self) -> None:
        """Where everything goes, from the run and the table (the table's width decides the map's)."""
        self.prepare_steps()
        self.prepare_floor()
