"""Segment 10, scale: the same three-step dance from our few weights to a large model's, and the close."""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, TAU, UP, Arc, Axes, Create, Indicate, VGroup

from mathcore import Formula
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.frames import framed
from scenes.kit.style import APART, BODY_SIZE, ENTER, HEADLINE_SIZE, LEAD_SIZE, MATH_SMALL, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.tables import reveal_header, reveal_row, value_table
from scenes.kit.text import fit

PANEL_PLOT = (3.6, 2.6)  # an activation's plot: width and height
RING_SHARE = 0.45  # the cycle's radius, of the steps' ellipse (clear of every card)
RING_TURN = 0.92  # of a full turn: the gap shows where the cycle starts again
TIP = 0.25

STEPS = (
    ("Forward pass", "make a guess"),
    ("Loss function", "measure how wrong it is"),
    ("Backpropagation", "the blame for every weight"),
    ("Gradient descent", "nudge every weight"),
    ("Repeat", "millions of times"),
)


class Scale(LessonScene):
    NARRATION = (
        ("question", "How does this simple process, on a tiny network with only {ours} weights, scale up to "
                     "{model}, with {theirs} weights? Is it really the same algorithm?"),
        ("numbers", "Our tiny network: {ours} weights. {model}: {theirs} weights."),
        ("identical", "Identical process: forward pass, backpropagation, gradient descent. Scale changes "
                      "everything, and yet it changes nothing."),
        ("layers", "Real networks have more layers and more neurons. The chain of the chain rule gets longer; "
                   "the process is identical."),
        ("activations", "They use more practical activation functions. Each has a gradient the blame game can "
                        "pass through."),
        ("losses", "And loss functions for different jobs. The formula changes, but its job is always the same: "
                   "give us a number to kick off the blame game."),
        ("pattern", "That's the whole secret. The universal pattern: {steps}."),
        ("close", "It's not magic. It's a beautiful cascade of simple ideas: finding the bottom of a valley, "
                  "tuning one knob at a time, and playing a clever game of blame. Welcome to the world of AI."),
    )

    def construct(self) -> None:
        self.size_comparison()
        self.layers_table()
        self.activations()
        self.losses()
        self.universal_pattern()

    def size_comparison(self) -> None:
        scale, graph = self.params.scale, self.params.network.graph
        ours = len(graph.parameters)
        self.title("Same engine, bigger scale")
        theirs = wording.weights_spoken(scale.large_weights)
        left = VGroup(self.words("Our tiny network", BODY_SIZE, self.theme.muted),
                      self.words(f"{ours} weights", HEADLINE_SIZE, self.theme.weight)).arrange(DOWN)
        right = VGroup(self.words(scale.large_model, BODY_SIZE, self.theme.muted),
                       self.words(f"{theirs} weights", HEADLINE_SIZE, self.theme.blame)).arrange(DOWN)
        same = self.words("Identical process:  ✓ Forward pass   ✓ Backpropagation   ✓ Gradient descent", BODY_SIZE,
                          self.theme.good)
        regions.stage().place(VGroup(VGroup(left, right).arrange(RIGHT, buff=APART), same)
                              .arrange(DOWN, buff=APART))  # laid out once, shown in turn
        self.beat("question", FadeIn(left), ours=ours, model=scale.large_model, theirs=theirs)
        self.beat("numbers", FadeIn(right), ours=ours, model=scale.large_model, theirs=theirs)
        self.beat("identical", FadeIn(same, shift=UP * ENTER))
        self.play(FadeOut(VGroup(left, right, same)), run_time=0.4)

    def layers_table(self) -> None:
        graph = self.params.network.graph
        scale = self.params.scale
        layers = graph.depth("y_pred")
        hidden = [node for node in graph.nodes if graph.depth(node.name) < layers]
        self.title("1. More layers, more neurons")
        ours = [f"{layers} layers", f"{len(hidden)} hidden neurons", f"{len(graph.parameters)} weights total"]
        rows = [list(pair) for pair in zip(ours, scale.real_network)]
        area = regions.stage()
        table = area.place(value_table(self.theme, [r"\text{Our network}", r"\text{Real networks}"], rows,
                                       width=area.width, height=area.height, size=BODY_SIZE))
        self.beat("layers", reveal_header(table), *(reveal_row(table, i) for i in range(1, len(rows) + 1)))
        self.play(FadeOut(table), run_time=0.4)

    def activations(self) -> None:
        self.title("2. More practical activation functions")
        panels = VGroup()
        for name, text in self.params.scale.activations:
            function = Formula.parse(text, ("x",))
            panels.add(self.activation_panel(name, function))
        regions.stage().place(panels.arrange(RIGHT, buff=NEAR))
        self.beat("activations", FadeIn(panels, lag_ratio=0.3))
        self.play(FadeOut(panels), run_time=0.4)

    def activation_panel(self, name: str, function: Formula) -> VGroup:
        axes = Axes(x_range=[-3, 3, 1], y_range=[-1.5, 4, 1], x_length=PANEL_PLOT[0], y_length=PANEL_PLOT[1],
                    tips=False, axis_config={"color": self.theme.muted, "stroke_width": 2})
        derivative = function.numeric_partial("x")
        f_curve = axes.plot(lambda x: float(np.clip(function.numeric(x), -1.5, 4)), x_range=[-3, 3, 0.02],
                            color=self.theme.curve, stroke_width=3)
        d_curve = axes.plot(lambda x: float(np.clip(derivative(x), -1.5, 4)), x_range=[-2.98, 2.98, 0.02],
                            color=self.theme.dot, stroke_width=3, use_smoothing=False)
        heading = self.words(name, BODY_SIZE)
        formulas = VGroup(self.math(rf"f = {function.latex}", size=MATH_SMALL, color=self.theme.curve),
                          self.math(rf"f' = {function.taught_partial('x')}", size=MATH_SMALL,
                                    color=self.theme.dot)).arrange(DOWN, buff=TIGHT)
        fit(formulas, axes.width)
        content = VGroup(heading, VGroup(axes, f_curve, d_curve), formulas).arrange(DOWN, buff=NEAR)
        return framed(content, self.theme.muted, self.theme.panel)

    def losses(self) -> None:
        self.title("3. Better loss functions for different jobs")
        rows = [list(row) for row in self.params.scale.losses]
        area = regions.stage()
        table = area.place(value_table(self.theme, [r"\text{Task}", r"\text{Loss}", r"\text{Formula}",
                                                    r"\text{Example}"],
                                       rows, width=area.width, height=area.height, size=BODY_SIZE))
        self.beat("losses", reveal_header(table), *(reveal_row(table, i) for i in range(1, len(rows) + 1)))
        self.play(FadeOut(table), run_time=0.4)

    def universal_pattern(self) -> None:
        self.title("The universal pattern")
        stage = regions.stage()
        cards = VGroup(*(VGroup(self.words(name, BODY_SIZE, self.theme.dot),
                                self.words(hint, SMALL_SIZE, self.theme.muted)).arrange(DOWN, buff=TIGHT)
                         for name, hint in STEPS))
        # the steps clockwise from the top, on the largest ellipse whose cards stay inside the stage
        across = stage.width / 2 - max(card.width for card in cards) / 2
        down = stage.height / 2 - max(card.height for card in cards) / 2
        for index, card in enumerate(cards):
            angle = np.pi / 2 - index * TAU / len(STEPS)
            card.move_to(stage.center + across * np.cos(angle) * RIGHT + down * np.sin(angle) * UP)
        # the cycle turns the way the steps are read: clockwise, from the first step round to the last
        ring = Arc(radius=min(across, down) * RING_SHARE, start_angle=np.pi / 2, angle=-TAU * RING_TURN,
                   color=self.theme.good, stroke_width=4).add_tip(tip_length=TIP)
        ring.move_arc_center_to(stage.center)
        self.beat("pattern", Create(ring), FadeIn(cards, lag_ratio=0.3),
                  steps="; ".join(f"{name.lower()}, {hint}" for name, hint in STEPS))
        closing = regions.stage().place(self.bullets(["finding the bottom of a valley", "tuning one knob at a time",
                                                      "playing a clever game of blame"], LEAD_SIZE))
        self.play(FadeOut(cards), FadeOut(ring), run_time=0.5)
        self.quick(FadeIn(closing, lag_ratio=0.4), run_time=1.2)  # shown first: Indicate returns to how it began
        self.beat("close", Indicate(closing, color=self.theme.good))
        self.play(FadeOut(closing), run_time=0.6)
