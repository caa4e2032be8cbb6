"""Narration kept as data beside each scene, the voice that times it, and the cues a scene records.

A scene lists its narration lines in order; ``LessonScene.beat`` plays the animations of one
beat for as long as its line takes to say, and records a ``Cue`` (start, end, text, caption
times, audio clips). The voice is part of the scene's context: the pipeline hands a render
its narrator (``pipeline.speech.narrator``); without one, ``SilentVoice`` times a line by its
reading pace. Both answer the same question (``Voice.speak``): how long does this line last,
when does each caption start, and which clips say it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol, Sequence

from .captions import captions

WORDS_PER_SECOND = 2.7  # the reading pace a silent line lasts, and the script's estimates
MIN_BEAT = 1.2  # seconds: no beat is shorter, however short its line

TimedCaption = tuple[float, float, str]  # (start, end, text): seconds from the beat's or the segment's start
Clip = tuple[float, str, float]  # (at, audio file name in the clip cache, seconds)


@dataclass(frozen=True)
class Cue:
    """One narrated beat on its segment's clock."""

    start: float
    end: float
    text: str
    id: str = ""
    captions: tuple[TimedCaption, ...] = ()
    clips: tuple[Clip, ...] = field(default=())


@dataclass(frozen=True)
class Spoken:
    """What a voice made of one line: the beat length it needs, caption times and clips (offsets from the beat)."""

    seconds: float
    captions: tuple[TimedCaption, ...]
    clips: tuple[Clip, ...] = ()


class Voice(Protocol):
    def speak(self, cue_id: str, text: str) -> Spoken: ...


def timed_pieces(pieces_by_sentence: Sequence[Sequence[str]], spans: Sequence[tuple[float, float]]
                 ) -> tuple[TimedCaption, ...]:
    """Caption times: each sentence's (start, length) shared among its caption pieces by their lengths."""
    timed = []
    for pieces, (start, length) in zip(pieces_by_sentence, spans):
        sizes = [len(piece) + 1 for piece in pieces]
        at = start
        for piece, size in zip(pieces, sizes):
            share = size / sum(sizes)
            timed.append((round(at, 4), round(at + share * length, 4), piece))
            at += share * length
    return tuple(timed)


def shared_by_length(text: str, start: float, length: float) -> tuple[TimedCaption, ...]:
    """``text``'s captions over ``length`` seconds from ``start``, each sentence given time by its length
    (a line with no audio of its own sentences: read silently, or one recording for the whole line)."""
    split = captions(text)
    sizes = [sum(len(p) + 1 for p in pieces) for pieces in split] or [1]
    spans, at = [], start
    for size in sizes:
        spans.append((at, length * size / sum(sizes)))
        at += length * size / sum(sizes)
    return timed_pieces(split, spans)


class SilentVoice:
    """No audio: a line lasts as long as it takes to read, its captions share that time."""

    def speak(self, cue_id: str, text: str) -> Spoken:
        need = reading_time((text,))
        return Spoken(need, shared_by_length(text, 0.0, need))


def reading_time(lines: tuple[str, ...]) -> float:
    """Seconds to read ``lines`` aloud at the narration pace."""
    words = sum(len(line.split()) for line in lines)
    return max(MIN_BEAT, words / WORDS_PER_SECOND)


def estimated_duration(narration: tuple[tuple[str, str], ...]) -> float:
    """About a segment's length: every line read once at the narration pace."""
    return sum(reading_time((line,)) for _, line in narration)
