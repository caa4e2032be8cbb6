"""Worksheet answer key, phase 1: the forward pass of h = a x + w1, y = b h + w2.

The network is the stage: it is drawn as the chain is named, each node's formula is written under it as the
node's inputs pulse into it, the given values appear on the diagram where they belong, and each step of the
working fills its blanks with values carried from the diagram, its result carried back under its node. The
verdict sets the prediction against the target on a line: the gap between them is the miss the error squares.
"""

from __future__ import annotations

import sympy as sp
from manim import DOWN, LEFT, RIGHT, UP, Create, Dot, GrowFromPoint, Line, NumberLine, VGroup

from mathcore import worksheet_answers
from mathcore.evaluate import exact
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n, plus
from scenes.kit.style import MATH_LARGE, MATH_SIZE, NEAR, TIGHT
from scenes.kit.travel import Land, WriteIn, hidden
from scenes.kit.worksheet import PULSE_WIDTH, TARGET, WorksheetStage

SEGMENT = segment("ws-forward", "Worksheet phase 1: the forward pass", scene="WorksheetForward", uses=("worksheet",))

DRAW_TIME = 2.5  # seconds: the network drawn while the chain is named
FORMULA_TIME = 2.0  # a node's formula written while its inputs pulse into it
TRAVEL_TIME = 1.0  # a value carried from the diagram into the working, or back
GIVEN_TIME = 1.3  # a given value written on the diagram
MISS_SHARE = 0.8  # of the room right of the working: the line the prediction and the target sit on
MISS_PAD = 0.25  # of the miss, the line's reach past each end (a miss of zero: one unit)


def term(value) -> str:
    """A number after a minus sign: in brackets when negative (20 - (-5), never 20 - -5)."""
    return f"({n(value)})" if value < 0 else n(value)


def squared_miss(error: sp.Expr, y: str, target: str) -> list[str]:
    """The error's worked form as the worksheet writes it, c(y - target)^k, its parts to fill in turn: the factor
    and the power read from mathcore's formula for E (so they are never typed here)."""
    factor, miss = error.as_coeff_Mul()
    power = sp.latex(miss.as_base_exp()[1])
    head = "(" if factor == 1 else rf"\tfrac{{{sp.latex(factor.p)}}}{{{sp.latex(factor.q)}}}("
    return [head, y, "-", target, f")^{{{power}}}"]


