"""Segment 10, scale: the same three-step dance from our few weights to a large model's, and the close."""

from __future__ import annotations

import numpy as np
from manim import DOWN, RIGHT, UP, Arc, Axes, Create, Indicate, RoundedRectangle, VGroup

from mathcore import Formula
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.tables import reveal_header, reveal_row, value_table
from scenes.kit.text import fit

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
        left = VGroup(self.words("Our tiny network", 30, self.theme.muted), self.words(f"{ours} weights", 48,
                                                                                       self.theme.weight)).arrange(DOWN)
        right = VGroup(self.words(scale.large_model, 30, self.theme.muted), self.words(f"{theirs} weights", 48,
                                                                                       self.theme.blame))
        right.arrange(DOWN)
        fit(VGroup(left, right).arrange(RIGHT, buff=1.5), 12.6).shift(UP * 0.6)
        self.beat("question", FadeIn(left), ours=ours, model=scale.large_model, theirs=theirs)
        self.beat("numbers", FadeIn(right), ours=ours, model=scale.large_model, theirs=theirs)
        same = self.words("Identical process:  ✓ Forward pass   ✓ Backpropagation   ✓ Gradient descent", 28,
                          self.theme.good)
        fit(same, 12.6).next_to(VGroup(left, right), DOWN, buff=0.9)
        self.beat("identical", FadeIn(same, shift=UP * 0.2))
        self.play(FadeOut(VGroup(left, right, same)), run_time=0.4)

    def layers_table(self) -> None:
        graph = self.params.network.graph
        scale = self.params.scale
        layers = graph.depth("y_pred")
        hidden = [node for node in graph.nodes if graph.depth(node.name) < layers]
        self.title("1. More layers, more neurons")
        ours = [f"{layers} layers", f"{len(hidden)} hidden neurons", f"{len(graph.parameters)} weights total"]
        rows = [list(pair) for pair in zip(ours, scale.real_network)]
        area = regions.body()
        table = area.place(value_table(self.theme, [r"\text{Our network}", r"\text{Real networks}"], rows,
                                       width=area.width,
                                       height=area.height, size=30))
        self.beat("layers", reveal_header(table), *(reveal_row(table, i) for i in range(1, len(rows) + 1)))
        self.play(FadeOut(table), run_time=0.4)

    def activations(self) -> None:
        self.title("2. More practical activation functions")
        panels = VGroup()
        for name, text in self.params.scale.activations:
            function = Formula.parse(text, ("x",))
            panels.add(self.activation_panel(name, function))
        panels.arrange(RIGHT, buff=0.35).shift(DOWN * 0.3)
        fit(panels, 13.4)
        self.beat("activations", FadeIn(panels, lag_ratio=0.3))
        self.play(FadeOut(panels), run_time=0.4)

    def activation_panel(self, name: str, function: Formula) -> VGroup:
        axes = Axes(x_range=[-3, 3, 1], y_range=[-1.5, 4, 1], x_length=3.6, y_length=2.6, tips=False,
                    axis_config={"color": self.theme.muted, "stroke_width": 2})
        derivative = function.numeric_partial("x")
        f_curve = axes.plot(lambda x: float(np.clip(function.numeric(x), -1.5, 4)), x_range=[-3, 3, 0.02],
                            color=self.theme.curve, stroke_width=3)
        d_curve = axes.plot(lambda x: float(np.clip(derivative(x), -1.5, 4)), x_range=[-2.98, 2.98, 0.02],
                            color=self.theme.dot, stroke_width=3, use_smoothing=False)
        heading = self.words(name, 28, self.theme.text)
        formulas = VGroup(self.math(rf"f = {function.latex}", size=26, color=self.theme.curve),
                          self.math(rf"f' = {function.taught_partial('x')}", size=26,
                                    color=self.theme.dot)).arrange(DOWN, buff=0.1)
        fit(formulas, 3.6)
        content = VGroup(heading, VGroup(axes, f_curve, d_curve), formulas).arrange(DOWN, buff=0.25)
        frame = RoundedRectangle(width=content.width + 0.4, height=content.height + 0.4, corner_radius=0.15,
                                 stroke_color=self.theme.muted, fill_color=self.theme.panel,
                                 fill_opacity=1).move_to(content)
        return VGroup(frame, content)

    def losses(self) -> None:
        self.title("3. Better loss functions for different jobs")
        rows = [list(row) for row in self.params.scale.losses]
        area = regions.body()
        table = area.place(value_table(self.theme, [r"\text{Task}", r"\text{Loss}", r"\text{Formula}",
                                                    r"\text{Example}"],
                                       rows, width=area.width, height=area.height, size=28))
        self.beat("losses", reveal_header(table), *(reveal_row(table, i) for i in range(1, len(rows) + 1)))
        self.play(FadeOut(table), run_time=0.4)

    def universal_pattern(self) -> None:
        self.title("The universal pattern")
        radius = 2.3
        angles = [np.pi / 2 - i * 2 * np.pi / len(STEPS) for i in range(len(STEPS))]
        cards = VGroup()
        for (name, hint), angle in zip(STEPS, angles):
            card = VGroup(self.words(name, 26, self.theme.dot), self.words(hint, 20, self.theme.muted)).arrange(DOWN,
                                                                                                                buff=0.08)
            card.move_to([radius * 1.6 * np.cos(angle), radius * np.sin(angle) - 0.4, 0])
            cards.add(card)
        ring = Arc(radius=radius * 0.55, start_angle=0, angle=2 * np.pi * 0.92, color=self.theme.good, stroke_width=4)
        ring.add_tip(tip_length=0.25).move_to(DOWN * 0.4)
        self.beat("pattern", Create(ring), FadeIn(cards, lag_ratio=0.3),
                  steps="; ".join(f"{name.lower()}, {hint}" for name, hint in STEPS))
        closing = self.bullets(["finding the bottom of a valley", "tuning one knob at a time",
                           "playing a clever game of blame"], 30, self.theme.text)
        self.play(FadeOut(cards), FadeOut(ring), run_time=0.5)
        closing.move_to(DOWN * 0.2)
        self.quick(FadeIn(closing, lag_ratio=0.4), run_time=1.2)  # shown first: Indicate returns to how it began
        self.beat("close", Indicate(closing, color=self.theme.good))
        self.play(FadeOut(closing), run_time=0.6)
