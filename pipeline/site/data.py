"""What a lesson page shows, read from the render's manifest and its segments' cue files.

Everything here is on the joined video's clock: a segment's cues are shifted by the
durations of the segments before it, as the join did when it wrote the captions.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from ..records.cues import SegmentCues
from ..records.manifest import NAMES as MANIFESTS
from ..records.manifest import Manifest, within

FORMAT = 3  # of the page's data (``Video.as_json``), which the page's script reads; 2: each line's words; 3: steps


@dataclass(frozen=True)
class Chapter:
    key: str
    title: str
    start: float
    end: float


@dataclass(frozen=True)
class Beat:
    """One narrated line: what presenter mode stops after, and one line of the transcript."""

    id: str
    chapter: int  # index into the chapters
    start: float
    end: float
    text: str
    words: tuple[tuple[float, float, str], ...] = ()  # each written word of the line, when it is said


@dataclass(frozen=True)
class Step:
    """What presenter mode plays on one press of Next: a narrated line and the animation after it, up to the next
    line or the chapter's end; a chapter's first step starts with the chapter (its title card, a lead-in)."""

    chapter: int
    start: float
    end: float
    beat: int | None  # the line it begins with; None for a chapter with no narration


@dataclass(frozen=True)
class Video:
    """One joined video of the render (the lesson, the answer key, or a selection) and its timeline."""

    stem: str
    title: str
    duration: float
    chapters: tuple[Chapter, ...]
    beats: tuple[Beat, ...]
    has_audio: bool

    @property
    def steps(self) -> tuple[Step, ...]:
        """Every moment of the video in exactly one step, in order: no animation between two lines is skipped."""
        steps: list[Step] = []
        for index, chapter in enumerate(self.chapters):
            mine = [i for i, beat in enumerate(self.beats) if beat.chapter == index]
            if not mine:
                steps.append(Step(index, chapter.start, chapter.end, None))
                continue
            starts = [chapter.start] + [self.beats[i].start for i in mine[1:]]
            ends = starts[1:] + [chapter.end]
            steps += [Step(index, a, b, i) for a, b, i in zip(starts, ends, mine) if b > a]
        return tuple(steps)

    def as_json(self, vtt: str = "", extra: dict | None = None) -> str:
        """The page's data, embedded in the page: a page opened from file:// can fetch no file, so the
        captions' text comes along too (Chromium will not load a <track> from file://). Every <, > and & is written
        as a JSON escape, so no text in it (a title with "</script>" or "<!--") can end or bend the script block."""
        return json.dumps({"format": FORMAT, "stem": self.stem, "title": self.title, "duration": self.duration,
                           "chapters": [asdict(c) for c in self.chapters],
                           "beats": [asdict(b) for b in self.beats], "steps": [asdict(s) for s in self.steps],
                           "vtt": vtt, **(extra or {})},
                          ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def read_video(folder: Path, stem: str) -> Video:
    """The video ``stem`` of the render in ``folder``: its chapters and beats from the manifest and cue files."""
    manifest = Manifest.read(folder / MANIFESTS[stem])
    chapters, beats, offset = [], [], 0.0
    for index, segment in enumerate(manifest.segments):
        length = segment.duration
        chapters.append(Chapter(segment.key, segment.title, round(offset, 3), round(offset + length, 3)))
        for cue in SegmentCues.read(within(folder, segment.cues)).cues:
            start, end = offset + cue.start, offset + min(cue.end, length)
            if end > start:
                words = tuple((round(offset + a, 3), round(offset + min(b, length), 3), word)
                              for a, b, word in cue.words)
                beats.append(Beat(cue.id or f"{segment.key}-{len(beats) + 1:02d}", index, round(start, 3),
                                  round(end, 3), cue.text, words))
        offset += length
    return Video(stem, manifest.title, round(offset, 3), tuple(chapters), tuple(beats), has_audio=manifest.has_audio)
