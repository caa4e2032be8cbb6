"""Segment 7, the network: its architecture, its data, its first (bad) forward pass."""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Create, Indicate, LaggedStart, MoveToTarget, VGroup, Write

from mathcore import Formula
from mathcore.lesson import nested_graph
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import NetworkDiagram, symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n, pair
from scenes.kit.style import APART, BODY_SIZE, GAP, MATH_LARGE, MATH_SMALL, NEAR, TIGHT
from scenes.kit.tables import highlight, reveal_header, reveal_row, value_table

NEURON_RADIUS = 0.42
DIAGRAM_HEIGHT = 0.75  # of its panel's height
DIAGRAM_AND_WEIGHTS = (3, 1)  # heights: the diagram, and its weights' values under it
WEIGHTS_A_LINE = 4  # weight values on one line under the diagram: readable
RECEDED = 0.7  # the forward table's size while the squared errors are worked out under it


class Network(LessonScene):
    NARRATION = (
        ("what", "So, what even is a neural network? Forget the hype. It's just a collection of simple "
                 "functions, called neurons, organized in layers."),
        ("layers", "We stack them in layers, like an assembly line: a forward pass, a one-way flow of "
                   "information from data to answer."),
        ("architecture", "Our network has {inputs} inputs, {hidden} hidden neurons, one output, and {weights} "
                         "tunable weights."),
        ("task", "The task: learn a new function, {target}. We collect {count} training examples."),
        ("weights", "Our network is a blank slate, with initial weights {weights}. Let's see how badly it does."),
        ("forward", "This is the forward pass. We just feed inputs through and see what comes out."),
        ("ouch", "Ouch. For example {worst}, it was off by {off} points."),
        ("cancel", "We can't just add the differences up: a minus and a plus would cancel out, making it look "
                   "perfect when it's terrible."),
        ("square", "The solution? We square the differences. Every error becomes positive, and big mistakes "
                   "get huge penalties: an error of {small} costs {small_sq}, an error of {big} costs {big_sq}."),
        ("total", "Total squared error: {sum} = {total}. That is our enemy. Our goal is to make {total} as close "
                  "to zero as possible."),
        ("nested", "Here is the most important insight: a neural network is just a giant nested function."),
        ("knobs", "What are the knobs we can tune? Not the inputs: they are the data we're given. The only "
                  "things we control are the weights, {names}."),
        ("same", "We minimize Error of the weights, exactly as we minimized f before. The process is identical."),
    )

    def construct(self) -> None:
        self.net = self.params.network
        self.neurons()
        self.architecture()
        self.dataset()
        self.forward_pass()
        self.squared_error()
        self.nested_comparison()

    def neurons(self) -> None:
        self.title("What is a neural network?")
        layers = VGroup(*(self.words(t, BODY_SIZE, c) for t, c in (
            ("Inputs", self.theme.text), ("Layer 1", self.theme.weight), ("Layer 2", self.theme.weight),
            ("Final answer", self.theme.dot))))
        regions.stage().place(layers.arrange(RIGHT, buff=APART))
        self.beat("what", FadeIn(layers[1:3], lag_ratio=0.3))
        self.beat("layers", FadeIn(layers[0]), FadeIn(layers[3]))
        self.play(FadeOut(layers), run_time=0.4)

    def architecture(self) -> None:
        graph = self.net.graph
        self.title("Our first AI brain")
        left, right = regions.panels(1, 1)
        self.diagram = left.place(NetworkDiagram(self.theme, graph, hide=("Error", "y_true"), width=left.width,
                                                 height=left.height * DIAGRAM_HEIGHT, radius=NEURON_RADIUS))
        formulas = VGroup(*(self.math(rf"{symbol_tex(node.name)} = {node.latex}")
                            for node in graph.nodes if node.name != graph.output))
        right.place(formulas.arrange(DOWN, aligned_edge=LEFT, buff=NEAR))
        inputs = [x for x in self.net.dataset.input_names]
        hidden = [node for node in graph.nodes if set(node.parents) & set(inputs)]
        self.beat("architecture", Create(self.diagram), FadeIn(formulas, lag_ratio=0.3), inputs=len(inputs),
                  hidden=len(hidden), weights=len(graph.parameters))
        self.play(FadeOut(formulas), run_time=0.4)

    def dataset(self) -> None:
        data = self.net.dataset
        target = Formula.parse(self.net.target_formula, data.input_names)
        self.title("The task: learn a new function")
        formula = self.math(rf"f({', '.join(symbol_tex(x) for x in data.input_names)}) = {target.latex}")
        regions.stage().place(formula, UP)
        left, right = regions.stage().below(formula).columns(1, 1)
        rows = [[pair(e.inputs), n(e.target)] for e in data.examples]
        table = right.place(value_table(self.theme, [r"(" + ", ".join(symbol_tex(x) for x in data.input_names) + ")",
                                                     r"y_{true}"], rows, size=BODY_SIZE))
        diagram_room, labels_room = left.rows(*DIAGRAM_AND_WEIGHTS)
        self.diagram.generate_target()
        diagram_room.place(self.diagram.target)
        self.play(MoveToTarget(self.diagram), run_time=0.5)
        self.beat("task", Write(formula), reveal_header(table), *(reveal_row(table, i)
                                                                   for i in range(1, len(rows) + 1)),
                  target=f"f = {wording.formula(self.net.target_formula)}", count=len(rows))
        weights = ", ".join(f"{k} = {n(v)}" for k, v in self.net.weights.items())
        pairs = [rf"{symbol_tex(k)}={n(v)}" for k, v in self.net.weights.items()]
        labels = VGroup(*(self.math(r",\ ".join(pairs[i:i + WEIGHTS_A_LINE]), size=MATH_SMALL,
                                    color=self.theme.weight)  # a few to a line: readable
                          for i in range(0, len(pairs), WEIGHTS_A_LINE))).arrange(DOWN, buff=TIGHT)
        labels_room.place(labels, UP)
        self.beat("weights", FadeIn(labels), weights=weights)
        self.play(FadeOut(formula), FadeOut(table), FadeOut(labels), run_time=0.5)

    def forward_pass(self) -> None:
        graph = self.net.graph
        table_data = self.net.trainer.forward_table(self.net.weights)
        self.table_data = table_data
        hidden = [node.name for node in graph.nodes[:-2]]
        self.title("Forward pass results")
        rows = []
        for row in table_data.rows:
            rows.append([pair(row.example.inputs), n(row.example.target), *(n(row.forward[h]) for h in hidden),
                         n(row.prediction), n(row.difference)])
        header = [r"(x_1, x_2)", r"y_{true}", *(symbol_tex(h) for h in hidden), r"y_{pred}",
                  r"y_{pred} - y_{true}"]
        table = regions.stage().place(value_table(self.theme, header, rows, size=BODY_SIZE))
        first = table_data.rows[0]
        inputs = self.words(f"{pair(first.example.inputs)} → ?", BODY_SIZE, self.theme.muted)
        regions.stage().right_of(self.diagram, gap=APART).place(inputs, LEFT)
        flow, tags = self.diagram.forward_flow({k: n(first.forward[k]) for k in self.diagram.circles}, self.theme.dot)
        self.beat("forward", FadeIn(inputs), flow, run_time=0.8 * len(self.diagram.columns))
        self.quick(*(FadeOut(m) for m in self.present(self.diagram)), FadeOut(tags), FadeOut(inputs),
                   reveal_header(table),
                   *(reveal_row(table, i) for i in range(1, len(rows) + 1)), run_time=1.2)
        worst = max(range(len(table_data.rows)), key=lambda i: abs(table_data.rows[i].difference))
        box = highlight(table, worst + 2, len(header), self.theme.blame)
        self.beat("ouch", Create(box), worst=pair(table_data.rows[worst].example.inputs),
                  off=n(abs(table_data.rows[worst].difference)))
        self.beat("cancel", FadeOut(box))
        self.forward_table = table

    def squared_error(self) -> None:
        rows = self.table_data.rows
        small = min(rows, key=lambda r: abs(r.difference))
        big = max(rows, key=lambda r: abs(r.difference))
        top, rest = regions.stage().rows(1, 1)
        self.forward_table.generate_target()
        top.place(self.forward_table.target.scale(RECEDED), UP)
        self.play(MoveToTarget(self.forward_table), run_time=0.6)
        squares = self.math(r" + ".join(rf"({n(-r.difference)})^2" for r in rows))
        total = self.table_data.total_loss
        sum_text = " + ".join(n(r.loss) for r in rows)
        result = self.math(rf"= {sum_text} = {n(total)}", size=MATH_LARGE, color=self.theme.blame)
        rest.place(VGroup(squares, result).arrange(DOWN, buff=GAP))  # laid out once, shown in turn
        self.beat("square", Write(squares), small=n(abs(small.difference)), small_sq=n(small.loss),
                  big=n(abs(big.difference)), big_sq=n(big.loss))
        self.beat("total", Write(result), sum=sum_text, total=n(total))
        self.play(FadeOut(self.forward_table), FadeOut(squares), FadeOut(result), run_time=0.5)

    def nested_comparison(self) -> None:
        graph = self.net.graph
        self.title("A neural network IS a nested function")
        nested = nested_graph(self.params)
        xs = ", ".join(nested.leaves)
        left = self.bullets(["Math functions", f"variables we control: {xs}", f"minimize {nested.output}({xs})"],
                            BODY_SIZE, self.theme.muted)
        names = ", ".join(graph.parameters)
        right = self.bullets(["Neural networks", f"variables we control: {names}", f"minimize Error({names})"],
                             BODY_SIZE, self.theme.weight)
        whole = self.math(rf"{symbol_tex(graph.output)} = {graph.expanded_latex()}", size=MATH_SMALL)
        regions.stage().place(VGroup(VGroup(left, right).arrange(RIGHT, buff=APART, aligned_edge=UP), whole)
                              .arrange(DOWN, buff=APART))
        self.beat("nested", FadeIn(left), Write(whole))
        self.quick(FadeIn(right), run_time=0.8)  # shown first: Indicate returns a part to how it began
        self.beat("knobs", Indicate(right[1], color=self.theme.weight), names=names)
        self.beat("same", LaggedStart(Indicate(right[2], color=self.theme.dot)))
        self.play(FadeOut(VGroup(left, right, whole)), run_time=0.5)
