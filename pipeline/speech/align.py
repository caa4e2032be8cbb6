"""When each word is said in a clip of speech, by forced alignment: for voices that do not report it themselves.

Piper reports its own word times (``engines``); espeak-ng's command line reports none, and a
teacher's recording has none. For those, the words are aligned to the audio with PocketSphinx
(BSD licence; its US English acoustic model and dictionary ship inside the PyPI wheel, so nothing
is downloaded). The same aligner is the independent measure of the word times a render used
(``tools/word_timing.py``).

A word the dictionary does not hold is left out of the alignment and placed between its
neighbours; when the alignment fails, the caller falls back to sharing the time by length, and
says so.
"""

from __future__ import annotations

import re
from functools import cache

import numpy as np

from .audio import RATE, resample

ALIGN_RATE = 16_000  # the acoustic model's rate
FRAMES_PER_SECOND = 100  # PocketSphinx reports 10 ms frames
_ALTERNATE = re.compile(r"\(\d+\)$")  # "the(2)": the dictionary's second pronunciation


@cache
def _decoder():
    from pocketsphinx import Decoder

    # wide beams: a forced alignment knows the words, and the default beams lose long or robotic sentences
    return Decoder(samprate=ALIGN_RATE, bestpath=False, loglevel="FATAL", beam=1e-80, wbeam=1e-60, pbeam=1e-80)


def _dictionary_words(word: str) -> list[str]:
    """A spoken word as the dictionary spells it: lower case, no punctuation, a hyphenated number split."""
    return [w for w in re.sub(r"[^a-z']+", " ", word.lower().replace("-", " ")).split() if w.strip("'")]


def align(samples: np.ndarray, spoken: list[str], rate: int = RATE) -> list[tuple[float, float]] | None:
    """Each spoken word's (start, end) in seconds from the start of ``samples`` (mono float), or None when the
    words cannot be aligned to the audio."""
    if not spoken or not samples.size:
        return None
    decoder = _decoder()
    parts: list[tuple[int, str]] = []  # (spoken index, dictionary word) of every word the dictionary knows
    for index, word in enumerate(spoken):
        for piece in _dictionary_words(word):
            if decoder.lookup_word(piece) is not None:
                parts.append((index, piece))
    if not parts:
        return None
    pcm = resample(samples.astype(np.float32), rate, ALIGN_RATE)
    pcm16 = np.clip(np.round(pcm * 32767), -32768, 32767).astype("<i2").tobytes()
    try:
        decoder.set_align_text(" ".join(piece for _, piece in parts))
        decoder.start_utt()
        decoder.process_raw(pcm16, full_utt=True)
        decoder.end_utt()
        segments = [(_ALTERNATE.sub("", s.word), s.start_frame / FRAMES_PER_SECOND,
                     (s.end_frame + 1) / FRAMES_PER_SECOND) for s in decoder.seg() or ()]
    except RuntimeError:
        return None
    said = [(start, end) for word, start, end in segments if not word.startswith(("<", "["))]
    if len(said) != len(parts):
        return None
    times: list[tuple[float, float] | None] = [None] * len(spoken)
    for (index, _), (start, end) in zip(parts, said):
        known = times[index]
        times[index] = (start, end) if known is None else (known[0], end)
    return _fill(times, len(samples) / rate)


def _fill(times: list[tuple[float, float] | None], length: float) -> list[tuple[float, float]]:
    """Words with no time of their own (not in the dictionary) get the gap between their neighbours, shared."""
    filled: list[tuple[float, float]] = []
    index = 0
    while index < len(times):
        if times[index] is not None:
            filled.append(times[index])
            index += 1
            continue
        run_end = index
        while run_end < len(times) and times[run_end] is None:
            run_end += 1
        start = filled[-1][1] if filled else 0.0
        end = times[run_end][0] if run_end < len(times) else length
        step = max(end - start, 0.0) / (run_end - index)
        filled += [(start + k * step, start + (k + 1) * step) for k in range(run_end - index)]
        index = run_end
    return filled
