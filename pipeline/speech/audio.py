"""Audio as numpy arrays at one rate: read any file, trim silence, store clips whole or not at all.

Every clip in the cache and every segment track is mono 16-bit PCM at ``RATE``; speech from
the engines (22,050 Hz for Piper and espeak-ng) and teachers' recordings (any rate, any of
wav/flac/mp3/m4a) are resampled to it once, when they enter the cache.
"""

from __future__ import annotations

import wave
from fractions import Fraction
from math import gcd
from pathlib import Path

import av
import numpy as np

from ..files import atomic

RATE = 24_000  # Hz: speech content lies below 11 kHz; the joined lesson's AAC is encoded at OUTPUT_RATE
OUTPUT_RATE = 48_000
FLOOR_DB = -45.0  # dBFS: quieter than this (in 10 ms windows) counts as silence when trimming
MAX_SECONDS = 120.0  # no single line lasts longer; a longer recording is refused, not read whole


class AudioError(ValueError):
    """A file that cannot be used as a line's audio; the message says why."""


def resample(samples: np.ndarray, rate: int, target: int = RATE) -> np.ndarray:
    """``samples`` (float) from ``rate`` to ``target`` Hz, band-limited (polyphase)."""
    if rate == target:
        return samples.astype(np.float32)
    divisor = gcd(rate, target)
    from scipy.signal import resample_poly  # here: importing scipy.signal takes about a second

    return resample_poly(samples, target // divisor, rate // divisor).astype(np.float32)


def decode(path: Path, limit: float = MAX_SECONDS) -> np.ndarray:
    """Any audio file as mono float32 at RATE; AudioError when it does not decode or is too long."""
    try:
        with av.open(str(path)) as container:
            if not container.streams.audio:
                raise AudioError("it has no audio stream")
            stream = container.streams.audio[0]
            resampler = av.AudioResampler(format="flt", layout="mono", rate=RATE)
            chunks, total = [], 0
            for frame in container.decode(stream):
                for out in resampler.resample(frame):
                    data = out.to_ndarray().reshape(-1)
                    chunks.append(data)
                    total += data.size
                if total > limit * RATE:
                    raise AudioError(f"it is longer than {limit:.0f} s")
            for out in resampler.resample(None):
                chunks.append(out.to_ndarray().reshape(-1))
    except AudioError:
        raise
    except (av.error.FFmpegError, OSError, ValueError, IndexError) as error:
        raise AudioError(f"it does not decode as audio ({type(error).__name__})") from None
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    if not samples.size or not np.isfinite(samples).all():
        raise AudioError("it holds no audio")
    return samples.astype(np.float32)


def levels_db(samples: np.ndarray, rate: int = RATE, window: float = 0.01) -> np.ndarray:
    """RMS level of each ``window``-second window, in dBFS."""
    size = max(1, int(rate * window))
    count = len(samples) // size
    if count == 0:
        return np.full(1, -120.0)
    frames = samples[: count * size].astype(np.float64).reshape(count, size)
    return 10 * np.log10(np.mean(frames**2, axis=1) + 1e-12)


def speech_span(samples: np.ndarray, rate: int = RATE, floor: float = FLOOR_DB, margin: float = 0.02
                ) -> tuple[int, int]:
    """The samples from a little before the speech starts to a little after it ends (``margin`` seconds kept),
    as (first, past the last); (0, 0) for silence."""
    loud = np.flatnonzero(levels_db(samples, rate) > floor)
    if not loud.size:
        return 0, 0
    size = int(rate * 0.01)
    keep = int(rate * margin)
    return max(0, loud[0] * size - keep), min(len(samples), (loud[-1] + 1) * size + keep)


def trim(samples: np.ndarray, rate: int = RATE, floor: float = FLOOR_DB, margin: float = 0.02) -> np.ndarray:
    """``samples`` without leading and trailing silence (keeping ``margin`` seconds), so a clip starts with its speech.

    The caption of a line starts where its clip is placed: trimming makes that the speech's onset.
    """
    start, end = speech_span(samples, rate, floor, margin)
    return samples[start:end]


def write_wav(path: Path, samples: np.ndarray, rate: int = RATE) -> None:
    """Mono 16-bit PCM, written whole or not at all (a temporary name, then renamed)."""
    pcm = np.clip(np.round(samples * 32767), -32768, 32767).astype("<i2")
    with atomic(path) as temporary:
        with wave.open(str(temporary), "wb") as handle:
            handle.setnchannels(1)
            handle.setsampwidth(2)
            handle.setframerate(rate)
            handle.writeframes(pcm.tobytes())


def read_wav(path: Path, rate: int = RATE) -> np.ndarray:
    """A clip or track this package wrote, as float32; AudioError when it is not whole (a truncated file)."""
    try:
        with wave.open(str(path), "rb") as handle:
            if (handle.getnchannels(), handle.getsampwidth(), handle.getframerate()) != (1, 2, rate):
                raise AudioError(f"{path.name} is not mono 16-bit audio at {rate} Hz")
            count = handle.getnframes()
            data = handle.readframes(count)
    except (OSError, EOFError, wave.Error) as error:
        raise AudioError(f"{path.name} cannot be read ({type(error).__name__})") from None
    if len(data) != 2 * count:
        raise AudioError(f"{path.name} is truncated")
    return np.frombuffer(data, dtype="<i2").astype(np.float32) / 32767


def seconds(samples: np.ndarray, rate: int = RATE) -> float:
    return len(samples) / rate


def time_base(rate: int) -> Fraction:
    return Fraction(1, rate)
