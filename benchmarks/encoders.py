"""x264 settings for the partial movies, compared on the same frames: time, size, PSNR and SSIM.

    python benchmarks/encoders.py [--seconds 10]

The frames are one segment (ws-update) rendered at 1080p60 and stored losslessly (x264 at
CRF 0, so the only loss is the 4:2:0 colour sampling every setting shares); each setting
encodes the same RGBA frames on one pinned core with one thread, and is decoded and
compared with them (PSNR over RGB, SSIM on luma with a 7×7 window).
"""

from __future__ import annotations

import argparse
import io
import os
import subprocess
import sys
import tempfile
import time
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
from scipy.ndimage import uniform_filter

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pipeline.manim_speedups import ENCODER_OPTIONS, HOLD_MIN  # noqa: E402

# (name, x264 options, whether a frame held for HOLD_MIN frames or more is encoded as its first and last only)
SETTINGS = [
    ("medium (Manim's default)", {"crf": "23"}, False),
    ("veryfast", {"crf": "23", "preset": "veryfast"}, False),
    ("veryfast, no B-frames", {"crf": "23", "preset": "veryfast", "bf": "0"}, False),
    ("veryfast, no B-frames, holds encoded once", {"crf": "23", "preset": "veryfast", "bf": "0"}, True),
    ("the same at CRF 24", {"crf": "24", "preset": "veryfast", "bf": "0"}, True),
    ("the same at CRF 25", {"crf": "25", "preset": "veryfast", "bf": "0"}, True),
    ("veryfast, tune animation", {"crf": "23", "preset": "veryfast", "tune": "animation"}, False),
    ("superfast, tune animation", {"crf": "23", "preset": "superfast", "tune": "animation"}, False),
    ("ultrafast", {"crf": "23", "preset": "ultrafast"}, False),
]


def source_frames(scratch: Path, limit: int) -> list[tuple[np.ndarray, int]]:
    """The segment's first ``limit`` frames, as runs: (pixels, how many frames in a row show them)."""
    cfg = scratch / "manim.cfg"
    cfg.write_text("[CLI]\n\n[video_encoder.options]\ncrf = 0\npreset = ultrafast\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "manim", "render", "-qh", "-c", str(cfg), "--media_dir", str(scratch),
                    "--progress_bar", "none", "-n", "0,4", "lessons/neural_networks/segments/worksheet_update.py",
                    "WorksheetUpdate"],
                   cwd=ROOT, check=True, capture_output=True)
    video = next(scratch.glob("videos/*/1080p60/WorksheetUpdate.mp4"))
    runs: list[tuple[np.ndarray, int]] = []
    with av.open(str(video)) as container:
        for index, frame in enumerate(container.decode(video=0)):
            if index == limit:
                break
            pixels = frame.to_ndarray(format="rgba")  # lossless: a repeated frame decodes to the same bytes
            if runs and np.array_equal(runs[-1][0], pixels):
                runs[-1] = (runs[-1][0], runs[-1][1] + 1)
            else:
                runs.append((pixels, 1))
    return runs


def ssim(a: np.ndarray, b: np.ndarray) -> float:
    c1, c2 = (0.01 * 255) ** 2, (0.03 * 255) ** 2
    mu_a, mu_b = uniform_filter(a, 7), uniform_filter(b, 7)
    var_a, var_b = uniform_filter(a * a, 7) - mu_a ** 2, uniform_filter(b * b, 7) - mu_b ** 2
    cov = uniform_filter(a * b, 7) - mu_a * mu_b
    return float(np.mean(((2 * mu_a * mu_b + c1) * (2 * cov + c2))
                         / ((mu_a ** 2 + mu_b ** 2 + c1) * (var_a + var_b + c2))))


def luma(rgb: np.ndarray) -> np.ndarray:
    return 0.299 * rgb[..., 0] + 0.587 * rgb[..., 1] + 0.114 * rgb[..., 2]


def measure(runs: list[tuple[np.ndarray, int]], options: dict, holds: bool = False
            ) -> tuple[float, int, float, float]:
    """Encode the runs (with ``holds``, a run of HOLD_MIN frames or more as its first and last frame, the
    first lasting until the last) and compare every tenth frame of the clock with the source's."""
    height, width = runs[0][0].shape[:2]
    buffer = io.BytesIO()
    output = av.open(buffer, "w", format="mp4")
    stream = output.add_stream("libx264", rate=60, options={**options, "threads": "1"})
    stream.pix_fmt, stream.width, stream.height = "yuv420p", width, height
    began = time.process_time()
    start = 0
    for pixels, count in runs:
        frame = av.VideoFrame.from_ndarray(pixels, format="rgba")
        frame.time_base = Fraction(1, 60)
        shown = (start, start + count - 1) if holds and count >= HOLD_MIN else range(start, start + count)
        for pts in shown:
            frame.pts = pts
            for packet in stream.encode(frame):
                output.mux(packet)
        start += count
    for packet in stream.encode():
        output.mux(packet)
    output.close()
    seconds = time.process_time() - began
    source = [pixels for pixels, count in runs for _ in range(count)]  # views, not copies
    psnr, similarity = [], []

    def compare(decoded: np.ndarray, index: int) -> None:
        ours, theirs = decoded.astype(float), source[index][..., :3].astype(float)
        psnr.append(10 * np.log10(255 ** 2 / max(np.mean((ours - theirs) ** 2), 1e-9)))
        similarity.append(ssim(luma(ours), luma(theirs)))

    with av.open(io.BytesIO(buffer.getvalue())) as container:
        # each picture with the frame of the clock it starts at; the end of the clock closes the last one
        starts = [(round(frame.time * 60), frame) for frame in container.decode(video=0)] + [(len(source), None)]
        for (at, frame), (until, _) in zip(starts, starts[1:]):
            picture = frame.to_ndarray(format="rgb24")
            for index in range(at, until):  # the frames of the clock this picture is on screen for
                if index % 10 == 0:
                    compare(picture, index)
    return seconds, len(buffer.getvalue()), float(np.mean(psnr)), float(np.mean(similarity))


def table(seconds: float = 10.0) -> list[str]:
    """The comparison as Markdown lines (pins this process to one core while it measures)."""
    if hasattr(os, "sched_setaffinity"):
        before = os.sched_getaffinity(0)
        os.sched_setaffinity(0, {min(before)})
    try:
        with tempfile.TemporaryDirectory(prefix="lesson-encoders-") as scratch:
            runs = source_frames(Path(scratch), int(seconds * 60))
        frames = sum(count for _, count in runs)
        lines = [f"x264 on {frames} frames ({len(runs)} unlike the one before) of ws-update at 1080p60 "
                 "(one core, one thread), against the lossless frames:", "",
                 "| setting | encode (ms/frame) | size (MB/min) | PSNR (dB) | SSIM |",
                 "|---|---:|---:|---:|---:|"]
        for name, settings, holds in SETTINGS:
            cpu, size, psnr, similarity = measure(runs, settings, holds)
            chosen = " (used)" if settings == ENCODER_OPTIONS and holds else ""
            lines.append(f"| {name}{chosen} | {1000 * cpu / frames:.1f} | "
                         f"{size / 1e6 * 3600 / frames:.1f} | {psnr:.2f} | {similarity:.4f} |")
            print(lines[-1], flush=True)
        return lines
    finally:
        if hasattr(os, "sched_setaffinity"):
            os.sched_setaffinity(0, before)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=10.0, help="how much of the segment to encode")
    print("\n".join(table(parser.parse_args().seconds)))


if __name__ == "__main__":
    main()
