"""The two races side by side: the steps each walker needed on each ground, and what momentum changed."""

from __future__ import annotations

from manim import DOWN, Indicate, VGroup

from scenes.authoring import GAP, FadeIn, LessonScene, phrases, regions, segment
from scenes.kit.tables import reveal_header, reveal_row, value_table

from . import words

TABLE_SCALE = 1.8  # the table's cells are small for a table alone on the stage
TABLE_GAP = 2 * GAP  # between the table and the update rule under it

SEGMENT = segment("scoreboard", "Side by side", scene="Scoreboard", uses=("flat", "ravine"))


class Scoreboard(LessonScene):
    NARRATION = (
        ("table", "Side by side: the steps each one needed."),
        ("flat", "On the {@row}curve, plain gradient descent {plain}, and the heavy ball {heavy}."),
        ("ravine", "In the {@row}ravine, plain gradient descent {plain}, and the heavy ball {heavy}."),
        ("rule", "Momentum changes one line of the update rule: the step is the {@velocity}velocity, not the slope "
                 "alone. {summary}"),
        ("remember", "So when learning crawls down a long, gentle slope, remember the {@ball}heavy ball."),
    )

    def construct(self) -> None:
        races = {name: self.table(name).race() for name in ("flat", "ravine")}
        self.title("Side by side")
        counts = {name: [phrases.counted(r.steps, "step") + ("" if r.settled else " (not settled)")
                         for r in (race.plain, race.heavy)] for name, race in races.items()}
        table = value_table(self.theme, [r"\text{ground}", r"\text{plain}", r"\text{heavy ball}"],
                            [["curve", *counts["flat"]], ["ravine", *counts["ravine"]]])
        table.scale(TABLE_SCALE)
        rule = self.math(r"v \leftarrow \beta v - \eta \nabla f", r"\quad x \leftarrow x + v")
        regions.stage().place(VGroup(table, rule).arrange(DOWN, buff=TABLE_GAP))
        self.beat("table", reveal_header(table))
        for row, name in enumerate(("flat", "ravine"), start=1):
            race = races[name]
            self.beat(name, at={"row": reveal_row(table, row)}, plain=words.took(race.plain),
                      heavy=words.took(race.heavy))
        self.beat("rule", at={"velocity": FadeIn(rule)}, summary=words.summary(races["flat"], races["ravine"]))
        self.beat("remember", at={"ball": Indicate(rule, color=self.theme.dot)})
