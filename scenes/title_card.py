"""The title card: the configured title (and subtitle), then the chapters the lesson plays."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, Line, MoveToTarget, VGroup

from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.style import APART, BODY_SIZE, DISPLAY_SIZE, ENTER, NEAR
from scenes.wording import spoken_list

RECEDED = 0.7  # the title's size while the contents are listed under it


class TitleCard(LessonScene):
    NARRATION = (
        ("title", "{title}{subtitle}"),
        ("contents", "In this lesson: {chapters}."),
    )

    def construct(self) -> None:
        info = self.params.lesson
        title = self.words(info.title, DISPLAY_SIZE, weight="BOLD")
        rule = Line(title.get_left(), title.get_right(), color=self.theme.accent, stroke_width=3)
        head = VGroup(title, rule)
        if info.subtitle:
            head.add(self.words(info.subtitle, BODY_SIZE, self.theme.muted))
        regions.frame().place(head.arrange(DOWN, buff=NEAR))
        self.beat("title", FadeIn(head, shift=UP * ENTER), run_time=1.5, title=info.title,
                  subtitle=f". {info.subtitle}" if info.subtitle else "")
        chapters = self.chapters()
        if not chapters:  # a lesson of the title card alone: nothing to list
            self.play(FadeOut(head), run_time=0.6)
            return
        head.generate_target()
        regions.frame().place(head.target.scale(RECEDED), UP)  # up out of the way; the subtitle stays readable
        self.play(MoveToTarget(head), run_time=0.8)
        room = regions.frame().below(head.target)
        lines = [f"{i}. {name}" for i, name in enumerate(chapters, 1)]
        listing = self.bullets(lines, BODY_SIZE)
        if listing.height > room.height:  # a long lesson: two columns rather than small type
            half = (len(lines) + 1) // 2
            listing = VGroup(self.bullets(lines[:half], BODY_SIZE), self.bullets(lines[half:], BODY_SIZE))
            listing.arrange(RIGHT, buff=APART, aligned_edge=UP)
        room.place(listing, UP)
        self.beat("contents", FadeIn(listing, lag_ratio=0.15), run_time=2, chapters=spoken_list(chapters))
        self.play(FadeOut(head), FadeOut(listing), run_time=0.6)

    def chapters(self) -> list[str]:
        """The titles of the chapters this lesson plays after the card (the context's, in order)."""
        return [chapter.title for chapter in self.context.chapters if chapter.card]
