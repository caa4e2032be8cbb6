"""The batch segment's stage: the network diagram, the training examples beside it, and what flows between them.

Online, batch and mini-batch learning differ only in when the weights change. The picture says so: each example
runs forward through the diagram and its blame runs back; online learning then changes the weights at once (a dot
on its tally of updates), batch learning carries each example's gradient into one sum (the Σ) and changes the
weights once, mini-batch learning does that for each small handful (mathcore's ``Trainer.first_minibatches``).
"""

from __future__ import annotations

from typing import Mapping, Sequence

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Animation, AnimationGroup, Dot, MathTex, Mobject, SurroundingRectangle, VGroup

from mathcore.lesson import NetworkParams
from scenes.kit import regions
from scenes.kit.diagram import NetworkDiagram, symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n, pair
from scenes.kit.pulses import glow
from scenes.kit.regions import Region
from scenes.kit.style import BODY_SIZE, MATH_SIZE, MATH_SMALL, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.text import math, words
from scenes.kit.theme import Theme
from scenes.kit.turns import in_turn

DIAGRAM_AND_CROWD = (1, 2)  # widths: the network diagram (drawn at this size: its names stay readable), and the
# examples with the tallies, or a step's table, beside it
DIAGRAM_HEIGHT = 0.8  # of the stage's height: the diagram, with room for its weight labels
CROWD_ROWS = (3, 1, 2)  # heights on the right: the examples, the gradients' sum, the tallies of updates
TALLY_DOT = 0.09  # radius of a dot on a tally: one weight update
SHARE_PASS = (0.3, 0.3, 0.4)  # of one example's turn: its forward pulse, its blame coming back, what follows


def example_text(example) -> str:
    return f"{pair(example.inputs)} → {n(example.target)}"


