"""Measure a joined video's sound against its captions: speech onsets, loudness and true peak.

Used by the tests and ``make bench`` on the final MP4 (decoded by FFmpeg through PyAV), so
what is measured is what a viewer gets: any drift from joining, AAC priming or frame
rounding would show here.
"""

from __future__ import annotations

import re
from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def decoded_audio(video: Path, rate: int = 48_000) -> tuple[np.ndarray, float]:
    """The video's first audio stream as mono float32 at ``rate``, and the time of its first sample."""
    with av.open(str(video)) as container:
        stream = container.streams.audio[0]
        resampler = av.AudioResampler(format="flt", layout="mono", rate=rate)
        chunks, first = [], None
        for frame in container.decode(stream):
            if first is None and frame.pts is not None:
                first = float(frame.pts * Fraction(frame.time_base))
            for out in resampler.resample(frame):
                chunks.append(out.to_ndarray().reshape(-1))
        for out in resampler.resample(None):
            chunks.append(out.to_ndarray().reshape(-1))
    return np.concatenate(chunks), max(first or 0.0, 0.0)


def parse_srt(text: str) -> list[tuple[float, float, str]]:
    """An SRT file's captions: (start, end, text with its line breaks); ValueError if the numbering is off."""
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues: list[tuple[float, float, str]] = []
    for block in text.strip().split("\n\n"):
        number, times, *lines = block.split("\n")
        start, end = times.split(" --> ")
        cues.append((seconds(start), seconds(end), "\n".join(lines)))
        if int(number) != len(cues):
            raise ValueError(f"caption {number} is numbered out of order")
    return cues


def caption_starts(srt: str) -> list[float]:
    starts = []
    for hours, minutes, secs, millis in re.findall(r"^(\d+):(\d+):(\d+),(\d+) -->", srt, flags=re.M):
        starts.append(int(hours) * 3600 + int(minutes) * 60 + int(secs) + int(millis) / 1000)
    return starts


def onsets(samples: np.ndarray, rate: int, times: list[float], before: float = 0.25, after: float = 1.0,
           window: float = 0.005) -> list[float | None]:
    """For each time, where speech starts near it: the first 5 ms window within (t - before, t + after)
    louder than the noise floor by 30 dB, after a quiet stretch. None when there is no speech there."""
    size = int(rate * window)
    count = len(samples) // size
    level = 10 * np.log10(np.mean(samples[: count * size].reshape(count, size).astype(np.float64) ** 2, axis=1)
                          + 1e-12)
    floor = np.percentile(level, 5)
    threshold = max(floor + 30, -60.0)
    found: list[float | None] = []
    for t in times:
        lo, hi = max(0, int((t - before) / window)), min(count, int((t + after) / window))
        loud = np.flatnonzero(level[lo:hi] > threshold)
        found.append((lo + loud[0]) * window if loud.size else None)
    return found


def ebur128(samples: np.ndarray, rate: int) -> dict[str, float]:
    """FFmpeg's own EBU R128 meter on ``samples``: integrated loudness (LUFS) and true peak (dBTP)."""
    import av.filter

    graph = av.filter.Graph()
    source = graph.add_abuffer(format="flt", sample_rate=rate, layout="mono", time_base=Fraction(1, rate))
    meter = graph.add("ebur128", "metadata=1:peak=true")
    sink = graph.add("abuffersink")
    source.link_to(meter)
    meter.link_to(sink)
    graph.configure()
    last = None
    step = rate // 10
    for start in range(0, len(samples), step):
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(samples[None, start:start + step], np.float32),
                                           format="flt", layout="mono")
        frame.sample_rate, frame.pts, frame.time_base = rate, start, Fraction(1, rate)
        graph.push(frame)
        while True:
            try:
                last = graph.pull()
            except (av.error.BlockingIOError, av.error.EOFError):
                break
    metadata = last.metadata if last is not None else {}
    peak = float(metadata.get("lavfi.r128.true_peak", "0") or 0)
    return {"integrated": float(metadata.get("lavfi.r128.I", "nan")),
            "true_peak": 20 * np.log10(peak) if peak > 0 else float("-inf")}
