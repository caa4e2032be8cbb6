"""Everything a scene draws from, in one object handed to it: the render context.

A scene reads no environment variable, no config file and no module global: whoever
constructs it (the pipeline's render process, a test, plain ``manim`` with the defaults)
builds a ``RenderContext`` and passes it in. So one process can build two lessons, a test
builds a scene for any parameters without patching anything, and everything that decides
a segment's pixels is in view of its cache key.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from mathcore import LessonParams
from scenes.order import every_segment, played_with

from .narration import SilentVoice, Voice
from .theme import Theme


@dataclass(frozen=True)
class Chapter:
    """A segment as the lesson shows it: its key, its title, and whether it opens with a title card."""

    key: str
    title: str
    card: bool = True


@dataclass(frozen=True)
class RenderContext:
    """One segment's inputs: the lesson's parameters, its theme, the voice that times its beats, and where
    it stands in the lesson (its own chapter, and every chapter the lesson plays, for the title card)."""

    params: LessonParams = field(default_factory=LessonParams)
    theme: Theme = field(default_factory=Theme)
    voice: Voice = field(default_factory=SilentVoice)
    chapter: Chapter | None = None  # None: a scene outside the lesson's order (no chapter card)
    chapters: tuple[Chapter, ...] = ()  # the chapters of the video it plays in (the lesson or the answer key), in order
    lines: tuple[tuple[str, str], ...] = ()  # (cue id, template): the teacher's own words for those lines
    preview: bool = False  # a dry run that also draws each beat's last frame (``lesson preview``)
    tables: tuple[tuple[str, object], ...] = ()  # a lesson folder's own parameter tables, by name


def lesson_context(scene_name: str, params: LessonParams | None = None, theme: Theme | None = None,
                   voice: Voice | None = None, lines: tuple[tuple[str, str], ...] = (),
                   preview: bool = False, tables: tuple[tuple[str, object], ...] = ()) -> RenderContext:
    """The context of the lesson's segment whose scene class is ``scene_name``, with these inputs (defaults: the
    script's lesson, its theme, read silently); its chapter and its video's chapters come from the lesson's order."""
    params = params or LessonParams()
    segment = next((s for s in every_segment() if s.scene == scene_name), None)
    played = played_with(segment, params.lesson.segments, params.lesson.answer_key)
    chapters = tuple(Chapter(s.key, s.title, s.chapter) for s in played)
    return RenderContext(params, theme or Theme(), voice or SilentVoice(),
                         Chapter(segment.key, segment.title, segment.chapter) if segment else None, chapters,
                         lines, preview, tables)
