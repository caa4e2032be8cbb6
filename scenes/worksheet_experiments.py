"""Worksheet answer key, phase 2: nudge each weight by a little and watch the error."""

from __future__ import annotations

from manim import Create, VGroup

from mathcore import worksheet_answers
from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.numbers import n, signed
from scenes.kit.style import BODY_SIZE, LEAD_SIZE
from scenes.kit.tables import highlight, reveal_header, reveal_row, value_table


class WorksheetExperiments(LessonScene):
    NARRATION = (
        ("nudge", "Phase two: experiment. Nudge {w} up and down by {d}, and recompute the error each time."),
        ("result", "Raising {w} changes the error by {up}; lowering it, by {down}. To reduce the error, "
                   "{way} {w}."),
        ("compare", "{bigger} has the bigger effect: about {ratio} times as much per nudge."),
    )

    def construct(self) -> None:
        a = worksheet_answers(self.params.worksheet)
        self.title("Worksheet, phase 2: experiments")
        for experiment in a.nudges:
            w = experiment.variable
            rows = [[n(r.value) + (" (original)" if i == 0 else ""), n(r.forward["h"]), n(r.forward["y"]),
                     n(r.output), "baseline" if r.change is None else signed(r.change)]
                    for i, r in enumerate(experiment.rows)]
            table = value_table(self.theme, [w.replace("w", "w_"), "h", r"\text{new } y", r"\text{new } E",
                                 r"\text{change in } E"], rows, size=BODY_SIZE)
            regions.stage().place(table)
            self.beat("nudge", reveal_header(table), *(reveal_row(table, i) for i in range(1, 4)), w=w,
                      d=n(experiment.delta))
            up, down = experiment.rows[1].change, experiment.rows[2].change
            good, bad = self.theme.good, self.theme.blame
            boxes = [highlight(table, 3, 5, good if up < 0 else bad), highlight(table, 4, 5, good if down < 0 else bad)]
            way = "raise" if up < 0 else "lower" if down < 0 else "keep"
            self.beat("result", *(Create(b) for b in boxes), w=w, up=signed(up), down=signed(down), way=way)
            self.play(FadeOut(VGroup(table, *boxes)), run_time=0.4)
        slopes = {e.variable: abs(e.slope_estimate) for e in a.nudges}
        bigger = max(slopes, key=slopes.get)
        ratio = max(slopes.values()) / min(slopes.values()) if min(slopes.values()) else 0
        note = regions.stage().place(self.words(f"{bigger} matters more: about {n(ratio, 2)} times the change in E",
                                                LEAD_SIZE, self.theme.good))
        self.beat("compare", FadeIn(note), bigger=bigger, ratio=n(ratio, 2))
        self.play(FadeOut(note), run_time=0.4)
