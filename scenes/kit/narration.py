"""Narration kept as data beside each scene, and the beats that time the scene.

A scene lists its narration lines in order; ``LessonScene.beat`` plays the
animations of one beat for at least as long as its lines take to read, and
records a caption cue (start, end, text). Captions are then timed by the
animation itself, not guessed afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass

from .style import MIN_BEAT, WORDS_PER_SECOND


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str


def reading_time(lines: tuple[str, ...]) -> float:
    """Seconds to read ``lines`` aloud at the narration pace."""
    words = sum(len(line.split()) for line in lines)
    return max(MIN_BEAT, words / WORDS_PER_SECOND)


def estimated_duration(narration: tuple[tuple[str, str], ...]) -> float:
    """About a segment's length: every line read once at the narration pace."""
    return sum(reading_time((line,)) for _, line in narration)
