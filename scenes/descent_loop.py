"""Segment 2, the descent loop: the pseudocode, and the foggy valley it describes."""

from __future__ import annotations

from manim import DL, LEFT, RIGHT, UP, Create, Indicate, MoveToTarget, Rectangle, ReplacementTransform, VGroup

from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.cards import algorithm_card, line_marker
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.plots import curve_axes, point_dot, tangent
from scenes.kit.style import BODY_SIZE, ENTER
from scenes.kit.theme import Theme

FOG_COLUMNS = 24
FOG_OVERLAP = 1.02  # each band of fog a little wider than its column: no seams between them
PANELS = (2, 3)  # the card's share of the stage beside the valley's
WALKED = 8  # the steps the walker takes on screen
MARGIN = 1.0  # of x, shown beyond the walker's steps on each side
FEEL_WIDTH = 0.6  # of x, on each side of your feet: the slope you feel


def descent_card(theme: Theme, steps: int) -> VGroup:
    """The one-variable algorithm card (its step count from the lesson parameters)."""
    return algorithm_card(
        theme,
        "INPUT: function f(x)\n"
        "OUTPUT: argmin_x f(x)\n"
        f"FOR {steps} iterations:\n"
        "    gradient = f'(x)\n"
        "    x = x - η × gradient\n"
        "RETURN x",
        title="Gradient descent",
    )


class DescentLoop(LessonScene):
    NARRATION = (
        ("code", "Alright, let's get straight to the code."),
        ("heart", "This tiny loop right here is the beating heart of every single AI system you have ever "
                  "heard of."),
        ("all", "ChatGPT, Midjourney, self-driving cars... they all run on this exact logic."),
        ("error", "Every neural network is trying to get better by minimizing its error: the gap between "
                  "its guess and the right answer."),
        ("engine", "This algorithm is the engine that drives that error down to zero."),
        ("fog", "The intuition is dead simple. Remember that foggy hill? You're lost, you need to get to the "
                "bottom of the valley, but you can only see your own two feet."),
        ("map", "What do you do? You don't need to see the whole map. You just:"),
        ("feel", "One. Feel the slope right where you're standing."),
        ("step", "Two. Take a small step in the steepest downhill direction."),
        ("repeat", "Three. Repeat."),
        ("that", "That's it. That's gradient descent."),
        ("again", "You just feel the slope, take a step, and do it again and again until you reach the "
                  "bottom where the ground is flat."),
        ("math", "Our algorithm does the exact same thing, but with math."),
    )

    def construct(self) -> None:
        self.show_card()
        self.foggy_valley()

    def show_card(self) -> None:
        self.title("The loop at the heart of AI")
        card = regions.stage().place(descent_card(self.theme, self.params.valley.steps))
        self.beat("code", FadeIn(card, shift=UP * ENTER))
        self.beat("heart", Indicate(card, color=self.theme.dot, scale_factor=1.03))
        names = self.bullets(["ChatGPT", "Midjourney", "self-driving cars"], BODY_SIZE, self.theme.muted)
        regions.stage().right_of(card).place(names, LEFT)
        self.beat("all", FadeIn(names, shift=LEFT * ENTER))
        self.beat("error", FadeOut(names))
        self.beat("engine")
        self.card = card

    def foggy_valley(self) -> None:
        valley = self.params.valley
        run = valley.run()
        left, right = regions.panels(*PANELS)
        self.card.generate_target()
        left.place(self.card.target)
        self.quick(MoveToTarget(self.card))
        ((low, high),) = run.bounds(WALKED)  # both sides of the valley, widened to the walker's first steps
        span = abs(float(run.start[0])) + MARGIN
        axes, curve = curve_axes(self.theme, valley.function.numeric,
                                 (min(-span, low - MARGIN), max(span, high + MARGIN)),
                                 width=right.width, height=right.height)
        right.place(VGroup(axes, curve))
        fog = self.fog_over(axes)
        step = run.step(0)
        walker = point_dot(axes, float(step.point[0]), float(step.value), self.theme.dot).set_z_index(3)
        self.beat("fog", Create(axes), Create(curve), FadeIn(fog), FadeIn(walker))
        self.beat("map")
        marker = line_marker(self.card, 3, self.theme.dot)
        feel = tangent(axes, float(step.point[0]), float(step.value), float(step.gradient[0]), self.theme.blame,
                       FEEL_WIDTH)
        feel.set_z_index(3)
        self.beat("feel", Create(marker), Create(feel))
        new_marker = line_marker(self.card, 4, self.theme.dot)
        after = point_dot(axes, float(step.new_point[0]), float(run.step(1).value), self.theme.dot)
        self.beat("step", ReplacementTransform(marker, new_marker), FadeOut(feel),
                  walker.animate.move_to(after.get_center()), run_time=1.2)
        loop_marker = line_marker(self.card, 2, self.theme.good)
        self.beat("repeat", ReplacementTransform(new_marker, loop_marker))
        for s in run.steps[1:WALKED]:
            nxt = run.steps[s.iteration + 1]
            self.play(walker.animate.move_to(axes.c2p(float(s.new_point[0]), float(nxt.value))), run_time=0.35)
        self.beat("that", FadeOut(fog), Indicate(walker, color=self.theme.good))
        self.beat("again")
        self.beat("math", FadeOut(loop_marker))

    def fog_over(self, axes) -> VGroup:
        """Bands of fog over the plot's box (from its coordinates: the axes may have been shrunk to fit): what
        lies away from your feet is hidden."""
        (x_min, x_max), (y_min, y_max) = axes.x_range[:2], axes.y_range[:2]
        low, high = axes.c2p(x_min, y_min), axes.c2p(x_max, y_max)
        width = (high[0] - low[0]) / FOG_COLUMNS
        return VGroup(*(
            Rectangle(width=width * FOG_OVERLAP, height=high[1] - low[1], fill_color=self.theme.background,
                      fill_opacity=0.82, stroke_width=0).move_to(low + RIGHT * width * i, aligned_edge=DL)
            for i in range(FOG_COLUMNS)
        )).set_z_index(2)