class WorksheetForward(LessonScene):
    NARRATION = (
        ("network", "The worksheet's network is a single chain: {@h}h equals {a} x plus w1, {@y}y equals "
                    "{b} h plus w2, and the {@e}error is half the squared miss."),
        ("given", "We are given {@x}x = {x}, {@w1}w1 = {w1}, {@w2}w2 = {w2}, and a {@t}target of {t}."),
        ("h", "Step one: {@h}h = {a} times {@x}{x}, plus {@w1}{w1}, which is {@value}{h}."),
        ("y", "Step two: {@y}y = {b} times {@h}{h}, plus {@w2}{w2}, which is {@value}{y}."),
        ("e", "Step three: the {@e}error is one {@half}half of ({@y}{y} minus {@t}{t}) squared: {@value}{e}."),
        ("verdict", "{verdict}"),
    )

    def construct(self) -> None:
        p = self.params.worksheet
        f = worksheet_answers(p).forward
        a, b = n(exact(p.hidden_multiplier)), n(exact(p.output_multiplier))
        facts = {"a": a, "b": b, **{k: n(f[k]) for k in ("x", "w1", "w2", "h", "y")}, "t": n(f[TARGET]),
                 "e": n(f["E"])}
        self.title("Worksheet, phase 1: the forward pass")
        graph = p.graph()
        stage = WorksheetStage(self.theme, graph, regions.stage())
        # each row: the node's formula, then "=" and the worksheet's blanks, filled in turn
        rows = {
            "h": self.math(f"h = {graph.node('h').latex}", "=", f"{a}(", facts["x"], ")", plus(f["w1"]), "=",
                           facts["h"], size=MATH_LARGE),
            "y": self.math(f"y = {graph.node('y').latex}", "=", f"{b}(", facts["h"], ")", plus(f["w2"]), "=",
                           facts["y"], size=MATH_LARGE),
            "E": self.math(f"E = {graph.node('E').latex}", "=", *squared_miss(graph.node("E").expr, facts["y"],
                                                                               term(f[TARGET])),
                           "=", facts["e"], size=MATH_LARGE, color=self.theme.blame),
        }
        work = stage.work.place(VGroup(*rows.values()).arrange(DOWN, aligned_edge=LEFT, buff=NEAR), LEFT)
        work.align_to(stage.skeleton, LEFT)  # under the diagram's first node: read from where the network starts
        hidden(work)
        self.add(work)

        def formula(name: str) -> list:  # a node's formula written as its inputs pulse into it
            return [WriteIn(rows[name][0], run_time=FORMULA_TIME),
                    stage.pulse(stage.links_into(name), self.theme.dot, run_time=FORMULA_TIME)]

        self.beat("network", stage.create(), run_time=DRAW_TIME,
                  at={"h": formula("h"), "y": formula("y"), "e": formula("E")}, **facts)
        given = {"x": "x", "w1": "w1", "w2": "w2", "t": TARGET}
        self.beat("given", at={mark: stage.show(name, f[name]).set_run_time(GIVEN_TIME)
                               for mark, name in given.items()}, **facts)

        def step(name: str, sources: dict[str, tuple[str, int]]) -> dict[str, list]:
            """The row's blanks filled by values carried from the diagram, its result carried home under the node."""
            row, result = rows[name], len(rows[name]) - 1
            filled = {index for _, index in sources.values()}
            home = stage.number(name, f[name])
            hidden(home)
            self.add(home)
            marks = {mark: [Land(stage.value(source), row[index], run_time=TRAVEL_TIME),
                            stage.pulse([(source, name)], self.theme.dot, run_time=TRAVEL_TIME)]
                     for mark, (source, index) in sources.items()}
            marks["value"] = [WriteIn(row[result - 1], run_time=TRAVEL_TIME),
                              WriteIn(row[result], run_time=TRAVEL_TIME), Land(row[result], home, run_time=TRAVEL_TIME)]
            frame = [WriteIn(part, run_time=TRAVEL_TIME) for i, part in enumerate(row) if 0 < i < result - 1
                     and i not in filled]
            return {"opening": frame, **marks}

        h, y = step("h", {"x": ("x", 3), "w1": ("w1", 5)}), step("y", {"h": ("h", 3), "w2": ("w2", 5)})
        self.beat("h", at={"h": h.pop("opening"), **h}, **facts)
        self.beat("y", at={"y": y.pop("opening"), **y}, **facts)
        e = step("E", {"y": ("y", 3), "t": (TARGET, 5)})
        self.beat("e", at={"e": stage.pulse(stage.links_into("E"), self.theme.blame, run_time=TRAVEL_TIME),
                           "half": e.pop("opening"), **e}, **facts)
        self._verdict(stage, f, facts, work)
        self.clear_slide()

    def _verdict(self, stage: WorksheetStage, f, facts: dict[str, str], work: VGroup) -> None:
        """Is it doing well? The prediction and the target are put on one line: the gap between them is the miss."""
        y, t = float(f["y"]), float(f[TARGET])
        reach = abs(y - t) * MISS_PAD or 1.0
        room = stage.work.right_of(work)
        line = NumberLine(x_range=[min(y, t) - reach, max(y, t) + reach], length=room.width * MISS_SHARE,
                          include_ticks=False, color=self.theme.muted)
        room.place(line)
        guess, goal = Dot(line.n2p(y), color=self.theme.dot), Dot(line.n2p(t), color=self.theme.dot)
        guess_label = self.math(f"y = {facts['y']}", size=MATH_SIZE, color=self.theme.dot).next_to(guess, UP, TIGHT)
        goal_label = self.math(f"{facts['t']}", size=MATH_SIZE, color=self.theme.dot).next_to(goal, DOWN, TIGHT)
        for label in (guess_label, goal_label):  # over its dot, but inside the room when the dot is at an end
            label.shift(RIGHT * max(0.0, room.left - label.get_left()[0]) + LEFT * max(0.0, label.get_right()[0]
                                                                                       - room.right))
        miss = Line(guess.get_center(), goal.get_center(), color=self.theme.blame, stroke_width=PULSE_WIDTH)
        if f["E"] == 0:
            verdict = f"The error is {bookmark('e')}zero: the network is already right."
            marks = {"e": [Create(line), GrowFromPoint(guess, guess.get_center()), Land(stage.value("y"), guess_label)]}
        else:
            verdict = (f"Is it doing well? No: it predicts {bookmark('pred')}{facts['y']} instead of "
                       f"{bookmark('target')}{facts['t']}.")
            marks = {"pred": [Create(line, run_time=TRAVEL_TIME), Land(stage.value("y"), guess_label),
                              GrowFromPoint(guess, guess.get_center())],
                     "target": [Land(stage.value(TARGET), goal_label), GrowFromPoint(goal, goal.get_center()),
                                Create(miss, run_time=TRAVEL_TIME)]}
        hidden(guess_label, goal_label)
        self.add(guess_label, goal_label)
        self.beat("verdict", stage.pulse(stage.links_into("E"), self.theme.blame), at=marks, verdict=verdict)
