"""Compare two renders frame by frame on their clocks: are the pictures on screen the same at every frame?

    .venv/bin/python tools/compare_frames.py A.mp4 B.mp4          # two videos
    .venv/bin/python tools/compare_frames.py DIR_A DIR_B          # two render folders: the segments their
                                                                  # manifests list, paired by segment

A held frame is one picture lasting many frames, so each video is read as "the picture on
screen at frame k" for every frame of its clock. Prints, per pair, the frames compared, how
many differ, and the largest difference of any pixel (0-255); exit status 1 when any differ.
"""

from __future__ import annotations

import hashlib
import json
import sys
from fractions import Fraction
from pathlib import Path

import av
import numpy as np


def pictures(path: Path) -> tuple[list[bytes], dict[bytes, np.ndarray]]:
    """The hash of the picture on screen at each frame of the video's clock, and each picture by hash."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        rate = Fraction(stream.base_rate or stream.average_rate)
        decoded = []
        for frame in container.decode(stream):
            pixels = frame.to_ndarray(format="rgb24")
            decoded.append((round(frame.pts * stream.time_base * rate), pixels))
        end = max(index for index, _ in decoded) + 1
    decoded.sort(key=lambda item: item[0])
    by_hash: dict[bytes, np.ndarray] = {}
    ticks: list[bytes] = []
    current = None
    position = 0
    for tick in range(end):
        while position < len(decoded) and decoded[position][0] <= tick:
            pixels = decoded[position][1]
            current = hashlib.sha256(pixels.tobytes()).digest()
            by_hash[current] = pixels
            position += 1
        ticks.append(current)
    return ticks, by_hash


def compare(a: Path, b: Path) -> tuple[int, int, int]:
    """(frames compared, frames that differ, largest pixel difference)."""
    ticks_a, pics_a = pictures(a)
    ticks_b, pics_b = pictures(b)
    differ, largest = abs(len(ticks_a) - len(ticks_b)), 0
    for x, y in zip(ticks_a, ticks_b):
        if x != y:
            differ += 1
            largest = max(largest, int(np.abs(pics_a[x].astype(int) - pics_b[y].astype(int)).max()))
    return max(len(ticks_a), len(ticks_b)), differ, largest


def listed(folder: Path) -> dict[str, Path]:
    """Each segment's video, as the render folder's manifests list them (read as plain JSON: any format)."""
    found = {}
    for manifest in sorted(folder.glob("*manifest.json")):
        for segment in json.loads(manifest.read_text(encoding="utf-8"))["segments"]:
            found[segment["key"]] = folder / segment["video"]
    return found


def pairs(a: Path, b: Path) -> list[tuple[str, Path, Path]]:
    if a.is_file():
        return [(a.name, a, b)]
    first, second = listed(a), listed(b)
    return [(key, video, second[key]) for key, video in first.items() if key in second]


def main() -> int:
    a, b = Path(sys.argv[1]), Path(sys.argv[2])
    bad = 0
    for name, x, y in pairs(a, b):
        frames, differ, largest = compare(x, y)
        bad += differ > 0
        print(f"{name:<16} {frames:>6} frames  {differ:>6} differ  largest pixel difference {largest}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
