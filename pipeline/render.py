"""Render segments with Manim, each in its own process, several at a time."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from scenes.order import Segment

QUALITIES = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
FOLDERS = {"low": "480p15", "medium": "720p30", "high": "1080p60", "4k": "2160p60"}


@dataclass(frozen=True)
class RenderResult:
    segment: str
    video: Path | None
    seconds: float
    log: str
    ok: bool


def video_path(media: Path, segment: Segment, quality: str) -> Path:
    return media / "videos" / segment.path.stem / FOLDERS[quality] / f"{segment.scene}.mp4"


def render_one(segment: Segment, quality: str, media: Path, config: Path | None = None) -> RenderResult:
    """Run ``manim`` on one segment in a subprocess (Manim's global config stays per process)."""
    start = time.perf_counter()
    env = dict(os.environ)
    if config is not None:
        env["LESSON_CONFIG"] = str(config)
    # --no_latex_cleanup: Manim's cleanup deletes every non-SVG file in the shared Tex cache,
    # including another process's fresh .dvi, which breaks parallel renders at random.
    command = [sys.executable, "-m", "manim", "render", f"-q{QUALITIES[quality]}", "--media_dir", str(media),
               "--progress_bar", "none", "--no_latex_cleanup", str(segment.path), segment.scene]
    done = subprocess.run(command, capture_output=True, text=True, env=env)
    video = video_path(media, segment, quality)
    ok = done.returncode == 0 and video.exists()
    return RenderResult(segment.key, video if ok else None, time.perf_counter() - start,
                        done.stdout[-4000:] + done.stderr[-8000:], ok)


def render_all(
    segments: tuple[Segment, ...],
    quality: str,
    media: Path,
    jobs: int,
    config: Path | None = None,
    report: Callable[[str], None] = print,
) -> list[RenderResult]:
    """Render in ``jobs`` processes, longest segments first; report each as it finishes."""
    results: list[RenderResult] = []
    began = time.perf_counter()
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        pending: dict[Future, Segment] = {
            pool.submit(render_one, s, quality, media, config): s for s in segments
        }
        report(f"rendering {len(segments)} segment(s) at {quality} quality with {jobs} process(es)")
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                segment = pending.pop(future)
                result = future.result()
                results.append(result)
                status = "done" if result.ok else "FAILED"
                report(f"[{len(results)}/{len(segments)}] {segment.key}: {status} in {result.seconds:.1f} s "
                       f"(elapsed {time.perf_counter() - began:.0f} s)")
    order = [s.key for s in segments]
    return sorted(results, key=lambda r: order.index(r.segment))
