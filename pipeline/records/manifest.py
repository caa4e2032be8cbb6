"""A joined video's manifest (``manifest.json``, ``answer-key.manifest.json``, ``selection.manifest.json``).

Written last of a joined video's files (its presence marks them complete). It lists the segments
in order with their durations and files (relative to the render folder), the config's hash, the
voice, the loudness reached and the versions used; the web page, the benchmarks and the tests
read it back through ``Manifest.read``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import RecordError, dumps, loads
from .cues import FORMAT as CUES_FORMAT

KIND, FORMAT = "manifest", 1
NAMES = {"lesson": "manifest.json", "answer-key": "answer-key.manifest.json",
         "selection": "selection.manifest.json"}


@dataclass(frozen=True)
class ManifestSegment:
    key: str
    title: str
    duration: float
    video: str  # relative to the render folder; its cues beside it (.json)
    poster: str
    reused: bool = False
    render_seconds: float = 0.0
    ranges: tuple[float, ...] = ()  # a split render: each range's seconds
    timings: dict[str, float] = field(default_factory=dict)

    @property
    def cues(self) -> str:
        return str(Path(self.video).with_suffix(".json"))


def within(folder: Path, relative: str) -> Path:
    """``folder``/``relative``, which must stay inside ``folder`` once links are followed: a manifest is a file in
    the media folder, and a path in it must never make the site publish (or read) a file from elsewhere."""
    path = Path(relative)
    if path.is_absolute() or ".." in path.parts or "\x00" in relative:
        raise RecordError(f"a manifest path {relative[:80]!r} leaves its render folder (render again)")
    found = (folder / path).resolve()
    if not found.is_relative_to(folder.resolve()):
        raise RecordError(f"a manifest path {relative[:80]!r} leads out of its render folder (render again)")
    return found


@dataclass(frozen=True)
class Manifest:
    title: str
    quality: str
    config: str  # the config file's path, or "default"
    config_hash: str
    segments: tuple[ManifestSegment, ...]
    narration: dict[str, Any] = field(default_factory=dict)  # the voice's identity
    versions: dict[str, str] = field(default_factory=dict)
    duration: float = 0.0
    join_seconds: float = 0.0
    audio: dict[str, Any] | None = None  # loudness figures of a narrated video
    files: dict[str, str] = field(default_factory=dict)  # video, srt, vtt, manifest: names in the render folder
    cues_format: int = CUES_FORMAT

    def to_json(self) -> str:
        payload: dict[str, Any] = {
            "title": self.title, "quality": self.quality, "config": self.config, "config_hash": self.config_hash,
            "cues_format": self.cues_format,
            "segments": [{"key": s.key, "title": s.title, "duration": round(s.duration, 3), "video": s.video,
                          "poster": s.poster, "reused": s.reused, "render_seconds": round(s.render_seconds, 1),
                          "ranges": list(s.ranges), "timings": s.timings} for s in self.segments],
            "narration": self.narration, "versions": self.versions, "duration": round(self.duration, 3),
            "join_seconds": round(self.join_seconds, 3), "files": self.files}
        if self.audio is not None:
            payload["audio"] = self.audio
        return dumps(KIND, FORMAT, payload)

    @classmethod
    def from_json(cls, text: str) -> Manifest:
        data = loads(KIND, FORMAT, text)
        try:
            segments = tuple(ManifestSegment(
                str(s["key"]), str(s["title"]), float(s["duration"]), str(s["video"]), str(s["poster"]),
                bool(s["reused"]), float(s["render_seconds"]), tuple(float(r) for r in s["ranges"]),
                {str(k): float(v) for k, v in s["timings"].items()}) for s in data["segments"])
            manifest = cls(str(data["title"]), str(data["quality"]), str(data["config"]), str(data["config_hash"]),
                       segments, dict(data["narration"]), dict(data["versions"]), float(data["duration"]),
                       float(data["join_seconds"]), data.get("audio"), dict(data["files"]),
                       int(data["cues_format"]))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise RecordError("a manifest with a missing or mistyped field") from None
        for segment in manifest.segments:  # every path stays in the render folder (checked again where it is used)
            for relative in (segment.video, segment.poster):
                if Path(relative).is_absolute() or ".." in Path(relative).parts or "\x00" in relative:
                    raise RecordError(f"a manifest path {relative[:80]!r} leaves its render folder (render again)")
        return manifest

    @classmethod
    def read(cls, path: Path) -> Manifest:
        """The manifest at ``path``; RecordError (saying to render again) when it is not one this code wrote."""
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise RecordError(f"{path}: cannot be read ({error.strerror})") from None
        except RecordError as error:
            raise RecordError(f"{path}: {error}; render it again with this version of `lesson`") from None

    @property
    def has_audio(self) -> bool:
        return self.audio is not None
