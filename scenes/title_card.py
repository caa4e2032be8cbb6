"""The title card: the configured title (and subtitle), then the chapters the lesson plays, each lit as it is
named.

The contents line names every chapter; the list is laid out dim, and each chapter is written over in the
text colour on the frame its title is said (a bookmark before each title in the spoken list), so the picture
follows the voice down the list instead of holding one still for the whole line.
"""

from __future__ import annotations

from manim import DOWN, LEFT, RIGHT, UP, Create, Dot, Line, MoveToTarget, Text, VGroup, Write

from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.layout import MIN_TEXT_PX, em_pixels
from scenes.kit.narration import WORDS_PER_SECOND, bookmark
from scenes.kit.phrases import spoken_list
from scenes.kit.story import wrapped
from scenes.kit.style import APART, BODY_SIZE, DISPLAY_SIZE, NEAR, TIGHT

RECEDED = 0.7  # the title's size while the contents are listed under it
MARK_RADIUS = 0.07  # the accent dot beside the chapter being named
LIT_MIN = 0.8  # seconds: the shortest a chapter's writing takes (a one-word title is still seen being written)
RULE_WIDTH = 3  # the accent rule's stroke under the title


class TitleCard(LessonScene):
    NARRATION = (
        ("title", "{@title}{title}{subtitle}"),
        ("contents", "In this lesson: {chapters}."),
    )

    def construct(self) -> None:
        info = self.params.lesson
        # a long title takes more lines rather than smaller type (one line of 180 characters shrank to 10 px)
        title = wrapped(info.title, DISPLAY_SIZE, self.theme.text, regions.frame().width, weight="BOLD")
        rule = Line(title.get_left(), title.get_right(), color=self.theme.accent, stroke_width=RULE_WIDTH)
        head = VGroup(title, rule)
        subtitle = (wrapped(info.subtitle, BODY_SIZE, self.theme.muted, regions.frame().width) if info.subtitle
                    else None)
        if subtitle is not None:
            head.add(subtitle)
        regions.frame().place(head.arrange(DOWN, buff=NEAR))
        # the title is written as it is said, the rule drawn under it; a subtitle comes in when its words begin
        said = self.reading(info.title)
        at = {"title": [Write(title, run_time=said), Create(rule, run_time=said)]}
        if subtitle is not None:
            at["subtitle"] = Write(subtitle, run_time=self.reading(info.subtitle))
        self.beat("title", at=at, title=info.title,
                  subtitle=f". {bookmark('subtitle')}{info.subtitle}" if info.subtitle else "")
        chapters = self.chapters()
        if not chapters:  # a lesson of the title card alone: nothing to list
            self.play(FadeOut(head), run_time=0.6)
            return
        # up out of the way, as small as keeps every word readable (a long title's head shrinks less)
        smallest = min(em_pixels(part) for part in head if isinstance(part, Text))
        head.generate_target()
        regions.frame().place(head.target.scale(max(RECEDED, min(1.0, MIN_TEXT_PX / smallest))), UP)
        room = regions.frame().below(head.target)
        lines = [f"{i}. {name}" for i, name in enumerate(chapters, 1)]
        dim, marks = self.listing(lines, room)
        lit = VGroup(*(line.copy().set_color(self.theme.text) for line in dim))
        self.play(MoveToTarget(head), FadeIn(dim, lag_ratio=0.1), run_time=0.8)
        # each chapter is written over its dim line as its title is said, an accent dot beside it
        at = {f"c{i}": [Write(line, run_time=max(LIT_MIN, self.reading(name))), FadeIn(mark, scale=0.5)]
              for i, (line, mark, name) in enumerate(zip(lit, marks, chapters))}
        spoken = spoken_list([bookmark(f"c{i}") + name for i, name in enumerate(chapters)])
        self.beat("contents", at=at, chapters=spoken)
        self.play(FadeOut(head), FadeOut(dim), FadeOut(lit), FadeOut(marks), run_time=0.6)

    def listing(self, lines: list[str], room: regions.Region) -> tuple[VGroup, VGroup]:
        """The numbered chapters under the title, dim, each with its accent dot beside it (laid out with the
        dots, shown later): one column, or two when one would need small type."""

        def column(part: list[str]) -> VGroup:
            texts = self.bullets(part, BODY_SIZE, self.theme.muted)
            return VGroup(*(VGroup(Dot(radius=MARK_RADIUS, color=self.theme.accent).next_to(text, LEFT, buff=TIGHT),
                                   text) for text in texts))

        rows = column(lines)
        if rows.height > room.height:  # a long lesson: two columns rather than small type
            half = (len(lines) + 1) // 2
            columns = VGroup(column(lines[:half]), column(lines[half:])).arrange(RIGHT, buff=APART, aligned_edge=UP)
            rows = VGroup(*columns[0], *columns[1])
        room.place(rows, UP)
        return VGroup(*(row[1] for row in rows)), VGroup(*(row[0] for row in rows))

    @staticmethod
    def reading(text: str) -> float:
        """About how long ``text`` takes to say: a writing that lasts as long as its words."""
        return len(text.split()) / WORDS_PER_SECOND

    def chapters(self) -> list[str]:
        """The titles of the chapters this lesson plays after the card (the context's, in order)."""
        return [chapter.title for chapter in self.context.chapters if chapter.card]
