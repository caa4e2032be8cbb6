"""Per-segment speed against plain Manim, the lesson's wall time at 1080p60 and its critical path.

    python benchmarks/speed.py --quality low                 # every segment, paired against plain manim
    python benchmarks/speed.py --quality high --segments bowl ws-update
    python benchmarks/speed.py --lesson high --plan-slots 8  # the lesson's wall and its longest job

Paired runs: for each segment, plain ``manim render`` on the scene file (its defaults, in a
fresh media folder) and ``lesson render
SEGMENT --jobs 1`` run one after the other on the same pinned core (order alternating),
segments shared out over the machine's cores. Both start with the LaTeX formulas compiled
(plain Manim reads the same Tex folder); the pipeline's converted-SVG cache and its stamp of
the validated config are warm, as they are for every render after the first; its segment
cache is empty. Both are silent (no voice), so
the videos are the same length. The ratio is plain Manim's wall time over the whole
``lesson render`` command's (start-up, render, store, join included).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from pipeline.lesson_folder import load_default  # noqa: E402
from pipeline.render import QUALITIES  # noqa: E402
from scenes.order import every_segment, find  # noqa: E402

load_default()  # the default lesson's segments are the ones measured

TARGET = 1.3
FOLDERS = {"low": "480p15", "medium": "720p30", "high": "1080p60", "4k": "2160p60"}  # plain Manim's output folders


@dataclass
class Pair:
    segment: str
    plain: float
    pipeline: float  # the whole lesson render command
    job: float  # the segment's render job, as the manifest records it

    @property
    def ratio(self) -> float:
        return self.plain / self.pipeline


def _lesson(args: list[str], media: Path, quality: str, core: int | None = None, env: dict | None = None
            ) -> tuple[float, dict]:
    command = [sys.executable, "-m", "pipeline.cli", "render", "--media", str(media), "--quality", quality,
               "--narration", "none", "--no-site", "--no-webm", *args]
    if core is not None:
        command = ["taskset", "-c", str(core), *command]
    began = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env=env)
    wall = time.perf_counter() - began
    if done.returncode != 0:
        raise SystemExit(f"lesson render {' '.join(args)} failed:\n{done.stdout[-3000:]}{done.stderr[-3000:]}")
    manifests = sorted(media.glob(f"*/{quality}/*manifest.json"), key=lambda p: p.stat().st_mtime)
    return wall, json.loads(manifests[-1].read_text()) if manifests else {}


def _plain(key: str, quality: str, tex: Path, scratch: Path, core: int) -> float:
    segment = find([key])[0]
    folder = scratch / f"plain-{key}"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    cfg = folder / "manim.cfg"
    cfg.write_text(f"[CLI]\ntex_dir = {tex}\n", encoding="utf-8")  # only the compiled formulas are shared
    env = {k: v for k, v in os.environ.items() if not k.startswith("LESSON_")}
    began = time.perf_counter()
    done = subprocess.run(["taskset", "-c", str(core), str(Path(sys.executable).parent / "manim"), "render",
                           f"-q{QUALITIES[quality]}", "-c", str(cfg), "--media_dir", str(folder), "--progress_bar",
                           "none", str(segment.path), segment.scene], cwd=ROOT, capture_output=True, text=True,
                          env=env)
    wall = time.perf_counter() - began
    video = folder / "videos" / segment.path.stem / FOLDERS[quality] / f"{segment.scene}.mp4"
    if done.returncode != 0 or not video.exists():
        raise SystemExit(f"plain manim on {key} failed:\n{done.stderr[-3000:]}")
    shutil.rmtree(folder, ignore_errors=True)
    return wall


def paired(keys: list[str], quality: str, scratch: Path, cores: int) -> list[Pair]:
    """Each segment rendered by plain Manim and by the pipeline on one pinned core; cores work in parallel."""
    warm = scratch / "warm"
    print(f"warming the LaTeX and SVG caches: {', '.join(keys)} at {quality}", flush=True)
    _lesson([*keys, "--jobs", str(cores)], warm, quality)
    caches = next(warm.glob("*/work"))  # the lesson's own folder's work: Tex, svg
    queue = list(enumerate(keys))
    pairs: list[Pair] = []
    lock = threading.Lock()

    def worker(core: int) -> None:
        media = scratch / f"core{core}"
        for name in ("Tex", "svg", "validated"):  # the warm caches
            shutil.copytree(caches / name, media / caches.parent.name / "work" / name, dirs_exist_ok=True)
        while True:
            with lock:
                if not queue:
                    return
                index, key = queue.pop(0)

            def ours(key: str = key) -> tuple[float, float]:
                for old in media.glob(f"*/{quality}/segments/{key}-*"):
                    old.unlink()
                wall, manifest = _lesson([key, "--jobs", "1"], media, quality, core)
                job = next(s["render_seconds"] for s in manifest["segments"] if s["key"] == key)
                return wall, job

            if index % 2:
                (wall, job), plain = ours(), _plain(key, quality, caches / "Tex", scratch, core)
            else:
                plain, (wall, job) = _plain(key, quality, caches / "Tex", scratch, core), ours()
            pair = Pair(key, plain, wall, job)
            print(f"  core {core}: {key}: manim {plain:.1f} s, lesson render {wall:.1f} s (job {job:.1f} s): "
                  f"{pair.ratio:.2f}x", flush=True)
            with lock:
                pairs.append(pair)

    threads = [threading.Thread(target=worker, args=(core,)) for core in range(cores)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sorted(pairs, key=lambda p: keys.index(p.segment))


def pair_lines(pairs: list[Pair], quality: str) -> list[str]:
    lines = [f"| segment | plain manim (s) | lesson render (s) | its render job (s) | ratio (≥ {TARGET}x) |",
             "|---|---:|---:|---:|---:|"]
    for p in pairs:
        lines.append(f"| {p.segment} | {p.plain:.1f} | {p.pipeline:.1f} | {p.job:.1f} | {p.ratio:.2f}x |")
    if not pairs:
        raise SystemExit("no segment was measured")
    plain, ours = sum(p.plain for p in pairs), sum(p.pipeline for p in pairs)
    lines.append(f"| all {len(pairs)} | {plain:.1f} | {ours:.1f} | {sum(p.job for p in pairs):.1f} | "
                 f"{plain / ours:.2f}x |")
    low = min(pairs, key=lambda p: p.ratio)
    lines += ["", f"At {FOLDERS[quality]}: the lowest ratio is {low.ratio:.2f}x ({low.segment}); the target "
              f"(every segment ≥ {TARGET}x) is {'met' if low.ratio >= TARGET else '**not met**'}."]
    return lines


def lesson_lines(quality: str, scratch: Path, slots: int, cores: int) -> list[str]:
    """The lesson at ``quality`` on ``cores`` processes, planned for ``slots`` workers, after a low-quality
    render in the same folder (its timings plan the split; its LaTeX and SVG caches are warm)."""
    media = scratch / "lesson"
    print("low-quality render first (timings for the plan, warm caches)", flush=True)
    _lesson(["--jobs", str(cores)], media, "low")
    env = dict(os.environ, LESSON_PLAN_SLOTS=str(slots))
    print(f"the lesson at {quality}, planned for {slots} workers, on {cores} processes", flush=True)
    wall, _ = _lesson(["--jobs", str(cores)], media, quality, env=env)
    video = 0.0
    longest_job, longest_whole, split = 0.0, 0.0, 0
    for manifest in media.glob(f"*/{quality}/*manifest.json"):
        data = json.loads(manifest.read_text())
        video += sum(s["duration"] for s in data["segments"])
        for s in data["segments"]:
            ranges = s.get("ranges") or []
            if ranges:
                split += 1
            longest_job = max([longest_job, *ranges] if ranges else [longest_job, s["render_seconds"]])
            longest_whole = max(longest_whole, s["render_seconds"] if not ranges else 0.0)
    return [f"The whole lesson and its answer key at {FOLDERS[quality]} ({video / 60:.1f} min of video), "
            f"{cores} processes, planned for {slots} workers ({split} segment(s) split): "
            f"**{wall:.0f} s wall, {wall / video:.2f}x the running time** (target ≤ 1.0x: "
            f"{'met' if wall <= video else '**not met**'}).",
            "",
            f"Critical path (the longest single job, what bounds a cluster of any size): {longest_job:.0f} s "
            f"with the split; the longest segment rendered whole in this run took {longest_whole:.0f} s."]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quality", nargs="*", choices=list(QUALITIES), default=[],
                        help="paired runs against plain manim at these qualities")
    parser.add_argument("--segments", nargs="*", default=[s.key for s in every_segment()])
    parser.add_argument("--lesson", choices=list(QUALITIES), help="the whole lesson's wall time at this quality")
    parser.add_argument("--plan-slots", type=int, default=8, help="the cluster size the lesson's split is planned for")
    parser.add_argument("--encoders", action="store_true", help="also compare x264 settings (benchmarks/encoders.py)")
    parser.add_argument("--results", type=Path, help="add the figures, dated, to this Markdown file (RESULTS.md)")
    options = parser.parse_args()
    cores = os.cpu_count() or 1
    lines: list[str] = [f"## {date.today().isoformat()}: speed against plain Manim, and the split", ""]
    for quality in options.quality:
        with tempfile.TemporaryDirectory(prefix="lesson-speed-") as scratch:
            lines += pair_lines(paired(options.segments, quality, Path(scratch), cores), quality) + [""]
    if options.lesson:
        with tempfile.TemporaryDirectory(prefix="lesson-speed-") as scratch:
            lines += lesson_lines(options.lesson, Path(scratch), options.plan_slots, cores) + [""]
    if options.encoders:
        from encoders import table

        lines += table() + [""]
    text = "\n".join(lines)
    print(text)
    if options.results:
        previous = options.results.read_text() if options.results.exists() else "# Benchmark results\n\n"
        head, _, rest = previous.partition("\n## ")
        options.results.write_text(head.rstrip() + "\n\n" + text + ("\n## " + rest if rest else ""))


if __name__ == "__main__":
    main()
