"""The title card: the configured title (and subtitle), then the chapters the lesson plays."""

from __future__ import annotations

from manim import DOWN, RIGHT, UP, Line, VGroup

from scenes.kit import regions
from scenes.kit.base import LessonScene
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.text import fit
from scenes.wording import spoken_list


class TitleCard(LessonScene):
    NARRATION = (
        ("title", "{title}{subtitle}"),
        ("contents", "In this lesson: {chapters}."),
    )

    def construct(self) -> None:
        info = self.params.lesson
        title = fit(self.words(info.title, 60, self.theme.text, weight="BOLD"), 12.4)
        rule = Line(title.get_left(), title.get_right(), color=self.theme.accent, stroke_width=3)
        head = VGroup(title, rule)
        if info.subtitle:
            head.add(fit(self.words(info.subtitle, 30, self.theme.muted), 12.4))
        head.arrange(DOWN, buff=0.3).move_to(UP * 0.3)
        self.beat("title", FadeIn(head, shift=UP * 0.2), run_time=1.5, title=info.title,
                  subtitle=f". {info.subtitle}" if info.subtitle else "")
        chapters = self.chapters()
        if not chapters:  # a lesson of the title card alone: nothing to list
            self.play(FadeOut(head), run_time=0.6)
            return
        self.play(head.animate.scale(0.7).to_edge(UP, buff=0.4), run_time=0.8)  # the subtitle stays readable
        room = regions.frame().below(head, gap=0.4)
        lines = [f"{i}. {name}" for i, name in enumerate(chapters, 1)]
        listing = self.bullets(lines, 26, self.theme.text)
        if listing.height > room.height:  # a long lesson: two columns rather than small type
            half = (len(lines) + 1) // 2
            listing = VGroup(self.bullets(lines[:half], 26, self.theme.text), self.bullets(lines[half:], 26,
                                                                                           self.theme.text))
            listing.arrange(RIGHT, buff=0.8, aligned_edge=UP)
        room.place(listing, UP)
        self.beat("contents", FadeIn(listing, lag_ratio=0.15), run_time=2, chapters=spoken_list(chapters))
        self.play(FadeOut(head), FadeOut(listing), run_time=0.6)

    def chapters(self) -> list[str]:
        """The titles of the chapters this lesson plays after the card (the context's, in order)."""
        return [chapter.title for chapter in self.context.chapters if chapter.card]
