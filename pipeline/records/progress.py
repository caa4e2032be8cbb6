"""How far a running render is: rewritten by the render process after each play call, read by the display."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..files import write_text


@dataclass(frozen=True)
class Progress:
    started: float  # when the job was handed to a worker (time.time())
    frames: int = 0  # frames drawn so far
    plays: int = 0  # play calls done so far

    def write(self, path: Path) -> None:
        write_text(path, json.dumps({"started": self.started, "frames": self.frames, "plays": self.plays}))

    @classmethod
    def read(cls, path: Path) -> Progress | None:
        """The latest progress; None before the render first writes it (or if it is unreadable)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(float(data["started"]), int(data.get("frames", 0)), int(data.get("plays", 0)))
        except (OSError, ValueError, KeyError, TypeError):
            return None
