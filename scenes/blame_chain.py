"""Segment 6, the blame chain: the chain rule as tracing blame backwards through u, v, f."""

from __future__ import annotations

import sympy as sp
from manim import DOWN, LEFT, RIGHT, UP, Arrow, Create, Indicate, MoveToTarget, Succession, VGroup, Write

from mathcore import fmt_percent
from mathcore.formula import latex
from mathcore.lesson import nested_graph
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.cards import algorithm_card
from scenes.kit.diagram import NetworkDiagram, derivative, symbol_tex
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.frames import framed
from scenes.kit.style import (
    APART,
    BODY_SIZE,
    ENTER,
    GAP,
    LEAD_SIZE,
    MATH_DISPLAY,
    MATH_LARGE,
    MATH_SMALL,
    NEAR,
    SMALL_SIZE,
)
from scenes.kit.tables import reveal_header, reveal_row, value_table

STORY_PANELS = (1, 1)  # the story's column of boxes, and its product beside it
TABLE_PANELS = (3, 2)  # a table of blame, and the diagram beside it
NESTED_HEIGHT = 0.7  # of its panel's height, the nested function's diagram
NODE_RADIUS = 0.4


class BlameChain(LessonScene):
    NARRATION = (
        ("problem", "In a deep network, a weight in the first layer doesn't directly touch the final error. "
                    "Its influence travels through a long chain."),
        ("rule", "Its solution is one of the most elegant ideas in mathematics: the chain rule."),
        ("game", "And the intuition behind it? It's literally a blame game. Imagine a team project goes wrong: "
                 "{outcome}. To find out why, you trace the problem backward."),
        ("link", "...because {cause}. {share} of the blame."),
        ("multiply", "To find how much the first link is responsible, you just multiply the blame at each step: "
                     "{product}."),
        ("chain", "The chain rule does exactly this: it multiplies the influence at each link of the chain."),
        ("beast", "Look at this beast of a function. It looks intimidating, but we can break it down."),
        ("steps", "First we calculate {steps}. The chain of influence is clear."),
        ("x1_table", "Finding the blame on {var}: how much does each link blame the one before it?"),
        ("x1_total", "Total blame: multiply the links, {total}."),
        ("x2", "Now for {var}. {ways}"),
        ("sum", "{summed}: {total}."),
        ("final", "Final result: {result}. The chain rule has untangled that nested function for us."),
        ("code", "Now look what we can do: compute the blame for each variable, and nudge it."),
        ("recap", "We know how to go downhill, how to find the slope for each knob, and how to trace blame "
                  "through a long chain. Time to build our first AI brain."),
    )

    def construct(self) -> None:
        self.graph = nested_graph(self.params)
        self.chain_rule()
        self.presentation_story()
        self.nested_function()
        self.blame_x1()
        self.blame_x2()
        self.code_card()
        self.recap()

    def chain_rule(self) -> None:
        self.title("The chain rule")
        g = self.graph
        (path, *_) = g.paths(g.leaves[0])  # the first input's way to the output, link by link
        chain = regions.stage().place(self.math(r" \rightarrow ".join(symbol_tex(name) for name in path.nodes),
                                                size=MATH_DISPLAY, color=self.theme.h1_path))
        self.beat("problem", Write(chain))
        top, rest = regions.stage().rows(1, 2)
        formula = rest.place(self.math(r"\frac{dy}{dx} = \frac{dy}{du} \times \frac{du}{dx}", size=MATH_DISPLAY))
        chain.generate_target()
        top.place(chain.target)
        self.beat("rule", MoveToTarget(chain), Write(formula))
        self.play(FadeOut(formula), FadeOut(chain), run_time=0.4)

    def presentation_story(self) -> None:
        story = self.params.blame_story
        self.title("A blame game")
        boxes = [self.box(story.outcome, self.theme.blame)] + [self.box(cause, self.theme.text)
                                                                for cause, _ in story.links]
        left, right = regions.panels(*STORY_PANELS)
        column = VGroup(*boxes).arrange(DOWN, buff=GAP)
        if column.height > left.height:  # a long story closes up before its words shrink
            column.arrange(DOWN, buff=NEAR)
        left.place(column)  # laid out once; what still does not fit shrinks
        self.beat("game", FadeIn(boxes[0]), outcome=story.outcome)
        arrows = []
        for (cause, share), upper, lower in zip(story.links, boxes, boxes[1:]):
            arrow = Arrow(upper.get_bottom(), lower.get_top(), buff=0, color=self.theme.blame)
            label = self.words(fmt_percent(share), BODY_SIZE, self.theme.blame).next_to(arrow, RIGHT, buff=NEAR)
            arrows.append(VGroup(arrow, label))
            self.beat("link", FadeIn(lower), Create(arrow), FadeIn(label), cause=cause,
                      share=fmt_percent(share))
        shares = [fmt_percent(share) for _, share in reversed(story.links)]
        product = " × ".join(shares) + f" = {fmt_percent(story.total)}"
        room = right.right_of(column, gap=APART)
        # three factors to a line: a long story's product wraps instead of shrinking below readable
        lines = [product]
        if len(shares) > 3:
            lines = [" × ".join(shares[i:i + 3]) for i in range(0, len(shares), 3)]
            lines = [("× " if i else "") + line for i, line in enumerate(lines)] + [f"= {fmt_percent(story.total)}"]
        total = room.place(VGroup(*(self.words(line, LEAD_SIZE, self.theme.dot) for line in lines))
                           .arrange(DOWN, aligned_edge=LEFT, buff=NEAR), LEFT)
        self.beat("multiply", Write(total), product=product)
        self.beat("chain")
        self.play(FadeOut(column), *(FadeOut(a) for a in arrows), FadeOut(total), run_time=0.5)

    def box(self, text: str, color: str) -> VGroup:
        return framed(self.words(text, SMALL_SIZE, color), color, self.theme.panel)

    def nested_function(self) -> None:
        g = self.graph
        self.title("A nested function")
        whole = regions.stage().place(self.math(rf"{symbol_tex(g.output)}({', '.join(symbol_tex(x) for x in g.leaves)})"
                                                rf" = {g.expanded_latex()}", size=MATH_LARGE), UP)
        self.beat("beast", Write(whole))
        left, right = regions.stage().below(whole, gap=APART).columns(1, 1)
        steps = left.place(VGroup(*(self.math(rf"{symbol_tex(n.name)} = {n.latex}") for n in g.nodes))
                           .arrange(DOWN, aligned_edge=LEFT, buff=NEAR))
        _, beside_table = regions.panels(*TABLE_PANELS)  # drawn at the size it keeps beside the tables to come
        diagram = right.place(NetworkDiagram(self.theme, g, as_labels=(), width=beside_table.width,
                                             height=right.height * NESTED_HEIGHT, radius=NODE_RADIUS))
        self.beat("steps", FadeIn(steps, lag_ratio=0.3), Create(diagram),
                  steps=", then ".join(f"{n.name} = {wording.formula(n.text)}" for n in g.nodes))
        self.whole, self.steps, self.diagram = whole, steps, diagram

    def blame_x1(self) -> None:
        g = self.graph
        variable = g.leaves[0]
        (path,) = g.paths(variable) or (None,)
        table_area, diagram_area = regions.panels(*TABLE_PANELS)
        self.diagram.generate_target()
        diagram_area.place(self.diagram.target, UP)
        self.play(FadeOut(self.steps), MoveToTarget(self.diagram), FadeOut(self.whole), run_time=0.6)
        self.title(f"Finding ∂{g.output}/∂{variable}: tracing the blame")
        rows = []
        for i, factor in enumerate(path.factors, 1):
            child, parent = factor.edge.child, factor.edge.parent
            rows.append([str(i), self.words(f"How much does {child} blame {parent}?", SMALL_SIZE),
                         self.math(rf"{symbol_tex(child)} = {g.node(child).latex}", size=MATH_SMALL),
                         self.math(factor.edge.latex, size=MATH_SMALL, color=self.theme.dot)])
        table = table_area.place(value_table(self.theme, ["", r"\text{Question}", r"\text{Function}",
                                                           r"\text{Derivative}"], rows), UP)
        highlight = self.diagram.highlight(path.nodes, self.theme.h1_path)
        # the questions come with the line that asks them: the beat never ends on an empty table
        shown = Succession(reveal_header(table), *(reveal_row(table, r) for r in range(1, len(rows) + 1)))
        self.beat("x1_table", shown, Create(highlight), run_time=1 + 0.5 * len(rows), var=variable)
        chain = " \\times ".join(derivative(f.edge.child, f.edge.parent) for f in path.factors)
        values = " \\times ".join(f.edge.latex for f in path.factors)
        total = regions.stage().below(VGroup(table, self.diagram)).place(
            self.math(rf"{derivative(g.output, variable)} = {chain} = {values} = {latex(path.product)}"), UP)
        self.beat("x1_total", Write(total), total=wording.formula(path.product))
        self.play(FadeOut(table), FadeOut(total), FadeOut(highlight), run_time=0.5)

    def blame_x2(self) -> None:
        g = self.graph
        variable = g.leaves[1]
        paths = g.paths(variable)
        head = paths[0].factors[0].edge if paths and paths[0].factors else None
        target = head.parent if head else g.output
        inner = g.blame(variable, target=target)
        colors = (self.theme.h1_path, self.theme.good, self.theme.dot)
        self.title(f"Finding ∂{g.output}/∂{variable}: summing the blame")
        highlights = VGroup(*(self.diagram.highlight(p.nodes, colors[i % 3])
                              for i, p in enumerate(inner.paths)))
        self.beat("x2", Create(highlights), var=variable, ways=wording.influence_ways(target, inner.paths))
        rows = []
        for i, p in enumerate(inner.paths):
            kind = "Direct" if len(p.nodes) == 2 else "Indirect"
            route = r" \rightarrow ".join(symbol_tex(n) for n in p.nodes)
            calc = r" \times ".join(f.edge.latex for f in p.factors)
            rows.append([self.math(rf"\text{{{kind}: }} {route}", size=MATH_SMALL, color=colors[i % 3]),
                         self.math(calc, size=MATH_SMALL),
                         self.math(latex(p.product), size=MATH_SMALL, color=self.theme.dot)])
        rows.append([self.math(rf"\text{{Total }} {derivative(target, variable)}", size=MATH_SMALL),
                     self.words(wording.paths_summed(len(inner.paths)), SMALL_SIZE),
                     self.math(latex(inner.expression), size=MATH_SMALL, color=self.theme.dot)])
        table_area, _ = regions.panels(*TABLE_PANELS)
        table = table_area.place(value_table(self.theme, [r"\text{Path}", r"\text{Calculation}", r"\text{Result}"],
                                             rows), UP)
        self.play(reveal_header(table), *(reveal_row(table, r) for r in range(1, len(rows) + 1)), run_time=1.5)
        self.beat("sum", Indicate(table.get_rows()[-1], color=self.theme.dot), total=wording.formula(inner.expression),
                  summed=wording.total_blame(len(inner.paths)))
        result = regions.stage().below(VGroup(table, self.diagram)).place(
            self.math(rf"{derivative(g.output, variable)} = {latex(g.factored(variable))}", size=MATH_LARGE,
                      color=self.theme.dot), UP)
        self.beat("final", Write(result), result=wording.formula(g.factored(variable)))
        self.play(FadeOut(table), FadeOut(result), FadeOut(highlights), FadeOut(self.diagram), run_time=0.5)

    def code_card(self) -> None:
        g = self.graph
        steps = self.params.valley.steps
        lines = [f"FOR {steps} iterations:", "    # Calculate current values"]
        lines += [f"    {n.name} = {n.text}" for n in g.nodes[:-1]]
        lines += ["    # Calculate the blame for each variable"]
        lines += [f"    grad_{x} = {sp.sstr(g.factored(x))}" for x in g.leaves]
        lines += ["    # Nudge each variable in the right direction"]
        lines += [f"    {x} = {x} - η * grad_{x}" for x in g.leaves]
        lines += ["RETURN (" + ", ".join(g.leaves) + ")"]
        card = regions.stage().place(algorithm_card(self.theme, "\n".join(lines)))
        self.title("Gradient descent with the chain rule")
        self.beat("code", FadeIn(card, shift=UP * ENTER))
        self.play(FadeOut(card), run_time=0.5)

    def recap(self) -> None:
        self.title("The three tools")
        tools = regions.stage().place(self.bullets(["1. Go downhill: gradient descent",
                                                    "2. A slope for each knob: partial derivatives",
                                                    "3. Trace blame through a chain: the chain rule"], LEAD_SIZE))
        self.beat("recap", FadeIn(tools, lag_ratio=0.4))
        self.play(FadeOut(tools), run_time=0.5)
