"""Captions as broadcasters write them: a sentence at a time, at most two lines of 42 characters.

A narration line is split at sentence ends; a sentence too long for one caption is split
again at the word boundary that keeps the pieces most even. Pure text, no timing: the voice
times each word (from its audio, or its reading time), and a caption starts with its first
word (``kit.narration``).
"""

from __future__ import annotations

import re
import textwrap

LINE = 42  # characters per caption line
LINES = 2  # lines per caption

# A sentence ends at a word ending in . ! ? (or a closing quote or bracket after one) when the next word starts
# with a capital, a digit or an opening quote; a decimal point ("0.1") has no space after it, and
# "textbook... you" goes on.
_CLOSERS = "\"'”’)"
_OPENS = re.compile(r"[A-Z0-9\"'“‘(∂ησ]")


def words(text: str) -> list[str]:
    """``text``'s written words (split at whitespace): the units a caption, a word time and a mark refer to."""
    return text.split()


def sentences(text: str) -> list[str]:
    """``text`` split into sentences at word boundaries, whitespace collapsed; never an empty piece. The words of
    the sentences, in order, are ``words(text)``."""
    tokens, found, current = words(text), [], []
    for index, token in enumerate(tokens):
        current.append(token)
        ends = token.rstrip(_CLOSERS)[-1:] in (".", "!", "?")
        if ends and index + 1 < len(tokens) and _OPENS.match(tokens[index + 1]):
            found.append(" ".join(current))
            current = []
    if current:
        found.append(" ".join(current))
    return found


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
