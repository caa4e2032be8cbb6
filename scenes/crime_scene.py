"""Segment 8, the crime scene: blame for each weight, backpropagation, one update, the verdict."""

from __future__ import annotations

from manim import DOWN, LEFT, UL, UP, Create, Indicate, LaggedStart, Succession, VGroup, Wait, Write, config

from mathcore import crime_scene
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.cards import CODE_PX, algorithm_card
from scenes.kit.diagram import NetworkDiagram, derivative, symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.layout import MIN_TEXT_PX
from scenes.kit.numbers import n
from scenes.kit.style import BODY_SIZE, ENTER, GAP, LEAD_SIZE, MATH_LARGE, MATH_SMALL, NEAR
from scenes.kit.tables import reveal_header, reveal_row, value_table

PANELS = (1, 1)  # the diagram, and the blame worked out beside it
NEURON_RADIUS = 0.48
DIAGRAM_HEIGHT = 0.75  # of its panel's height


class CrimeScene(LessonScene):
    NARRATION = (
        ("scene", "It's time to play the blame game. Let's focus on the {which} prediction: input {inputs}, "
                  "target {target}, prediction {prediction}, error {error}."),
        ("forward", "First the forward pass: the inputs flow through the network, {values}, and the error is "
                    "{error}."),
        ("suspect", "Our suspect: {weight}. Its {@path}path to the error: {path}."),
        ("factor", "{question}? {value}."),
        ("verdict", "Total blame for {weight}: {product} = {@total}{total}."),
        ("reuse", "Now stop. Look closer. The term ∂Error/∂y_pred = {shared} is in both calculations."),
        ("backprop", "We don't recalculate everything for every weight. We calculate the error gradient once, "
                     "then propagate it backwards, reusing it. This is backpropagation."),
        ("cards", "The forward pass computes the output; the backward pass computes every gradient, from the "
                  "error back to the first layer."),
        ("all", "All the blame, computed: {gradients}."),
        ("update", "Now gradient descent: new weight = old weight minus η = {eta} times the gradient."),
        ("learned", "That's it. The learning has happened. But did it work? This is the moment of truth."),
        ("after", "With the new weights: {hidden}, and the prediction is {y}."),
        ("compare", "The prediction moved from {before} to {after}, {verdict}"),
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
        inputs = "(" + ", ".join(n(v) for v in example.inputs) + ")"
        facts = self.words(f"input {inputs}   target {n(example.target)}   prediction {n(data.forward['y_pred'])}"
                           f"   error {n(data.forward[graph.output])}", BODY_SIZE, self.theme.muted)
        regions.stage().place(facts, UP)
        left, self.side = regions.stage().below(facts).columns(*PANELS)
        self.diagram = left.place(NetworkDiagram(self.theme, graph, hide=("y_true",), width=left.width,
                                                 height=left.height * DIAGRAM_HEIGHT, radius=NEURON_RADIUS))
        self.beat("scene", FadeIn(facts), Create(self.diagram), which=wording.ordinal(net.crime_example),
                  inputs=inputs, target=n(example.target),
                  prediction=n(data.forward["y_pred"]), error=n(data.forward[graph.output]))
        self.facts = facts
        values = {name: n(data.forward[name]) for name in self.diagram.circles}
        flow, self.value_tags = self.diagram.forward_flow(values, self.theme.dot)
        computed = [node.name for node in graph.nodes if node.name != graph.output]
        self.beat("forward", flow, run_time=0.8 * len(self.diagram.columns), error=values[graph.output],
                  values=wording.spoken_list([f"{name} = {values[name]}" for name in computed]))
        self.quick(self.diagram.restore(self.value_tags), run_time=0.4)  # names back for the investigation
        # as the script: the last weight on the shortest path (the bias), then the first on the longest
        lengths = [len(b.paths[0].nodes) for b in data.blames]
        shortest = [b for b, k in zip(data.blames, lengths) if k == min(lengths)][-1]
        deepest = [b for b, k in zip(data.blames, lengths) if k == max(lengths)][0]
        suspects = [shortest, deepest]
        self.equations = []
        for blame in suspects:
            self.equations.append(self.suspect(blame))

    def suspect(self, blame) -> VGroup:
        (path,) = blame.paths
        nodes = " ← ".join(reversed(path.nodes))
        highlight = self.diagram.highlight(path.nodes, self.theme.h1_path)
        self.beat("suspect", at={"path": Create(highlight)}, weight=blame.variable, path=nodes)
        lines = VGroup()
        for factor in path.factors:
            edge = factor.edge
            line = self.math(rf"{derivative(edge.child, edge.parent)} = {edge.latex} = {n(factor.value)}",
                             size=MATH_SMALL,
                             color=self.theme.blame if edge.child == self.net.graph.output else self.theme.text)
            lines.add(line)
        self.side.place(lines.arrange(DOWN, aligned_edge=LEFT, buff=NEAR), UP)
        for factor, line in zip(path.factors, lines):
            self.beat("factor", FadeIn(line, shift=LEFT * ENTER),
                      question=f"How much does {factor.edge.child} blame {factor.edge.parent}",
                      value=n(factor.value))
        product = " × ".join(n(f.value) for f in path.factors)
        times = r" \times ".join(n(f.value) for f in path.factors)
        total = self.math(rf"{derivative(self.net.graph.output, blame.variable)} = {times} = {n(blame.total)}",
                          color=self.theme.dot)
        self.side.below(lines).place(total, UP)
        self.beat("verdict", at={"total": Write(total)}, weight=blame.variable, product=product, total=n(blame.total))
        rest = "".join(rf" \times {n(f.value)}" for f in path.factors[1:])
        equation = self.math(rf"{derivative(self.net.graph.output, blame.variable)} =", n(path.factors[0].value),
                             rf"{rest} = {n(blame.total)}", size=MATH_SMALL)
        equation[1].set_color(self.theme.blame)  # the shared upstream gradient
        self.play(FadeOut(lines), FadeOut(total), FadeOut(highlight), run_time=0.4)
        return equation

    def show_reuse(self) -> None:
        backward = self.data.backward
        graph = self.net.graph
        shared = next(s for s in backward.steps if s.node == graph.nodes[-1].parents[-1])
        eqs = self.side.place(VGroup(*self.equations).arrange(DOWN, buff=GAP, aligned_edge=LEFT), UP)
        self.beat("reuse", FadeIn(eqs), Indicate(self.diagram.node(shared.node), color=self.theme.blame),
                  shared=n(shared.gradient))
        reused = self.words("reused by " + ", ".join(shared.reused_by), BODY_SIZE, self.theme.blame)
        self.side.below(eqs).place(reused, UL)
        inputs = set(graph.leaves) - set(graph.parameters)  # the data is not blamed: it is given
        gradients = {step.node: n(step.gradient) for step in backward.steps if step.node not in inputs}
        flow, tags = self.diagram.backward_flow(gradients, self.theme.blame)
        self.beat("backprop", FadeIn(reused), flow, run_time=0.8 * len(self.diagram.columns))
        self.play(FadeOut(eqs), FadeOut(reused), *(FadeOut(m) for m in self.present(self.diagram)), FadeOut(self.facts),
                  FadeOut(tags),
                  run_time=0.5)

    def code_cards(self) -> None:
        graph = self.net.graph
        forward = "\n".join(f"{node.name} = {node.text}" for node in graph.nodes)
        learnable = set(graph.parameters) | {node.name for node in graph.nodes}
        backward = [f"∂E/∂{edge.parent} = ∂E/∂{node.name} * ({edge.local})"
                    for node in reversed(graph.nodes) for edge in node.edges if edge.parent in learnable]
        self.title("Forward pass, backward pass")
        left = algorithm_card(self.theme, forward, title="Forward pass")
        right = algorithm_card(self.theme, "\n".join(backward), title="Backward pass")
        first, second = regions.panels(left.width, right.width)  # both shrink by the same factor
        if min(first.width / left.width, first.height / left.height,
               second.width / right.width, second.height / right.height) * CODE_PX >= MIN_TEXT_PX:
            first.place(left, UP)
            second.place(right, UP)
            self.beat("cards", FadeIn(left), FadeIn(right))
            self.play(FadeOut(left), FadeOut(right), run_time=0.4)
        else:  # a larger network: each card on its own, one after the other, so both stay readable
            regions.stage().place(left, UP)
            regions.stage().place(right, UP)
            self.beat("cards", Succession(FadeIn(left, run_time=0.6), Wait(2.4), FadeOut(left, run_time=0.4),
                                          FadeIn(right, run_time=0.6)), run_time=4)
            self.play(FadeOut(right), run_time=0.4)

    def update_weights(self) -> None:
        update = self.data.update
        self.title("Gradient descent on the weights")
        gradients = ", ".join(f"{r.parameter}: {n(r.gradient)}" for r in update.rows)
        eta = n(update.learning_rate, 8)
        rows = [[r.parameter, n(r.gradient), n(r.old), f"{n(r.old)} − {eta}×{n(r.gradient)}", n(r.new, 6)]
                for r in update.rows]
        area = regions.stage()
        table = area.place(value_table(self.theme, [r"\text{weight}", r"\partial E/\partial w", r"\text{old}",
                                        r"\text{calculation}", r"\text{new}"], rows,
                                       width=area.width, height=area.height, size=BODY_SIZE))
        body = range(2, len(rows) + 2)  # Manim counts the header as row 1
        blame = [table.get_entries((r, c)) for r in body for c in (1, 2)]  # each weight and its gradient
        descent = [table.get_entries((r, c)) for r in body for c in (3, 4, 5)]
        self.beat("all", reveal_header(table), LaggedStart(*(FadeIn(e) for e in blame), lag_ratio=0.1),
                  gradients=gradients)
        self.beat("update", LaggedStart(*(FadeIn(e) for e in descent), lag_ratio=0.1), eta=eta)
        self.play(FadeOut(table), run_time=0.4)
        regions.stage().place(self.diagram)  # the same diagram, back for the update (fades restore colours)
        old = {r.parameter: r.old for r in update.rows}
        new = {r.parameter: r.new for r in update.rows}
        nudged, tags = self.diagram.nudges(old, new, {p: n(v, 4) for p, v in new.items()}, self.theme.weight)
        self.quick(FadeIn(self.diagram), run_time=0.5)
        self.beat("learned", nudged)
        self.play(*(FadeOut(m) for m in self.present(self.diagram)), FadeOut(tags), run_time=0.4)

    def verdict(self) -> None:
        net, data = self.net, self.data
        example = net.dataset.examples[net.crime_example]
        hidden = [node.name for node in net.graph.nodes[:-2]]
        self.title("The moment of truth")
        hidden_values = self.math(r",\quad ".join(rf"{symbol_tex(h)} = {n(data.after[h], 2)}" for h in hidden))
        lines = VGroup(hidden_values, self.math(rf"y_{{pred}} = {n(data.after['y_pred'], 2)}", size=MATH_LARGE,
                                                color=self.theme.dot))
        lines.arrange(DOWN, buff=NEAR)
        before, after = data.forward["y_pred"], data.after["y_pred"]
        rows = [["prediction", n(before, 2), n(after, 2), n(example.target)],
                ["how far off", n(data.miss_before, 2), n(data.miss_after, 2), "0"]]
        table = value_table(self.theme, ["", r"\text{before}", r"\text{after one update}", r"\text{target}"], rows,
                            width=config.frame_width, height=config.frame_height, size=BODY_SIZE)
        closer = data.closer
        mark = self.words("✓ closer" if closer else "✗ not closer", LEAD_SIZE,
                          self.theme.good if closer else self.theme.blame)
        regions.stage().place(VGroup(lines, table, mark).arrange(DOWN, buff=GAP))  # laid out once, shown in turn
        values = wording.spoken_list([f"{h} = {n(data.after[h], 2)}" for h in hidden])
        self.beat("after", FadeIn(lines, lag_ratio=0.3), hidden=values, y=n(data.after["y_pred"], 2))
        self.beat("compare", reveal_header(table), reveal_row(table, 1), reveal_row(table, 2),
                  before=n(before, 2), after=n(after, 2), verdict=wording.prediction_moved(data))
        self.beat("repeat", FadeIn(mark), outlook=wording.repeat_outlook(data))
        self.play(FadeOut(VGroup(lines, table, mark)), run_time=0.5)
