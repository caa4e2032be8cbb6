"""Segment 4, local minima: same algorithm, different starts, different valleys."""

from __future__ import annotations

from manim import (
    DOWN,
    UP,
    Arrow,
    Create,
    Indicate,
    MoveAlongPath,
    TracedPath,
    VGroup,
    VMobject,
    Write,
)

from mathcore import fmt
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.frames import framed
from scenes.kit.plots import curve_axes, on_axes, point_dot
from scenes.kit.style import BODY_SIZE, ENTER, GAP, LEAD_SIZE, SMALL_SIZE, TIGHT

PLOT_SHARE = 0.7  # of the stage's width: the landscape, with room beside it for its labels
PLOT_AND_LABELS = (4, 1)  # heights: the landscape, and the band under it for its minima's labels
LABEL_DROP = 0.6  # from a minimum down to the top of its label (clear of the curve)


def short(value) -> str:
    return fmt(value, 3, trim=True)


class LocalMinima(LessonScene):
    NARRATION = (
        ("twist", "But... here comes the plot twist. Gradient descent has tunnel vision."),
        ("feet", "It only sees the slope directly under its feet. What if the landscape isn't a simple valley?"),
        ("global", "{label}."),
        ("local", "A local minimum."),
        ("start", "If you start at x = {x}..."),
        ("arrive", "{arrival}"),
        ("same", "{moral}"),
        ("question", "This raises a terrifying question. A neural network has millions of parameters, creating "
                     "an error landscape with billions of traps. How could this work for {model}?"),
        ("answer", "Here's the surprising, almost unbelievable answer: for huge neural networks, it almost "
                   "doesn't matter."),
        ("luck", "Most local minima are pretty good solutions, and truly bad traps are incredibly rare."),
        ("why", "It's one of the luckiest coincidences in the history of AI, and we're still trying to fully "
                "understand why. Empirically, gradient descent just... works."),
    )

    def construct(self) -> None:
        self.show_landscape()
        self.run_descents()
        self.luck_of_high_dimensions()

    def show_landscape(self) -> None:
        params = self.params.local_minima
        function = params.function
        self.landscape = landscape = params.landscape()
        low, high = landscape.low, landscape.high
        self.minima = landscape.minima
        self.title("Tunnel vision")
        formula = self.math(rf"f(x) = {function.latex}")
        regions.stage().place(formula, UP)
        plot, _ = regions.stage().below(formula).rows(*PLOT_AND_LABELS)  # the band under it: the minima's labels
        axes, curve = curve_axes(self.theme, function.numeric, (low, high), width=plot.width * PLOT_SHARE,
                                 height=plot.height)
        plot.place(VGroup(axes, curve))
        self.beat("twist", Create(axes), Create(curve))
        self.beat("feet", Write(formula))
        self.axes = axes
        for key, is_global, color in (("global", True, self.theme.good), ("local", False, self.theme.blame)):
            for minimum in (m for m in self.minima if m.is_global == is_global):
                point = axes.c2p(minimum.x, minimum.value)
                text = wording.deepest(self.landscape) if is_global else "A local minimum"
                label = self.words(text, SMALL_SIZE, color).next_to(point, DOWN, buff=LABEL_DROP)
                arrow = Arrow(label.get_top(), point, buff=TIGHT, color=color, stroke_width=3)
                self.beat(key, FadeIn(label), Create(arrow), label=text.capitalize())

    def run_descents(self) -> None:
        axes = self.axes
        steps = self.params.local_minima.steps
        for index, where in enumerate(self.landscape.arrivals):
            run, color = where.run, self.theme.runs[index % len(self.theme.runs)]
            points = [on_axes(axes, float(s.point[0]), float(s.value)) for s in run.steps]
            if run.final_value is not None:
                points.append(on_axes(axes, float(run.final_point[0]), float(run.final_value)))
            dot = point_dot(axes, float(run.start[0]), float(run.steps[0].value), color)
            self.beat("start", FadeIn(dot, scale=1.5), x=short(run.start[0]))
            path = VMobject().set_points_as_corners(points)
            trace = TracedPath(dot.get_center, stroke_color=color, stroke_width=3)
            self.add(trace)
            self.quick(MoveAlongPath(dot, path), run_time=2.5)
            self.beat("arrive", Indicate(dot, color=self.theme.good if where.outcome == "global" else self.theme.blame),
                      arrival=wording.arrival(where, steps, self.landscape))
        self.beat("same", moral=wording.arrivals_compared(self.landscape))

    def luck_of_high_dimensions(self) -> None:
        self.clear_slide()
        self.title("The surprising luck of high dimensions")
        model = self.params.scale.large_model
        question = self.words(f"How could this work for {model}?", LEAD_SIZE)
        answer = self.words("…it almost doesn't matter.", LEAD_SIZE, self.theme.dot)
        card = self.bullets(["✓ Most “local minima” are pretty good solutions",
                             "✓ Truly bad traps are incredibly rare"], BODY_SIZE, self.theme.good)
        group = framed(card, self.theme.muted, self.theme.panel, pad=GAP)
        regions.stage().place(VGroup(question, answer, group).arrange(DOWN, buff=GAP))  # laid out once, shown in turn
        self.beat("question", FadeIn(question), model=model)
        self.beat("answer", FadeIn(answer))
        self.beat("luck", FadeIn(group, shift=UP * ENTER))
        self.beat("why")
        self.play(*(FadeOut(m) for m in (question, answer, group)), run_time=0.6)
