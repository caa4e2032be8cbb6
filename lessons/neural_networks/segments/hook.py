"""Segment 1, the hook: the network as a black box, and the two ideas that open it.

The network diagram is the stage: it is drawn as "learn" is said, buried under jargon as the viewer drowns,
hidden in a black box that still turns inputs into an output ("magic"), opened when the secret is told, and
run (activations forward, blame back) as "the engine". The two ideas are two cards whose pictures draw as
they are named; the jargon of the opening then lands in them ("clicks into place"), and their pictures act
out the logic you already know (a walker stepping downhill, blame passing back along the chain).
"""

from __future__ import annotations

from typing import Callable

from manim import (
    DL,
    DOWN,
    DR,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Animation,
    Arrow,
    Create,
    GrowArrow,
    LaggedStart,
    Line,
    Mobject,
    MoveAlongPath,
    Rectangle,
    ReplacementTransform,
    RoundedRectangle,
    ShowPassingFlash,
    Succession,
    VGroup,
    VMobject,
    Write,
)

from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import PULSE_WIDTH, NetworkDiagram
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.frames import CORNER, framed, panel
from scenes.kit.plots import curve_axes, on_axes, point_dot
from scenes.kit.regions import Region
from scenes.kit.style import APART, BODY_SIZE, GAP, GIANT_SIZE, HEADLINE_SIZE, MATH_SIZE, SMALL_SIZE, TIGHT, TITLE_SIZE
from scenes.kit.text import fit

SEGMENT = segment("hook", "Why neural networks seem like magic",
                  scene="Hook", uses=("network", "valley", "blame_story"))

ICON_BOXES = 4  # the most steps of the blame story the hook's miniature draws
DIAGRAM_SHARE = 0.6  # of the middle band's width: the rest is room for the jargon beside it
NEURON_RADIUS = 0.5
ICON_RANGE = (-3, 3)  # x over which the valley icon draws the function
ICON_SHARE = 0.8  # of its room, the valley icon's size
ICON_STEPS = 6  # the steps the valley icon's walker takes when the logic is acted out
FOG_SHARE = 0.5  # of the valley's height, hidden in fog from the top
FOG_OPACITY = 0.25
GROW_FROM = 0.5  # a word pops in from this size up to its own (never past it: it stays inside the frame)
DIM = 0.25  # the network's opacity while jargon buries it
PULSE_TIME = 1.2  # seconds a pulse takes through the whole network
RING_WIDTH = 6  # the bright stroke run round an idea's card as it is named
TERM_BAND = 1  # of a card's inside height (with the icon's 4), the band where its term lands


