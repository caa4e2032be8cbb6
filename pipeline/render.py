"""Render segments with Manim, each in its own process, and reuse what has not changed.

A segment's render is stored under a key made of everything that can change its
pixels: the parameter groups it reads, the code it runs, the quality and the
Manim version. Same key, same file: nothing is rendered twice, and a run that
was stopped picks up where it was.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Callable

import mathcore
from scenes.order import Segment

from .assemble import atomic, poster
from .config import LessonConfig

QUALITIES = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
FOLDERS = {"low": "480p15", "medium": "720p30", "high": "1080p60", "4k": "2160p60"}
ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT = 15.0  # seconds between progress lines while segments render


@dataclass(frozen=True)
class RenderResult:
    segment: str
    video: Path | None
    seconds: float
    log: str
    ok: bool
    cached: bool = False
    timings: dict = field(default_factory=dict)  # pipeline.timed_manim's record of the render


def segment_key(segment: Segment, config: LessonConfig, quality: str) -> str:
    """What decides a segment's pixels, hashed."""
    digest = hashlib.sha256()
    digest.update(repr([(name, getattr(config.params, name)) for name in segment.uses]).encode())
    digest.update(repr(config.theme).encode())  # every segment is drawn in the theme's colours
    digest.update(f"{quality}|{version('manim')}|{segment.scene}".encode())
    code = sorted(Path(mathcore.__file__).parent.glob("*.py")) + sorted((ROOT / "scenes" / "kit").glob("*.py"))
    for path in code + [segment.path]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stored(folder: Path, segment: Segment, key: str) -> dict[str, Path]:
    base = folder / "segments" / f"{segment.key}-{key}"
    return {"video": base.with_suffix(".mp4"), "cues": base.with_suffix(".json"), "poster": base.with_suffix(".png"),
            "timings": base.with_suffix(".timings.json")}


def _stored_timings(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def expected_seconds(folder: Path, segment: Segment) -> float:
    """How long the segment's last render took, from any earlier key; its code size when never rendered."""
    earlier = sorted((folder / "segments").glob(f"{segment.key}-*.timings.json"), key=lambda p: p.stat().st_mtime)
    if earlier:
        return float(_stored_timings(earlier[-1]).get("seconds", {}).get("total", 0.0))
    return segment.path.stat().st_size / 1000  # about a second per kB of scene code, a rough guess


def render_one(segment: Segment, quality: str, work: Path, outputs: dict[str, Path],
               config_path: Path | None) -> RenderResult:
    """Run Manim on one segment in a subprocess (Manim's global config stays per process), timed.

    Manim's own per-animation cache is off: the pipeline caches whole segments, and hashing
    every play call cost about a sixth of a render (batch: 32.7 s with it, 27.6 s without).
    """
    start = time.perf_counter()
    env = dict(os.environ)
    env.pop("LESSON_CONFIG", None)
    if config_path is not None:
        env["LESSON_CONFIG"] = str(config_path)
    timings = work / "timings" / f"{segment.scene}-{os.getpid()}.json"
    env["LESSON_TIMINGS"] = str(timings)
    # --no_latex_cleanup: Manim's cleanup deletes every non-SVG file in the shared Tex cache,
    # including another process's fresh .dvi, which breaks parallel renders at random.
    command = [sys.executable, "-m", "pipeline.timed_manim", "render", f"-q{QUALITIES[quality]}",
               "--media_dir", str(work), "--progress_bar", "none", "--no_latex_cleanup", "--disable_caching",
               str(segment.path), segment.scene]
    done = subprocess.run(command, capture_output=True, text=True, env=env, cwd=ROOT)
    video = work / "videos" / segment.path.stem / FOLDERS[quality] / f"{segment.scene}.mp4"
    cues = work / "cues" / f"{segment.scene}.json"
    log = done.stdout[-3000:] + done.stderr[-6000:]
    if done.returncode != 0 or not video.exists() or not cues.exists():
        return RenderResult(segment.key, None, time.perf_counter() - start, log, False)
    with atomic(outputs["cues"]) as temporary:
        shutil.copyfile(cues, temporary)
    record = _stored_timings(timings)
    timings.unlink(missing_ok=True)
    with atomic(outputs["timings"]) as temporary:
        temporary.write_text(json.dumps(record, indent=1), encoding="utf-8")
    poster(video, outputs["poster"])
    with atomic(outputs["video"]) as temporary:  # the video last: its presence means the segment is done
        shutil.copyfile(video, temporary)
    return RenderResult(segment.key, outputs["video"], time.perf_counter() - start, log, True, timings=record)


def _running_line(running: dict[str, float]) -> str:
    now = time.perf_counter()
    return "  rendering: " + ", ".join(f"{key} {now - began:.0f} s" for key, began in running.items())


def render_all(
    segments: tuple[Segment, ...],
    config: LessonConfig,
    config_path: Path | None,
    quality: str,
    folder: Path,
    jobs: int,
    report: Callable[[str], None] = print,
    executor: Executor | None = None,
) -> list[RenderResult]:
    """Render what is missing, ``jobs`` at a time, reuse the rest; report as segments finish.

    ``executor`` runs the renders (a Dask cluster's, say); by default a local process pool.
    """
    began = time.perf_counter()
    work = folder.parent / ".manim"
    results: list[RenderResult] = []
    todo: list[tuple[Segment, dict[str, Path]]] = []
    for segment in segments:
        outputs = stored(folder, segment, segment_key(segment, config, quality))
        if outputs["video"].exists() and outputs["cues"].exists():
            results.append(RenderResult(segment.key, outputs["video"], 0.0, "", True, cached=True,
                                        timings=_stored_timings(outputs["timings"])))
        else:
            todo.append((segment, outputs))
    workers = min(jobs, max(len(todo), 1))
    report(f"{len(results)} of {len(segments)} segment(s) unchanged; rendering {len(todo)} at {quality} quality "
           f"with {workers} {'process' if workers == 1 else 'processes'}")
    if todo:
        pool = executor or ProcessPoolExecutor(max_workers=workers)
        try:
            # longest first, so that the last to finish is not a long segment started late
            order = sorted(todo, key=lambda item: -expected_seconds(folder, item[0]))
            pending: dict[Future, Segment] = {
                pool.submit(render_one, s, quality, work, out, config_path): s for s, out in order
            }
            started = {s.key: time.perf_counter() for s, _ in order[:jobs]}
            while pending:
                finished, _ = wait(pending, timeout=HEARTBEAT, return_when=FIRST_COMPLETED)
                if not finished:
                    report(_running_line(started))
                for future in finished:
                    segment = pending.pop(future)
                    result = future.result()
                    results.append(result)
                    started.pop(segment.key, None)
                    for other in pending.values():
                        if other.key not in started and len(started) < jobs:
                            started[other.key] = time.perf_counter()
                    status = "done" if result.ok else "FAILED"
                    report(f"[{sum(not r.cached for r in results)}/{len(todo)}] {segment.key}: {status} in "
                           f"{result.seconds:.1f} s (elapsed {time.perf_counter() - began:.0f} s)")
        finally:
            if executor is None:
                pool.shutdown()
    keys = [s.key for s in segments]
    return sorted(results, key=lambda r: keys.index(r.segment))


def load_cues(path: Path) -> tuple[tuple[float, float, str], ...]:
    return tuple((c["start"], c["end"], c["text"]) for c in json.loads(path.read_text(encoding="utf-8")))

