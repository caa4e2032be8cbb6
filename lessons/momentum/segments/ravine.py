"""The race in two directions: plain gradient descent's path, then the heavy ball's, over the ground's contours.

The contour lines are the heights of plain gradient descent's first points; each path is drawn step by step
while its line is said, a dot at its head. Counts, zig-zags and the verdict are mathcore's (the [ravine] table).
"""

from __future__ import annotations

import numpy as np
from manim import (
    RIGHT,
    UP,
    Arrow,
    Axes,
    Create,
    Dot,
    GrowArrow,
    ImplicitFunction,
    Indicate,
    Line,
    MoveAlongPath,
    VGroup,
    VMobject,
)

from scenes.authoring import FadeIn, LessonScene, fmt, phrases, regions, seconds_after, segment
from scenes.kit.fades import FadeOut

from . import words

SEGMENT = segment("ravine", "The heavy ball in a ravine", scene="Ravine", uses=("ravine",))

MARGIN = 0.15  # of each range, shown beyond the points either path visits
LEVELS = (1, 2, 3, 5, 8)  # which of plain gradient descent's points give the contour lines' heights
PATH_STROKE = 4
DOT_RADIUS = 0.09
WALK_SHARE = 0.8  # of the time left in its line, a path takes to draw
ARROW = 2.0  # the steeper slope's arrow on screen; the other is as long as its slope is to that (downhill, each)
ARROW_SHORTEST = 0.35  # an arrow never shorter than this, so a gentle slope still shows its direction


class Ravine(LessonScene):
    NARRATION = (
        ("ground", "Now the ground has two directions: f({names}) = {formula}. Both start at {@start}({start}), "
                   "with η = {eta}."),
        ("slopes", "At the start the slope {@across}across, along {y}, is {g_across}; {@along}along {x}, it is "
                   "{g_along}."),
        ("first", "So plain gradient descent's first step moves {y} from {y0} to {y1}, {where}."),
        ("plain", "Plain gradient descent {@walk}{across}, and it {took}."),
        ("heavy", "The heavy ball {@walk}{across}, and {verdict}."),
        ("why", "{why}"),
    )

    def construct(self) -> None:
        table = self.table("ravine")
        race, f = table.race(), table.function
        if len(table.variables) != 2:
            raise ValueError("the ravine draws a function of two variables")
        points = [p for run in (race.plain, race.heavy) for p in run.points]
        self.title("A ravine")
        axes = self.axes(points)
        numeric = f.numeric
        heights = sorted({float(numeric(*race.plain.points[i])) for i in LEVELS if i < len(race.plain.points)})
        x_range, y_range = axes.x_range[:2], axes.y_range[:2]
        contours = VGroup(*(
            ImplicitFunction(lambda x, y, h=h: float(numeric(*axes.point_to_coords([x, y, 0])[:2])) - h,
                             x_range=[axes.c2p(x_range[0], 0)[0], axes.c2p(x_range[1], 0)[0]],
                             y_range=[axes.c2p(0, y_range[0])[1], axes.c2p(0, y_range[1])[1]],
                             color=self.theme.curve, stroke_width=2)
            for h in heights))
        start = ", ".join(fmt(c, 3, trim=True) for c in race.plain.points[0])
        dot = self.dot(axes, race.plain.points[0], self.theme.muted)
        self.beat("ground", Create(axes), Create(contours, lag_ratio=0.2), at={"start": FadeIn(dot)},
                  names=", ".join(table.variables), formula=phrases.formula(table.formula), start=start,
                  eta=phrases.number(table.learning_rate, 6))
        partials = [f.numeric_partial(v) for v in table.variables]
        g = [float(d(*race.plain.points[0])) for d in partials]
        corner = axes.c2p(*race.plain.points[0])
        largest = max(abs(v) for v in g) or 1.0
        arrows = [Arrow(corner, corner + max(ARROW_SHORTEST, ARROW * abs(g[i]) / largest) * np.sign(-g[i]) *
                        (RIGHT if i == 0 else UP), buff=0, color=self.theme.blame) for i in (1, 0)]
        self.beat("slopes", at={"across": GrowArrow(arrows[0]), "along": GrowArrow(arrows[1])},
                  x=table.variables[0], y=table.variables[1], g_across=phrases.number(g[1]),
                  g_along=phrases.number(g[0]))
        y0, y1 = race.plain.points[0][1], race.plain.points[1][1]
        where = words.then(race.plain, 1)
        first = Line(axes.c2p(*race.plain.points[0]), axes.c2p(*race.plain.points[1]), color=self.theme.muted,
                     stroke_width=PATH_STROKE)
        self.beat("first", FadeOut(VGroup(*arrows)), Create(first), y=table.variables[1],
                  y0=phrases.number(y0), y1=phrases.number(y1), where=where)
        self.remove(first)
        for key, run, colour, verdict in (("plain", race.plain, self.theme.muted, None),
                                          ("heavy", race.heavy, self.theme.dot, words.verdict(race.heavy, race.plain))):
            path = VMobject(color=colour, stroke_width=PATH_STROKE).set_points_as_corners(
                [axes.c2p(*p) for p in run.points])
            facts = {"across": words.across(run, 1), **({"took": words.took(run)} if verdict is None else
                                                        {"verdict": verdict})}
            walking = seconds_after(self, key, "walk", WALK_SHARE, **facts)
            ball = dot if key == "plain" else self.dot(axes, run.points[0], colour)
            self.beat(key, *([] if key == "plain" else [FadeIn(ball)]),
                      at={"walk": [Create(path, run_time=walking), MoveAlongPath(ball, path, run_time=walking)]},
                      **facts)
            if key == "plain":
                self.quick(FadeOut(ball), run_time=0.3)
            else:
                heavy_path = path
        self.beat("why", at={"push": Indicate(heavy_path, color=self.theme.dot, scale_factor=1.0)},
                  why=words.why(race.plain, race.heavy))

    def axes(self, points) -> Axes:
        """Axes over every point both paths visit, with MARGIN to spare, fitted to the stage."""
        spans = []
        for i in range(2):
            low, high = min(p[i] for p in points), max(p[i] for p in points)
            pad = MARGIN * (high - low or 1)
            spans.append((low - pad, high + pad))
        stage = regions.stage()
        widths = [high - low for low, high in spans]
        unit = min(stage.width / widths[0], stage.height / widths[1])  # one scale both ways: the ground's true shape
        axes = Axes(x_range=[*spans[0], widths[0] / 4], y_range=[*spans[1], widths[1] / 4],
                    x_length=unit * widths[0], y_length=unit * widths[1], tips=False,
                    axis_config={"color": self.theme.muted, "include_ticks": False})
        stage.place(axes)
        return axes

    def dot(self, axes, point, colour):
        return Dot(axes.c2p(*point), radius=DOT_RADIUS, color=colour)
