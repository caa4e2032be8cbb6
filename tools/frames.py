"""Extract frames of an MP4 as PNGs, or a contact sheet, to look at what was rendered.

    python tools/frames.py VIDEO OUT.png [--count 12]
"""

from __future__ import annotations

import argparse
from pathlib import Path

import av
import numpy as np
from PIL import Image


def sample_frames(video: Path, count: int) -> list[tuple[float, np.ndarray]]:
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = [(float(f.time), f.to_ndarray(format="rgb24")) for f in container.decode(stream)]
    if not frames:
        raise SystemExit(f"{video}: no frames")
    picks = np.linspace(0, len(frames) - 1, count).round().astype(int)
    return [frames[i] for i in picks]


def contact_sheet(frames: list[tuple[float, np.ndarray]], columns: int = 3) -> Image.Image:
    height, width = frames[0][1].shape[:2]
    rows = -(-len(frames) // columns)
    sheet = Image.new("RGB", (columns * width, rows * height), "black")
    for i, (_, frame) in enumerate(frames):
        sheet.paste(Image.fromarray(frame), ((i % columns) * width, (i // columns) * height))
    return sheet


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("video", type=Path)
    parser.add_argument("out", type=Path)
    parser.add_argument("--count", type=int, default=12)
    parser.add_argument("--columns", type=int, default=3)
    args = parser.parse_args()
    frames = sample_frames(args.video, args.count)
    contact_sheet(frames, args.columns).save(args.out)
    print(f"{args.out}: frames at " + ", ".join(f"{t:.1f}s" for t, _ in frames))


if __name__ == "__main__":
    main()
