"""The joined lesson's voice: segment tracks end to end, normalised as one, encoded once as AAC, verified.

Each segment's track is cut or padded to exactly its video's length, so audio and video
stay in step from the first chapter to the last; the whole is brought to -16 LUFS with
true peaks held ``loudness.HEADROOM`` under the limit, resampled to 48 kHz a segment at a time
and encoded as AAC into a file of its own. That file is decoded and measured: lossy coding adds
peaks, so if the true peak after encoding reaches ``loudness.PEAK_LIMIT`` (-1 dBTP), the track is
lowered by the excess and encoded again. The join then copies its packets beside the video's.
"""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path
from typing import Sequence

import av
import numpy as np

from .audio import OUTPUT_RATE, RATE, read_wav, resample
from .loudness import PEAK_LIMIT, integrated, normalise, true_peak

FRAME = 1024  # samples per AAC frame
BIT_RATE = 128_000
MARGIN = 0.3  # dB kept under the limit when an encoding has to be lowered


def lesson_audio(parts: Sequence, target: Path) -> dict:
    """Write the lesson's voice to ``target`` (AAC in MP4); returns the figures measured on the encoded file."""
    lengths = [int(round(part.seconds * RATE)) for part in parts]
    samples = np.zeros(sum(lengths), np.float32)
    at = 0
    for part, length in zip(parts, lengths):
        track = read_wav(part.audio)[:length]
        samples[at: at + len(track)] = track
        at += length
    before = integrated(samples, RATE)
    samples = normalise(samples, RATE)
    gain = 1.0
    for _ in range(3):
        encode(samples * np.float32(gain), lengths, target)
        decoded = decode(target)
        peak = true_peak(decoded)
        if peak < PEAK_LIMIT:
            break
        gain *= 10 ** ((PEAK_LIMIT - MARGIN - peak) / 20)
    return {"loudness_lufs": round(integrated(decoded, OUTPUT_RATE), 2), "true_peak_dbtp": round(peak, 2),
            "loudness_before_lufs": round(before, 2) if np.isfinite(before) else None,
            "codec": f"AAC {BIT_RATE // 1000} kbit/s, {OUTPUT_RATE} Hz mono"}


def encode(samples: np.ndarray, lengths: list[int], target: Path) -> None:
    """``samples`` (at RATE) as AAC at OUTPUT_RATE, resampled segment by segment (each keeps its exact length)."""
    with av.open(str(target), "w", format="mp4") as output:
        stream = output.add_stream("aac", rate=OUTPUT_RATE, layout="mono")
        stream.bit_rate = BIT_RATE
        stream.codec_context.options = {"aac_coder": "fast"}  # faster than the default, and closer to the input
        stream.time_base = Fraction(1, OUTPUT_RATE)
        pts, at = 0, 0
        pending = np.zeros(0, np.float32)
        for length in lengths:
            piece = resample(samples[at: at + length], RATE, OUTPUT_RATE)
            at += length
            wanted = int(round(length * OUTPUT_RATE / RATE))
            piece = np.pad(piece, (0, max(0, wanted - len(piece))))[:wanted]
            pending = np.concatenate([pending, np.clip(piece, -1, 1)])
            whole = len(pending) // FRAME * FRAME
            for start in range(0, whole, FRAME):
                _frame(output, stream, pending[start:start + FRAME], pts)
                pts += FRAME
            pending = pending[whole:]
        if len(pending):
            _frame(output, stream, pending, pts)
        for packet in stream.encode(None):
            output.mux(packet)


def _frame(output, stream, samples: np.ndarray, pts: int) -> None:
    frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[None, :], dtype=np.float32), format="fltp",
                                       layout="mono")
    frame.sample_rate = OUTPUT_RATE
    frame.pts = pts
    frame.time_base = Fraction(1, OUTPUT_RATE)
    for packet in stream.encode(frame):
        output.mux(packet)


def decode(path: Path) -> np.ndarray:
    """The encoded file's audio as mono float32 at OUTPUT_RATE (what a player will play)."""
    with av.open(str(path)) as container:
        chunks = [frame.to_ndarray().reshape(-1) for frame in container.decode(audio=0)]
    return np.concatenate(chunks).astype(np.float32)
