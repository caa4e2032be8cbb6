"""The blame chain's two derivatives, traced on the nested function's diagram: for x1, each link's question with
its link lit, then the links' derivatives travelling into their product; for x2, each path lit as it is named and
the paths' results travelling into their sum, then the factored result while the blame runs back.

Mixed into ``blame_chain.BlameChain`` (a mixin: the scene's attributes are its own).
"""

from __future__ import annotations

from manim import (
    UP,
    AnimationGroup,
    Create,
    MoveToTarget,
    Succession,
    VGroup,
    Write,
)

from lessons.neural_networks.segments import wording
from mathcore.formula import latex
from scenes.kit import regions
from scenes.kit.diagram import derivative, symbol_tex
from scenes.kit.fades import FadeIn
from scenes.kit.narration import bookmark
from scenes.kit.pulses import arrive, glow, sweep
from scenes.kit.style import MATH_LARGE, MATH_SMALL, SMALL_SIZE
from scenes.kit.tables import reveal_header, reveal_row, value_table

TABLE_PANELS = (3, 2)  # a table of blame, and the diagram beside it


class BlamePaths:
    """The derivative beats of ``BlameChain``."""

    def blame_x1(self) -> None:
        g = self.graph
        variable = g.leaves[0]
        (path,) = g.paths(variable) or (None,)
        table_area, diagram_area = regions.panels(*TABLE_PANELS)
        self.diagram.generate_target()
        diagram_area.place(self.diagram.target, UP)
        self.play(*self.leaving(self.steps, self.whole), MoveToTarget(self.diagram), run_time=0.6)
        self.title(f"Finding ∂{g.output}/∂{variable}: tracing the blame")
        rows, lit = [], []
        for i, factor in enumerate(path.factors, 1):
            child, parent = factor.edge.child, factor.edge.parent
            rows.append([str(i), self.words(f"How much does {child} blame {parent}?", SMALL_SIZE),
                         self.math(rf"{symbol_tex(child)} = {g.node(child).latex}", size=MATH_SMALL),
                         self.math(factor.edge.latex, size=MATH_SMALL, color=self.theme.dot)])
            lit.append(self.diagram.highlight((parent, child), self.theme.h1_path))
        table = table_area.place(value_table(self.theme, ["", r"\text{Question}", r"\text{Function}",
                                                           r"\text{Derivative}"], rows), UP)
        # each question comes with the link it asks about, lit on the diagram, from the output back
        asked = Succession(*(AnimationGroup(reveal_row(table, r), Create(lit[r - 1])) for r in range(1, len(rows) + 1)),
                           run_time=0.7 * len(rows))
        self.beat("x1_table", reveal_header(table), run_time=1.2,
                  at={"var": glow(self.diagram.circles[variable], self.theme.h1_path, run_time=1.2), "each": asked},
                  var=bookmark("var") + variable)
        chain = [derivative(f.edge.child, f.edge.parent) for f in path.factors]
        values = [f.edge.latex for f in path.factors]
        parts = [derivative(g.output, variable), "="] + _joined(chain) + ["="] + _joined(values) + ["=",
                                                                                                    latex(path.product)]
        total = regions.stage().below(VGroup(table, self.diagram)).place(self.math(*parts), UP)
        first = 2 + len(_joined(chain)) + 1  # where the values begin
        arriving = [arrive(table.get_rows()[r + 1][3], total[first + 2 * r]) for r in range(len(values))]
        signs = [total[first + 2 * r + 1] for r in range(len(values) - 1)]
        self.beat("x1_total", *(Write(part) for part in total[:first]), run_time=1.2,
                  at={"multiply": [*arriving, *(FadeIn(sign) for sign in signs)],
                      "total": [Write(part) for part in total[first + 2 * len(values) - 1:]]},
                  total=bookmark("total") + wording.formula(path.product))
        self.settle(total)
        self.play(*self.leaving(table, total, *lit), run_time=0.5)

    def blame_x2(self) -> None:
        g = self.graph
        variable = g.leaves[1]
        paths = g.paths(variable)
        head = paths[0].factors[0].edge if paths and paths[0].factors else None
        target = head.parent if head else g.output
        inner = g.blame(variable, target=target)
        colors = (self.theme.h1_path, self.theme.good, self.theme.dot)
        self.title(f"Finding ∂{g.output}/∂{variable}: summing the blame")
        highlights = [self.diagram.highlight(p.nodes, colors[i % 3]) for i, p in enumerate(inner.paths)]
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
        marks = {f"p{i}": [Create(h, run_time=1.2), reveal_row(table, i + 1)] for i, h in enumerate(highlights)}
        ways = wording.influence_ways(bookmark("target") + target, inner.paths,
                                      marks=[bookmark(f"p{i}") for i in range(len(highlights))])
        marks["var"] = glow(self.diagram.circles[variable], colors[0], run_time=1.2)
        marks["target"] = glow(self.diagram.circles[target], colors[0], run_time=1.2)
        self.beat("x2", reveal_header(table), run_time=1.2, at=marks, var=bookmark("var") + variable, ways=ways)
        count = len(inner.paths)
        last = table.get_rows()[-1]
        results = VGroup(*(table.get_rows()[r + 1][2] for r in range(count)))
        summed = wording.total_blame(count)
        marks = {"total": arrive(results, last[-1], run_time=1.2)}
        if " sum " in summed:  # the path results light when their sum is named
            summed = summed.replace(" sum ", " " + bookmark("sum") + "sum ", 1)
            marks["sum"] = [glow(cell, self.theme.good, run_time=1.4) for cell in results]
        self.beat("sum", FadeIn(VGroup(*last[:-1])), run_time=1.5, at=marks,
                  total=bookmark("total") + wording.formula(inner.expression), summed=summed)
        result = regions.stage().below(VGroup(table, self.diagram)).place(
            self.math(rf"{derivative(g.output, variable)} = {latex(g.factored(variable))}", size=MATH_LARGE,
                      color=self.theme.dot), UP)
        self.beat("final", Write(result), run_time=2.5,
                  at={"untangled": sweep(self.diagram, self.theme.blame, backward=True, run_time=2.4)},
                  result=wording.formula(g.factored(variable)))
        self.play(*self.leaving(table, result, *highlights), run_time=0.5)


def _joined(factors: list[str]) -> list[str]:
    """``a``, ``\\times``, ``b``...: factors as separate parts of a formula, so each can arrive on its own."""
    parts: list[str] = []
    for factor in factors:
        parts += [r"\times", factor] if parts else [factor]
    return parts
