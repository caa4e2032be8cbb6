"""What the ``lesson`` command asks one render process to do: ``python -m pipeline.render_process JOB.json``.

The only thing that crosses into a render process (no environment variable carries anything):
the segment and quality, the range of play calls for a split render, the frozen config it
renders from (with the SHA-256 it was validated under), the voice, and every path it reads
or writes.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

from ..speech.settings import Narration
from . import RecordError, dumps, loads

KIND, FORMAT = "render-job", 1


@dataclass(frozen=True)
class RenderJob:
    segment: str  # the segment's key (scenes.order)
    quality: str  # low, medium, high, 4k
    manim_media: Path  # the process's own Manim folder (text SVGs, partial movies); deleted after
    tex: Path  # the shared, locked LaTeX cache
    svg: Path  # converted SVGs, shared between processes
    video: Path  # where the finished video goes
    cues: Path  # where the segment's cues go (records.cues)
    timings: Path  # where its timings go (records.timings)
    config: Path | None = None  # the frozen config text; None: the default lesson
    config_sha256: str | None = None  # the SHA-256 of that text, as validated by the command
    narration: Narration | None = None  # the voice; None: read silently
    span: tuple[int, int] | None = None  # first and last play call of a range, both included
    progress: Path | None = None  # rewritten with the frames done (records.progress)
    started: float = 0.0  # when the command handed the job over (time.time())

    def to_json(self) -> str:
        payload = {name: (str(value) if isinstance(value, Path) else value) for name, value in vars(self).items()}
        payload["narration"] = asdict(self.narration) if self.narration else None
        payload["span"] = list(self.span) if self.span else None
        return dumps(KIND, FORMAT, payload)

    @classmethod
    def from_json(cls, text: str) -> RenderJob:
        data = loads(KIND, FORMAT, text)
        paths = ("manim_media", "tex", "svg", "video", "cues", "timings")
        try:
            span = data.get("span")
            return cls(
                segment=str(data["segment"]), quality=str(data["quality"]),
                **{name: Path(data[name]) for name in paths},
                config=Path(data["config"]) if data.get("config") else None,
                config_sha256=data.get("config_sha256"),
                narration=Narration(**data["narration"]) if data.get("narration") else None,
                span=(int(span[0]), int(span[1])) if span else None,
                progress=Path(data["progress"]) if data.get("progress") else None,
                started=float(data.get("started", 0.0)))
        except (KeyError, TypeError, ValueError, IndexError):
            raise RecordError("a render job with a missing or mistyped field") from None

    @classmethod
    def read(cls, path: Path) -> RenderJob:
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except OSError as error:
            raise RecordError(f"{path}: cannot be read ({error.strerror})") from None
