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
from ..records.manifest import Manifest

FORMAT = 2  # of the page's data (``Video.as_json``), which the page's script reads; 2: each line's words


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
class Video:
    """One joined video of the render (the lesson, the answer key, or a selection) and its timeline."""

    stem: str
    title: str
    duration: float
    chapters: tuple[Chapter, ...]
    beats: tuple[Beat, ...]
    has_audio: bool

    def as_json(self, vtt: str = "") -> str:
        """The page's data, embedded in the page: a page opened from file:// can fetch no file, so the
        captions' text comes along too (Chromium will not load a <track> from file://)."""
        return json.dumps({"format": FORMAT, "stem": self.stem, "title": self.title, "duration": self.duration,
                           "chapters": [asdict(c) for c in self.chapters],
                           "beats": [asdict(b) for b in self.beats], "vtt": vtt},
                          ensure_ascii=False).replace("</", "<\\/")


def read_video(folder: Path, stem: str) -> Video:
    """The video ``stem`` of the render in ``folder``: its chapters and beats from the manifest and cue files."""
    manifest = Manifest.read(folder / MANIFESTS[stem])
    chapters, beats, offset = [], [], 0.0
    for index, segment in enumerate(manifest.segments):
        length = segment.duration
        chapters.append(Chapter(segment.key, segment.title, round(offset, 3), round(offset + length, 3)))
        for cue in SegmentCues.read(folder / segment.cues).cues:
            start, end = offset + cue.start, offset + min(cue.end, length)
            if end > start:
                words = tuple((round(offset + a, 3), round(offset + min(b, length), 3), word)
                              for a, b, word in cue.words)
                beats.append(Beat(cue.id or f"{segment.key}-{len(beats) + 1:02d}", index, round(start, 3),
                                  round(end, 3), cue.text, words))
        offset += length
    return Video(stem, manifest.title, round(offset, 3), tuple(chapters), tuple(beats), has_audio=manifest.has_audio)
