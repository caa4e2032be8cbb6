"""Segment 10, scale: the same three-step dance from our few weights to a large model's, and the close.

The storyboard is docs/storyboard/scale.md: our network beside a deep one that grows, both running the same
forward pass, backpropagation and nudge; the weight counts as bars on a scale of powers of ten, the large model's
growing as it counts up to its number (from the config's [scale]); a chain that gets longer; each activation and its
gradient drawn over a window that shows their true shape (mathcore.views); a loss giving the number that starts
the blame game; the five steps of the universal pattern round a clockwise cycle, our network doing each step in
the middle; the lesson's three ideas, each doing its motion as it is named.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UP,
    AnimationGroup,
    Create,
    GrowFromEdge,
    MoveToTarget,
    Succession,
    VGroup,
    Write,
)

from lessons.neural_networks.segments import wording
from lessons.neural_networks.segments.scale_parts import ScaleParts
from mathcore import Formula
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.crowded import readable_network, smallest_text
from scenes.kit.cycle import cycle_arrows, cycle_cards, middle
from scenes.kit.diagram import NetworkDiagram, symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.icons import BlameLinks, Knobs, Valley, alike
from scenes.kit.layout import MIN_TEXT_PX
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n
from scenes.kit.pulses import Chain, Mesh, along, glow, leaving, sweep
from scenes.kit.style import BODY_SIZE, LEAD_SIZE, MATH_SMALL, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.tables import reveal_header, reveal_row, value_table
from scenes.kit.text import fit

SEGMENT = segment("scale", "Scale and the universal pattern", scene="Scale", uses=("scale", "network"))

PICTURE_ROWS = (3, 1.3)  # the two networks over the weight counts (or the steps they share)
NETWORK_COLUMNS = (2, 3)  # our network, the large one
MESH_LAYERS = (6, 8, 8, 8, 8, 8, 8, 8, 6)  # a deep network's neurons per layer (a picture: not its real size)
MESH_RADIUS = 0.09
NEURON_RADIUS = 0.42
LONG_CHAIN = 14  # nodes of a real network's chain (a picture: it is longer)
CHAIN_RADIUS = 0.2
PASS = 1.5  # seconds: one pass (forward or backward) through a network
CENTRE_SHARE = (0.6, 0.55)  # of the stage, our network in the middle of the cycle
CROWDED_SHARE = (0.4, 0.7)  # the same for a crowded network (three neurons in a column): narrower and taller
ICON_COLUMNS = (1, 2, 1.6)  # the close: a picture, its words, and our network beside them
ROOMY_RADII = (NEURON_RADIUS, 0.46, 0.5)  # tried in turn for a crowded network (three neurons in a column) until
# its names read: a wider circle lets "y_pred" stand larger

STEPS = (
    ("Forward pass", "make a guess"),
    ("Loss function", "measure how wrong it is"),
    ("Backpropagation", "the blame for every weight"),
    ("Gradient descent", "nudge every weight"),
    ("Repeat", "millions of times"),
)


class Scale(ScaleParts, LessonScene):
    NARRATION = (
        ("question", "How does this simple process, on a tiny network with only {@ours}{ours} weights, {@scale}scale "
                     "up to {model}, with {@theirs}{theirs} weights? Is it really the {@same}same algorithm?"),
        ("numbers", "Our tiny network: {@ours}{ours} weights. {model}: {@theirs}{theirs} weights."),
        ("identical", "Identical process: {@forward}forward pass, {@back}backpropagation, {@descent}gradient descent. "
                      "Scale changes {@everything}everything, and yet it changes {@nothing}nothing."),
        ("layers", "Real networks have more layers and more neurons. The {@chain}chain of the chain rule gets "
                   "{@longer}longer; the process is identical."),
        ("activations", "They use more practical {@activation}activation functions. Each has a {@gradient}gradient "
                        "the blame game can {@pass}pass through."),
        ("losses", "And loss functions for different jobs. The {@formula}formula changes, but its job is always the "
                   "{@same}same: give us a {@number}number to kick off the {@blame}blame game."),
        ("pattern", "That's the whole secret. The universal pattern: {steps}."),
        ("close", "It's not magic. It's a beautiful {@cascade}cascade of simple ideas: {@valley}finding the bottom of "
                  "a valley, {@knob}tuning one knob at a time, and {@blame}playing a clever game of blame. "
                  "{@welcome}Welcome to the world of AI."),
    )

    def construct(self) -> None:
        self.graph = self.params.network.graph
        self.size_comparison()
        self.layers_table()
        self.activations()
        self.losses()
        self.universal_pattern()

    def leaving(self, *groups) -> list:
        return leaving(self.mobjects, *groups, keep=[self._title])

    def our_network(self, width: float, height: float, hide: tuple[str, ...] = ("Error", "y_true")) -> NetworkDiagram:
        return NetworkDiagram(self.theme, self.graph, hide=hide, width=width, height=height, radius=NEURON_RADIUS)

    # ---- our network and a large one ----------------------------------------------------------------------------
    def size_comparison(self) -> None:
        scale = self.params.scale
        ours, theirs = len(self.graph.parameters), wording.weights_spoken(scale.large_weights)
        self.title("Same engine, bigger scale")
        top, bottom = regions.stage().rows(*PICTURE_ROWS)
        left, right = top.columns(*NETWORK_COLUMNS)
        our_label = self.words(f"Our tiny network: {ours} weights", BODY_SIZE, self.theme.weight)
        their_label = self.words(f"{scale.large_model}: {theirs} weights", BODY_SIZE, self.theme.blame)
        fit(their_label, right.width)
        fit(our_label, left.width)
        label_room = max(our_label.height, their_label.height) + NEAR
        small = left.place(self.our_network(left.width, left.height - label_room), UP)
        mesh = right.place(Mesh(self.theme, MESH_LAYERS, right.width, right.height - label_room, MESH_RADIUS), UP)
        our_label.next_to(small, DOWN, buff=NEAR).set_y(left.bottom, direction=DOWN)
        their_label.move_to(right.point(DOWN), aligned_edge=DOWN)
        weights = VGroup(*small.weight_labels.values())
        def both(color: str, backward: bool = False) -> list:
            """The same pass through both networks at once."""
            return [sweep(small, color, backward, run_time=PASS), mesh.flow(color, backward, run_time=PASS)]

        self.beat("question", Create(small), run_time=2.5,
                  at={"ours": [FadeIn(our_label), glow(weights, self.theme.weight, run_time=1.2)],
                      "scale": mesh.grow(run_time=2.5), "theirs": Write(their_label, run_time=1.5),
                      "same": both(self.theme.h1_path)},
                  ours=ours, model=scale.large_model, theirs=theirs)
        axis, bars, grow = self.weight_scale(bottom, ours, scale.large_weights)
        self.beat("numbers", Create(axis, run_time=1.2), at={"ours": GrowFromEdge(bars[0], LEFT), "theirs": grow},
                  ours=ours, model=scale.large_model, theirs=theirs)
        checks = VGroup(*(self.words(f"✓ {name}", BODY_SIZE, self.theme.good)
                          for name in ("Forward pass", "Backpropagation", "Gradient descent"))).arrange(RIGHT)
        bottom.place(checks)
        nudge = [glow(weights, self.theme.weight), glow(VGroup(*mesh.links), self.theme.weight)]
        self.beat("identical", *self.leaving(axis, bars), run_time=0.8,
                  at={"forward": [FadeIn(checks[0]), *both(self.theme.h1_path)],
                      "back": [FadeIn(checks[1]), *both(self.theme.blame, backward=True)],
                      "descent": [FadeIn(checks[2]), *nudge],
                      "everything": glow(VGroup(*mesh.layers), self.theme.blame, run_time=1.2),
                      "nothing": glow(checks, self.theme.dot, run_time=1.2)})
        self.clear_slide()

    # ---- what changes: layers, activations, losses ---------------------------------------------------------------
    def layers_table(self) -> None:
        graph, scale = self.graph, self.params.scale
        layers = graph.depth("y_pred")
        hidden = [node for node in graph.nodes if graph.depth(node.name) < layers]
        self.title("1. More layers, more neurons")
        ours = [f"{layers} layers", f"{len(hidden)} hidden neurons", f"{len(graph.parameters)} weights total"]
        rows = [list(pair) for pair in zip(ours, scale.real_network)]
        upper, lower = regions.stage().rows(3, 2)
        table = upper.place(value_table(self.theme, [r"\text{Our network}", r"\text{Real networks}"], rows,
                                        width=upper.width, height=upper.height, size=BODY_SIZE))
        (path, *_) = graph.paths(graph.parameters[0])
        short_row, long_row = lower.rows(1, 1)
        spacing = lower.width / LONG_CHAIN
        short = Chain(self.theme, [symbol_tex(name) for name in path.nodes], spacing * len(path.nodes), CHAIN_RADIUS)
        long = Chain(self.theme, [symbol_tex(path.nodes[0])] + [""] * (LONG_CHAIN - 2) + [symbol_tex(path.nodes[-1])],
                     lower.width, CHAIN_RADIUS)
        short_row.place(short, LEFT)
        long_row.place(long, LEFT)
        self.beat("layers", reveal_header(table), *(reveal_row(table, i) for i in range(1, len(rows) + 1)),
                  at={"chain": Succession(short.grow(), short.trace(self.theme.blame), run_time=1.6),
                      "longer": Succession(long.grow(), long.trace(self.theme.blame), run_time=2.4)})
        self.clear_slide()

    def activations(self) -> None:
        self.title("2. More practical activation functions")
        panels = [self.activation_panel(name, Formula.parse(text, ("x",)))
                  for name, text in self.params.scale.activations]
        regions.stage().place(VGroup(*(p[0] for p in panels)).arrange(RIGHT, buff=NEAR))
        frames = [p[0][0] for p in panels] + [p[1] for p in panels] + [p[2] for p in panels]
        curves = [AnimationGroup(Create(p[3]), Write(p[5])) for p in panels]
        slopes = [AnimationGroup(Create(p[4]), Write(p[6])) for p in panels]
        passing = [a for p in panels for a in along([p[4]], self.theme.blame)]
        self.beat("activations", *(FadeIn(f) for f in frames), run_time=1.4,
                  at={"activation": AnimationGroup(*curves, lag_ratio=0.2, run_time=1.6),
                      "gradient": AnimationGroup(*slopes, lag_ratio=0.2, run_time=1.4), "pass": passing})
        self.clear_slide()

    def losses(self) -> None:
        net = self.params.network
        self.title("3. Better loss functions for different jobs")
        rows = [list(row) for row in self.params.scale.losses]
        upper, lower = regions.stage().rows(1, 1)
        table = upper.place(value_table(self.theme, [r"\text{Task}", r"\text{Loss}", r"\text{Formula}",
                                                     r"\text{Example}"], rows, width=upper.width, height=upper.height,
                                        size=BODY_SIZE))
        diagram = readable_network(self.theme, self.graph, lower, ROOMY_RADII, CENTRE_SHARE[0], hide=("y_true",))
        if diagram.crowded:  # a crowded network: the table at the top, the network in all the stage under it
            upper.place(table, UP)
            diagram = readable_network(self.theme, self.graph, regions.stage().below(table), ROOMY_RADII,
                                       CENTRE_SHARE[0], hide=("y_true",))
        example = net.dataset.examples[net.crime_example]
        loss = net.trainer.forward_row(net.weights, example).forward[self.graph.output]
        value = diagram.tag(self.graph.output, n(loss), self.theme.blame)
        circle, name = diagram.circles[self.graph.output]
        if smallest_text(value) < MIN_TEXT_PX:  # a long value would shrink past reading in its node: beside it
            value = self.math(n(loss), size=MATH_SMALL, color=self.theme.blame).next_to(circle, RIGHT, buff=TIGHT)
        formulas = VGroup(*(row[2] for row in table.get_rows()[1:]))
        self.beat("losses", reveal_header(table), *(reveal_row(table, i) for i in range(1, len(rows) + 1)),
                  FadeIn(diagram), run_time=2.0,
                  at={  # each word's mobjects on the scene from its word: the name stays faded
                      "formula": glow(formulas, self.theme.dot, run_time=1.4),
                      "same": diagram.ring([self.graph.output], self.theme.blame).set_run_time(1.2),
                      "number": [FadeOut(name), FadeIn(value)],  # the name gives way to its value, for good
                      "blame": sweep(diagram, self.theme.blame, backward=True, run_time=1.4)})
        self.clear_slide()

    # ---- the pattern and the close ---------------------------------------------------------------------------
    def universal_pattern(self) -> None:
        self.title("The universal pattern")
        stage = regions.stage()
        cards = cycle_cards([VGroup(self.words(name, BODY_SIZE, self.theme.dot),
                                    self.words(hint, SMALL_SIZE, self.theme.muted)).arrange(DOWN, buff=TIGHT)
                             for name, hint in STEPS], stage)
        arrows = cycle_arrows(cards, self.theme.good)
        box = middle(cards, arrows, stage, CENTRE_SHARE)
        diagram = readable_network(self.theme, self.graph, box, ROOMY_RADII, hide=("Error", "y_true"))
        if diagram.crowded and smallest_text(diagram) < MIN_TEXT_PX:
            # too crowded for its weights' tags in the middle of the cycle: drawn without them, the weights glow on
            # the edges they weigh
            box = middle(cards, arrows, stage, CROWDED_SHARE)
            diagram = readable_network(self.theme, self.graph, box, ROOMY_RADII, as_labels=(),
                                       hide=("Error", "y_true", *self.graph.parameters))
        weights = VGroup(*diagram.weight_labels.values()) or VGroup(*diagram.edges.values())
        output = diagram.circles[self.graph.nodes[-2].name][0]
        def loop() -> list:  # once round the cycle (each time its own animations: one can be played only once)
            return [AnimationGroup(*along([arrow], self.theme.good), glow(card[0], self.theme.good))
                    for arrow, card in zip(arrows, [*cards[1:], cards[0]])]

        steps = "; ".join(f"{bookmark(f's{i}')}{name.lower()}, {hint}" for i, (name, hint) in enumerate(STEPS))
        self.beat("pattern", Create(diagram), run_time=2.0,
                  at={"s0": [FadeIn(cards[0]), sweep(diagram, self.theme.h1_path, run_time=1.6)],
                      "s1": [Create(arrows[0]), FadeIn(cards[1]), glow(output, self.theme.blame, run_time=1.4)],
                      "s2": [Create(arrows[1]), FadeIn(cards[2]),
                             sweep(diagram, self.theme.blame, backward=True, run_time=1.6)],
                      "s3": [Create(arrows[2]), FadeIn(cards[3]), glow(weights, self.theme.weight, run_time=1.4)],
                      "s4": Succession(AnimationGroup(Create(arrows[3]), FadeIn(cards[4]), run_time=0.8),
                                       Create(arrows[4], run_time=0.5), *loop(), *loop(), run_time=3.0)},
                  steps=steps)
        self.close(cards, arrows, diagram)

    def close(self, cards: VGroup, arrows: VGroup, diagram: NetworkDiagram) -> None:
        rows_area, side = regions.stage().columns(ICON_COLUMNS[0] + ICON_COLUMNS[1], ICON_COLUMNS[2])
        icons = [Valley(self.theme), Knobs(self.theme), BlameLinks(self.theme)]
        marks = {}
        phrases = ["finding the bottom of a valley", "tuning one knob at a time", "playing a clever game of blame"]
        texts = alike([self.words(phrase, LEAD_SIZE) for phrase in phrases],
                      rows_area.columns(*ICON_COLUMNS[:2])[1].width)
        for name, row, icon, text in zip(("valley", "knob", "blame"), rows_area.rows(1, 1, 1), icons, texts):
            picture, words = row.columns(*ICON_COLUMNS[:2])
            picture.place(icon)
            words.place(text, LEFT)
            marks[name] = [Write(text, run_time=1.4), icon.move()]
        diagram.generate_target()
        side.place(diagram.target)
        # the network goes aside before the line: its passes at "welcome" are built where it then stands
        self.quick(*self.leaving(cards, arrows), MoveToTarget(diagram), run_time=0.8)
        marks["cascade"] = AnimationGroup(*(FadeIn(icon) for icon in icons), lag_ratio=0.4, run_time=1.5)
        marks["welcome"] = Succession(sweep(diagram, self.theme.h1_path), sweep(diagram, self.theme.blame, True),
                                      run_time=2.0)
        self.beat("close", at=marks)
        self.clear_slide()
