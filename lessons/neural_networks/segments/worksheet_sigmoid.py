"""Worksheet answer key, the extension: a sigmoid in the chain, and why its gradient is tiny here.

The worksheet's network is the stage again, now with h = σ(a x + w1); the sigmoid's curve is drawn beside the
working as it is named. The chain from the error back to w1 lights up on the diagram, and the sigmoid's slope is
shown where it lives: a point on the curve with its tangent, first at the steep middle, then walking out to this
z, where the tangent lies flat. The chain's factors then become numbers, the slope's carried from where it was
worked out, and the tiny product lands on w1's arrow: the blame that reaches the weight.
"""

from __future__ import annotations

import numpy as np
from manim import DOWN, LEFT, RIGHT, UP, Circumscribe, Create, DashedLine, Indicate, MathTex, Succession, VGroup, Wait

from lessons.neural_networks.segments import wording
from mathcore import Formula, worksheet_answers
from mathcore.evaluate import exact
from mathcore.formula import sigmoid_slope_latex
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import derivative, symbol_tex
from scenes.kit.fades import FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.numbers import factor, n
from scenes.kit.plots import Walker, curve_axes
from scenes.kit.style import MATH_SMALL, NEAR
from scenes.kit.travel import Land, WriteIn, hidden
from scenes.kit.worksheet import LINK_SIZE, PULSE_WIDTH, TARGET, WorksheetStage

SEGMENT = segment("ws-sigmoid", "Worksheet extension: a sigmoid", scene="WorksheetSigmoid", uses=("worksheet",))

SIGMA_SLOPE = sigmoid_slope_latex()  # the sigmoid's slope, as mathcore writes it: σ(z)(1 − σ(z))
PANELS = (1, 1)  # the working, and the sigmoid's plot beside it
PLOT_SHARE = (0.8, 0.75)  # of its panel's width and height: the axes (their numbers and names take the rest)
OPEN_TIME = 2.0  # seconds: the network drawn with the given values
PLOT_TIME = 1.5  # the sigmoid's curve drawn as it is named
LIGHT_TIME = 1.5  # the chain lighting up, error to weight
WALK_TIME = 2.5  # the point on the curve walking from the steep middle out to z
TRAVEL_TIME = 1.0  # a value carried into the product, or onto the diagram
SAY_TIME = 2.0  # a formula written, or a thing shown, over the words that name it
SWAP_TIME = 1.5  # the chain's factors turning into numbers; h's value and height shown
INDICATE_TIME = 1.5  # the flat tangent, then the tiny gradient on w1, pointed at in turn
TANGENT_LENGTH = 1.6  # on screen: the slope's line at the point on the curve
PART_REACH = 5.0  # of z, each side: the part of the curve z sits on, drawn over (reaching past the tangent)
DASH_LEAST = 0.1  # on screen: a point this near the h axis gets no dashed line to it


def small(value: float) -> str:
    """Enough decimals for a saturated sigmoid's slope to show, four for the rest."""
    return n(float(value), 6 if abs(value) < 0.01 else 4)


