"""What a lesson page shows, read from the render's manifest and its segments' cue files.

Everything here is on the joined video's clock: a segment's cues are shifted by the
durations of the segments before it, as the join did when it wrote the captions.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path


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
        return json.dumps({"stem": self.stem, "title": self.title, "duration": self.duration,
                           "chapters": [asdict(c) for c in self.chapters],
                           "beats": [asdict(b) for b in self.beats], "vtt": vtt},
                          ensure_ascii=False).replace("</", "<\\/")


MANIFESTS = {"lesson": "manifest.json", "answer-key": "answer-key.manifest.json",
             "selection": "selection.manifest.json"}


def manifest_path(folder: Path, stem: str) -> Path:
    return folder / MANIFESTS[stem]


def read_video(folder: Path, stem: str) -> Video:
    """The video ``stem`` of the render in ``folder``: its chapters and beats from the manifest and cue files."""
    manifest = json.loads(manifest_path(folder, stem).read_text(encoding="utf-8"))
    chapters, beats, offset = [], [], 0.0
    for index, segment in enumerate(manifest["segments"]):
        length = float(segment["duration"])
        chapters.append(Chapter(segment["key"], segment["title"], round(offset, 3), round(offset + length, 3)))
        cues = json.loads((folder / segment["video"]).with_suffix(".json").read_text(encoding="utf-8"))
        for cue in cues:
            start, end = offset + float(cue["start"]), offset + min(float(cue["end"]), length)
            if end > start:
                beats.append(Beat(cue.get("id", f"{segment['key']}-{len(beats) + 1:02d}"), index, round(start, 3),
                                  round(end, 3), cue["text"]))
        offset += length
    return Video(stem, manifest["title"], round(offset, 3), tuple(chapters), tuple(beats),
                 has_audio="audio" in manifest)
