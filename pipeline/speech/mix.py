"""A segment's voice track, mixed from its cues' clips at their start times.

Stored beside the segment's video (mono 16-bit at audio.RATE, exactly as long as the
video), so the joined lesson needs only the segment files, not the clip cache.
"""

from __future__ import annotations

from pathlib import Path
from typing import Sequence

import numpy as np

from scenes.kit.narration import Cue

from .audio import RATE, AudioError, read_wav


def segment_track(cues: Sequence[Cue], length: float, cache: Path) -> np.ndarray:
    """Silence ``length`` seconds long with every clip of ``cues`` placed at its time; AudioError if one is missing."""
    track = np.zeros(int(round(length * RATE)), dtype=np.float32)
    for cue in cues:
        for at, name, _ in cue.clips:
            clip = read_wav(cache / name)
            start = int(round(at * RATE))
            end = min(len(track), start + len(clip))
            if end > start:
                track[start:end] += clip[: end - start]
    if not np.isfinite(track).all():
        raise AudioError("the mixed track is not finite")
    return np.clip(track, -1.0, 1.0)