class Hook(LessonScene):
    NARRATION = (
        ("tried", "You've tried to understand how neural networks actually {@learn}learn, right?"),
        ("drowning", "You open a {@book}textbook... you click on a {@video}video... and within minutes, "
                     "you're {@drown}drowning."),
        ("jargon", "Stochastic Gradient Descent!"),
        ("box", "It feels like an impossibly complex {@box}black box. A machine that just... "
                "{@magic}performs magic."),
        ("accept", "And you're told to just {@accept}accept that it {@works}works."),
        ("secret", "Here's the {@secret}secret: you've been taught this the wrong way around."),
        ("engine", "The entire {@engine}engine that powers all of modern AI is built on just a few simple, "
                   "incredibly intuitive ideas."),
        ("valley", "Idea number one: the {@valley}valley. How do you find the {@bottom}bottom of a valley when "
                   "you're stuck in a thick {@fog}fog?"),
        ("blame", "Idea number two: the blame {@game}game. How do you figure out who to {@blame}blame when a team "
                  "project goes {@wrong}wrong?"),
        ("clicks", "Once you truly grasp these {@two}two concepts, all of that scary {@math}math suddenly "
                   "{@clicks}clicks into place."),
        ("language", "It's not a barrier; it's just the {@language}language we use to describe a {@logic}logic "
                     "you already understand."),
        ("promise", "So here's my promise: {@build}step by step, building the entire learning process from "
                    "scratch. No skipped {@steps}steps. No {@magic}magic."),
        ("aha", "You won't just know the {@buzz}buzzwords. You will {@aha}finally get that 'Aha!' moment."),
    )

    def construct(self) -> None:
        self.network_as_black_box()
        self.two_ideas()
        self.promise()

    # ---- the network, buried, boxed, opened ------------------------------------------------------------
    def network_diagram(self, region: Region) -> NetworkDiagram:
        diagram = NetworkDiagram(self.theme, self.params.network.graph, hide=("Error", "y_true"),
                                 width=region.width * DIAGRAM_SHARE, height=region.height, radius=NEURON_RADIUS)
        return region.place(diagram)

    def pulse(self, diagram: NetworkDiagram, color: str, backward: bool = False, run_time: float = PULSE_TIME,
              ) -> Animation:
        """Activations running along the edges, layer by layer (or blame running back against them)."""
        layers = [[edge for key, edge in diagram.edges.items() if key[1] in column] for column in diagram.columns]
        layers = [layer for layer in layers if layer]
        if backward:
            layers.reverse()
        return Succession(*(LaggedStart(*(ShowPassingFlash(
            (Line(edge.get_end(), edge.get_start()) if backward else edge.copy()).set_stroke(color, width=PULSE_WIDTH),
            time_width=0.6) for edge in layer), lag_ratio=0) for layer in layers), run_time=run_time)

    def jargon_terms(self, upper: Region, middle: Region) -> list[Mobject]:
        """The words a beginner drowns in, each in its own corner of the frame (none over another)."""
        slots = ((self.math(r"\partial E / \partial w", size=MATH_SIZE, color=self.theme.muted), upper, LEFT),
                 (self.words("backpropagation", BODY_SIZE, self.theme.muted), upper, RIGHT),
                 (self.words("Hessian", BODY_SIZE, self.theme.muted), middle, DL),
                 (self.words("loss landscape", BODY_SIZE, self.theme.muted), middle, DR),
                 (self.words("chain rule", BODY_SIZE, self.theme.muted), middle, UL),
                 (self.words("learning rate", BODY_SIZE, self.theme.muted), middle, UR))
        return [region.place(term, corner) for term, region, corner in slots]

    def network_as_black_box(self) -> None:
        upper, middle, lower = regions.frame().rows(1, 4, 1)
        diagram = self.network_diagram(middle)
        self.beat("tried", LaggedStart(*(Create(m) for m in diagram), lag_ratio=0.08), run_time=2.5,
                  at={"learn": self.pulse(diagram, self.theme.dot)})
        terms = self.jargon_terms(upper, middle)
        grow = [FadeIn(term, scale=GROW_FROM, run_time=1.5) for term in terms]
        self.beat("drowning", at={"book": grow[:2], "video": grow[2:4],
                                  "drown": [*(FadeIn(term, scale=GROW_FROM) for term in terms[4:]),
                                            diagram.animate.set_opacity(DIM)]})
        shout = lower.place(self.words("Stochastic Gradient Descent!", HEADLINE_SIZE, self.theme.blame))
        self.beat("jargon", Write(shout))
        # the hidden layers vanish into a black box: what goes in and what comes out stay in view
        first, last = diagram.columns[0], diagram.columns[-1]
        left = max(diagram.circles[n].get_right()[0] for n in first) + TIGHT
        right = min(diagram.circles[n].get_left()[0] for n in last) - TIGHT
        hidden = Region(left, middle.bottom, right, middle.top)
        box = RoundedRectangle(width=hidden.width, height=hidden.height, corner_radius=CORNER,
                               stroke_color=self.theme.muted, fill_color=self.theme.background, fill_opacity=1)
        box.move_to(hidden.center).set_z_index(2)
        question = self.words("?", GIANT_SIZE, self.theme.muted).move_to(box).set_z_index(3)
        # the hidden nodes' names go as the lid closes over them (a name would show through under the "?")
        names = VGroup(*(diagram.circles[n][1] for column in diagram.columns[1:-1] for n in column))
        self.beat("box", FadeOut(*terms), FadeOut(shout), diagram.animate.set_opacity(1),
                  at={"box": [FadeIn(box, run_time=1.5), Write(question, run_time=1.5), FadeOut(names)],
                      "magic": self.pulse(diagram, self.theme.dot, run_time=1.5)})
        node = diagram.circles[last[0]]  # circle and name: animated together, the name stays in front
        tick = self.words("✓", HEADLINE_SIZE, self.theme.good).next_to(node, RIGHT, buff=TIGHT)
        self.beat("accept", at={"accept": self.pulse(diagram, self.theme.dot, run_time=1.5),
                                "works": [node.animate.set_stroke(self.theme.good), FadeIn(tick, scale=GROW_FROM)]})
        # the lid comes off: the box lifts away and what it hid is the network again
        self.beat("secret", at={"secret": [FadeOut(box, question, shift=UP * GAP, run_time=2.5), FadeIn(names),
                                           FadeOut(tick), node.animate.set_stroke(self.theme.text)]})
        self.beat("engine", at={"engine": Succession(self.pulse(diagram, self.theme.dot, run_time=2),
                                                     self.pulse(diagram, self.theme.blame, backward=True, run_time=2))})
        self.play(FadeOut(diagram), run_time=0.6)
        self.jargon = terms

    # ---- the two ideas ---------------------------------------------------------------------------------
    def two_ideas(self) -> None:
        left, right = regions.frame().columns(1, 1)
        valley, walk = self.idea_card(left, "Idea #1: The Valley", self.valley_icon, self.theme.good)
        blame, passing = self.idea_card(right, "Idea #2: The Blame Game", self.blame_icon, self.theme.blame)
        (v_card, v_head, v_picture, v_slot), (b_card, b_head, b_picture, b_slot) = valley, blame
        _, curve, fog, walker = v_picture
        boxes, arrows = b_picture
        self.beat("valley", FadeIn(v_card), FadeIn(v_head),
                  at={"valley": Create(curve, run_time=2), "bottom": FadeIn(walker, scale=GROW_FROM, run_time=1.5),
                      "fog": FadeIn(fog, shift=DOWN * GAP)})
        outcome = boxes[-1][0]
        self.beat("blame", FadeIn(b_card), FadeIn(b_head),
                  at={"game": LaggedStart(*(FadeIn(b) for b in boxes), lag_ratio=0.3, run_time=2),
                      "blame": LaggedStart(*(GrowArrow(a) for a in reversed(arrows)), lag_ratio=0.4, run_time=2),
                      "wrong": outcome.animate.set_stroke(self.theme.blame)})
        # the jargon of the opening lands in the ideas it names
        slope = self.math(r"\partial E / \partial w", size=MATH_SIZE, color=self.theme.good)
        backprop = self.words("backpropagation", BODY_SIZE, self.theme.blame)
        landed = [v_slot.place(slope.copy()), b_slot.place(backprop.copy())]
        VGroup(slope, backprop).arrange(RIGHT, buff=APART).move_to(regions.frame().center).set_z_index(4)
        rings = [ShowPassingFlash(card.copy().set_fill(opacity=0).set_stroke(color, width=RING_WIDTH),
                                  time_width=0.5, run_time=1.5)
                 for card, color in ((v_card, self.theme.good), (b_card, self.theme.blame))]
        pointing = LaggedStart(*rings, lag_ratio=0.5)  # a bright stroke round each idea
        pointing.gesture = True  # at its own pace (kit.spread)
        self.beat("clicks", at={"two": pointing,
                                "math": [FadeIn(slope, scale=GROW_FROM, run_time=1.5),
                                         FadeIn(backprop, scale=GROW_FROM, run_time=1.5)],
                                "clicks": [ReplacementTransform(slope, landed[0], run_time=1.5),
                                           ReplacementTransform(backprop, landed[1], run_time=1.5)]})
        underlines = [Line(term.get_corner(DL), term.get_corner(DR), color=color).shift(DOWN * TIGHT)
                      for term, color in zip(landed, (self.theme.good, self.theme.blame))]
        self.beat("language", at={"language": [Create(line, run_time=1.5) for line in underlines],
                                  "logic": [walk, passing]})
        self.play(*(FadeOut(m) for m in (v_card, v_head, v_picture, b_card, b_head, b_picture, *landed, *underlines)),
                  run_time=0.6)

    def idea_card(self, region: Region, title: str, icon: Callable[[Region], tuple[VGroup, Animation]],
                  color: str) -> tuple[tuple[Mobject, ...], Animation]:
        """A card filling ``region``: its heading at the top, its icon under it, a band at the bottom where a
        term of the jargon will land; and the icon's logic acted out (an animation for later)."""
        card = panel(region, color, self.theme.panel)
        inside = Region(region.left + GAP, region.bottom + GAP, region.right - GAP, region.top - GAP)
        heading = inside.place(self.words(title, BODY_SIZE, color), UP)
        room, slot = inside.below(heading, gap=APART).rows(4, TERM_BAND)
        picture, acted = icon(room)
        return (card, heading, picture, slot), acted

    def valley_icon(self, room: Region) -> tuple[VGroup, Animation]:
        """The valley in fog, and where you stand (the configured start, on the configured function); acted
        out, the walker takes the run's first steps downhill."""
        valley = self.params.valley
        axes, curve = curve_axes(self.theme, valley.function.numeric, ICON_RANGE, width=room.width * ICON_SHARE,
                                 height=room.height * ICON_SHARE)
        axes.set_opacity(0)
        room.place(VGroup(axes, curve))
        fog = Rectangle(width=curve.width, height=curve.height * FOG_SHARE, fill_color=self.theme.muted,
                        fill_opacity=FOG_OPACITY, stroke_width=0)
        fog.move_to(curve, aligned_edge=UP)
        run = valley.run()
        points = [on_axes(axes, float(s.point[0]), float(s.value)) for s in run.steps[: ICON_STEPS + 1]]
        walker = point_dot(axes, float(run.start[0]), float(run.steps[0].value) if run.steps else 0.0,
                           self.theme.dot).move_to(points[0] if points else axes.c2p(0, 0)).set_z_index(2)
        path = VMobject().set_points_as_corners(points if len(points) > 1 else [walker.get_center()] * 2)
        return VGroup(axes, curve, fog, walker), MoveAlongPath(walker, path, run_time=2)

    def blame_icon(self, room: Region) -> tuple[VGroup, Animation]:
        """The blame story in miniature: its causes, first to last, then what went wrong; blame flows up.
        Acted out, the blame runs up the chain, arrow after arrow."""
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
        flashes = [ShowPassingFlash(a.copy().set_stroke(self.theme.blame, width=PULSE_WIDTH), time_width=0.6)
                   for a in reversed(arrows)]
        acted = Succession(*flashes, run_time=2) if flashes else Succession(FadeIn(VGroup()), run_time=0.1)
        return VGroup(boxes, arrows), acted

    # ---- the promise -----------------------------------------------------------------------------------
    def promise(self) -> None:
        top, bottom = regions.frame().rows(3, 2)
        diagram = self.network_diagram(top)
        lines = VGroup(self.words("No skipped steps.", TITLE_SIZE),
                       self.words("No magic.", TITLE_SIZE, self.theme.weight)).arrange(DOWN)
        bottom.place(lines)
        aha = bottom.place(self.words("Aha!", GIANT_SIZE, self.theme.dot))
        parts = [*diagram.edges.values(), *diagram.circles.values(), *diagram.weight_labels.values()]
        self.beat("promise", at={"build": LaggedStart(*(Create(p) for p in parts), lag_ratio=0.15, run_time=3),
                                 "steps": Write(lines[0]), "magic": Write(lines[1])})
        buzz = [bottom.place(term.copy(), corner) for term, corner in zip(self.jargon, (UL, UR, DL, DR))]
        self.beat("aha", at={"buzz": [FadeIn(b, scale=GROW_FROM) for b in buzz],
                             "aha": [FadeOut(lines), FadeIn(aha, scale=GROW_FROM),
                                     Succession(self.pulse(diagram, self.theme.dot, run_time=1),
                                                self.pulse(diagram, self.theme.blame, backward=True, run_time=1))]})
        self.play(FadeOut(diagram), FadeOut(aha), *(FadeOut(b) for b in buzz), run_time=0.6)
