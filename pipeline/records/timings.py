"""Where a render's time went (``<segment>-<key>.timings.json``), written by the render process.

Seconds and counts per part (start-up, LaTeX, drawing, encoding, ...), the formulas it
compiled, and each play call's time and frames: what the next render's split is planned from
(``pipeline.chunks``) and what the manifest sums up.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import RecordError, dumps, loads

KIND, FORMAT = "timings", 1


@dataclass(frozen=True)
class Play:
    """One play call: the scene's own work before it, its own time, its frames, and whether it was skipped."""

    gap: float
    seconds: float
    frames: int
    skipped: bool = False


def startup(total: float, plays: tuple[Play, ...]) -> float:
    """What a render of ``total`` seconds spent outside its play calls and the scene's work before each."""
    return max(0.0, total - sum(p.gap + p.seconds for p in plays))


@dataclass(frozen=True)
class TimingsRecord:
    seconds: dict[str, float] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    formulas: tuple[str, ...] = ()
    plays: tuple[Play, ...] = ()
    chunks: int = 1  # ranges this record adds up (1: a whole render)

    @property
    def total(self) -> float:
        """The render's seconds: for a segment joined from ranges, what one whole render would have taken."""
        return float(self.seconds.get("whole", self.seconds.get("total", 0.0)))

    @property
    def startup(self) -> float:
        """What the render spent outside its play calls and the scene's work between them."""
        return startup(self.total, self.plays)

    @classmethod
    def merged(cls, records: list[TimingsRecord]) -> TimingsRecord:
        """One record for a segment rendered in ranges: seconds and counts added up over the ranges (so
        ``total`` is the work done, not the wall time; ``whole`` is what one render would have taken), and
        each play call as the range that drew it saw it (its gap is the scene's work before it, which every
        range up to it repeated)."""
        seconds: dict[str, float] = {}
        counts: dict[str, int] = {}
        for record in records:
            for name, value in record.seconds.items():
                seconds[name] = round(seconds.get(name, 0.0) + value, 3)
            for name, value in record.counts.items():
                counts[name] = counts.get(name, 0) + value
        plays: list[Play | None] = []
        for record in records:
            for index, play in enumerate(record.plays):
                if not play.skipped and index >= len(plays):
                    plays.extend([None] * (index - len(plays)))
                    plays.append(play)
        formulas = tuple(sorted({f for r in records for f in r.formulas}))
        drawn = tuple(p for p in plays if p is not None)
        complete = drawn if len(drawn) == len(plays) else ()  # a play no range drew: no per-play costs
        if records and complete:
            last = records[-1]
            seconds["whole"] = round(startup(last.seconds.get("total", 0.0), last.plays)
                                     + sum(p.gap + p.seconds for p in complete), 3)
        return cls(seconds, counts, formulas, complete, chunks=len(records))

    def to_json(self) -> str:
        return dumps(KIND, FORMAT, {
            "seconds": {k: round(v, 3) for k, v in sorted(self.seconds.items())},
            "counts": dict(sorted(self.counts.items())), "formulas": list(self.formulas),
            "plays": [{"gap": p.gap, "seconds": p.seconds, "frames": p.frames, "skipped": p.skipped}
                      for p in self.plays],
            "chunks": self.chunks})

    @classmethod
    def from_json(cls, text: str) -> TimingsRecord:
        data = loads(KIND, FORMAT, text)
        try:
            seconds = {str(k): float(v) for k, v in data["seconds"].items()}
            counts = {str(k): int(v) for k, v in data["counts"].items()}
            formulas = tuple(str(f) for f in data["formulas"])
            plays = tuple(Play(float(p["gap"]), float(p["seconds"]), int(p["frames"]), bool(p["skipped"]))
                          for p in data["plays"])
            chunks = int(data.get("chunks", 1))
        except (KeyError, TypeError, ValueError, AttributeError):
            raise RecordError("a timings record with a missing or mistyped field") from None
        return cls(seconds, counts, formulas, plays, chunks)

    @classmethod
    def read(cls, path: Path) -> TimingsRecord | None:
        """The record at ``path``; None when there is none or it is not a whole record of this format."""
        try:
            return cls.from_json(path.read_text(encoding="utf-8"))
        except (OSError, RecordError):
            return None
