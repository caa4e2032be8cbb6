"""Small pictures of the lesson's three ideas, for the recaps that name them: a valley with a ball rolling to its
bottom (gradient descent), two knobs turned one at a time (a slope for each knob), and a chain whose blame runs back
link by link (the chain rule). Each is drawn at rest and has the one motion that says its idea (``move``: make it
where the icon is placed).

They are pictograms: they claim no number (the lesson's own plots and diagrams do that), so they hold no text.
"""

from __future__ import annotations

from typing import Sequence

import numpy as np
from manim import (
    UP,
    Animation,
    Circle,
    Dot,
    Line,
    Mobject,
    MoveAlongPath,
    ParametricFunction,
    Rotate,
    Succession,
    VGroup,
)

from .pulses import Chain
from .theme import Theme

WIDTH = 2.2  # an icon's width; its height is about half of it
VALLEY_DEPTH = 0.9  # the valley's rim above its bottom
VALLEY_START = -0.8  # of the half width, where the ball starts (on the left slope)
BALL_RADIUS = 0.1
CURVE_STROKE = 4
KNOB_RADIUS = 0.38
KNOB_TURN = np.pi / 3  # how far a knob is turned
POINTER_STROKE = 5
CHAIN_NODES = 4
CHAIN_RADIUS = 0.16


class Valley(VGroup):
    """A valley and a ball on its left slope; ``move`` takes the ball to the bottom."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        half = WIDTH / 2

        def point(t: float) -> np.ndarray:
            return np.array([t * half, VALLEY_DEPTH * t * t, 0.0])

        self.curve = ParametricFunction(point, t_range=[-1, 1], color=theme.curve, stroke_width=CURVE_STROKE)
        self.slope = ParametricFunction(point, t_range=[VALLEY_START, 0], stroke_opacity=0)
        self.ball = Dot(point(VALLEY_START), radius=BALL_RADIUS, color=theme.dot)
        self.add(self.curve, self.slope, self.ball)  # the slope (unseen) moves with the icon when it is placed

    def move(self) -> Animation:
        """The ball rolls to the bottom."""
        return MoveAlongPath(self.ball, self.slope)


class Knobs(VGroup):
    """Two knobs side by side; ``move`` turns the first, then the second."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.dials = VGroup()
        for x in (-WIDTH / 4, WIDTH / 4):
            centre = np.array([x, 0.0, 0.0])
            ring = Circle(radius=KNOB_RADIUS, color=theme.weight, fill_color=theme.panel,
                          fill_opacity=1).move_to(centre)
            pointer = Line(centre, centre + UP * KNOB_RADIUS, color=theme.text, stroke_width=POINTER_STROKE)
            self.dials.add(VGroup(ring, pointer))
        self.add(self.dials)

    def move(self) -> Animation:
        """The first knob turns, then the second."""
        return Succession(*(Rotate(pointer, -KNOB_TURN, about_point=ring.get_center()) for ring, pointer in self.dials))


class BlameLinks(VGroup):
    """A chain of nodes, the last one where things went wrong; ``move`` sends its blame back link by link."""

    def __init__(self, theme: Theme) -> None:
        super().__init__()
        self.chain = Chain(theme, [""] * CHAIN_NODES, WIDTH, CHAIN_RADIUS)
        self.chain.nodes[-1].set_stroke(theme.blame)
        self.color = theme.blame
        self.add(self.chain)

    def move(self) -> Animation:
        """The blame runs back link by link."""
        return self.chain.trace(self.color)


def alike(texts: Sequence[Mobject], width: float) -> list[Mobject]:
    """The captions of a column of icons at one size: all shrunk by the same factor (never grown) until the widest
    fits ``width``, so that no line reads larger than its neighbours."""
    widest = max(text.width for text in texts)
    if widest > width:
        for text in texts:
            text.scale(width / widest)
    return list(texts)
