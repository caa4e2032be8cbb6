"""The joined lesson's voice: segment tracks end to end, normalised as one, encoded once as AAC.

Each segment's track is cut or padded to exactly its video's length, so audio and video
stay in step from the first chapter to the last; the whole is brought to -16 LUFS with
true peaks under -2 dBTP, then resampled to 48 kHz a segment at a time and encoded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from fractions import Fraction
from typing import Iterator, Sequence

import av
import numpy as np

from .audio import OUTPUT_RATE, RATE, read_wav, resample
from .loudness import integrated, normalise, true_peak

FRAME = 1024  # samples per AAC frame


@dataclass
class LessonTrack:
    samples: np.ndarray  # mono float32 at RATE, normalised
    lengths: list[int]  # each segment's samples at RATE
    figures: dict = field(default_factory=dict)

    def packets(self, output) -> Iterator:
        """AAC packets of the whole track (48 kHz mono), made as the muxer asks for them."""
        stream = output.add_stream("aac", rate=OUTPUT_RATE, layout="mono")
        stream.bit_rate = 96_000
        stream.time_base = Fraction(1, OUTPUT_RATE)
        return self._encode(stream)

    def _encode(self, stream) -> Iterator:
        pts, at = 0, 0
        pending = np.zeros(0, np.float32)
        for length in self.lengths:
            piece = resample(self.samples[at: at + length], RATE, OUTPUT_RATE)
            at += length
            wanted = int(round(length * OUTPUT_RATE / RATE))
            piece = np.pad(piece, (0, max(0, wanted - len(piece))))[:wanted]
            pending = np.concatenate([pending, np.clip(piece, -1, 1)])
            while len(pending) >= FRAME:
                yield from self._frame(stream, pending[:FRAME], pts)
                pts += FRAME
                pending = pending[FRAME:]
        if len(pending):
            yield from self._frame(stream, pending, pts)
        yield from stream.encode(None)

    @staticmethod
    def _frame(stream, samples: np.ndarray, pts: int) -> Iterator:
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[None, :], dtype=np.float32),
                                           format="fltp", layout="mono")
        frame.sample_rate = OUTPUT_RATE
        frame.pts = pts
        frame.time_base = Fraction(1, OUTPUT_RATE)
        yield from stream.encode(frame)


def lesson_track(parts: Sequence) -> LessonTrack:
    """Every part's track at its video's exact length, end to end, at -16 LUFS (figures before and after)."""
    lengths = [int(round(part.seconds * RATE)) for part in parts]
    samples = np.zeros(sum(lengths), np.float32)
    at = 0
    for part, length in zip(parts, lengths):
        track = read_wav(part.audio)[:length]
        samples[at: at + len(track)] = track
        at += length
    before = integrated(samples, RATE)
    out = normalise(samples, RATE)
    figures = {"loudness_lufs": round(integrated(out, RATE), 2), "true_peak_dbtp": round(true_peak(out), 2),
               "loudness_before_lufs": round(before, 2) if np.isfinite(before) else None}
    return LessonTrack(out, lengths, figures)
