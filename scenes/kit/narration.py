"""Narration kept as data beside each scene, the voice that times it word by word, and the cues a scene records.

A scene lists its narration lines in order; ``LessonScene.beat`` plays the animations of one
beat for as long as its line takes to say, and records a ``Cue``: its start and end, its text,
each written word's time, its caption pieces, its bookmarks and its audio clips. The voice is
part of the scene's context: the pipeline hands a render its narrator
(``pipeline.speech.narrator``), which times each word from the speech itself; without one,
``SilentVoice`` gives each word its share of the line's reading time.

Words are the line's written words (``captions.words``: split at whitespace): "0.9991" or
"∂E/∂w₁" is one written word however many words are said for it. A caption starts when its
first word is said and stays up until the next caption starts; a bookmark (``{@name}`` before a
word in a template) is the time its word is said.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Protocol, Sequence

from .captions import captions, words

WORDS_PER_SECOND = 2.7  # the reading pace a silent line lasts, and the script's estimates
MIN_BEAT = 1.2  # seconds: no beat is shorter, however short its line

TimedCaption = tuple[float, float, str]  # (start, end, text): seconds from the beat's or the segment's start
TimedWord = tuple[float, float, str]  # (start, end, written word), the same clocks
Clip = tuple[float, str, float]  # (at, audio file name in the clip cache, seconds)
Mark = tuple[str, float]  # (bookmark name, the time its word is said)

MARK = re.compile(r"\{@([A-Za-z_][A-Za-z0-9_]*)\}")  # a bookmark in a narration template: "the {@slope}slope"
_KEPT = re.compile("\ue000([A-Za-z_][A-Za-z0-9_]*)\ue001")  # a bookmark kept through str.format


def protect(template: str) -> str:
    """``template`` with its bookmarks in a form ``str.format`` leaves alone (they are not fields)."""
    return MARK.sub(lambda m: f"\ue000{m.group(1)}\ue001", template)


def unmarked(value: object) -> str:
    """A fact as its line says it: without the bookmarks it carries (the narration script lists slots so)."""
    return _KEPT.sub("", str(value))


def bookmark(name: str) -> str:
    """A bookmark to put in a fact (a value the scene formats into its line) before the word it marks: a line
    naming five weights can mark each one (config text cannot hold one: the validator refuses the characters)."""
    return f"\ue000{name}\ue001"


class MarkError(KeyError):
    """A bookmark asked for that its line does not contain (or a line with a mark twice)."""

    def __str__(self) -> str:
        return str(self.args[0])


@dataclass(frozen=True)
class Cue:
    """One narrated beat on its segment's clock."""

    start: float
    end: float
    text: str
    id: str = ""
    captions: tuple[TimedCaption, ...] = ()
    clips: tuple[Clip, ...] = field(default=())
    words: tuple[TimedWord, ...] = ()  # every written word, when it is said
    marks: tuple[Mark, ...] = ()  # the bookmarks a scene started an animation at
    timing: str = ""  # where the word times came from: engine, aligned, estimate (the speech's), or reading


@dataclass(frozen=True)
class Spoken:
    """What a voice made of one line, offsets from the beat's start: the beat length it needs, each written word's
    time, the captions timed from them, and the clips that say it."""

    seconds: float
    captions: tuple[TimedCaption, ...]
    clips: tuple[Clip, ...] = ()
    words: tuple[TimedWord, ...] = ()
    timing: str = "reading"  # engine, aligned or estimate for speech; reading for a silent line


class Voice(Protocol):
    def speak(self, cue_id: str, text: str) -> Spoken: ...


def marked(text: str) -> tuple[str, dict[str, int]]:
    """``text`` (a template's, through ``protect`` and ``format``) without its bookmarks, and each bookmark's written
    word (its index in ``words`` of the plain text).

    >>> marked(protect("At {@x}x = 3, the {@slope}slope is 6."))
    ('At x = 3, the slope is 6.', {'x': 1, 'slope': 5})
    """
    found: dict[str, int] = {}
    plain: list[str] = []
    for token in text.split():
        for name in _KEPT.findall(token):
            if name in found:
                raise MarkError(f"the bookmark {name!r} is in the line twice")
            found[name] = len(plain)  # a mark standing alone marks the word after it
        rest = _KEPT.sub("", token)
        if rest:
            plain.append(rest)
    for name, index in found.items():
        if index >= len(plain):
            raise MarkError(f"the bookmark {name!r} marks no word (it ends the line)")
    return " ".join(plain), found


def timed_captions(text: str, times: Sequence[tuple[float, float]]) -> tuple[TimedCaption, ...]:
    """The line's caption pieces, each from the time its first word is said until the next piece starts (the
    last until its last word ends). ``times`` are the written words' (start, end), in order."""
    pieces = [piece for sentence in captions(text) for piece in sentence]
    starts, at = [], 0
    for piece in pieces:
        starts.append(times[at][0] if at < len(times) else times[-1][1])
        at += len(piece.split())
    ends = starts[1:] + [times[-1][1] if times else 0.0]
    return tuple((round(a, 4), round(max(a, b), 4), piece) for a, b, piece in zip(starts, ends, pieces))


def shared_by_length(text: str, start: float, length: float) -> tuple[TimedWord, ...]:
    """Each written word of ``text`` its share of ``length`` seconds from ``start``, by its length (a space
    counted with it): the estimate where nothing better knows when a word is said."""
    tokens = words(text)
    sizes = [len(token) + 1 for token in tokens]
    total, timed, at = sum(sizes) or 1, [], start
    for token, size in zip(tokens, sizes):
        timed.append((round(at, 4), round(at + length * size / total, 4), token))
        at += length * size / total
    return tuple(timed)


class SilentVoice:
    """No audio: a line lasts as long as it takes to read, each word its share of that time."""

    def speak(self, cue_id: str, text: str) -> Spoken:
        need = reading_time((text,))
        timed = shared_by_length(text, 0.0, need)
        return Spoken(need, timed_captions(text, [(a, b) for a, b, _ in timed]), (), timed)


def reading_time(lines: tuple[str, ...]) -> float:
    """Seconds to read ``lines`` aloud at the narration pace."""
    count = sum(len(line.split()) for line in lines)
    return max(MIN_BEAT, count / WORDS_PER_SECOND)


def estimated_duration(narration: tuple[tuple[str, str], ...]) -> float:
    """About a segment's length: every line read once at the narration pace."""
    return sum(reading_time((line,)) for _, line in narration)
