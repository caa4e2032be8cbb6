"""Loudness as broadcasters and podcasts measure it (ITU-R BS.1770 / EBU R128), and a true-peak limiter.

The lesson's voice is normalised to ``TARGET`` LUFS integrated, and the published lesson's true
peak stays under ``PEAK_LIMIT`` dBTP: the limiter holds ``CEILING`` (``HEADROOM`` lower, since
AAC encoding adds peaks) and ``voice_track`` checks the encoded file against the limit itself.
The meter is written out here (K-weighting, 400 ms blocks with 75 % overlap, absolute and
relative gates) so the pipeline needs no extra program; the tests
check it against FFmpeg's own EBU R128 filter.
"""

from __future__ import annotations

import numpy as np
from scipy.ndimage import minimum_filter1d, uniform_filter1d
from scipy.signal import firwin, lfilter, upfirdn

TARGET = -16.0  # LUFS integrated (speech for online video and podcasts)
PEAK_LIMIT = -1.0  # dBTP: the published lesson's true peak stays under this (EBU R128's maximum)
HEADROOM = 2.0  # dB the limiter keeps under the limit: AAC encoding added up to 1.2 dB here
CEILING = PEAK_LIMIT - HEADROOM  # dBTP the limiter holds before encoding
SILENCE = -70.0  # LUFS: the absolute gate


def k_filters(rate: int) -> tuple[tuple[np.ndarray, np.ndarray], tuple[np.ndarray, np.ndarray]]:
    """The two K-weighting biquads at ``rate``: a +4 dB shelf above about 1.7 kHz, a high pass at about 38 Hz.

    From the analog prototypes of BS.1770's 48 kHz coefficients (as libebur128 derives them),
    so any sample rate gets the same curve; at 48 kHz they are the standard's numbers.
    """
    k = np.tan(np.pi * 1681.974450955533 / rate)
    q = 0.7071752369554196
    vh = 10 ** (3.999843853973347 / 20)
    vb = vh ** 0.4996667741545416
    a0 = 1 + k / q + k * k
    shelf = (np.array([(vh + vb * k / q + k * k) / a0, 2 * (k * k - vh) / a0, (vh - vb * k / q + k * k) / a0]),
             np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]))
    k = np.tan(np.pi * 38.13547087602444 / rate)
    q = 0.5003270373238773
    a0 = 1 + k / q + k * k
    high_pass = (np.array([1.0, -2.0, 1.0]), np.array([1.0, 2 * (k * k - 1) / a0, (1 - k / q + k * k) / a0]))
    return shelf, high_pass


