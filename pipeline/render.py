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
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, Executor, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Callable

import av

import mathcore
from scenes.order import Segment

from .assemble import atomic, duration, poster
from .config import LessonConfig, default_text
from .manim_speedups import ENCODER_OPTIONS
from .processes import die_with_parent
from .speech.audio import write_wav
from .speech.captions import caption_text
from .speech.mix import segment_track
from .speech.settings import Narration

QUALITIES = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
FOLDERS = {"low": "480p15", "medium": "720p30", "high": "1080p60", "4k": "2160p60"}
ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT = 15.0  # seconds between progress lines while segments render
TIMEOUT_FACTOR = 5.0  # a render may take this many times its expected time before it is stopped
# the speech code a segment's render runs (its durations, captions and stored track); loudness is the join's
VOICE_CODE = ("audio", "captions", "engines", "mix", "narrator", "settings", "speakable")
MIN_TIMEOUT = 300.0  # seconds: no render is stopped sooner (a cold LaTeX cache, a busy machine)


@dataclass(frozen=True)
class RenderResult:
    segment: str
    video: Path | None
    seconds: float
    log: str
    ok: bool
    cached: bool = False
    timings: dict = field(default_factory=dict)  # pipeline.timed_manim's record of the render


def segment_key(segment: Segment, config: LessonConfig, quality: str, voice: str = "") -> str:
    """What decides a segment's pixels and sound, hashed.

    ``voice`` is the narration's identity (engine, voice, version, model hash, rate; for a
    recorded lesson the hash of this segment's recordings): synthesis is deterministic, so
    the same identity and text give the same durations, hence the same frames.
    """
    digest = hashlib.sha256()
    digest.update(repr([(name, getattr(config.params, name)) for name in segment.uses]).encode())
    digest.update(repr(config.theme).encode())  # every segment is drawn in the theme's colours
    digest.update(f"{quality}|{version('manim')}|{segment.scene}|{voice}|{sorted(ENCODER_OPTIONS.items())}".encode())
    code = sorted(Path(mathcore.__file__).parent.glob("*.py")) + sorted((ROOT / "scenes" / "kit").glob("*.py"))
    code += [ROOT / "pipeline" / "speech" / f"{name}.py" for name in VOICE_CODE]
    for path in code + [segment.path]:
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def stored(folder: Path, segment: Segment, key: str) -> dict[str, Path]:
    base = folder / "segments" / f"{segment.key}-{key}"
    return {"video": base.with_suffix(".mp4"), "cues": base.with_suffix(".json"), "poster": base.with_suffix(".png"),
            "timings": base.with_suffix(".timings.json"), "check": base.with_suffix(".check.json"),
            "audio": base.with_suffix(".wav")}


def _stored_timings(path: Path) -> dict:
    try:
        return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except (OSError, ValueError):
        return {}


def expected_seconds(folder: Path, segment: Segment, quality: str = "low") -> float:
    """How long the segment's last render took, from any earlier key; a guess from its code size when never rendered."""
    earlier = sorted((folder / "segments").glob(f"{segment.key}-*.timings.json"), key=lambda p: p.stat().st_mtime)
    if earlier:
        seconds = float(_stored_timings(earlier[-1]).get("seconds", {}).get("total", 0.0))
        if seconds > 0:
            return seconds
    # about a second per kB of scene code at low quality; higher qualities draw more pixels and frames
    return segment.path.stat().st_size / 1000 * {"low": 1, "medium": 2.5, "high": 7, "4k": 25}[quality]


def time_limit(expected: float, factor: float = TIMEOUT_FACTOR) -> float:
    """A render's wall-clock limit: generous (a busy machine is slow), but a render that loops still ends."""
    return max(MIN_TIMEOUT, factor * expected)


