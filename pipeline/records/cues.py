"""A segment's narrated beats as stored beside its video: ``<segment>-<key>.json``.

A JSON array of cues, one per beat (id, start, end, text, captions, clips, each written word's
time, the bookmarks an animation started at, and where the word times came from), on the segment's
clock, so that a simple tool reads it as it is. Its format version is recorded by the
segment's check record and by the manifest that lists the segment, which are read first.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

from scenes.kit.captions import caption_text
from scenes.kit.narration import Cue

from . import RecordError

FORMAT = 2  # 2: every written word's time, the bookmarks used, where the times came from


def _number(value: object, where: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise RecordError(f"{where}: not a number")
    return float(value)


def _cue(item: object, index: int) -> Cue:
    where = f"cue {index}"
    if not isinstance(item, dict):
        raise RecordError(f"{where}: not an object")
    try:
        captions = tuple((_number(a, where), _number(b, where), str(text)) for a, b, text in item.get("captions", ()))
        clips = tuple((_number(at, where), str(name), _number(length, where))
                      for at, name, length in item.get("clips", ()))
        words = tuple((_number(a, where), _number(b, where), str(word)) for a, b, word in item.get("words", ()))
        marks = tuple((str(name), _number(at, where)) for name, at in item.get("marks", ()))
        text, ident, timing = item["text"], item.get("id", ""), item.get("timing", "")
    except (KeyError, TypeError, ValueError):
        raise RecordError(f"{where}: a field is missing or of the wrong shape") from None
    if not isinstance(text, str) or not isinstance(ident, str) or not isinstance(timing, str):
        raise RecordError(f"{where}: text, id and timing must be strings")
    return Cue(_number(item.get("start"), where), _number(item.get("end"), where), text, ident, captions, clips,
               words, marks, timing)


@dataclass(frozen=True)
class SegmentCues:
    cues: tuple[Cue, ...]

    def to_json(self) -> str:
        return json.dumps([asdict(cue) for cue in self.cues], indent=1, ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> SegmentCues:
        try:
            data = json.loads(text)
        except ValueError as error:
            raise RecordError(f"not JSON ({error})") from None
        if not isinstance(data, list):
            raise RecordError("a cue file is a list of cues")
        return cls(tuple(_cue(item, i) for i, item in enumerate(data)))

    @classmethod
    def read(cls, path) -> SegmentCues:
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise RecordError(f"{path.name}: cannot be read ({error.strerror})") from None

    def timings(self) -> dict[str, int]:
        """How many lines had their word times from each source (engine, aligned, estimate, reading)."""
        found: dict[str, int] = {}
        for cue in self.cues:
            found[cue.timing] = found.get(cue.timing, 0) + 1
        return found

    def captions(self) -> tuple[tuple[float, float, str], ...]:
        """The captions (start, end, text): a caption per sentence piece, timed from its speech, wrapped onto
        at most two lines of 42 characters."""
        return tuple((start, end, caption_text(text)) for cue in self.cues
                     for start, end, text in (cue.captions or ((cue.start, cue.end, cue.text),)))
