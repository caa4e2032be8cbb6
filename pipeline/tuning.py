"""The environment variables that tune a render, all of them, read once by the ``lesson`` command.

No other module reads the environment for settings: the command reads these at its start
(``Tuning.from_environment``) and hands the values down; render processes get everything
in their job file (``pipeline.records.job``).

=========================  =======  ==========================================================
variable                   default  what it changes
=========================  =======  ==========================================================
LESSON_TIMEOUT_FACTOR      5        a render may take this many times its previous time (at
                                    least 300 s) before it is stopped
LESSON_MIN_CHUNK_SECONDS   20       the shortest range of a split segment worth a job of its own
LESSON_PLAN_SLOTS          (jobs)   plan the split for this many workers (what a cluster of
                                    that size would get), whatever runs here
=========================  =======  ==========================================================
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Mapping

from .chunks import MIN_CHUNK_SECONDS

TIMEOUT_FACTOR = 5.0


class TuningError(ValueError):
    """A variable set to a value that cannot be used; the message names it."""


@dataclass(frozen=True)
class Tuning:
    timeout_factor: float = TIMEOUT_FACTOR
    min_chunk_seconds: float = MIN_CHUNK_SECONDS
    plan_slots: int = 0  # 0: plan for the workers that run

    @classmethod
    def from_environment(cls, environ: Mapping[str, str]) -> Tuning:
        def number(name: str, default: float, low: float, high: float) -> float:
            text = environ.get(name, "").strip()
            if not text:
                return default
            try:
                value = float(text)
            except ValueError:
                raise TuningError(f"{name}={text!r} is not a number") from None
            if not math.isfinite(value) or not low <= value <= high:
                raise TuningError(f"{name}={text!r} must be between {low:g} and {high:g}")
            return value

        slots = number("LESSON_PLAN_SLOTS", 0, 0, 4096)
        if slots != int(slots):
            raise TuningError(f"LESSON_PLAN_SLOTS={environ['LESSON_PLAN_SLOTS']!r} must be a whole number")
        return cls(number("LESSON_TIMEOUT_FACTOR", TIMEOUT_FACTOR, 1, 1000),
                   number("LESSON_MIN_CHUNK_SECONDS", MIN_CHUNK_SECONDS, 0, 86400), int(slots))
