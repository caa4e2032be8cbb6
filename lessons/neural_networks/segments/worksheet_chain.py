"""Worksheet answer key, phases 3 and 4: the chain rule for dE/dw2, then the longer chain for dE/dw1.

The network from phase 1 is the stage, with the forward pass's values on it. Each chain lights up along the
diagram as its nodes are named, from the error back to the weight; each link's local derivative is written on
its link; the product is built from those values, each carried from its link as it is said. The experiment's
check is a picture: the error against the weight, the two nudges of phase 2 on the curve, the line through
them, and the chain rule's tangent lying on it.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    RIGHT,
    UL,
    UP,
    UR,
    Create,
    DashedLine,
    Dot,
    GrowFromCenter,
    Indicate,
    MathTex,
    Succession,
    VGroup,
    Wait,
)

from mathcore import worksheet_answers
from mathcore.graph import Factor
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import derivative, symbol_tex
from scenes.kit.fades import FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n
from scenes.kit.plots import curve_axes, tangent
from scenes.kit.style import MATH_SIZE, NEAR
from scenes.kit.travel import Land, WriteIn, hidden
from scenes.kit.worksheet import LINK_SIZE, PULSE_WIDTH, WorksheetStage, error_curve

SEGMENT = segment("ws-chain", "Worksheet phases 3 and 4: the chain rule", scene="WorksheetChain", uses=("worksheet",))

OPEN_TIME = 2.5  # seconds: the network and the forward pass's values, back on the stage
LIGHT_TIME = 1.0  # a link of the chain lighting up as its node is named
LINKS_TIME = 2.5  # the links' derivatives written, one after another
TRAVEL_TIME = 1.0  # a factor carried from its link into the product
PLOT_TIME = 1.5  # the error curve drawn with the experiment's two nudges on it
PANELS = (1, 1)  # the products, and the plot beside them
SPAN = 6  # nudges: the plot shows the weight this many nudges either side of its value
PLOT_SHARE = (0.8, 0.65)  # of its panel's width and height: the axes (their numbers and names take the rest)
REACH = 3  # nudges: how far either side of the weight the experiment's line and the tangent are drawn


def link(factor: Factor) -> MathTex:
    """One link of the chain: its derivative, then its value (a part of its own, to be carried)."""
    return MathTex(derivative(factor.edge.child, factor.edge.parent, "d") + " =", n(factor.value),
                   font_size=LINK_SIZE)


class WorksheetChain(LessonScene):
    NARRATION = (
        ("links", "{intro}For {@w}{w}, the chain is {chain}. Each {@link}link has its own derivative."),
        ("product", "Multiply the {@links}links: {@head}d E by d {w} is {product} = {@total}{total}."),
        ("check", "And the {@experiment}experiment {@agrees}agrees: its {@slope}slope was {estimate} per unit of "
                  "{w}."),
    )

    def construct(self) -> None:
        p = self.params.worksheet
        a = worksheet_answers(p)
        experiments = {e.variable: e for e in a.nudges}
        self.title("Worksheet, phases 3 and 4: the chain rule")
        graph = p.graph()
        stage = WorksheetStage(self.theme, graph, regions.stage())
        left, right = stage.work.columns(*PANELS)
        products = VGroup(*(self._product(blame) for blame in a.blames)).arrange(DOWN, aligned_edge=LEFT, buff=NEAR)
        left.place(products, LEFT)
        hidden(products)
        self.add(products)
        labels: dict[tuple[str, str], MathTex] = {}
        opening = [stage.create(), stage.show_all(a.forward.as_dict())]
        for round_, (blame, product) in enumerate(zip(a.blames, products)):
            (path,) = blame.paths
            w = blame.variable
            chain = list(reversed(path.nodes))  # E, y, ..., the weight: named from the error back
            lit = [stage.lit_node(chain[0], self.theme.blame)]
            for child, parent in zip(chain, chain[1:]):
                arrow = stage.link(parent, child).copy().set_stroke(self.theme.blame, width=PULSE_WIDTH)
                lit.append(VGroup(arrow.set_fill(self.theme.blame), stage.lit_node(parent, self.theme.blame)))
            new, reused = [], []
            for factor in path.factors:
                key = (factor.edge.parent, factor.edge.child)
                (reused if key in labels else new).append(key)
                if key not in labels:
                    labels[key] = stage.beside(*key, link(factor).set_color(self.theme.blame))
            marks = {f"n{i}": Create(part, run_time=LIGHT_TIME) for i, part in enumerate(lit)}
            marks["w"] = Indicate(stage.named[w], color=self.theme.blame)
            marks["link"] = [Indicate(labels[key], color=self.theme.dot) for key in reused] + \
                [Succession(Wait(LINKS_TIME * i / len(new)), WriteIn(labels[key], run_time=LINKS_TIME / len(new)))
                 for i, key in enumerate(new)]
            new = [labels[key] for key in new]
            hidden(*new)
            self.add(*new)
            self.beat("links", *(opening if round_ == 0 else []), at=marks, run_time=OPEN_TIME,
                      intro="Phases three and four: the calculus. " if round_ == 0 else "", w=w,
                      chain=" ← ".join(bookmark(f"n{i}") + name for i, name in enumerate(chain)))
            self._multiply(blame, product, labels)
            self._check(stage, experiments[w], blame.total, right, graph, a.forward.as_dict())
            self.quick(FadeOut(VGroup(*lit)), *(FadeOut(m) for m in self.plot), run_time=0.5)
        self.clear_slide()

    def _product(self, blame) -> MathTex:
        """d E / d w = (f1) × (f2) ... = total: one formula, its parts filled as they are said."""
        (path,) = blame.paths
        parts = [derivative("E", blame.variable, "d") + " ="]
        for i, factor in enumerate(path.factors):
            parts += ([r"\times"] if i else []) + [f"({n(factor.value)})"]
        return self.math(*parts, "=", n(blame.total), size=MATH_SIZE, color=self.theme.blame)

    def _multiply(self, blame, product: MathTex, labels: dict) -> None:
        (path,) = blame.paths
        marks: dict[str, list] = {"links": [Indicate(labels[(f.edge.parent, f.edge.child)], color=self.theme.dot)
                                            for f in path.factors],
                                  "head": [WriteIn(product[0], run_time=TRAVEL_TIME)]}
        for i, factor in enumerate(path.factors):
            label = labels[(factor.edge.parent, factor.edge.child)]
            marks[f"f{i}"] = [Land(label[1], product[2 * i + 1], run_time=TRAVEL_TIME)] + \
                ([WriteIn(product[2 * i], run_time=TRAVEL_TIME)] if i else [])
        marks["total"] = [WriteIn(product[-2], run_time=TRAVEL_TIME), WriteIn(product[-1], run_time=TRAVEL_TIME)]
        self.beat("product", at=marks, w=blame.variable, total=n(blame.total),
                  product=" × ".join(bookmark(f"f{i}") + f"({n(f.value)})" for i, f in enumerate(path.factors)))

    def _check(self, stage: WorksheetStage, experiment, total, room, graph, values: dict) -> None:
        """The error against the weight near its value, the experiment's two nudges on the curve and the line
        through them, then the chain rule's tangent on that line: the two slopes agree."""
        w, d = experiment.variable, float(experiment.delta)
        at, here = float(values[w]), float(experiment.rows[0].output)
        axes, curve = curve_axes(self.theme, error_curve(graph, values, w), (at - SPAN * d, at + SPAN * d),
                                 width=room.width * PLOT_SHARE[0], height=room.height * PLOT_SHARE[1])
        names = VGroup(MathTex(symbol_tex(w), font_size=LINK_SIZE, color=self.theme.muted).next_to(axes.x_axis, RIGHT),
                       MathTex("E", font_size=LINK_SIZE, color=self.theme.muted).next_to(axes.y_axis, UP))
        room.place(VGroup(axes, curve, names))
        nudges = [Dot(axes.c2p(float(r.value), float(r.output)), color=self.theme.dot) for r in experiment.rows[1:]]
        (x1, y1), (x2, y2) = ((float(r.value), float(r.output)) for r in experiment.rows[1:])
        middle = ((x1 + x2) / 2, (y1 + y2) / 2)
        secant = tangent(axes, *middle, float(experiment.slope_estimate), self.theme.dot, REACH * d)
        secant.set_stroke(width=PULSE_WIDTH)
        touching = DashedLine(*tangent(axes, at, here, float(total), self.theme.blame, REACH * d).get_start_and_end(),
                              color=self.theme.blame, stroke_width=PULSE_WIDTH)  # dashed: the line under it shows
        slope = MathTex(rf"\frac{{\Delta E}}{{\Delta {symbol_tex(w)}}} =", n(experiment.slope_estimate),
                        font_size=LINK_SIZE, color=self.theme.dot)
        empty = UR if experiment.slope_estimate <= 0 else UL  # the upper corner the curve leaves empty
        room.place(slope, empty)
        name = names[1]  # the error axis's name: at the top of the axis, left or right (all weights negative)
        if slope.get_left()[0] < name.get_right()[0] and name.get_left()[0] < slope.get_right()[0]:
            slope.next_to(name, LEFT if empty is UR else RIGHT, buff=NEAR).align_to(name, UP)
        self.plot = [axes, curve, names, *nudges, secant, touching, slope]
        self.beat("check", at={"experiment": [Create(axes, run_time=PLOT_TIME), Create(curve, run_time=PLOT_TIME),
                                              Create(names, run_time=PLOT_TIME),
                                              *(GrowFromCenter(dot) for dot in nudges), Create(secant)],
                               "agrees": Create(touching), "slope": WriteIn(slope)},
                  estimate=n(experiment.slope_estimate), w=w)
