"""Captions as broadcasters write them: a sentence at a time, at most two lines of 42 characters.

A narration line is split at sentence ends; a sentence too long for one caption is split
again at the word boundary that keeps the pieces most even. Pure text, no timing: the voice
times each sentence (from its audio, or its reading time) and shares a sentence's time among
its pieces by their lengths (``kit.narration.timed_pieces``).
"""

from __future__ import annotations

import re
import textwrap

LINE = 42  # characters per caption line
LINES = 2  # lines per caption

# A sentence ends at . ! ? (or a closing quote/bracket after one), a space, and a capital, digit or
# opening quote; a decimal point ("0.1") has no space after it, and "textbook... you" goes on.
_END = re.compile(r"(?<=[.!?])[\"'”’)]*\s+(?=[A-Z0-9\"'“‘(∂ησ])")


def sentences(text: str) -> list[str]:
    """``text`` split into sentences, whitespace collapsed; never an empty piece."""
    flat = " ".join(text.split())
    return [piece.strip() for piece in _END.split(flat) if piece.strip()]


def fits(text: str) -> bool:
    """Whether ``text`` wraps into at most LINES lines of at most LINE characters."""
    return len(wrap(text)) <= LINES and all(len(line) <= LINE for line in wrap(text))


def wrap(text: str) -> list[str]:
    """``text`` on lines of at most LINE characters (a longer word keeps a line of its own)."""
    return textwrap.wrap(text, LINE, break_long_words=False, break_on_hyphens=False) or [""]


def pieces(sentence: str) -> list[str]:
    """``sentence`` as captions that each fit, split at the most even word boundaries (fewest pieces)."""
    words = sentence.split()
    if fits(sentence) or len(words) < 2:
        return [sentence]
    count = 2
    while True:
        split = _even(words, count)
        if all(fits(piece) for piece in split) or count >= len(words):
            return split
        count += 1


def _even(words: list[str], count: int) -> list[str]:
    """``words`` in ``count`` runs of about equal character length, preferring breaks after punctuation."""
    total = sum(len(w) + 1 for w in words)
    runs, current, length = [], [], 0
    for index, word in enumerate(words):
        current.append(word)
        length += len(word) + 1
        left = len(words) - index - 1
        target = total * (len(runs) + 1) / count
        if len(runs) < count - 1 and left >= count - 1 - len(runs) and (
                length >= target or (length >= 0.8 * target and word[-1] in ",;:")):
            runs.append(" ".join(current))
            current = []
    if current:
        runs.append(" ".join(current))
    return runs


def captions(text: str) -> list[list[str]]:
    """Every sentence of ``text`` with its caption pieces: ``[[piece, ...], ...]``."""
    return [pieces(sentence) for sentence in sentences(text)]


def caption_text(piece: str) -> str:
    """A caption as written in SRT/VTT: wrapped onto its lines."""
    return "\n".join(wrap(piece))
