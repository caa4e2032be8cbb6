"""Measure how fast a teacher sees a change (`lesson preview`, `lesson watch`) and add the figures to RESULTS.md.

    python benchmarks/preview.py

Targets (issue 30): a one-parameter edit to the valley shows its updated beat sheet in at most 5 s,
warm (the process of `lesson watch`, its LaTeX cache filled); every segment's sheets in at most 60 s,
warm. Measured in one process, as `lesson watch` runs: Manim and the scenes imported once, the
config loaded and checked again after each edit, as the watch does. Starts from an empty media folder.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import add_results  # noqa: E402  (this folder's: run as a script, it is on the path)

from pipeline.config import load_config  # noqa: E402
from pipeline.media import MediaLayout  # noqa: E402
from pipeline.preview import preview  # noqa: E402
from scenes.order import find  # noqa: E402

RESULTS = ROOT / "benchmarks" / "RESULTS.md"
TARGETS = {"edit": 5.0, "lesson": 60.0}


def timed(action) -> tuple[float, object]:
    began = time.perf_counter()
    made = action()
    return time.perf_counter() - began, made


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--results", type=Path, default=RESULTS)
    options = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="lesson-preview-bench-") as scratch:
        scratch = Path(scratch)
        path = scratch / "mine.toml"
        path.write_text("[valley]\nlearning_rate = 0.1\n", encoding="utf-8")  # the script's lesson
        layout = MediaLayout.of(scratch / "media", path)
        out = layout.lesson / "preview"
        config = load_config(path)
        everything = find(list(config.segments) + list(config.answer_key))
        jobs = os.cpu_count() or 1  # as `lesson preview` runs
        cold, made = timed(lambda: preview(everything, config, out, layout.tex, jobs=jobs))
        warm, _ = timed(lambda: preview(everything, config, out, layout.tex, jobs=jobs))
        valley = find(["valley"])
        preview(valley, config, out, layout.tex)
        path.write_text("[valley]\nlearning_rate = 0.2\n", encoding="utf-8")
        edit, _ = timed(lambda: preview(valley, load_config(path), out, layout.tex))
        beats = sum(p.beats for p in made)
    ok = {"edit": edit <= TARGETS["edit"], "lesson": warm <= TARGETS["lesson"]}
    lines = [f"## {date.today().isoformat()}: `lesson preview` and `lesson watch`", "",
             "| what | seconds | target |", "|---|---:|---|",
             f"| every segment's sheets, cold (empty LaTeX cache), {len(everything)} segments, {beats} beats "
             f"| {cold:.1f} | |",
             f"| every segment's sheets, warm, {jobs} processes | {warm:.1f} | ≤ {TARGETS['lesson']:.0f} s: "
             f"{'met' if ok['lesson'] else 'missed'} |",
             f"| valley after one edit (learning rate 0.1 → 0.2), warm, config checked again | {edit:.1f} | "
             f"≤ {TARGETS['edit']:.0f} s: {'met' if ok['edit'] else 'missed'} |", ""]
    text = "\n".join(lines)
    print(text)
    add_results(options.results, text)


if __name__ == "__main__":
    main()