class Crowd(VGroup):
    """The diagram (left), the examples (right, top), the Σ of their gradients and the tallies (right, below).
    ``order`` lists the examples in the order shown (a mini-batch run shows its shuffle's order)."""

    def __init__(self, theme: Theme, net: NetworkParams, strategies: Sequence[tuple[str, str, int]],
                 order: Sequence[int] | None = None, chunks: Sequence[Sequence[int]] = ()) -> None:
        super().__init__()
        self.theme = theme
        left, right = regions.panels(*DIAGRAM_AND_CROWD)
        self.beside = right  # where a step's table goes once the examples have gone
        self.diagram = NetworkDiagram(theme, net.graph, hide=("Error", "y_true"), width=left.width,
                                      height=left.height * DIAGRAM_HEIGHT)
        left.place(self.diagram)
        top, middle, bottom = right.rows(*CROWD_ROWS)
        examples = net.dataset.examples
        self.order = list(range(len(examples))) if order is None else list(order)
        self.rows = {i: words(example_text(examples[i]), BODY_SIZE, theme.text) for i in self.order}
        column = VGroup(*(self.rows[i] for i in self.order)).arrange(DOWN, buff=NEAR)
        top.place(column)
        self.boxes = VGroup(*(SurroundingRectangle(VGroup(*(self.rows[i] for i in chunk)), color=theme.accent,
                                                   buff=TIGHT) for chunk in chunks))
        self.sigma = math(r"\textstyle\sum \partial E / \partial w", size=MATH_SIZE, color=theme.blame)
        middle.place(self.sigma)
        self.tallies = {name: self._tally(name, color, count, bottom, index, len(strategies))
                        for index, (name, color, count) in enumerate(strategies)}
        self.add(self.diagram, column, self.boxes, self.sigma, *self.tallies.values())

    def _tally(self, name: str, color: str, count: int, area: Region, index: int, of: int) -> VGroup:
        """A strategy's name and one dot per update it makes in an epoch (shown as they happen)."""
        band = area.rows(*([1] * of))[index]
        name_text = words(name, SMALL_SIZE, color)
        dots = VGroup(*(Dot(radius=TALLY_DOT, color=color) for _ in range(count))).arrange(RIGHT, buff=TIGHT)
        tally = VGroup(name_text, dots).arrange(RIGHT, buff=NEAR)
        band.place(tally, LEFT)
        tally.label, tally.dots = name_text, dots
        return tally

    @property
    def weights(self) -> VGroup:
        return VGroup(*self.diagram.weight_labels.values())

    def through(self, index: int, seconds: float) -> Animation:
        """Example ``index`` lit, its values pulsed forward through the network and its blame back."""
        forward, back, _ = SHARE_PASS
        row = self.rows[index]
        return in_turn(AnimationGroup(glow(row, self.theme.dot, run_time=seconds * forward),
                                      self.diagram.pulse(self.theme.dot).set_run_time(seconds * forward)),
                       self.diagram.pulse(self.theme.blame, backward=True).set_run_time(seconds * back))

    def update(self, tally: str, number: int, seconds: float, source: Mobject | None = None) -> Animation:
        """The weights change (they light up) and the tally gets its dot; ``source`` (the Σ) travels onto them
        first: the summed gradient is what changes them."""
        steps: list[Animation] = []
        if source is not None:
            steps.append(_travel(source, self.weights, self.theme.blame, seconds / 2))
        steps.append(AnimationGroup(glow(self.weights, self.theme.dot, run_time=seconds / 2),
                                    FadeIn(self.tallies[tally].dots[number], scale=2, run_time=seconds / 2)))
        return in_turn(*steps)

    def gradient_into_sum(self, seconds: float) -> Animation:
        """This example's gradient (a copy of the weights' labels, in the blame's colour) travels into the Σ."""
        return _travel(self.weights, self.sigma, self.theme.blame, seconds)

    def online(self, seconds: float) -> Animation:
        """One example at a time: forward, back, and the weights change at once."""
        each = seconds / len(self.order)
        return in_turn(*(in_turn(self.through(i, each * (1 - SHARE_PASS[2])),
                                 self.update("online", k, each * SHARE_PASS[2])) for k, i in enumerate(self.order)))

    def batch(self, seconds: float) -> Animation:
        """Every example forward and back, each one's gradient added into the Σ; no update yet."""
        each = seconds / len(self.order)
        return in_turn(*(in_turn(self.through(i, each * (1 - SHARE_PASS[2])),
                                 self.gradient_into_sum(each * SHARE_PASS[2])) for i in self.order))

    def minibatches(self, chunks: Sequence[Sequence[int]], tally: str, seconds: float) -> Animation:
        """Each handful in turn: its box lit, its examples through the network together, their gradients summed,
        one update."""
        each = seconds / max(len(chunks), 1)
        steps = []
        for k, (chunk, box) in enumerate(zip(chunks, self.boxes)):
            run = each * (1 - SHARE_PASS[2])
            steps.append(in_turn(
                AnimationGroup(glow(box, self.theme.dot, run_time=run / 2),
                               *(glow(self.rows[i], self.theme.dot, run_time=run / 2) for i in chunk),
                               self.diagram.pulse(self.theme.dot).set_run_time(run / 2)),
                AnimationGroup(self.diagram.pulse(self.theme.blame, backward=True).set_run_time(run / 4),
                               _travel(self.weights, self.sigma, self.theme.blame, run / 4)),
                self.update(tally, k, each * SHARE_PASS[2] + run / 4, source=self.sigma)))
        return in_turn(*steps)


def nudged(diagram: NetworkDiagram, old: Mapping[str, object], new: Mapping[str, object], color: str,
           ) -> tuple[Animation, VGroup]:
    """Each weight label becomes the same names, each with an arrow for the way its weight moved (the values are in
    the update's table; a label stays as wide as it was, so it never runs into its neighbours)."""
    graph, tags, parts = diagram.graph, VGroup(), []
    for node, label in diagram.weight_labels.items():
        mine = [p for p in graph.node(node).parents if p in graph.parameters]
        arrows = [r"\uparrow" if new[p] > old[p] else r"\downarrow" if new[p] < old[p] else r"\cdot" for p in mine]
        tag = MathTex(",".join(rf"{symbol_tex(p)}{{\scriptstyle {a}}}" for p, a in zip(mine, arrows)),
                      font_size=MATH_SMALL, color=color).move_to(label)
        tags.add(tag)
        parts += [FadeOut(label), FadeIn(tag, shift=UP * TIGHT)]
    return AnimationGroup(*parts), tags


def _travel(source: Mobject, target: Mobject, color: str, seconds: float) -> Animation:
    """A copy of ``source``, in ``color``, goes to ``target`` and fades there (a value handed on)."""
    moving = source.copy().set_color(color)
    shift = np.asarray(target.get_center()) - np.asarray(source.get_center())
    return FadeOut(moving, shift=shift, run_time=seconds)

