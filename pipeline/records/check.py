"""A stored segment's record of its own files (``<segment>-<key>.check.json``), written last but one
(the video is last): what makes a stored segment trusted for reuse."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..files import file_check
from ..media import StoredSegment
from . import RecordError, dumps, loads
from .cues import FORMAT as CUES_FORMAT
from .cues import SegmentCues

KIND, FORMAT = "check", 1
CHECKED = ("video", "cues", "poster", "timings", "audio")  # every file but the check record itself


@dataclass(frozen=True)
class SegmentCheck:
    files: dict[str, dict] = field(default_factory=dict)  # name: {"size": bytes, "sha256": hex}
    frames: int = 0  # frames on the video's clock
    cues_format: int = CUES_FORMAT

    @classmethod
    def of(cls, stored: StoredSegment, video: Path, frames: int) -> SegmentCheck:
        """The record of ``stored``'s files as they are now, with ``video`` (staged under another name) for
        the video."""
        files = {name: file_check(path) for name, path in stored.files().items()
                 if name in CHECKED and name != "video" and path.exists()}
        return cls({**files, "video": file_check(video)}, frames)

    def to_json(self) -> str:
        return dumps(KIND, FORMAT, {"files": self.files, "frames": self.frames, "cues_format": self.cues_format})

    @classmethod
    def from_json(cls, text: str) -> SegmentCheck:
        data = loads(KIND, FORMAT, text)
        files, frames, cues_format = data.get("files"), data.get("frames"), data.get("cues_format")
        if not isinstance(files, dict) or not all(isinstance(v, dict) for v in files.values()) \
                or not isinstance(frames, int) or not isinstance(cues_format, int):
            raise RecordError("a check record with a missing or mistyped field")
        return cls(files, frames, cues_format)

    @staticmethod
    def damage(stored: StoredSegment) -> str | None:
        """Why ``stored`` cannot be reused (missing, damaged, unverified or of an older format), or None."""
        if not stored.video.exists():
            return "not rendered"
        try:
            record = SegmentCheck.from_json(stored.check.read_text(encoding="utf-8"))
            if record.cues_format != CUES_FORMAT:
                return "it was stored in an older format"
            for name in ("video", "cues", "poster", "timings"):
                if name not in record.files:
                    return f"its record has no {name}"
            for name, expected in record.files.items():
                path = stored.files()[name]
                if file_check(path) != expected:
                    return f"its {path.name} does not match the size and hash recorded when it was stored"
            SegmentCues.read(stored.cues)
        except FileNotFoundError as error:
            return f"{Path(error.filename).name} is missing"
        except (OSError, RecordError, KeyError) as error:
            return f"its record cannot be read ({error})"
        return None