class WorksheetSigmoid(LessonScene):
    NARRATION = (
        ("network", "The extension: put a {@sigmoid}sigmoid in the hidden layer. {@h}h = sigmoid({a} x + w1)."),
        ("chain", "The {@chain}chain gains one factor, the sigmoid's {@slope}slope: {@sigma}sigma of z times one "
                  "minus sigma of z."),
        ("flat", "Here {@z}z = {z}, {where}: {@h}h = {h} and the slope is {@slope}{slope}."),
        ("tiny", "So {@grad}d E by d w1 is {@total}{grad}. {learning}"),
    )

    def construct(self) -> None:
        p = self.params.worksheet
        a = worksheet_answers(p)
        z, slope = float(a.sigmoid_input), float(a.sigmoid_slope)
        h = float(a.sigmoid_forward["h"])
        (path,) = a.sigmoid_blame.paths
        self.title("Worksheet extension: a sigmoid")
        graph = p.graph("sigmoid")
        stage = WorksheetStage(self.theme, graph, regions.stage())
        work, room = stage.work.columns(*PANELS)
        b = factor(exact(p.output_multiplier))
        formula = self.math(rf"h = {graph.node('h').latex}", size=MATH_SMALL)
        chain = self.math(derivative("E", "w1", "d") + " =", rf"(y - {symbol_tex(TARGET)})", r"\cdot", b, r"\cdot",
                          SIGMA_SLOPE, size=MATH_SMALL, color=self.theme.blame)
        chain[-1].set_color(self.theme.dot)
        parts = [derivative("E", "w1", "d") + " ="]
        for i, link in enumerate(path.factors):
            parts += ([r"\times"] if i else []) + [f"({small(link.value)})"]
        total = n(float(a.sigmoid_blame.total), 4)
        product = self.math(*parts, "=", total, size=MATH_SMALL, color=self.theme.blame)
        product.move_to(chain, aligned_edge=LEFT)
        where = self.math(rf"z = {n(z)},", rf"\quad h = \sigma({n(z)}) =", n(h), size=MATH_SMALL)
        value = self.math(SIGMA_SLOPE + " =", small(slope), size=MATH_SMALL, color=self.theme.dot)
        lines = VGroup(formula, VGroup(chain, product), where, value).arrange(DOWN, aligned_edge=LEFT, buff=NEAR)
        work.place(lines, LEFT)
        hidden(lines)
        self.add(formula, chain, product, where, value)

        sigmoid = Formula.parse("sigmoid(z)", ("z",))
        span = max(abs(z) + 1.5, 4)
        axes, curve = curve_axes(self.theme, lambda v: sigmoid.numeric(v) * np.ones_like(v), (-span, span),
                                 width=room.width * PLOT_SHARE[0], height=room.height * PLOT_SHARE[1])
        names = VGroup(MathTex("z", font_size=LINK_SIZE, color=self.theme.muted).next_to(axes.x_axis, RIGHT),
                       MathTex(r"\sigma(z)", font_size=LINK_SIZE, color=self.theme.muted).next_to(axes.y_axis, UP))
        room.place(VGroup(axes, curve, names))

        def sigma(v: np.ndarray) -> np.ndarray:
            return 1 / (1 + np.exp(-v))

        walker = Walker(axes, sigma, lambda v: sigma(v) * (1 - sigma(v)), 0.0, self.theme.blame, self.theme.blame,
                        TANGENT_LENGTH)
        walker.tangent.set_stroke(width=PULSE_WIDTH)

        given = ["x", "w1", "w2", TARGET]
        self.beat("network", stage.create(), stage.show_all(a.sigmoid_forward.as_dict(), given), run_time=OPEN_TIME,
                  at={"sigmoid": [Create(axes, run_time=PLOT_TIME), Create(curve, run_time=PLOT_TIME),
                                  Create(names, run_time=PLOT_TIME)],
                      "h": [WriteIn(formula, run_time=SAY_TIME),
                            stage.pulse(stage.links_into("h"), self.theme.dot, run_time=SAY_TIME)]},
                  a=n(exact(p.hidden_multiplier)))

        lit = self._lit_chain(stage, list(reversed(path.nodes)))
        self.beat("chain", at={"chain": [Create(lit, lag_ratio=1, run_time=LIGHT_TIME),
                                         *(WriteIn(part, run_time=LIGHT_TIME) for part in chain[:-1])],
                               "slope": [Create(walker.dot, run_time=TRAVEL_TIME),
                                         Create(walker.tangent, run_time=TRAVEL_TIME)],
                               "sigma": WriteIn(chain[-1], run_time=SAY_TIME)})

        # the part of the curve z sits on (its flat tail, or its steep middle), and the point's height: h
        part = axes.plot(lambda v: float(sigma(np.array(v))), x_range=[max(-span, z - PART_REACH),
                                                                        min(span, z + PART_REACH)],
                         color=self.theme.blame, stroke_width=PULSE_WIDTH)
        foot = axes.c2p(0, h)
        height = (Create(DashedLine(walker.where_at(z), foot, color=self.theme.dot), run_time=SWAP_TIME)
                  if np.linalg.norm(walker.where_at(z) - foot) > DASH_LEAST else Indicate(walker.dot))
        self.beat("flat", at={"z": [walker.step_to(z, run_time=WALK_TIME), WriteIn(where[0], run_time=TRAVEL_TIME)],
                              "where": Create(part, run_time=SAY_TIME),
                              "h": [WriteIn(where[1], run_time=SWAP_TIME), WriteIn(where[2], run_time=SWAP_TIME),
                                    stage.show("h", h), stage.pulse(stage.links_into("h"), self.theme.dot), height],
                              "slope": [WriteIn(value, run_time=SAY_TIME),
                                        Succession(Indicate(walker.tangent, run_time=TRAVEL_TIME),
                                                   Indicate(chain[-1], run_time=TRAVEL_TIME))]},
                  z=n(z), h=n(h), slope=small(slope), where=bookmark("where") + wording.sigmoid_slope(a))

        blame = MathTex(derivative("E", "w1", "d") + " =", total, font_size=LINK_SIZE, color=self.theme.blame)
        stage.beside("w1", "h", blame)
        hidden(blame)
        self.add(blame)
        carried = [Land(chain[1], product[1], run_time=SWAP_TIME), Land(chain[3], product[3], run_time=SWAP_TIME),
                   Land(value[1], product[5], run_time=SWAP_TIME)]
        self.beat("tiny", at={"grad": [FadeOut(chain, run_time=SWAP_TIME), *carried,
                                       *(WriteIn(product[i], run_time=SWAP_TIME) for i in (0, 2, 4))],
                              "total": [WriteIn(product[6], run_time=TRAVEL_TIME),
                                        Succession(WriteIn(product[7], run_time=TRAVEL_TIME),
                                                   Land(product[7], blame[1], run_time=TRAVEL_TIME)),
                                        Succession(Wait(TRAVEL_TIME), WriteIn(blame[0], run_time=TRAVEL_TIME))],
                              "learning": Succession(Indicate(VGroup(walker.dot, walker.tangent),
                                                              run_time=INDICATE_TIME),
                                                     Circumscribe(blame, color=self.theme.blame,
                                                                  run_time=INDICATE_TIME))},
                  grad=total, learning=bookmark("learning") + wording.sigmoid_learning(a))
        self.clear_slide()

    def _lit_chain(self, stage: WorksheetStage, chain: list[str]) -> VGroup:
        """The chain from the error back to the weight, each link and the node it leaves drawn over in red."""
        lit = [stage.lit_node(chain[0], self.theme.blame)]
        for child, parent in zip(chain, chain[1:]):
            arrow = stage.link(parent, child).copy().set_stroke(self.theme.blame, width=PULSE_WIDTH)
            lit.append(VGroup(arrow.set_fill(self.theme.blame), stage.lit_node(parent, self.theme.blame)))
        return VGroup(*lit)
