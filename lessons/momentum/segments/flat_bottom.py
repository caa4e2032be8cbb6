"""The race on one curve: plain gradient descent, then the heavy ball, from the same start.

Plain steps are the slope alone, so they shrink where the ground flattens; the heavy ball keeps part of its
velocity (v <- beta v - eta f'(x), x <- x + v) and rolls on. Both walkers walk every step they take, and the
counts and the verdict are mathcore's (the [flat] table).
"""

from __future__ import annotations

from manim import DOWN, Create, Dot, Indicate, VGroup, Write

from scenes.authoring import (
    GAP,
    MATH_SIZE,
    FadeIn,
    FadeOut,
    LessonScene,
    Walker,
    curve_axes,
    fmt,
    on_axes,
    phrases,
    regions,
    seconds_after,
    segment,
    tangent_line,
)

from . import words

SEGMENT = segment("flat-bottom", "The heavy ball on a curve", scene="FlatBottom", uses=("flat",))

MARGIN = 0.5  # of x, shown beyond the points either walk visits
WALK_SHARE = 0.8  # of its line's reading time, a walk takes (it ends before the line does)
MARK_RADIUS = 0.08  # the point whose slope is read
FAR_RADIUS = 0.12  # the farthest point the heavy ball rolls past its end
PANELS = (3, 2)  # the plot's share of the stage beside the update rule's column
TRAIL_RADIUS = 0.05  # each place a walker stood


class FlatBottom(LessonScene):
    NARRATION = (
        ("ground", "Here is our ground: f(x) = {formula}. Both start at {@start}x = {start}, with learning rate "
                   "η = {eta}."),
        ("plain", "Plain gradient descent {@walk}steps by the slope alone: {shrink}, and it {took}."),
        ("near", "Look at step {k}: at x = {x} the {@slope}slope is {slope}, so the step moves x by only {step}."),
        ("rule", "A heavy ball keeps {@keep}{share} of its velocity from step to step, and adds the slope's new "
                 "push."),
        ("sum", "So its velocity holds every push so far, each one shrunk by {@beta}β once for every step since: "
                "pushes that point the same way add up."),
        ("heavy", "Rolling on, the heavy ball {@walk}{verdict}."),
        ("trail", "Here is {@trail}where each one stood, step after step: the largest step of the heavy ball is "
                  "{heavy_max}, and of plain gradient descent, {plain_max}."),
        ("past", "{past}"),
    )

    def construct(self) -> None:
        table = self.table("flat")
        race, f = table.race(), table.function
        xs = [p[0] for run in (race.plain, race.heavy) for p in run.points]
        self.title("The heavy ball")
        plot, column = regions.panels(*PANELS)
        axes, curve = curve_axes(self.theme, f.numeric, (min(xs) - MARGIN, max(xs) + MARGIN), width=plot.width,
                                 height=plot.height)
        plot.place(VGroup(axes, curve))
        slope = f.numeric_partial(table.variables[0])
        plain = Walker(axes, f.numeric, slope, race.plain.points[0][0], self.theme.muted, self.theme.blame)
        heavy = Walker(axes, f.numeric, slope, race.heavy.points[0][0], self.theme.dot, self.theme.blame)
        self.beat("ground", Create(axes), Create(curve), at={"start": FadeIn(plain.dot)},
                  formula=phrases.formula(table.formula), start=fmt(race.plain.points[0][0], 3, trim=True),
                  eta=phrases.number(table.learning_rate, 6))
        facts = {"shrink": words.shrink(race.plain), "took": words.took(race.plain)}
        walking = seconds_after(self, "plain", "walk", WALK_SHARE, **facts)
        self.beat("plain", at={"walk": plain.walk([p[0] for p in race.plain.points[1:]], walking)}, **facts)
        k = len(race.plain.points) // 3  # a step well on the way: where the ground has begun to flatten
        x_k = race.plain.points[k][0]
        slope_k = float(slope(x_k))
        touch = tangent_line(axes, x_k, float(f.numeric(x_k)), slope_k, self.theme.blame)
        mark = Dot(on_axes(axes, x_k, float(f.numeric(x_k))), radius=MARK_RADIUS, color=self.theme.blame)
        self.beat("near", FadeIn(mark), at={"slope": Create(touch)}, k=k, x=phrases.number(x_k),
                  slope=phrases.number(slope_k), step=phrases.number(race.learning_rate * abs(slope_k)))
        self.quick(FadeOut(mark), FadeOut(touch), run_time=0.4)
        rule = self.math(r"v \leftarrow", r"\beta", r"v - \eta f'(x)", size=MATH_SIZE)
        step = self.math(r"x \leftarrow x + v", size=MATH_SIZE)
        beta = self.math(rf"\beta = {fmt(race.momentum, 3, trim=True)}", size=MATH_SIZE, color=self.theme.dot)
        column.place(VGroup(rule, step, beta).arrange(DOWN, buff=GAP))
        self.beat("rule", Write(rule), Write(step), FadeIn(beta), FadeIn(heavy.dot),
                  at={"keep": Indicate(rule[1], color=self.theme.dot)},
                  share=phrases.number(race.momentum * 100, 1) + "%")
        self.beat("sum", at={"beta": Indicate(VGroup(rule[1], beta), color=self.theme.dot)})
        facts = {"verdict": words.verdict(race.heavy, race.plain)}
        walking = seconds_after(self, "heavy", "walk", WALK_SHARE, **facts)
        self.beat("heavy", at={"walk": heavy.walk([p[0] for p in race.heavy.points[1:]], walking)}, **facts)
        trails = VGroup(*(VGroup(*(Dot(on_axes(axes, p[0], float(f.numeric(p[0]))), radius=TRAIL_RADIUS,
                                       color=colour) for p in run.points))
                          for run, colour in ((race.plain, self.theme.muted), (race.heavy, self.theme.dot))))
        self.beat("trail", at={"trail": [FadeIn(t, lag_ratio=0.02, run_time=2) for t in trails]},
                  heavy_max=phrases.number(words.largest_step(race.heavy)),
                  plain_max=phrases.number(words.largest_step(race.plain)))
        far = words.farthest_past(race.heavy)
        marker = Dot(on_axes(axes, far, float(f.numeric(far))), radius=FAR_RADIUS, color=self.theme.dot) \
            if far is not None else VGroup()
        self.beat("past", at={"far": Indicate(marker, color=self.theme.dot)} if far is not None else {},
                  past=words.past(race.heavy, far))
