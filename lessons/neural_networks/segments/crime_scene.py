"""Segment 8, the crime scene: blame for each weight, backpropagation, one update, the verdict.

The network is the stage (docs/storyboard/crime-scene.md): the forward pass runs through it column by column as its
values are named; a suspect's path to the error lights up; each link's local blame is computed on its link and
travels into the worked equation beside the diagram, the factors travel into the product; backpropagation runs
back through the diagram, each weight's gradient written with its name on its weight. The update and the verdict
are in ``crime_verdict``.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Create, Indicate, LaggedStart, MathTex, SurroundingRectangle, VGroup

from lessons.neural_networks.segments import wording
from lessons.neural_networks.segments.crime_verdict import PACE_SHARE, Verdict, forward_marks, on_words, readable
from mathcore import crime_scene
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.cards import CODE_PX, algorithm_card
from scenes.kit.diagram import NetworkDiagram, derivative, symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.layout import MIN_TEXT_PX
from scenes.kit.links import equation_parts, link_sides, sides
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n, pair
from scenes.kit.pacing import until_end
from scenes.kit.pulses import flash
from scenes.kit.style import BODY_SIZE, ENTER, GAP, MATH_SMALL, NEAR, TIGHT
from scenes.kit.travel import Land, Reveal, WriteIn, hidden
from scenes.kit.turns import in_turn

SEGMENT = segment("crime-scene", "The crime scene: backpropagation", scene="CrimeScene", uses=("network",))

PANELS = (1, 1)  # the diagram, and the blame worked out beside it
NEURON_RADIUS = 0.48
DIAGRAM_HEIGHT = 0.75  # of its panel's height
DRAW_TIME = 2.0  # the diagram drawn as the example is introduced
LINK_TAG_SIZE = 30  # a link's local blame, written on its link (as the diagram writes values)
STEP_TIME = 2.0  # a column of the diagram computed: its pulses run and its values appear
POINT_TIME = 1.5  # a thing pointed at as it is named (a weight's label flashing)
BOX_PAD = 0.05  # between the shared factor and the box drawn round it
ONCE_COLUMNS = 2  # the backward pass's first steps, "computed once": the error's column and the output's


class CrimeScene(Verdict, LessonScene):
    NARRATION = (
        ("scene", "It's time to play the blame game. Let's focus on the {which} prediction: {@input}input {inputs}, "
                  "{@target}target {target}, {@prediction}prediction {prediction}, {@error}error {error}."),
        ("forward", "First the forward pass: the inputs {@flow}flow through the network, {values}, and the "
                    "{@error}error is {error}."),
        ("suspect", "Our {@suspect}suspect: {weight}. Its path to the error: {path}."),
        ("factor", "{question}? {@value}{value}."),
        ("verdict", "Total blame for {weight}: {product} = {@total}{total}."),
        ("reuse", "Now stop. Look {@closer}closer. The {@term}term ∂Error/∂y_pred = {shared} is in {@both}both "
                  "calculations."),
        ("backprop", "We don't recalculate everything for every weight. We calculate the error gradient {@once}once, "
                     "then {@propagate}propagate it backwards, {@reusing}reusing it. This is backpropagation."),
        ("cards", "The {@forward}forward pass computes the output; the {@backward}backward pass computes every "
                  "gradient, from the error back to the first layer."),
        ("all", "All the blame, computed: {gradients}."),
        ("update", "Now gradient descent: {@new}new weight = {@old}old weight {@minus}minus η = {eta} times the "
                   "{@gradient}gradient."),
        ("learned", "That's it. The learning has happened. But did it {@work}work? This is the moment of truth."),
        ("after", "With the {@weights}new weights: {hidden}, and the {@prediction}prediction is {y}."),
        ("compare", "The prediction moved from {before} to {@after}{after}, {@verdict}{verdict}"),
        ("repeat", "{outlook}"),
    )

    def construct(self) -> None:
        self.net = self.params.network
        self.data = crime_scene(self.net)
        self.investigate()
        self.show_reuse()
        self.code_cards()
        self.update_weights()
        self.verdict()

    def investigate(self) -> None:
        net, data = self.net, self.data
        example = net.dataset.examples[net.crime_example]
        graph = net.graph
        self.title("The crime scene")
        inputs = pair(example.inputs)
        told = {"input": f"input {inputs}", "target": f"target {n(example.target)}",
                "prediction": f"prediction {n(data.forward['y_pred'])}",
                "error": f"error {n(data.forward[graph.output])}"}
        facts = VGroup(*(self.words(text, BODY_SIZE, self.theme.muted) for text in told.values()))
        regions.stage().place(facts.arrange(RIGHT, buff=GAP), UP)
        self.left, self.side = regions.stage().below(facts).columns(*PANELS)
        self.diagram = self.left.place(NetworkDiagram(self.theme, graph, hide=("y_true",), width=self.left.width,
                                                      height=self.left.height * DIAGRAM_HEIGHT, radius=NEURON_RADIUS))
        pointed = {"input": self.diagram.columns[0], "prediction": ["y_pred"], "error": [graph.output]}
        at = {mark: [FadeIn(fact, shift=DOWN * ENTER)] + ([self.diagram.ring(pointed[mark], self.theme.dot)]
                                                        if mark in pointed else [])
              for mark, fact in zip(told, facts)}
        self.beat("scene", Create(self.diagram, run_time=DRAW_TIME), at=on_words(at),
                  which=wording.ordinal(net.crime_example), inputs=inputs, target=n(example.target),
                  prediction=n(data.forward["y_pred"]), error=n(data.forward[graph.output]))
        self.facts = facts
        values = {name: n(data.forward[name]) for name in self.diagram.circles}
        strengths = {name: float(data.forward[name]) for name in self.diagram.circles}
        steps = self.diagram.forward_steps(values, self.theme.dot, strengths)
        readable(self.diagram, steps)
        for step, _ in steps:
            step.run_time = STEP_TIME
        self.value_tags = VGroup(*(tag for _, tags in steps for tag in tags))
        computed = [node.name for node in graph.nodes if node.name != graph.output]
        # the first computed column starts as the inputs "flow" (its values appear as they are named), the others
        # each on the word naming one of their nodes
        marks = {name: name for name in computed} | {name: "flow" for name in self.diagram.columns[1]} | {
            graph.output: "error"}
        lead, at = forward_marks(self.diagram, steps, marks)
        self.beat("forward", *lead, at=at, error=values[graph.output],
                  values=wording.spoken_list([bookmark(name) + f"{name} = {values[name]}" for name in computed]))
        names = [self.diagram.circles[name][1] for name in values]  # names back for the investigation
        self.quick(FadeOut(self.value_tags), *(FadeIn(name) for name in names), run_time=0.4)
        # as the script: the last weight on the shortest path (the bias), then the first on the longest
        lengths = [len(b.paths[0].nodes) for b in data.blames]
        shortest = [b for b, k in zip(data.blames, lengths) if k == min(lengths)][-1]
        deepest = [b for b, k in zip(data.blames, lengths) if k == max(lengths)][0]
        self.equations = [self.suspect(blame) for blame in (shortest, deepest)]

    def link_spot(self, child: str, parent: str):
        """Where a link's local blame is written: beside its arrow's middle, or beside the weight's label."""
        if (parent, child) in self.diagram.edges:
            arrow = self.diagram.edges[(parent, child)]
            return arrow.get_center(), UP
        return self.diagram.weight_labels[child].get_right(), RIGHT

    def suspect(self, blame) -> MathTex:
        (path,) = blame.paths
        graph = self.net.graph
        read = list(reversed(path.nodes))  # as it is said: from the error back to the weight
        pieces = [self.diagram.highlight(read[:1], self.theme.h1_path)]  # the error, then each link and its node
        pieces += [self.diagram.highlight([name, before], self.theme.h1_path) for before, name in zip(read, read[1:])]
        highlight = VGroup(*pieces)
        nodes = " ← ".join(bookmark(f"p{i}") + name for i, name in enumerate(read))
        label = self.diagram.weight_labels[path.nodes[1]]
        at = {"suspect": Indicate(label, color=self.theme.h1_path, run_time=POINT_TIME)}
        at |= {f"p{i}": Create(piece, run_time=POINT_TIME) for i, piece in enumerate(pieces)}
        self.beat("suspect", at=on_words(at), weight=blame.variable, path=nodes)
        lines = VGroup(*(self.math(*equation_parts(link_sides(factor)), size=MATH_SMALL,
                                   color=self.theme.blame if factor.edge.child == graph.output else self.theme.text)
                         for factor in path.factors))
        self.side.place(lines.arrange(DOWN, aligned_edge=LEFT, buff=NEAR), UP)
        tags = VGroup()
        for factor, worked in zip(path.factors, lines):
            edge = factor.edge
            spot, side = self.link_spot(edge.child, edge.parent)
            tag = MathTex(n(factor.value), font_size=LINK_TAG_SIZE, color=self.theme.blame)
            tag.next_to(spot, side, buff=TIGHT)
            on_edge = (edge.parent, edge.child) in self.diagram.edges
            if on_edge and any(regions.overlapping(tag, label) for label in self.diagram.weight_labels.values()):
                tag.next_to(spot, -side, buff=TIGHT)  # over a node's weight names: the edge's other side
            tags.add(tag)
            value = worked[-1]
            hidden(value)
            self.beat("factor", FadeIn(worked, shift=LEFT * ENTER), FadeIn(tag, scale=1.3),
                      at=on_words({"value": Land(tag, value, run_time=until_end(self.line("factor"), "value",
                                                                                question="", value=n(factor.value)))}),
                      question=f"How much does {edge.child} blame {edge.parent}", value=n(factor.value))
        head = derivative(graph.output, blame.variable)
        product = [n(f.value) for f in path.factors]
        parts = [f"{head} ="] + [p for value in product for p in (value, r"\times")][:-1] + ["=", n(blame.total)]
        if len(product) == 1:  # one link: its value is the total, written once
            parts = equation_parts(sides(head, n(blame.total)))
        total = self.math(*parts, color=self.theme.dot)
        self.side.below(lines).place(total, UP)
        hidden(*total)
        self.add(total)
        at = {"total": [Reveal(total[-2]) if len(product) > 1 else Reveal(total[0]),
                        WriteIn(total[-1], run_time=until_end(self.line("verdict"), "total", weight="", product="",
                                                              total=n(blame.total)))]}
        if len(product) > 1:  # each factor travels from its link's equation into the product as it is said
            for i, worked in enumerate(lines):
                arrive = [Land(worked[-1], total[1 + 2 * i], run_time=POINT_TIME)]
                at[f"f{i}"] = arrive + ([Reveal(total[2 * i])] if i else [Reveal(total[0])])
        self.beat("verdict", at=on_words(at), weight=blame.variable, total=n(blame.total),
                  product=" × ".join(bookmark(f"f{i}") + value for i, value in enumerate(product)))
        rest = "".join(rf" \times {value}" for value in product[1:])
        equation = self.math(rf"{head} =", product[0], rf"{rest} = {n(blame.total)}", size=MATH_SMALL)
        equation[1].set_color(self.theme.blame)  # the shared upstream gradient
        self.play(FadeOut(lines), FadeOut(total), FadeOut(highlight), FadeOut(tags), run_time=0.4)
        return equation

    def show_reuse(self) -> None:
        backward = self.data.backward
        graph = self.net.graph
        shared = next(s for s in backward.steps if s.node == graph.nodes[-1].parents[-1])
        eqs = self.side.place(VGroup(*self.equations).arrange(DOWN, buff=GAP, aligned_edge=LEFT), UP)
        link = self.diagram.edges.get((shared.node, graph.output))
        term = [self.diagram.ring([shared.node], self.theme.blame)] + (
            [flash(link.get_end(), link.get_start(), self.theme.blame)] if link else [])  # the blame coming back
        boxes = VGroup(*(SurroundingRectangle(eq[1], color=self.theme.blame, buff=BOX_PAD) for eq in self.equations))
        self.beat("reuse", FadeIn(eqs), at=on_words({
            "closer": LaggedStart(*(Create(box) for box in boxes), lag_ratio=0.5, run_time=POINT_TIME),
            "term": LaggedStart(*term, lag_ratio=0.5),
            "both": LaggedStart(*(Indicate(eq[1], color=self.theme.blame) for eq in self.equations), lag_ratio=0.3)}),
            shared=n(shared.gradient))
        reused = self.words("reused by " + ", ".join(shared.reused_by), BODY_SIZE, self.theme.blame)
        self.side.below(eqs).place(reused, (LEFT + UP))
        inputs = set(graph.leaves) - set(graph.parameters)  # the data is not blamed: it is given
        gradients = {step.node: n(step.gradient) for step in backward.steps if step.node not in inputs}
        named = {name: (rf"{symbol_tex(name)}{{:}}\ {value}" if name in graph.parameters else value)
                 for name, value in gradients.items()}  # a weight's gradient says whose it is
        strengths = {step.node: float(step.gradient) for step in backward.steps if step.node not in inputs}
        steps = self.diagram.backward_steps(named, self.theme.blame, strengths=strengths)
        for step, _ in steps:
            step.run_time = STEP_TIME
        labels = self.diagram.weight_labels.values()
        line = self.line("backprop")
        before = until_end(line, None, PACE_SHARE) - until_end(line, "once", PACE_SHARE)
        every = LaggedStart(*(Indicate(label, color=self.theme.weight) for label in labels),
                            lag_ratio=0.5)  # "every weight": each label pointed at
        self.blame_tags = VGroup(*(tags for _, tags in steps))
        once = ONCE_COLUMNS if len(steps) > ONCE_COLUMNS else len(steps) - 1
        self.beat("backprop", every, at=on_words({"once": in_turn(*(s for s, _ in steps[:once])),
                                                "propagate": in_turn(*(s for s, _ in steps[once:])),
                                                "reusing": FadeIn(reused, shift=DOWN * ENTER)}),
                  run_time=max(before, POINT_TIME))  # "every weight" pointed at until "once"
        self.quick(FadeOut(eqs), FadeOut(boxes), FadeOut(reused), FadeOut(self.facts), run_time=0.5)

    def code_cards(self) -> None:
        """The two passes as code beside the diagram: the forward pass runs through it as its card appears, the
        backward pass runs back (a card that would be unreadable beside the diagram is left to the diagram)."""
        graph = self.net.graph
        forward = "\n".join(f"{node.name} = {node.text}" for node in graph.nodes)
        learnable = set(graph.parameters) | {node.name for node in graph.nodes}
        backward = [f"∂E/∂{edge.parent} = ∂E/∂{node.name} * ({edge.local})"
                    for node in reversed(graph.nodes) for edge in node.edges if edge.parent in learnable]
        self.title("Forward pass, backward pass")
        cards = [algorithm_card(self.theme, forward, title="Forward pass"),
                 algorithm_card(self.theme, "\n".join(backward), title="Backward pass")]
        readable = [c for c in cards if min(self.side.width / c.width, self.side.height / c.height) * CODE_PX
                    >= MIN_TEXT_PX]
        for card in readable:
            self.side.place(card, UP)
        first, second = (cards[0] in readable), (cards[1] in readable)
        forward_at = [self.diagram.pulse(self.theme.dot)] + ([FadeIn(cards[0], shift=LEFT * ENTER)] if first else [])
        backward_at = [self.diagram.pulse(self.theme.blame, backward=True)]
        if first:
            backward_at.append(FadeOut(cards[0]))
        if second:
            backward_at.append(FadeIn(cards[1], shift=LEFT * ENTER))
        self.beat("cards", at=on_words({"forward": forward_at, "backward": backward_at}))
        if second:
            self.quick(FadeOut(cards[1]), run_time=0.4)
