"""Worksheet answer key, phase 2: nudge each weight by a little and watch the error.

The network is the stage, with the forward pass's values on it. A weight's nudges are arrows beside it; each
nudge is run on the diagram (the weight moves, the pulse carries the change along the chain, the values under
the nodes follow it live) and the experiment's table fills from the diagram, row by row, as the worksheet's
table asks. The comparison is two bars, one per weight: how much the error moved per nudge.
"""

from __future__ import annotations

from manim import (
    DOWN,
    LEFT,
    ORIGIN,
    RIGHT,
    UP,
    AnimationGroup,
    Arrow,
    Create,
    GrowArrow,
    GrowFromEdge,
    Indicate,
    Rectangle,
    Succession,
    VGroup,
    Write,
)

from lessons.neural_networks.segments import wording
from mathcore import worksheet_answers
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import symbol_tex
from scenes.kit.fades import FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n, signed
from scenes.kit.style import MATH_SIZE, NEAR, TIGHT
from scenes.kit.tables import highlight, value_table
from scenes.kit.travel import Land, WriteIn, hidden
from scenes.kit.worksheet import WorksheetStage

SEGMENT = segment("ws-experiments", "Worksheet phase 2: experiments", scene="WorksheetExperiments", uses=("worksheet",))

OPEN_TIME = 2.0  # seconds: the network and the forward pass's values, back on the stage
STEP_TIME = 0.7  # the weight moving, and each node after it taking its new value
TRAVEL_TIME = 1.0  # a row of the table carried from the diagram
NUDGE_ARROW = 0.5  # the length of a nudge's arrow beside its weight
NUDGE_GROW = 1.3  # the arrow of the way that lowers the error, grown as it is named
BAR_SHARE = 0.55  # of the room's width: the longer bar
BAR_HEIGHT = 0.35  # a bar's thickness
BAR_MIN = 1e-3  # a bar for no change at all: drawn, but not seen
RATIO_LAYER = 1  # the shorter bar's copy is drawn over the longer bar it is laid on


