"""Narration kept as data beside each scene, and the beats that time the scene.

A scene lists its narration lines in order; ``LessonScene.beat`` plays the
animations of one beat for as long as its line takes to say, and records a cue
(start, end, text, caption times, audio clips). The voice that says the line is
installed by the pipeline (``install``); without one, a line lasts its reading time.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from .style import MIN_BEAT, WORDS_PER_SECOND


@dataclass(frozen=True)
class Cue:
    start: float
    end: float
    text: str
    id: str = ""
    captions: tuple[tuple[float, float, str], ...] = ()  # on the segment's clock
    clips: tuple[tuple[float, str, float], ...] = field(default=())  # (at, audio file, seconds)


@dataclass(frozen=True)
class Spoken:
    """What a voice made of one line: the beat length it needs, caption times and clips (offsets from the beat)."""

    seconds: float
    captions: tuple[tuple[float, float, str], ...]
    clips: tuple[tuple[float, str, float], ...] = ()


class Voice(Protocol):
    def speak(self, cue_id: str, text: str) -> Spoken: ...


_installed: list[Voice] = []


def install(voice: Voice) -> None:
    """Speak every later line with ``voice`` (the pipeline's narrator, in a render process)."""
    _installed[:] = [voice]


def voice() -> Voice:
    if not _installed:
        from pipeline.speech.narrator import SilentVoice

        _installed.append(SilentVoice())
    return _installed[0]


def reading_time(lines: tuple[str, ...]) -> float:
    """Seconds to read ``lines`` aloud at the narration pace."""
    words = sum(len(line.split()) for line in lines)
    return max(MIN_BEAT, words / WORDS_PER_SECOND)


def estimated_duration(narration: tuple[tuple[str, str], ...]) -> float:
    """About a segment's length: every line read once at the narration pace."""
    return sum(reading_time((line,)) for _, line in narration)