def integrated(samples: np.ndarray, rate: int) -> float:
    """Integrated loudness of mono ``samples`` in LUFS (-inf for silence).

    Filtered a minute at a time with the filters' state carried over, so a long lesson
    never needs a second full-length copy.
    """
    (b1, a1), (b2, a2) = k_filters(rate)
    hop = int(rate * 0.1)
    count = len(samples) // hop
    if count < 4:
        return float("-inf")
    state1, state2 = np.zeros(2), np.zeros(2)
    quarters = np.empty(count)
    step = hop * 600
    for start in range(0, count * hop, step):
        piece = samples[start: min(start + step, count * hop)].astype(np.float64)
        piece, state1 = lfilter(b1, a1, piece, zi=state1)
        piece, state2 = lfilter(b2, a2, piece, zi=state2)
        quarters[start // hop: start // hop + len(piece) // hop] = (piece**2).reshape(-1, hop).mean(axis=1)
    blocks = np.convolve(quarters, np.ones(4) / 4, mode="valid")  # 400 ms blocks every 100 ms
    loudness = -0.691 + 10 * np.log10(blocks + 1e-20)
    gated = blocks[loudness > SILENCE]
    if not gated.size:
        return float("-inf")
    relative = -0.691 + 10 * np.log10(gated.mean()) - 10
    kept = gated[-0.691 + 10 * np.log10(gated) > relative]
    return float(-0.691 + 10 * np.log10(kept.mean()))


CHUNK = 4096  # samples: true peaks are looked for chunk by chunk, only where the samples come near the level
PAD = 32  # samples of context on each side of a chunk, for the interpolation filter
NEAR = 10 ** (-6 / 20)  # a chunk whose samples stay 6 dB under a level cannot peak above it between samples


OVERSAMPLE = 4
_INTERPOLATOR = firwin(2 * 10 * OVERSAMPLE + 1, 1 / OVERSAMPLE, window=("kaiser", 5.0)) * OVERSAMPLE


def oversampled(samples: np.ndarray) -> np.ndarray:
    """``samples`` at four times the rate (a windowed-sinc interpolator, as BS.1770's true-peak meter asks)."""
    delay = (len(_INTERPOLATOR) - 1) // 2
    full = upfirdn(_INTERPOLATOR, samples.astype(np.float64), up=OVERSAMPLE)
    return full[delay: delay + OVERSAMPLE * len(samples)]


def peaks(samples: np.ndarray, level: float) -> np.ndarray:
    """Each sample's true-peak magnitude (4x oversampled, between-sample peaks on both sides), computed
    only in chunks that come within 6 dB of ``level``; elsewhere the sample's own magnitude."""
    magnitude = np.abs(samples, dtype=np.float32)
    for start in range(0, len(samples), CHUNK):
        if magnitude[start:start + CHUNK].max(initial=0) < level * NEAR:
            continue
        lo, hi = max(0, start - PAD), min(len(samples), start + CHUNK + PAD)
        over = np.abs(oversampled(samples[lo:hi]))
        quads = over[: 4 * (hi - lo)].reshape(-1, 4).max(axis=1)
        near = np.maximum(quads, np.concatenate([[0.0], quads[:-1]]))  # the peak just before a sample counts too
        end = min(start + CHUNK, len(samples))
        magnitude[start:end] = np.maximum(magnitude[start:end], near[start - lo: end - lo])
    return magnitude


def true_peak(samples: np.ndarray) -> float:
    """The true peak in dBTP: the largest magnitude after 4x oversampling (between-sample peaks included)."""
    if not samples.size:
        return float("-inf")
    top = float(np.abs(samples).max())
    peak = float(peaks(samples, top).max()) if top > 0 else 0.0
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def limit(samples: np.ndarray, ceiling_db: float = CEILING, rate: int = 24_000,
          magnitude: np.ndarray | None = None, scale: float = 1.0) -> np.ndarray:
    """``samples * scale`` with every true peak held at or below ``ceiling_db`` by a smooth gain (5 ms look-ahead).

    The wanted gain is min(1, ceiling/peak) per sample; a moving minimum over ±5 ms, then a
    moving average over 5 ms, makes it smooth and never above what any nearby peak needs.
    ``magnitude``: the unscaled samples' true-peak magnitudes when already known (``peaks``).
    Arrays are reused in place: a whole lesson is about 100 MB per copy.
    """
    ceiling = 10 ** (ceiling_db / 20) / scale
    magnitude = peaks(samples, ceiling) if magnitude is None else magnitude
    with np.errstate(divide="ignore"):
        wanted = np.divide(np.float32(ceiling), magnitude, dtype=np.float32)  # silence: inf, then 1
    np.minimum(wanted, np.float32(1.0), out=wanted)
    if wanted.min() >= 1.0:
        return samples * np.float32(scale)
    window = max(1, int(rate * 0.005))
    # a moving average (5 ms) of a moving minimum (±5 ms) never exceeds the wanted gain at any sample
    floor = minimum_filter1d(wanted, 2 * window + 1)
    gain = uniform_filter1d(floor, window, output=wanted)
    del floor
    gain *= np.float32(scale)
    gain *= samples
    return gain


def normalise(samples: np.ndarray, rate: int, target: float = TARGET, ceiling: float = CEILING) -> np.ndarray:
    """``samples`` at ``target`` LUFS (within 0.1 LU) with true peaks at or under ``ceiling`` dBTP.

    Limiting takes loudness away as the gain rises, so the gain is found by the secant method
    on (gain, loudness after limiting); each round starts again from the original samples, so
    limiting never compounds. Silence stays silence.
    """
    loudness = integrated(samples, rate)
    if not np.isfinite(loudness):
        return samples
    tried: list[tuple[float, float]] = []
    gain = target - loudness
    out = samples
    magnitude = peaks(samples, 0.0)  # true peaks scale with the gain: measured once
    for _ in range(6):
        out = None  # the last round's result is let go before the next is made (a lesson is ~100 MB a copy)
        out = limit(samples, ceiling, rate, magnitude, 10 ** (gain / 20))
        reached = integrated(out, rate)
        tried.append((gain, reached))
        if abs(target - reached) < 0.1:
            break
        if len(tried) == 1:
            gain += target - reached
        else:
            (g0, l0), (g1, l1) = tried[-2], tried[-1]
            slope = (l1 - l0) / (g1 - g0) if g1 != g0 and l1 != l0 else 1.0
            gain = g1 + (target - l1) / max(slope, 0.05)
    over = true_peak(out) - ceiling
    return limit(out, ceiling - over - 0.02, rate) if over > 0 else out