def worker_init() -> None:
    """Pool workers die with the ``lesson`` process, even when it is killed with SIGKILL."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers


def file_check(path: Path) -> dict:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return {"size": path.stat().st_size, "sha256": digest.hexdigest()}


def damage(outputs: dict[str, Path]) -> str | None:
    """Why a stored segment cannot be reused (missing, damaged or unverified files), or None when it is whole."""
    if not outputs["video"].exists():
        return "not rendered"
    try:
        record = json.loads(outputs["check"].read_text(encoding="utf-8"))
        for name in ("video", "cues", "poster", "timings") + (("audio",) if "audio" in record else ()):
            if file_check(outputs[name]).items() - record[name].items():  # size and hash (the video's has frames too)
                return f"its {outputs[name].name} does not match the size and hash recorded when it was stored"
        json.loads(outputs["cues"].read_text(encoding="utf-8"))
    except FileNotFoundError as error:
        return f"{Path(error.filename).name} is missing"
    except (OSError, ValueError, KeyError, TypeError) as error:
        return f"its record cannot be read ({type(error).__name__})"
    return None


def _discard(outputs: dict[str, Path]) -> None:
    for path in outputs.values():
        path.unlink(missing_ok=True)


def _run_limited(command: list[str], env: dict, limit: float) -> tuple[int | None, str]:
    """Run ``command`` in its own process group; past ``limit`` seconds kill the whole group. (status, output)."""
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, cwd=ROOT,
                                   start_new_session=True, preexec_fn=die_with_parent)
        try:
            status: int | None = process.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            status = None
        finally:
            try:
                os.killpg(process.pid, signal.SIGKILL)  # LaTeX or anything else it started, too
            except (ProcessLookupError, PermissionError):
                pass
            process.wait()
        output.seek(0)
        return status, output.read()[-9000:].decode("utf-8", "replace")


def manim_cfg(tex_dir: Path) -> str:
    """The render's Manim settings: the shared LaTeX cache and the partial movies' encoder options."""
    options = "".join(f"{name} = {value}\n" for name, value in sorted(ENCODER_OPTIONS.items()))
    return f"[CLI]\ntex_dir = {tex_dir}\n\n[video_encoder.options]\n{options}"


def render_one(segment: Segment, quality: str, work: Path, outputs: dict[str, Path],
               config_path: Path | None, limit: float = MIN_TIMEOUT, narration: Narration | None = None
               ) -> RenderResult:
    """Run Manim on one segment in a subprocess (Manim's global config stays per process), timed and time-limited.

    ``config_path`` is the run's frozen snapshot of the config, never the user's file, so the
    pixels always come from the text the segment's key was made from. Each render has its own
    Manim folder (text SVGs, partial movies); only the locked LaTeX cache is shared.

    With a voice (``narration``), each line is spoken before its beat plays (clips cached in
    ``narration.cache``), and the segment's voice track is mixed and stored with the video.

    Manim's own per-animation cache is off: the pipeline caches whole segments, and hashing
    every play call cost about a sixth of a render (batch: 32.7 s with it, 27.6 s without).
    """
    start = time.perf_counter()
    own = work / "runs" / f"{segment.key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    own.mkdir(parents=True)
    env = dict(os.environ)
    env.pop("LESSON_CONFIG", None)
    if config_path is not None:
        env["LESSON_CONFIG"] = str(config_path)
    env.pop("LESSON_NARRATION", None)
    if narration is not None and not narration.silent:
        env["LESSON_NARRATION"] = narration.to_json()
    timings = own / "timings.json"
    env["LESSON_TIMINGS"] = str(timings)
    cfg = own / "manim.cfg"
    env["LESSON_SVG_CACHE"] = str(work / "svg")  # converted SVGs, shared like the LaTeX cache
    cfg.write_text(manim_cfg(work / "Tex"), encoding="utf-8")
    # --no_latex_cleanup: Manim's cleanup deletes every non-SVG file in the shared Tex cache,
    # including another process's fresh .dvi, which breaks parallel renders at random.
    command = [sys.executable, "-m", "pipeline.timed_manim", "render", f"-q{QUALITIES[quality]}",
               "-c", str(cfg), "--media_dir", str(own), "--progress_bar", "none", "--no_latex_cleanup",
               "--disable_caching", str(segment.path), segment.scene]
    try:
        status, log = _run_limited(command, env, limit)
        if status is None:
            return RenderResult(segment.key, None, time.perf_counter() - start,
                                log + f"\n[lesson] stopped: the render took longer than its limit of {limit:.0f} s "
                                      "(set LESSON_TIMEOUT_FACTOR to allow more)", False)
        video = own / "videos" / segment.path.stem / FOLDERS[quality] / f"{segment.scene}.mp4"
        cues = own / "cues" / f"{segment.scene}.json"
        if status != 0 or not video.exists() or not cues.exists():
            return RenderResult(segment.key, None, time.perf_counter() - start, log, False)
        frames = frame_count(video)
        if not frames:
            return RenderResult(segment.key, None, time.perf_counter() - start, log + "\n[lesson] the video has no "
                                "frames that decode", False)
        _discard(outputs)  # whatever an earlier, damaged copy left
        with atomic(outputs["cues"]) as temporary:
            shutil.copyfile(cues, temporary)
        record = _stored_timings(timings)
        if narration is not None and not narration.silent:
            spoken = json.loads(cues.read_text(encoding="utf-8"))
            write_wav(outputs["audio"], segment_track(spoken, duration(video), Path(narration.cache)))
        with atomic(outputs["timings"]) as temporary:
            temporary.write_text(json.dumps(record, indent=1), encoding="utf-8")
        poster(video, outputs["poster"])
        with atomic(outputs["video"].with_name(outputs["video"].name + ".new")) as staged:
            shutil.copyfile(video, staged)
        staged_video = outputs["video"].with_name(outputs["video"].name + ".new")
        check = {name: file_check(outputs[name]) for name in ("cues", "poster", "timings", "audio")
                 if outputs[name].exists()}
        check["video"] = {**file_check(staged_video), "frames": frames}
        with atomic(outputs["check"]) as temporary:
            temporary.write_text(json.dumps(check, indent=1), encoding="utf-8")
        os.replace(staged_video, outputs["video"])  # the video last: its presence means the segment is done
        return RenderResult(segment.key, outputs["video"], time.perf_counter() - start, log, True, timings=record)
    finally:
        shutil.rmtree(own, ignore_errors=True)


def frame_count(video: Path) -> int:
    """Frames in the video's first stream (0 when it does not open as a video, or its key frames do not decode).

    Every packet is read and counted; only the key frames are decoded (each starts a group of
    pictures). Decoding every frame cost 3.3 ms a frame at 1080p: 27 s for a 137 s segment.
    """
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            stream.codec_context.skip_frame = "NONKEY"
            packets, decoded = 0, 0
            for packet in container.demux(stream):
                if packet.size:
                    packets += 1
                decoded += sum(1 for _ in packet.decode())
            return packets if decoded else 0
    except (av.error.FFmpegError, OSError, IndexError):
        return 0


def _running_line(running: dict[str, float]) -> str:
    now = time.perf_counter()
    return "  rendering: " + ", ".join(f"{key} {now - began:.0f} s" for key, began in running.items())


def snapshot(config: LessonConfig, work: Path) -> Path | None:
    """A frozen copy of the config's text for the render processes (None for the built-in default lesson).

    Rendering reads this copy, never the user's file: an edit made while a run renders
    cannot give a segment pixels from other text than its key was made from.
    """
    if not config.source or config.source == default_text():
        return None
    path = work / "configs" / f"{hashlib.sha256(config.source.encode()).hexdigest()[:16]}.toml"
    if not path.exists():
        with atomic(path) as temporary:
            temporary.write_text(config.source, encoding="utf-8")
    return path


def render_all(
    segments: tuple[Segment, ...],
    config: LessonConfig,
    config_path: Path | None,
    quality: str,
    folder: Path,
    jobs: int,
    report: Callable[[str], None] = print,
    executor: Executor | None = None,
    timeout_factor: float | None = None,
    narration: Narration | None = None,
    voice: str = "",
) -> list[RenderResult]:
    """Render what is missing or damaged, ``jobs`` at a time, reuse the rest; report as segments finish.

    ``executor`` runs the renders (a Dask cluster's, say); by default a local process pool
    whose workers die with this process. ``config_path`` is only named in messages: the
    renders read a snapshot of ``config.source``. ``narration`` is the voice (None: silent)
    and ``voice`` its identity, part of every segment's key.
    """
    began = time.perf_counter()
    work = folder.parent / "work"  # no dot: paranoid LaTeX refuses paths with a dot-folder in them
    frozen = snapshot(config, work)
    factor = timeout_factor or float(os.environ.get("LESSON_TIMEOUT_FACTOR", TIMEOUT_FACTOR))
    results: list[RenderResult] = []
    todo: list[tuple[Segment, dict[str, Path]]] = []
    for segment in segments:
        identity = voice
        if narration is not None and narration.engine == "recorded":
            identity += "|" + narration.recordings_digest(f"{segment.key}-")
        outputs = stored(folder, segment, segment_key(segment, config, quality, identity))
        problem = damage(outputs)
        if problem is None:
            results.append(RenderResult(segment.key, outputs["video"], 0.0, "", True, cached=True,
                                        timings=_stored_timings(outputs["timings"])))
            continue
        if problem != "not rendered":
            report(f"{segment.key}: the stored copy cannot be reused ({problem}); rendering it again")
            _discard(outputs)
        todo.append((segment, outputs))
    workers = min(jobs, max(len(todo), 1))
    report(f"{len(results)} of {len(segments)} segment(s) unchanged; rendering {len(todo)} at {quality} quality "
           f"with {workers} {'process' if workers == 1 else 'processes'}")
    if todo:
        pool = executor or ProcessPoolExecutor(max_workers=workers, initializer=worker_init)
        pending: dict[Future, Segment] = {}
        try:
            # longest first, so that the last to finish is not a long segment started late
            expected = {s.key: expected_seconds(folder, s, quality) for s, _ in todo}
            order = sorted(todo, key=lambda item: -expected[item[0].key])
            pending = {
                pool.submit(render_one, s, quality, work, out, frozen, time_limit(expected[s.key], factor),
                            narration): s
                for s, out in order
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
                if pending:  # interrupted: stop the workers now (their renders die with them)
                    for process in list(getattr(pool, "_processes", {}).values()):
                        process.kill()
                pool.shutdown(wait=not pending, cancel_futures=True)
            else:
                for future in pending:
                    future.cancel()
    keys = [s.key for s in segments]
    return sorted(results, key=lambda r: keys.index(r.segment))


def load_cues(path: Path) -> tuple[tuple[float, float, str], ...]:
    """The segment's captions (start, end, text): a caption per sentence piece, timed from its speech,
    wrapped onto at most two lines of 42 characters."""
    cues = json.loads(path.read_text(encoding="utf-8"))
    return tuple((start, end, caption_text(text)) for c in cues for start, end, text in
                 (c.get("captions") or [(c["start"], c["end"], c["text"])]))


def load_beats(path: Path) -> list[dict]:
    """The segment's beats as stored: id, start, end, text (the whole line)."""
    return [{k: c[k] for k in ("id", "start", "end", "text") if k in c}
            for c in json.loads(path.read_text(encoding="utf-8"))]