class WorksheetExperiments(LessonScene):
    NARRATION = (
        ("nudge", "{intro}{@nudge}Nudge {w} {@up}up and {@down}down by {d}, and {@recompute}recompute the error "
                  "each time."),
        ("result", "{@raise}Raising {w} changes the error by {up}; {@lower}lowering it, by {down}. To reduce the "
                   "error, {@way}{way} {w}."),
        ("compare", "{@bigger}{comparison}"),
    )

    def construct(self) -> None:
        a = worksheet_answers(self.params.worksheet)
        self.title("Worksheet, phase 2: experiments")
        stage = WorksheetStage(self.theme, self.params.worksheet.graph(), regions.stage())
        paths = {blame.variable: blame.paths[0].nodes for blame in a.blames}  # the weight, ..., E
        for round_, experiment in enumerate(a.nudges):
            opening = [stage.create(), stage.show_all(a.forward.as_dict())] if round_ == 0 else []
            self._experiment(stage, experiment, paths[experiment.variable], opening)
        self._compare(stage, a)
        self.clear_slide()

    def _experiment(self, stage: WorksheetStage, experiment, path: tuple[str, ...], opening: list) -> None:
        """One weight: its nudges set out beside it, each run on the diagram and carried into the table."""
        w = experiment.variable
        rows = [[n(r.value) + (" (original)" if i == 0 else ""), n(r.forward["h"]), n(r.forward["y"]),
                 n(r.output), "baseline" if r.change is None else signed(r.change)]
                for i, r in enumerate(experiment.rows)]
        table = value_table(self.theme, [symbol_tex(w), "h", r"\text{new } y", r"\text{new } E",
                                         r"\text{change in } E"], rows)
        stage.work.place(table)
        cells = [table.get_rows()[i] for i in range(len(rows) + 1)]
        hidden(*cells)
        self.add(*cells)
        lines = VGroup(table.get_horizontal_lines(), table.get_vertical_lines())
        up, down = (Arrow(ORIGIN, direction * NUDGE_ARROW, buff=0, color=self.theme.weight) for direction in (UP, DOWN))
        # beside the weight's arrow into its node, under its name: clear of its number, which widens as it moves
        arrows = VGroup(up, down).arrange(RIGHT, buff=TIGHT).next_to(stage.stubs[w], RIGHT, buff=NEAR)
        step = self.math(rf"\pm {n(experiment.delta)}", size=MATH_SIZE, color=self.theme.weight)
        step.next_to(arrows, RIGHT, buff=TIGHT)

        def carry(row: int) -> AnimationGroup:  # the diagram's values into the row, the change written
            return AnimationGroup(*(Land(stage.value(name), cells[row + 1][column], run_time=TRAVEL_TIME)
                                    for column, name in enumerate((w, "h", "y", "E"))),
                                  WriteIn(cells[row + 1][4], run_time=TRAVEL_TIME))

        def run(row: int) -> Succession:  # one nudge on the diagram, then its row carried into the table
            values = experiment.rows[row].forward.as_dict()
            return Succession(stage.ripple(path, values, self.theme.dot, STEP_TIME), carry(row))

        self.beat("nudge", *opening, run_time=OPEN_TIME,
                  at={"nudge": [Create(lines, run_time=TRAVEL_TIME), WriteIn(cells[0], run_time=TRAVEL_TIME)],
                      "up": GrowArrow(up), "down": [GrowArrow(down), Write(step)],
                      "recompute": [stage.pulse(list(zip(path, path[1:])), self.theme.dot), carry(0)]},
                  intro="Phase two: experiment. " if opening else "", w=w, d=n(experiment.delta))
        change_up, change_down = experiment.rows[1].change, experiment.rows[2].change
        good, bad = self.theme.good, self.theme.blame
        boxes = [highlight(table, 3, 5, good if change_up < 0 else bad),
                 highlight(table, 4, 5, good if change_down < 0 else bad)]
        way = "raise" if change_up < 0 else "lower" if change_down < 0 else "keep"
        better = up if change_up < 0 else down if change_down < 0 else None
        back = stage.ripple(path, experiment.rows[0].forward.as_dict(), self.theme.dot, STEP_TIME / 2)
        self.beat("result", at={"raise": [Indicate(up), run(1)], "lower": [Indicate(down), run(2)],
                                "way": [back, *(Create(box) for box in boxes),
                                        *([better.animate.set_color(good).scale(NUDGE_GROW),
                                           (down if better is up else up).animate.set_color(self.theme.muted)]
                                          if better else [])]},
                  w=w, up=signed(change_up), down=signed(change_down), way=way)
        self.quick(*(FadeOut(m) for m in (table, arrows, step, *boxes)), run_time=0.5)

    def _compare(self, stage: WorksheetStage, a) -> None:
        """Two bars, one per weight, as long as the error's change per nudge; the shorter one laid on the longer."""
        slopes = {e.variable: abs(e.slope_estimate) for e in a.nudges}
        bigger, smaller = max(slopes, key=slopes.get), min(slopes, key=slopes.get)
        longest = stage.work.width * BAR_SHARE
        bars, rows = {}, []
        for e in a.nudges:
            share = float(slopes[e.variable] / slopes[bigger]) if slopes[bigger] else 0.0
            bar = Rectangle(width=max(longest * share, BAR_MIN), height=BAR_HEIGHT, stroke_width=0, fill_opacity=1,
                            fill_color=self.theme.dot if e.variable == bigger else self.theme.muted)
            name = self.math(symbol_tex(e.variable), size=MATH_SIZE, color=self.theme.weight)
            value = self.math(signed(e.rows[1].change), size=MATH_SIZE, color=self.theme.text)
            rows.append(VGroup(name, bar, value).arrange(RIGHT, buff=NEAR))
            bars[e.variable] = bar
        stage.work.place(VGroup(*rows).arrange(DOWN, aligned_edge=LEFT, buff=NEAR))
        sentence = wording.nudge_comparison(a, bookmark("ratio"))
        # the weight the sentence names flashes; when neither stands out (the same effect, or none), both do
        named = [bigger] if slopes[bigger] != slopes[smaller] else list(slopes)
        marks = {"bigger": [Indicate(stage.named[w], color=self.theme.dot) for w in named]}
        if bookmark("ratio") in sentence:  # the shorter bar laid along the longer: how many times it goes in
            copy = bars[smaller].copy().set_z_index(RATIO_LAYER)
            marks["ratio"] = copy.animate.align_to(bars[bigger], LEFT).align_to(bars[bigger], DOWN)
        self.beat("compare", *(GrowFromEdge(bar, LEFT) for bar in bars.values()),
                  *(Write(m) for row in rows for m in (row[0], row[2])), at=marks, comparison=sentence)
