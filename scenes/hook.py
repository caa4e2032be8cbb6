"""Segment 1, the hook: the network as a black box, and the two ideas that open it."""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    Arrow,
    Create,
    Indicate,
    LaggedStart,
    Rectangle,
    RoundedRectangle,
    VGroup,
    Write,
)

from scenes.kit.base import LessonScene
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.plots import curve_axes, point_dot
from scenes.kit.text import fit

ICON_BOXES = 4  # the most steps of the blame story the hook's miniature draws


class Hook(LessonScene):
    NARRATION = (
        ("tried", "You've tried to understand how neural networks actually learn, right?"),
        ("drowning", "You open a textbook... you click on a video... and within minutes, you're drowning."),
        ("jargon", "Stochastic Gradient Descent!"),
        ("box", "It feels like an impossibly complex black box. A machine that just... performs magic."),
        ("accept", "And you're told to just accept that it works."),
        ("secret", "Here's the secret: you've been taught this the wrong way around."),
        ("engine", "The entire engine that powers all of modern AI is built on just a few simple, "
                   "incredibly intuitive ideas."),
        ("valley", "Idea number one: the valley. How do you find the bottom of a valley when you're stuck "
                   "in a thick fog?"),
        ("blame", "Idea number two: the blame game. How do you figure out who to blame when a team "
                  "project goes wrong?"),
        ("clicks", "Once you truly grasp these two concepts, all of that scary math suddenly clicks into place."),
        ("language", "It's not a barrier; it's just the language we use to describe a logic you already "
                     "understand."),
        ("promise", "So here's my promise: step by step, building the entire learning process from scratch. "
                    "No skipped steps. No magic."),
        ("aha", "You won't just know the buzzwords. You will finally get that 'Aha!' moment."),
    )

    def construct(self) -> None:
        self.network_as_black_box()
        self.two_ideas()
        self.promise()

    def network_as_black_box(self) -> None:
        graph = self.params.network.graph
        diagram = NetworkDiagram(self.theme, graph, hide=("Error", "y_true"), width=8, height=4.4,
                                 radius=0.5).shift(UP * 0.2)
        self.beat("tried", LaggedStart(*(Create(m) for m in diagram), lag_ratio=0.08), run_time=2.5)
        jargon = VGroup(
            self.words("∂E/∂w", 30, self.theme.muted).move_to(LEFT * 5 + UP * 2.6),
            self.words("backpropagation", 30, self.theme.muted).move_to(RIGHT * 4.6 + UP * 2.8),
            self.words("Hessian", 30, self.theme.muted).move_to(LEFT * 5.1 + DOWN * 2.1),  # clear of the shout below
            self.words("loss landscape", 30, self.theme.muted).move_to(RIGHT * 4.9 + DOWN * 2.1),
        )
        self.beat("drowning", LaggedStart(*(FadeIn(j, scale=1.4) for j in jargon), lag_ratio=0.3))
        shout = self.words("Stochastic Gradient Descent!", 48, self.theme.blame).move_to(DOWN * 3.1)
        self.beat("jargon", FadeIn(shout, scale=1.5))
        box = RoundedRectangle(width=diagram.width + 0.8, height=diagram.height + 0.8, corner_radius=0.2,
                               fill_color=self.theme.background, fill_opacity=1,
                               stroke_color=self.theme.muted).move_to(diagram)
        question = self.words("?", 120, self.theme.muted).move_to(box)
        # the box hides the network: it leaves the frame while the box stands in for it
        self.beat("box", FadeOut(jargon), FadeOut(shout), FadeOut(diagram), FadeIn(box), Write(question))
        self.beat("accept", Indicate(question, color=self.theme.blame))
        self.beat("secret", FadeOut(box), FadeOut(question), FadeIn(diagram))
        self.beat("engine", Indicate(diagram, color=self.theme.dot, scale_factor=1.05))
        self.play(FadeOut(diagram), run_time=0.6)

    def two_ideas(self) -> None:
        valley = self.idea_card("Idea #1: The Valley", self.valley_icon(), self.theme.good).shift(LEFT * 3.4)
        blame = self.idea_card("Idea #2: The Blame Game", self.blame_icon(), self.theme.blame).shift(RIGHT * 3.4)
        self.beat("valley", FadeIn(valley, shift=UP * 0.3))
        self.beat("blame", FadeIn(blame, shift=UP * 0.3))
        self.beat("clicks", Indicate(valley, color=self.theme.good, scale_factor=1.03), Indicate(blame,
                                                                                                 color=self.theme.blame,
                                                                                    scale_factor=1.03))
        self.beat("language")
        self.play(FadeOut(valley), FadeOut(blame), run_time=0.6)

    def idea_card(self, title: str, icon: VGroup, color: str) -> VGroup:
        panel = RoundedRectangle(width=6, height=5, corner_radius=0.25, fill_color=self.theme.panel, fill_opacity=1,
                                 stroke_color=color)
        heading = self.words(title, 30, color).next_to(panel.get_top(), DOWN, buff=0.4)
        icon.move_to(panel).shift(DOWN * 0.4)
        return VGroup(panel, heading, icon)

    def valley_icon(self) -> VGroup:
        valley = self.params.valley
        axes, curve = curve_axes(self.theme, valley.function.numeric, (-3, 3), width=4.2, height=2.6)
        axes.set_opacity(0)
        fog = Rectangle(width=4.6, height=1.4, fill_color=self.theme.muted, fill_opacity=0.25, stroke_width=0)
        fog.move_to(curve).shift(UP * 0.6)
        start = float(valley.start[0])
        walker = point_dot(axes, start, float(valley.function.at([valley.start[0]])), self.theme.dot)
        return VGroup(axes, curve, fog, walker)

    def blame_icon(self) -> VGroup:
        """The blame story in miniature: its causes, first to last, then what went wrong; blame flows up."""
        story = self.params.blame_story
        labels = [cause for cause, _ in reversed(story.links)] + [story.outcome]
        if len(labels) > ICON_BOXES:  # a long story: its first cause, a gap, and the last links, still readable
            labels = [labels[0], None, *labels[-(ICON_BOXES - 2):]]
        steps = [fit(self.words(label, 22), 4.8) if label else self.words("⋮", 22, self.theme.muted)
                 for label in labels]
        boxes = VGroup(*(VGroup(RoundedRectangle(width=s.width + 0.3, height=0.55, corner_radius=0.1,
                                                 stroke_color=self.theme.muted), s) if label else VGroup(s)
                         for s, label in zip(steps, labels)))
        boxes.arrange(DOWN, buff=0.3)
        fit(boxes, 5.4, 3.6)
        for box, label in zip(boxes, steps):
            label.move_to(box[0])
        arrows = VGroup(*(Arrow(boxes[i + 1].get_top(), boxes[i].get_bottom(), buff=0.05, color=self.theme.blame,
                                stroke_width=3) for i in range(len(boxes) - 1) if labels[i] and labels[i + 1]))
        return VGroup(boxes, arrows)

    def promise(self) -> None:
        lines = VGroup(self.words("No skipped steps.", 40, self.theme.text), self.words("No magic.", 40,
                                                                                        self.theme.weight)).arrange(DOWN)
        self.beat("promise", FadeIn(lines, shift=UP * 0.2))
        aha = self.words("Aha!", 90, self.theme.dot).next_to(lines, DOWN, buff=0.6)
        self.beat("aha", FadeIn(aha, scale=1.6))
        self.play(FadeOut(lines), FadeOut(aha), run_time=0.6)
