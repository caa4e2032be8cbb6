"""Worksheet answer key, phase 5: one gradient-descent step, and the new error.

The network from phase 1 is the stage, with the forward pass's values and, beside each weight's arrow, the
gradient phases 3 and 4 found. The update rule is filled as it is said: each weight's old value and its gradient
travel from the diagram into its row. The new weights then travel back onto their arrows, and the forward pass
re-runs along the network: h, y and the error change as a pulse reaches them. The verdict sets the error before
and after side by side as two bars.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Create, GrowFromEdge, Line, MathTex, Rectangle, VGroup

from mathcore import worksheet_answers
from scenes.authoring import segment
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.diagram import derivative
from scenes.kit.fades import FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.numbers import n
from scenes.kit.style import MATH_SIZE, NEAR, TIGHT
from scenes.kit.travel import Land, WriteIn, hidden
from scenes.kit.worksheet import LINK_SIZE, VALUE_SIZE, WorksheetStage

SEGMENT = segment("ws-update", "Worksheet phase 5: the update", scene="WorksheetUpdate", uses=("worksheet",))

OPEN_TIME = 2.0  # seconds: the network, its values and the gradients, back on the stage
TRAVEL_TIME = 1.0  # a value carried from the diagram into a row, or back
PANELS = (3, 2)  # the update rows, and the error's bars beside them
BAR_SHARE = 0.6  # of the bars' room's height: the taller bar (its label takes the rest)
BAR_WIDTH = 0.9  # of each bar
BAR_GAP = 1.2  # between the two bars
BAR_LEAST = 0.03  # a bar for an error of zero: still a mark on the baseline
BASE_REACH = 0.3  # the baseline runs this far past the outer bars


class WorksheetUpdate(LessonScene):
    NARRATION = (
        ("rule", "Phase five: make it better. New {@new}weight equals {@old}old weight minus the {@rate}learning "
                 "rate, {eta}, times its {@gradient}gradient."),
        ("new", "With the new {@weights}weights, h is {@h}{h}, y is {@y}{y}, and the error is {@e}{e}."),
        ("verdict", "{verdict}"),
    )

    def construct(self) -> None:
        a = worksheet_answers(self.params.worksheet)
        eta = n(a.update.learning_rate)
        self.title("Worksheet, phase 5: the update")
        graph = self.params.worksheet.graph()
        stage = WorksheetStage(self.theme, graph, regions.stage())
        rows_room, bars_room = stage.work.columns(*PANELS)
        rows = {r.parameter: self.math(rf"{r.parameter[0]}_{{{r.parameter[1:]},new}} =", n(r.old), "-", eta,
                                       r"\times", f"({n(r.gradient)})", "=", n(r.new), size=MATH_SIZE)
                for r in a.update.rows}
        rows_room.place(VGroup(*rows.values()).arrange(DOWN, aligned_edge=LEFT, buff=NEAR), LEFT)
        grads = {r.parameter: stage.beside(r.parameter, stage.owner[r.parameter],
                                           MathTex(derivative("E", r.parameter, "d") + " =", n(r.gradient),
                                                   font_size=LINK_SIZE, color=self.theme.blame))
                 for r in a.update.rows}
        hidden(*rows.values())
        self.add(*rows.values())
        opening = [stage.create(), stage.show_all(a.forward.as_dict()), *(Create(g) for g in grads.values())]
        marks = {"new": [WriteIn(row[0], run_time=TRAVEL_TIME) for row in rows.values()],
                 "old": [Land(stage.value(w), row[1], run_time=TRAVEL_TIME) for w, row in rows.items()],
                 "rate": [WriteIn(part, run_time=TRAVEL_TIME) for row in rows.values() for part in row[2:5]],
                 "gradient": [Land(grads[w][1], row[5], run_time=TRAVEL_TIME) for w, row in rows.items()]}
        self.beat("rule", *opening, at=marks, run_time=OPEN_TIME, eta=eta)
        self._new(stage, a, rows)
        self._verdict(stage, a, bars_room)
        self.clear_slide()

    def _new(self, stage: WorksheetStage, a, rows: dict[str, MathTex]) -> None:
        """Each row's result is written, and travels onto its weight's arrow (the weight's old number goes); then
        the forward pass re-runs: h, y and E change as a pulse reaches them."""
        after = a.after.as_dict()
        results = [WriteIn(part, run_time=TRAVEL_TIME) for row in rows.values() for part in row[6:]]
        weights = []
        for w, row in rows.items():
            old = stage.value(w)
            new = MathTex(n(after[w]), font_size=VALUE_SIZE, color=self.theme.weight)
            new.move_to(old, aligned_edge=LEFT).align_to(old, DOWN)
            hidden(new)
            self.add(new)
            weights += [Land(row[-1], new, run_time=TRAVEL_TIME), FadeOut(old, run_time=TRAVEL_TIME)]

        def ripple(name: str) -> list:
            return [stage.pulse(stage.links_into(name), self.theme.dot, run_time=TRAVEL_TIME),
                    stage.change(name, after[name], run_time=TRAVEL_TIME)]

        self.beat("new", *results, at={"weights": weights, "h": ripple("h"), "y": ripple("y"), "e": ripple("E")},
                  run_time=TRAVEL_TIME, h=n(after["h"]), y=n(after["y"]), e=n(after["E"]))

    def _verdict(self, stage: WorksheetStage, a, room: regions.Region) -> None:
        """The error before and after as two bars on one baseline: the second grows as the new error is said, its
        number carried from the diagram."""
        before, now = a.forward["E"], a.after["E"]
        scale = room.height * BAR_SHARE / float(max(before, now) or 1)
        color = self.theme.good if now < before else self.theme.blame
        bars = VGroup(*(Rectangle(width=BAR_WIDTH, height=max(float(e) * scale, BAR_LEAST), fill_opacity=1,
                                  stroke_width=0, color=c) for e, c in ((before, self.theme.muted), (now, color))))
        bars.arrange(RIGHT, buff=BAR_GAP, aligned_edge=DOWN)
        labels = VGroup(*(self.math("E =", n(e), size=MATH_SIZE, color=c).next_to(bar, UP, buff=TIGHT)
                          for e, c, bar in ((before, self.theme.text, bars[0]), (now, color, bars[1]))))
        base = Line(bars.get_corner(DOWN + LEFT) + LEFT * BASE_REACH,
                    bars.get_corner(DOWN + RIGHT) + RIGHT * BASE_REACH, color=self.theme.muted)
        room.place(VGroup(base, bars, labels))
        hidden(*labels)
        self.add(*labels)
        if now < before:
            verdict = (f"The error fell from {bookmark('before')}{n(before)} to {bookmark('now')}{n(now)}: "
                       "the network learned.")
        elif now > before:
            verdict = (f"The error rose from {bookmark('before')}{n(before)} to {bookmark('now')}{n(now)}: "
                       "the learning rate is too large.")
        else:
            verdict = f"The error {bookmark('before')}stayed at {bookmark('now')}{n(now)}: the step did not help."
        self.beat("verdict", at={"before": [Create(base, run_time=TRAVEL_TIME),
                                            GrowFromEdge(bars[0], DOWN, run_time=TRAVEL_TIME),
                                            WriteIn(labels[0], run_time=TRAVEL_TIME)],
                                 "now": [GrowFromEdge(bars[1], DOWN, run_time=TRAVEL_TIME),
                                         WriteIn(labels[1][0], run_time=TRAVEL_TIME),
                                         Land(stage.value("E"), labels[1][1], run_time=TRAVEL_TIME)]},
                  verdict=verdict)

