"""Segment 1, the hook: the network as a black box, and the two ideas that open it."""

from __future__ import annotations

from typing import Callable

from manim import DL, DOWN, DR, LEFT, RIGHT, UP, Arrow, Create, Indicate, LaggedStart, Rectangle, VGroup, Write

from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import NetworkDiagram
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.frames import framed, panel
from scenes.kit.plots import curve_axes, point_dot
from scenes.kit.regions import Region
from scenes.kit.style import APART, BODY_SIZE, ENTER, GAP, GIANT_SIZE, HEADLINE_SIZE, SMALL_SIZE, TITLE_SIZE
from scenes.kit.text import fit

ICON_BOXES = 4  # the most steps of the blame story the hook's miniature draws
DIAGRAM_SHARE = 0.6  # of the middle band's width: the rest is room for the jargon beside it
NEURON_RADIUS = 0.5
ICON_RANGE = (-3, 3)  # x over which the valley icon draws the function
ICON_SHARE = 0.8  # of its room, the valley icon's size
FOG_SHARE = 0.5  # of the valley's height, hidden in fog from the top


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
        upper, middle, lower = regions.frame().rows(1, 4, 1)
        diagram = NetworkDiagram(self.theme, graph, hide=("Error", "y_true"), width=middle.width * DIAGRAM_SHARE,
                                 height=middle.height, radius=NEURON_RADIUS)
        middle.place(diagram)
        self.beat("tried", LaggedStart(*(Create(m) for m in diagram), lag_ratio=0.08), run_time=2.5)
        jargon = VGroup(*(region.place(self.words(term, BODY_SIZE, self.theme.muted), corner) for term, region, corner
                          in (("∂E/∂w", upper, LEFT), ("backpropagation", upper, RIGHT),
                              ("Hessian", middle, DL), ("loss landscape", middle, DR))))
        self.beat("drowning", LaggedStart(*(FadeIn(j, scale=1.4) for j in jargon), lag_ratio=0.3))
        shout = lower.place(self.words("Stochastic Gradient Descent!", HEADLINE_SIZE, self.theme.blame))
        self.beat("jargon", FadeIn(shout, scale=1.5))
        box = framed(VGroup(diagram.copy().set_opacity(0)), self.theme.muted, self.theme.background, pad=APART)[0]
        question = self.words("?", GIANT_SIZE, self.theme.muted).move_to(box)
        # the box hides the network: it leaves the frame while the box stands in for it
        self.beat("box", FadeOut(jargon), FadeOut(shout), FadeOut(diagram), FadeIn(box), Write(question))
        self.beat("accept", Indicate(question, color=self.theme.blame))
        self.beat("secret", FadeOut(box), FadeOut(question), FadeIn(diagram))
        self.beat("engine", Indicate(diagram, color=self.theme.dot, scale_factor=1.05))
        self.play(FadeOut(diagram), run_time=0.6)

    def two_ideas(self) -> None:
        left, right = regions.frame().columns(1, 1)
        valley = self.idea_card(left, "Idea #1: The Valley", self.valley_icon, self.theme.good)
        blame = self.idea_card(right, "Idea #2: The Blame Game", self.blame_icon, self.theme.blame)
        self.beat("valley", FadeIn(valley, shift=UP * ENTER))
        self.beat("blame", FadeIn(blame, shift=UP * ENTER))
        self.beat("clicks", Indicate(valley, color=self.theme.good, scale_factor=1.03),
                  Indicate(blame, color=self.theme.blame, scale_factor=1.03))
        self.beat("language")
        self.play(FadeOut(valley), FadeOut(blame), run_time=0.6)

    def idea_card(self, region: Region, title: str, icon: Callable[[Region], VGroup], color: str) -> VGroup:
        """A card filling ``region``: its heading at the top, its icon drawn in the room under it."""
        card = panel(region, color, self.theme.panel)
        inside = Region(region.left + GAP, region.bottom + GAP, region.right - GAP, region.top - GAP)
        heading = inside.place(self.words(title, BODY_SIZE, color), UP)
        room = inside.below(heading, gap=APART)
        return VGroup(card, heading, room.place(icon(room)))

    def valley_icon(self, room: Region) -> VGroup:
        """The valley in fog, and where you stand (the configured start, on the configured function)."""
        valley = self.params.valley
        axes, curve = curve_axes(self.theme, valley.function.numeric, ICON_RANGE, width=room.width * ICON_SHARE,
                                 height=room.height * ICON_SHARE)
        axes.set_opacity(0)
        fog = Rectangle(width=room.width, height=curve.height * FOG_SHARE, fill_color=self.theme.muted,
                        fill_opacity=0.25, stroke_width=0)
        fog.move_to(curve, aligned_edge=UP)
        start = float(valley.start[0])
        walker = point_dot(axes, start, float(valley.function.at([valley.start[0]])), self.theme.dot)
        return VGroup(axes, curve, fog, walker)

    def blame_icon(self, room: Region) -> VGroup:
        """The blame story in miniature: its causes, first to last, then what went wrong; blame flows up."""
        story = self.params.blame_story
        labels = [cause for cause, _ in reversed(story.links)] + [story.outcome]
        if len(labels) > ICON_BOXES:  # a long story: its first cause, a gap, and the last links, still readable
            labels = [labels[0], None, *labels[-(ICON_BOXES - 2):]]
        boxes = VGroup(*(framed(fit(self.words(label, SMALL_SIZE), room.width), self.theme.muted) if label
                         else VGroup(self.words("⋮", SMALL_SIZE, self.theme.muted)) for label in labels))
        boxes.arrange(DOWN, buff=GAP)  # room for the arrows of blame between them
        room.place(boxes)
        arrows = VGroup(*(Arrow(boxes[i + 1].get_top(), boxes[i].get_bottom(), buff=0, color=self.theme.blame,
                                stroke_width=3) for i in range(len(boxes) - 1) if labels[i] and labels[i + 1]))
        return VGroup(boxes, arrows)

    def promise(self) -> None:
        lines = VGroup(self.words("No skipped steps.", TITLE_SIZE),
                       self.words("No magic.", TITLE_SIZE, self.theme.weight)).arrange(DOWN)
        aha = self.words("Aha!", GIANT_SIZE, self.theme.dot)
        regions.frame().place(VGroup(lines, aha).arrange(DOWN, buff=APART))  # laid out once, shown in turn
        self.beat("promise", FadeIn(lines, shift=UP * ENTER))
        self.beat("aha", FadeIn(aha, scale=1.6))
        self.play(FadeOut(lines), FadeOut(aha), run_time=0.6)
