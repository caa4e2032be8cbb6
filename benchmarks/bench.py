"""Measure the lesson's render on this machine and write the figures into benchmarks/RESULTS.md.

    python benchmarks/bench.py            # the whole benchmark (about 25 minutes on 2 cores)
    python benchmarks/bench.py --quick    # two short segments instead of the whole lesson, to try it

Every run starts from empty caches (a new media folder: segments, Manim's work files and
its LaTeX cache), drives the real ``lesson`` command in a subprocess and reads what the
render itself recorded (its manifests and each segment's timings). Nothing is estimated.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "RESULTS.md"
FPS = {"low": 15, "medium": 30, "high": 60}
QUICK = ("ws-update", "ws-forward")
# a parameter only one segment shows (valley's learning rate, say, is also in the hook and the descent loop)
CHANGED_SECTION, CHANGED_KEY, CHANGED_VALUE, CHANGED_SEGMENT = "local_minima", "learning_rate", "0.04", "local-minima"
QUALITY_SEGMENT = "ws-update"


@dataclass
class Run:
    """One ``lesson render`` call and what it left behind."""

    label: str
    wall: float
    peak_mb: float
    cpu: float = 0.0  # user + system seconds of the command and everything it started
    segments: list[dict] = field(default_factory=list)  # the manifests' segment entries
    join_seconds: float = 0.0
    fps: int = 15

    @property
    def rendered(self) -> list[dict]:
        return [s for s in self.segments if not s["reused"]]

    @property
    def frames(self) -> int:
        return sum(round(s["duration"] * self.fps) for s in self.rendered)


def tree_rss_mb(root: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
            status = (entry / "status").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
        found = re.search(r"VmRSS:\s+(\d+) kB", status)
        rss[int(entry.name)] = int(found.group(1)) if found else 0
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        todo += children.get(pid, [])
    return total / 1024


def lesson(args: list[str], label: str, media: Path, quality: str = "low") -> Run:
    """Run ``lesson render`` with ``args``, sampling the process tree's memory; fail loudly if it fails."""
    command = [sys.executable, "-m", "pipeline.cli", "render", "--media", str(media), "--quality", quality, *args]
    print(f"== {label}: {' '.join(command[3:])}", flush=True)
    began, started = time.perf_counter(), time.time()
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = 0.0
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.25):
            peak = max(peak, tree_rss_mb(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    output = []
    for line in process.stdout:
        output.append(line)
        print("   " + line, end="", flush=True)
    process.wait()
    stop.set()
    sampler.join()
    wall = time.perf_counter() - began
    if process.returncode != 0:
        raise SystemExit(f"{label} failed:\n{''.join(output[-40:])}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime + after.ru_stime) - (usage.ru_utime + usage.ru_stime)
    run = Run(label, wall, peak, cpu, fps=FPS[quality])
    for manifest in sorted(media.glob(f"*/{quality}/*manifest.json")):
        if manifest.stat().st_mtime < started:
            continue  # left by an earlier run, not written by this one
        data = json.loads(manifest.read_text())
        run.segments += data["segments"]
        run.join_seconds += data["join_seconds"]
    print(f"   {wall:.1f} s wall, {run.frames} frames rendered, peak {peak:.0f} MB", flush=True)
    return run


def split(run: Run) -> dict[str, float]:
    """Where the rendering time went, summed over the segments rendered (seconds of process time)."""
    parts = {"import_manim": 0.0, "latex": 0.0, "dvisvgm": 0.0, "drawing": 0.0, "encoding": 0.0,
             "encoding_flush": 0.0, "combining": 0.0, "scene": 0.0, "total": 0.0}
    for segment in run.rendered:
        for part, seconds in segment["timings"].items():
            parts[part] = parts.get(part, 0.0) + seconds
    return parts


def latex_compiles(media: Path) -> tuple[int, int]:
    """(compiles, distinct formulas) over every segment rendered into ``media``."""
    formulas = []
    for record in media.glob("*/*/segments/*.timings.json"):
        formulas += json.loads(record.read_text()).get("formulas", [])
    return len(formulas), len(set(formulas))


def changed_config(folder: Path) -> Path:
    """The default config with one parameter of one segment changed, under the default's name (same cache)."""
    config = folder / "lesson.toml"
    subprocess.run([sys.executable, "-m", "pipeline.cli", "init", str(config)], cwd=ROOT, check=True,
                   capture_output=True)
    text, count = re.subn(rf"(?m)^(\[{CHANGED_SECTION}\][\s\S]*?^{CHANGED_KEY}\s*=\s*)\S+", rf"\g<1>{CHANGED_VALUE}",
                          config.read_text(), count=1)
    if count != 1:
        raise SystemExit(f"cannot find [{CHANGED_SECTION}] {CHANGED_KEY} in the default config")
    config.write_text(text)
    return config


def machine() -> str:
    cpu = "unknown CPU"
    info = Path("/proc/cpuinfo")
    if info.exists():
        found = re.search(r"model name\s*:\s*(.+)", info.read_text())
        cpu = found.group(1).strip() if found else cpu
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        memory = f", {int(found.group(1)) / 1024 ** 2:.0f} GiB RAM" if found else ""
    return f"{os.cpu_count()} cores ({cpu}){memory}, Python {platform.python_version()}"


def verdict(ok: bool) -> str:
    return "met" if ok else "**not met**"


SPEECH_SAMPLE = ("valley", "ws-update")  # the lines timed for synthesis speed: math, numbers, plain prose


@dataclass
class Speech:
    engine: str
    lines: int
    speech: float  # seconds of speech made
    compute: float  # seconds it took, model load excluded
    load: float  # seconds to the first line, less that line's own synthesis
    peak_mb: float


def speech_speed(engine_name: str) -> Speech:
    """Synthesise the sample segments' lines (as spoken words) with one engine, timing each line."""
    from pipeline.config import load_config
    from pipeline.speech.audio import RATE
    from pipeline.speech.engines import make_engine
    from pipeline.speech.script import collect_lines
    from pipeline.speech.speakable import speakable
    from scenes.kit.captions import captions

    sentences = [speakable(" ".join(pieces)) for line in collect_lines(list(SPEECH_SAMPLE), load_config(None))
                 for pieces in captions(line.text)]
    engine = make_engine(engine_name, None if engine_name != "espeak" else "en-us", 1.0)
    peak, made, times = 0.0, 0.0, []
    try:
        for words in sentences:
            began = time.perf_counter()
            samples = engine.synthesise(words).samples
            times.append(time.perf_counter() - began)
            made += len(samples) / RATE
            process = getattr(getattr(engine, "_server", engine), "_process", None)
            if process is not None:
                peak = max(peak, tree_rss_mb(process.pid))
    finally:
        engine.close()
    steady = sum(times[1:]) / max(1, len(times) - 1) * len(times)  # every line at the steady rate
    load = max(0.0, times[0] - steady / len(times))
    return Speech(engine_name, len(sentences), made, steady, load, peak)


def narration_lines(speech: list[Speech], narrated: Run, silent: Run, changed: Run | None, clips: int | None
                    ) -> list[str]:
    lines = ["", "Narration (the default voice, piper joe, against a silent render of the same lesson):", "",
             "| engine | sentences | speech (s) | compute (s) | compute per second of speech | model load (s) "
             "| engine peak memory (MB) |", "|---|---:|---:|---:|---:|---:|---:|"]
    for item in speech:
        lines.append(f"| {item.engine} | {item.lines} | {item.speech:.1f} | {item.compute:.1f} "
                     f"| {item.compute / item.speech:.3f} | {item.load:.2f} | "
                     f"{item.peak_mb:.0f} |" if item.peak_mb else
                     f"| {item.engine} | {item.lines} | {item.speech:.1f} | {item.compute:.1f} "
                     f"| {item.compute / item.speech:.3f} | {item.load:.2f} | (a new process per line) |")
    narrated_video = sum(s["duration"] for s in narrated.segments)
    silent_video = sum(s["duration"] for s in silent.segments)
    lines += ["", f"- cold narrated vs silent, all cores: {narrated.wall:.1f} s vs {silent.wall:.1f} s wall "
                  f"({narrated.wall / silent.wall:.2f}x), for {narrated_video / 60:.1f} vs {silent_video / 60:.1f} "
                  "min of video"]
    if changed is not None:
        lines.append(f"- one parameter changed, so its segment's lines changed: {clips} clip(s) synthesised, "
                     f"{len(changed.rendered)} segment(s) rendered, {changed.wall:.1f} s")
    return lines


def word_timing_lines(folder: Path) -> list[str]:
    """Captions and bookmarks against the speech, measured with an independent aligner (tools/word_timing.py):
    continuation captions within 100 ms of their first word at the 90th percentile, none beyond 250 ms; every
    bookmarked animation within one frame of its word."""
    sys.path.insert(0, str(ROOT / "tools"))
    from word_timing import measure

    found = measure(folder)
    captions, marks = found["continuation_captions"], found["bookmarks"]
    lines = ["", "Word times (the narrated render above, each sentence aligned anew with PocketSphinx):", ""]
    if captions["count"]:
        ok = captions["p90_ms"] <= 100 and captions["over_250_ms"] == 0
        lines.append(f"- {captions['count']} continuation captions from their first word: median "
                     f"{captions['median_ms']} ms, 90th percentile {captions['p90_ms']} ms (target 100), largest "
                     f"{captions['max_ms']} ms, over 250 ms: {captions['over_250_ms']} {verdict(ok)}")
    if marks["count"]:
        lines.append(f"- {marks['count']} bookmarked animations, {marks['within_one_frame']} within one frame of "
                     f"their word {verdict(marks['within_one_frame'] == marks['count'])}; the word's time against "
                     f"the aligner: median {marks['word_vs_aligner_median_ms']} ms, largest "
                     f"{marks['word_vs_aligner_max_ms']} ms")
    lines.append(f"- sentences the aligner could not align: {found['unaligned_sentences']}")
    return lines


def still_lines(folder: Path) -> list[str]:
    """The share of running time that is a still picture, per segment, and the longest stills (tools/stills.py):
    at most 35 % still, none longer than 8 s; and the beats that end on words alone (lesson check's count, at most
    15 %)."""
    sys.path.insert(0, str(ROOT / "tools"))
    from stills import LONG_STILL, measure

    from pipeline.check import TEXT_ONLY_TARGET, check_segments
    from pipeline.config import load_config
    from scenes.order import every_segment

    found = measure(folder)
    total, still = sum(s.seconds for s in found), sum(s.still for s in found)
    longest = max((run for s in found for run in s.longest), key=lambda run: run.seconds, default=None)
    lines = ["", "Motion (the narrated render above, tools/stills.py):", "",
             "| segment | seconds | still | longest still |", "|---|---:|---:|---:|"]
    for seg in found:
        held = seg.longest[0].seconds if seg.longest else 0
        lines.append(f"| {seg.key} | {seg.seconds:.1f} | {100 * seg.share:.0f} % | {held:.1f} s |")
    share = still / total if total else 0.0
    lines.append(f"| all | {total:.1f} | {100 * share:.0f} % {verdict(share <= 0.35)} | "
                 f"{longest.seconds if longest else 0:.1f} s {verdict(not longest or longest.seconds <= LONG_STILL)} |")
    config = load_config(None)  # loads the default lesson, whose segments are checked
    checks = list(check_segments(every_segment(), config))
    beats, alone = sum(c.beats for c in checks), sum(len(c.text_only) for c in checks)
    lines.append(f"\n- beats ending on words alone: {alone} of {beats} ({100 * alone / beats:.0f} %) "
                 f"{verdict(alone <= TEXT_ONLY_TARGET * beats)}; layout problems at rest or in motion: "
                 f"{sum(len(c.problems) for c in checks)}")
    return lines


def changed_line(changed: Run | None, cold: Run) -> str:
    if changed is None:
        return "- one parameter changed: not run with --quick"
    before = next(s["render_seconds"] for s in cold.segments if s["key"] == CHANGED_SEGMENT)
    rendered = [s["key"] for s in changed.rendered]
    ok = changed.wall <= 1.1 * before and rendered == [CHANGED_SEGMENT]
    return (f"- one parameter changed (`[{CHANGED_SECTION}] {CHANGED_KEY} = {CHANGED_VALUE}`): {changed.wall:.1f} s, "
            f"rendered {', '.join(rendered) or 'nothing'}; that segment's cold render took {before:.1f} s, target "
            f"≤ {1.1 * before:.1f} s and only that segment: {verdict(ok)}")


def report(cold1: Run, cold_n: Run, warm: Run, changed: Run | None, qualities: list[Run], compiles: tuple[int, int],
           cores: int, quick: bool, narration: list[str] = ()) -> str:
    speedup = cold1.wall / cold_n.wall
    parts = split(cold1)
    rest = parts["scene"] - parts["latex"] - parts["dvisvgm"] - parts["drawing"] - parts["combining"]
    lines = [
        f"## {date.today().isoformat()}: {'quick (2 segments)' if quick else 'the whole default lesson'}, "
        f"low quality",
        "",
        f"Machine: {machine()}.",
        "",
        "| run | wall (s) | CPU (s) | cores busy | segments rendered | frames rendered | frames/s "
        "| peak memory (MB) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for run in (cold1, cold_n, warm, *([changed] if changed else []), *qualities):
        rate = f"{run.frames / run.wall:.1f}" if run.frames else "-"
        lines.append(f"| {run.label} | {run.wall:.1f} | {run.cpu:.1f} | {run.cpu / run.wall:.2f} "
                     f"| {len(run.rendered)} of {len(run.segments)} | {run.frames} "
                     f"| {rate} | {run.peak_mb:.0f} |")
    lines += [
        "",
        "Targets (ratios from this run):",
        "",
        f"- all {cores} cores vs one: {speedup:.2f}x speed-up; target ≥ {0.85 * cores:.2f}x "
        f"(0.85 × cores): {verdict(speedup >= 0.85 * cores)}. One process already kept "
        f"{cold1.cpu / cold1.wall:.2f} cores busy (Manim encodes on its own threads and LaTeX runs beside it); "
        f"all cores kept {cold_n.cpu / cold_n.wall:.2f} busy",
        f"- warm, nothing changed: {warm.wall:.1f} s = {100 * warm.wall / cold_n.wall:.1f} % of cold "
        f"({cold_n.wall:.1f} s); target ≤ 5 %: {verdict(warm.wall <= 0.05 * cold_n.wall)}",
        changed_line(changed, cold_n),
        f"- LaTeX: {compiles[0]} compiles for {compiles[1]} distinct formulas in the cold all-cores run; "
        f"target one compile per formula: {verdict(compiles[0] == compiles[1])}",
        "",
        f"Where the cold one-process time went (seconds summed over the {len(cold1.rendered)} segments; "
        "encoding runs on Manim's encoder threads beside the drawing, so it overlaps the rest):",
        "",
        "| part | seconds |",
        "|---|---:|",
        f"| starting Python and importing Manim | {parts['import_manim']:.1f} |",
        f"| LaTeX compiles ({compiles[0]} of them, latex) | {parts['latex']:.1f} |",
        f"| LaTeX to SVG (dvisvgm) | {parts['dvisvgm']:.1f} |",
        f"| scene construction and animation set-up (the rest of the scene) | {rest:.1f} |",
        f"| frame drawing (Cairo) | {parts['drawing']:.1f} |",
        f"| encoding (encoder threads, overlapping) | {parts['encoding'] + parts['encoding_flush']:.1f} |",
        f"| combining each segment's partial movies | {parts['combining']:.1f} |",
        f"| joining the lesson videos (remux, no re-encode) | {cold1.join_seconds:.1f} |",
        f"| total of the segment processes | {parts['total']:.1f} |",
        "",
        "Each segment, cold (its render time with one process, and with all cores sharing the machine):",
        "",
        "| segment | duration (s) | render, --jobs 1 (s) | render, all cores (s) |",
        "|---|---:|---:|---:|",
        *(f"| {s['key']} | {s['duration']:.1f} | {s['render_seconds']:.1f} | {t['render_seconds']:.1f} |"
          for s, t in zip(cold1.segments, cold_n.segments)),
        "",
        f"One segment ({QUALITY_SEGMENT}) at each quality, LaTeX cache warm:",
        "",
        "| quality | frames | render (s) | frames/s |",
        "|---|---:|---:|---:|",
    ]
    for run in qualities:
        (segment,) = run.rendered
        lines.append(f"| {run.label.split()[-1]} | {run.frames} | {segment['render_seconds']:.1f} "
                     f"| {run.frames / segment['render_seconds']:.1f} |")
    lines += list(narration)
    return "\n".join(lines) + "\n"


def page_figures(label: str, folder: Path, site: str = "site") -> tuple[str, dict | None]:
    """What the render's page build recorded, read before a later run rebuilds it: the teacher's site is built last,
    so its site.json has the whole build's time and every video (the student's leaves the answer key out)."""
    try:
        return label, json.loads((folder / f"{site}-teacher" / "site.json").read_text())
    except (OSError, ValueError):
        return label, None


def site_lines(figures: list[tuple[str, dict | None]]) -> list[str]:
    """The web page's build, and its WebM encoding (the costly part), from each render's site/site.json."""
    lines = ["", "The web pages (`site/` and `site-teacher/`), built at the end of the render; the WebM (VP9 + Opus) "
             "is encoded once per video and reused while the MP4 is unchanged:", "",
             "| render | page built in (s) | WebM encoding (s) | video (s) | encoding speed (x real time) "
             "| MP4 (MB) | WebM (MB) |", "|---|---:|---:|---:|---:|---:|---:|"]
    for label, built in figures:
        if built is None:
            lines.append(f"| {label} | not built | | | | | |")
            continue
        video = sum(built["durations"].values())
        mp4 = sum(v for k, v in built["sizes"].items() if k.endswith(".mp4")) / 1e6
        webm = sum(v for k, v in built["sizes"].items() if k.endswith(".webm")) / 1e6
        speed = video / built["webm_seconds"] if built["webm_seconds"] else float("nan")
        lines.append(f"| {label} | {built['seconds']:.1f} | {built['webm_seconds']:.1f} | {video:.0f} "
                     f"| {speed:.1f} | {mp4:.1f} | {webm:.1f} |")
    return lines


def add_results(results: Path, text: str) -> None:
    """Put ``text`` (a section, "## date: what") first under the file's heading: the newest figures on top."""
    previous = results.read_text() if results.exists() else "# Benchmark results\n\n"
    head, _, rest = previous.partition("\n## ")
    results.write_text(head.rstrip() + "\n\n" + text + ("\n## " + rest if rest else ""))
    print(f"written to {results}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="two short segments, not the whole lesson")
    parser.add_argument("--results", type=Path, default=RESULTS, help="the Markdown file to add the figures to")
    options = parser.parse_args()
    cores = os.cpu_count() or 1
    chosen = list(QUICK) if options.quick else []
    with tempfile.TemporaryDirectory(prefix="lesson-bench-") as scratch:
        scratch = Path(scratch)
        cold1 = lesson([*chosen, "--jobs", "1"], "cold, --jobs 1", scratch / "one")
        cold_n = lesson([*chosen, "--jobs", str(cores)], f"cold, --jobs {cores}", scratch / "all")
        compiles = latex_compiles(scratch / "all")
        timing = word_timing_lines(scratch / "all" / "lesson" / "low")
        motion = [] if chosen else still_lines(scratch / "all" / "lesson" / "low")
        pages = [page_figures(f"cold, --jobs {cores} (low)", scratch / "all" / "lesson" / "low",
                              "site-selection" if chosen else "site")]
        warm = lesson([*chosen], "warm, nothing changed", scratch / "all")
        silent = lesson([*chosen, "--jobs", str(cores), "--narration", "none"], f"cold silent, --jobs {cores}",
                        scratch / "silent")
        clips_before = len(list((scratch / "all" / "speech").glob("*.wav")))
        changed = None if options.quick else lesson(
            ["--config", str(changed_config(scratch)), "--jobs", str(cores)], "warm, one parameter changed",
            scratch / "all")
        clips = len(list((scratch / "all" / "speech").glob("*.wav"))) - clips_before
        qualities = []
        for quality in ("low", "medium", "high"):
            for old in (scratch / "all" / "lesson" / quality / "segments").glob(f"{QUALITY_SEGMENT}-*"):
                old.unlink()  # render it again, with the LaTeX cache warm
            qualities.append(lesson([QUALITY_SEGMENT], f"{QUALITY_SEGMENT} {quality}", scratch / "all", quality))
            pages.append(page_figures(f"{QUALITY_SEGMENT} {quality}", scratch / "all" / "lesson" / quality,
                                      "site-selection"))
    speech = [speech_speed(name) for name in ("piper", "espeak")]
    text = report(cold1, cold_n, warm, changed, qualities, compiles, cores, options.quick,
                  [*narration_lines(speech, cold_n, silent, changed, clips), *timing, *motion, *site_lines(pages)])
    print("\n" + text)
    add_results(options.results, text)


if __name__ == "__main__":
    main()
