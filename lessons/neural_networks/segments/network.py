"""Segment 7, the network: its architecture, its data, its first (bad) forward pass, and the error it makes.

The diagram is the stage: neurons appear when they are named, a pulse runs through the layers for the forward pass,
the weights' values appear on it as they are said, and every example's values are computed on it and travel into
the table. The error is drawn (``network_error.py``): a minus and a plus cancel on a number line, each squared
difference is a square as large as its penalty, and the total grows term by term. The storyboard is
``docs/storyboard/network.md``.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    UP,
    AnimationGroup,
    Create,
    GrowFromCenter,
    Indicate,
    LaggedStart,
    ReplacementTransform,
    Succession,
    SurroundingRectangle,
    VGroup,
    Write,
)

from lessons.neural_networks.segments import wording
from lessons.neural_networks.segments.network_error import NetworkError
from mathcore import Formula
from mathcore.lesson import nested_graph
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.crowded import readable_network
from scenes.kit.diagram import NetworkDiagram, symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n, pair
from scenes.kit.passes import forward_into_row, relocate
from scenes.kit.style import BODY_SIZE, GAP, MATH_SMALL, NEAR, SMALL_SIZE, TIGHT
from scenes.kit.tables import reveal_header, value_table
from scenes.kit.turns import in_turn, on_screen

SEGMENT = segment("network", "Our first network and its forward pass",
                  scene="Network", uses=("network", "nested_nodes"))

NEURON_RADIUS = 0.42
ERROR_RADIUS = 0.48  # a diagram with the Error node: its name fits its circle at a readable size
INTRO_SHARE = (1, 4, 1)  # widths: margins either side of the first, large diagram
INTRO_HEIGHT = 0.8  # of the stage's height: the first diagram (its layer names go under it)
DIAGRAM_HEIGHT = 0.8  # of its panel's height
PANELS = (9, 11)  # widths: the diagram, and the formulas / the table beside it
BAND = 0.9  # the formula's band over the diagram and the table (scene units)
FIRST_PASS = 0.6  # seconds a column takes in the first example's forward pass
LATER_PASSES = 3.0  # seconds all later examples' passes share (each column at least MIN_STEP)
MIN_STEP = 0.25
COMPARISON_ROWS = (1, 5, 2.4, 1.4)  # heights: the headings, the two diagrams, what we control and minimize, formulas
COMPARED_WIDTH = 0.9  # of its half of the stage: each compared diagram
ROOMY_RADII = (ERROR_RADIUS, 0.52, 0.56, 0.6)  # tried in turn for a crowded network (three or more neurons in a
# column) until every name in it reads: a wider circle lets a long name ("Error") stand larger
FORMULA_SHRINK = 0.8  # the most a formula may shrink from MATH_SMALL and still be read (16 px of its 20 at 480p)


class Network(NetworkError, LessonScene):
    NARRATION = (
        ("what", "So, what even is a {@network}neural network? Forget the hype. It's just a collection of simple "
                 "{@functions}functions, called {@neurons}neurons, organized in {@layers}layers."),
        ("layers", "We stack them in layers, like an {@assembly}assembly line: a {@forward}forward pass, a one-way "
                   "flow of information from {@data}data to {@answer}answer."),
        ("architecture", "Our network has {@inputs}{inputs} inputs, {@hidden}{hidden}, {@output}one output, and "
                         "{@weights}{weights} tunable weights."),
        ("task", "The task: learn a new function, {@target}{target}. We collect {@count}{count} training examples."),
        ("weights", "Our network is a blank slate, with initial weights {weights}. Let's see how {@badly}badly it "
                    "does."),
        ("forward", "This is the {@forward}forward pass. We just {@feed}feed inputs through and see what comes out."),
        ("ouch", "Ouch. For example {@worst}{worst}, it was off by {@off}{off} points."),
        ("cancel", "We can't just add the differences up: a {@minus}minus and a {@plus}plus would cancel out, making "
                   "it look {@perfect}perfect when it's terrible."),
        ("square", "The solution? We {@square}square the differences. Every error becomes {@positive}positive, and "
                   "big mistakes get huge penalties: an error of {small} costs {@small}{small_sq}, an error of {big} "
                   "costs {@big}{big_sq}."),
        ("total", "Total squared error: {@sum}{sum} = {@total}{total}. That is our {@enemy}enemy. Our goal is to make "
                  "{total} as close to {@zero}zero as possible."),
        ("nested", "Here is the most important insight: a neural network is just a giant {@nested}nested function."),
        ("knobs", "What are the knobs we can tune? Not the {@inputs}inputs: they are the data we're given. The only "
                  "things we control are the {@weights}weights, {names}."),
        ("same", "We minimize {@error}Error of the weights, exactly as we minimized {@f}f before. The process is "
                 "identical."),
    )

    def construct(self) -> None:
        self.net = self.params.network
        self.neurons()
        self.architecture()
        self.dataset()
        self.forward_pass()
        self.cancelling()
        self.squared_error()
        self.nested_comparison()

    # ---- what a network is, drawn as ours -----------------------------------------------------------------------
    def neurons(self) -> None:
        graph = self.net.graph
        self.title("What is a neural network?")
        top, rest = regions.stage().rows(BAND, regions.stage().height - BAND - GAP)
        self.band = top
        self.left, self.right = rest.columns(*PANELS)
        room = self.left.width - 2 * NEAR  # an indicated node grows a little: room for it inside the safe area
        self.diagram = NetworkDiagram(self.theme, graph, hide=("Error", "y_true"), width=room,
                                      height=self.left.height * DIAGRAM_HEIGHT, radius=NEURON_RADIUS)
        self.left.place(self.diagram)
        self.home = self.diagram.copy()  # its size and place from the architecture on
        _, middle, _ = regions.stage().columns(*INTRO_SHARE)
        self.diagram.scale(min(middle.width / self.diagram.width, middle.height * INTRO_HEIGHT / self.diagram.height))
        middle.place(self.diagram, UP)
        circles = self.diagram.circles
        columns = self.diagram.columns
        names = ["inputs", *(f"layer {i}" for i in range(1, len(columns)))]
        layer_names = VGroup(*(self.words(name, SMALL_SIZE, self.theme.muted)
                               .next_to(VGroup(*(circles[c] for c in column)), DOWN, buff=NEAR)
                               for name, column in zip(names, columns)))
        layer_names.set_y(regions.stage().bottom + TIGHT, direction=DOWN)
        computing = [name for column in columns[1:] for name in column]
        self.beat("what", at={
            "network": LaggedStart(*(GrowFromCenter(circles[name]) for column in columns for name in column),
                                   lag_ratio=0.15, run_time=1.5),
            "functions": self.diagram.ring(computing, self.theme.dot).set_run_time(1.5),
            "neurons": self.diagram.ring(list(circles), self.theme.accent, lag=0.1).set_run_time(1.2),
            "layers": LaggedStart(*(FadeIn(name, shift=UP * TIGHT) for name in layer_names), lag_ratio=0.4,
                                  run_time=1.5)})
        edges = list(self.diagram.edges.values())
        self.beat("layers", LaggedStart(*(Create(e) for e in edges), lag_ratio=0.1), at={
            "assembly": self.diagram.ring([name for column in columns for name in column], self.theme.dot,
                                          lag=0.3).set_run_time(1.5),
            "forward": self.diagram.pulse(self.theme.dot).set_run_time(0.6 * len(columns)),
            "data": self.diagram.ring(columns[0], self.theme.dot),
            "answer": self.diagram.ring(columns[-1], self.theme.dot)})
        self.layer_names = layer_names

    def architecture(self) -> None:
        graph = self.net.graph
        self.title("Our first AI brain")
        formulas = VGroup(*(self.math(rf"{symbol_tex(node.name)} = {node.latex}")
                            for node in graph.nodes if node.name != graph.output))
        self.right.place(
            formulas.arrange(DOWN, aligned_edge=LEFT, buff=NEAR))
        self.quick(relocate(on_screen(self.mobjects, self.diagram), self.diagram, self.home), FadeOut(self.layer_names),
                   run_time=0.6)
        inputs = list(self.net.dataset.input_names)
        hidden = [node.name for node in graph.nodes[:-2]]
        labels = list(self.diagram.weight_labels.values())
        self.beat("architecture", at={
            "inputs": self.diagram.ring(inputs, self.theme.dot),
            "hidden": AnimationGroup(self.diagram.ring(hidden, self.theme.dot),
                                     LaggedStart(*(FadeIn(f, shift=LEFT * TIGHT) for f in formulas[:-1]),
                                                 lag_ratio=0.3)),
            "output": AnimationGroup(self.diagram.ring([graph.nodes[-2].name], self.theme.dot),
                                     FadeIn(formulas[-1], shift=LEFT * TIGHT)),
            "weights": LaggedStart(*(FadeIn(label, scale=1.4) for label in labels), lag_ratio=0.2, run_time=1.2)},
            inputs=len(inputs), hidden=wording.counted(len(hidden), "hidden neuron"), weights=len(graph.parameters))
        self.formulas = formulas

    def dataset(self) -> None:
        data = self.net.dataset
        target = Formula.parse(self.net.target_formula, data.input_names)
        formula = self.math(rf"f({', '.join(symbol_tex(x) for x in data.input_names)}) = {target.latex}")
        self.band.place(formula)
        rows = [[pair(e.inputs), n(e.target)] for e in data.examples]
        table = self.right.place(value_table(self.theme, [r"(" + ", ".join(symbol_tex(x) for x in data.input_names)
                                                          + ")", r"y_{true}"], rows, size=BODY_SIZE))
        self.quick(FadeOut(self.formulas), run_time=0.4)
        self.title("The task: learn a new function")
        body = table.get_rows()[1:]
        self.beat("task", at={"target": Write(formula, run_time=1.5),
                              "count": Succession(reveal_header(table), LaggedStart(
                                  *(FadeIn(row, shift=UP * TIGHT) for row in body), lag_ratio=0.4),
                                  run_time=1.5)},
                  target=f"f = {wording.formula(self.net.target_formula)}", count=len(rows))
        texts = {p: rf"{symbol_tex(p)} = {n(v)}" for p, v in self.net.weights.items()}
        reveals, self.weight_tags = self.diagram.weight_reveals(texts, self.theme.weight)
        weights = ", ".join(bookmark(p) + f"{p} = {n(v)}" for p, v in self.net.weights.items())
        first = self.net.dataset.examples[0]
        inputs = {x: n(v) for x, v in zip(data.input_names, first.inputs)}
        probes = VGroup(*(self.diagram.tag(x, value, self.theme.dot) for x, value in inputs.items()))
        self.beat("weights", at={**reveals, "badly": AnimationGroup(
            *(FadeOut(self.diagram.circles[x][1]) for x in inputs), FadeIn(probes, scale=1.3),
            Indicate(table.get_rows()[1], color=self.theme.dot))}, weights=weights)
        self.quick(self.diagram.restore(probes), FadeOut(formula), FadeOut(table), run_time=0.5)

    # ---- the forward pass, example by example -------------------------------------------------------------------
    def forward_pass(self) -> None:
        graph = self.net.graph
        self.table_data = self.net.trainer.forward_table(self.net.weights)
        hidden = [node.name for node in graph.nodes[:-2]]
        self.title("Forward pass results")
        rows = [[pair(r.example.inputs), n(r.example.target), *(n(r.forward[h]) for h in hidden), n(r.prediction),
                 n(r.difference)] for r in self.table_data.rows]
        header = [r"(x_1, x_2)", r"y_{true}", *(symbol_tex(h) for h in hidden), r"y_{pred}", r"y_{pred} - y_{true}"]
        table = value_table(self.theme, header, rows, size=BODY_SIZE)
        beside = regions.stage().right_of(self.diagram, gap=GAP)
        if table.width <= beside.width:
            beside.place(table)
        else:  # a wide table (many hidden neurons): the table at the bottom, the diagram in all the room over it
            regions.stage().place(table, DOWN)
            both = VGroup(self.diagram, self.weight_tags)
            moved = regions.stage().above(table).place(both.copy())
            self.quick(relocate(on_screen(self.mobjects, both), both, moved), run_time=0.5)
        self.quick(reveal_header(table), run_time=0.6)
        passes = []
        later = max(MIN_STEP, LATER_PASSES / max(len(rows) - 1, 1) / (len(self.diagram.columns) + 1.5))
        drawn = [x for x in self.diagram.circles]
        for index, row in enumerate(self.table_data.rows):
            entries = [table.get_entries((index + 2, c)) for c in range(1, len(header) + 1)]
            carried = [(list(self.net.dataset.input_names), entries[0])]
            carried += [([name], cell) for name, cell in zip([*hidden, "y_pred"], entries[2:-1])]
            animation, tags = forward_into_row(
                self.diagram, {k: n(row.forward[k]) for k in drawn}, self.theme.dot, carried,
                [entries[1], entries[-1]], FIRST_PASS if index == 0 else later,
                strengths={k: float(row.forward[k]) for k in drawn})
            passes.append(animation)
        self.beat("forward", at={"forward": passes[0], "feed": in_turn(*passes[1:]) if passes[1:] else
                                 Indicate(table.get_rows()[1], color=self.theme.dot)})
        worst = max(range(len(rows)), key=lambda i: abs(self.table_data.rows[i].difference))
        row = self.table_data.rows[worst]
        again, self.worst_tags = self.diagram.forward_flow({k: n(row.forward[k]) for k in drawn}, self.theme.blame,
                                                           strengths={k: float(row.forward[k]) for k in drawn})
        box = SurroundingRectangle(table.get_rows()[worst + 1], color=self.theme.blame, buff=TIGHT)
        cell = table.get_entries((worst + 2, len(header)))
        self.beat("ouch", at={"worst": AnimationGroup(Create(box), again.set_run_time(1.5)),
                              "off": Indicate(cell, color=self.theme.blame, scale_factor=1.5)},
                  worst=pair(row.example.inputs), off=n(abs(row.difference)))
        self.forward_table, self.worst_box, self.worst = table, box, worst
        self.difference_column = VGroup(*(table.get_entries((r + 2, len(header))) for r in range(len(rows))))

    # ---- a network is a nested function, and its knobs are the weights -----------------------------------------
    def nested_comparison(self) -> None:
        graph = self.net.graph
        nested = nested_graph(self.params)
        self.title("A neural network IS a nested function")
        heading_l = self.words("Math functions", BODY_SIZE, self.theme.muted)
        heading_r = self.words("Neural networks", BODY_SIZE, self.theme.weight)
        whole_l = self.math(rf"{symbol_tex(nested.output)} = {nested.expanded_latex()}", size=MATH_SMALL)
        whole_r = self.math(rf"{symbol_tex(graph.output)} = {graph.expanded_latex()}", size=MATH_SMALL)
        xs = ", ".join(nested.leaves)
        shown = wording.shortened_list(list(graph.parameters))
        control_l = self.words(f"we control: {xs}", SMALL_SIZE, self.theme.muted)
        control_r = self.words("we control: ?", SMALL_SIZE, self.theme.weight)
        control_w = self.words(f"we control: {shown}", SMALL_SIZE, self.theme.weight)
        goal_l = self.words(f"minimize {nested.output}({xs})", SMALL_SIZE, self.theme.muted)
        goal_r = self.words(f"minimize {graph.output}({shown})", SMALL_SIZE, self.theme.weight)
        said_l = VGroup(control_l, goal_l).arrange(DOWN, aligned_edge=LEFT, buff=NEAR)
        said_r = VGroup(control_w, goal_r).arrange(DOWN, aligned_edge=LEFT, buff=NEAR)
        stage = regions.stage()
        heads, pictures, lines, formulas = stage.rows(*COMPARISON_ROWS)
        ours = readable_network(self.theme, graph, pictures.columns(1, 1)[1], ROOMY_RADII, COMPARED_WIDTH,
                                hide=("y_true",))
        widest = max(whole_l.width, whole_r.width) * FORMULA_SHRINK
        if ours.crowded or widest > formulas.columns(1, 1)[0].width:
            # a big network: every row as tall as what it holds, the pictures all the rest; the formulas side by
            # side as wide as they are, or one under the other when even that would shrink them past reading
            side_by_side = (whole_l.width + whole_r.width + GAP) * FORMULA_SHRINK <= stage.width
            formula_height = max(whole_l.height, whole_r.height) if side_by_side else \
                whole_l.height + whole_r.height + NEAR
            held = (max(heading_l.height, heading_r.height), max(said_l.height, said_r.height), formula_height)
            heads, pictures, lines, formulas = stage.rows(
                held[0], stage.height - sum(held) - 3 * NEAR, held[1], held[2], gap=NEAR)
            formula_l, formula_r = formulas.columns(whole_l.width, whole_r.width) if side_by_side else \
                formulas.rows(whole_l.height, whole_r.height, gap=NEAR)
            ours = readable_network(self.theme, graph, pictures.columns(1, 1)[1], ROOMY_RADII, COMPARED_WIDTH,
                                    hide=("y_true",))
        else:
            formula_l, formula_r = formulas.columns(1, 1)
        head_l, head_r = heads.columns(1, 1)
        pic_l, pic_r = pictures.columns(1, 1)
        line_l, line_r = lines.columns(1, 1)
        head_l.place(heading_l)
        head_r.place(heading_r)
        maths = pic_l.place(NetworkDiagram(self.theme, nested, as_labels=(), width=pic_l.width * COMPARED_WIDTH,
                                           height=pic_l.height, radius=NEURON_RADIUS))
        formula_l.place(whole_l)
        formula_r.place(whole_r)
        line_l.place(said_l)
        line_r.place(said_r)
        control_r.move_to(control_w, LEFT)
        hidden = [node.name for node in graph.nodes[:-2]]
        self.beat("nested", FadeIn(heading_l), Create(maths), FadeIn(heading_r), Create(ours),
                  at={"nested": AnimationGroup(Write(whole_l), Write(whole_r),
                                               ours.ring(hidden, self.theme.dot), run_time=1.5)})
        inputs = list(self.net.dataset.input_names)
        data = self.words("data", SMALL_SIZE, self.theme.muted).next_to(
            VGroup(*(ours.circles[x] for x in inputs)), DOWN, buff=TIGHT)
        labels = ours.weight_labels
        flashes, flashed = {}, set()
        for weight in graph.parameters:  # a label holding several weights flashes once, at the first said
            holder = next(node for node in labels if weight in graph.node(node).parents)
            if holder not in flashed:
                flashed.add(holder)
                flashes[weight] = Indicate(labels[holder], color=self.theme.weight, scale_factor=1.3)
        self.beat("knobs", FadeIn(control_l), FadeIn(control_r), at={
            "inputs": AnimationGroup(ours.ring(inputs, self.theme.muted), FadeIn(data)),
            "weights": ReplacementTransform(control_r, control_w), **flashes},
            names=", ".join(bookmark(p) + p for p in graph.parameters))
        self.beat("same", at={
            "error": AnimationGroup(FadeIn(goal_r, shift=UP * TIGHT),
                                    ours.ring([graph.output], self.theme.blame)),
            "f": AnimationGroup(FadeIn(goal_l, shift=UP * TIGHT),
                                maths.ring([nested.output], self.theme.blame))})
        self.play(*(FadeOut(m) for m in (heading_l, heading_r, maths, ours, whole_l, whole_r, control_l,
                                         control_w, goal_l, goal_r, data)), run_time=0.5)
