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
from dataclasses import dataclass, field
from fractions import Fraction
from importlib.metadata import version
from pathlib import Path

import av

import mathcore
from scenes.order import Segment

from .assemble import PacketSpan, atomic, concatenate, duration, poster
from .chunks import Range, merged_record
from .config import LessonConfig, default_text
from .manim_speedups import ENCODER_OPTIONS, HOLD_MIN
from .processes import die_with_parent
from .speech.audio import write_wav
from .speech.captions import caption_text
from .speech.mix import segment_track
from .speech.settings import Narration

QUALITIES = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
FOLDERS = {"low": "480p15", "medium": "720p30", "high": "1080p60", "4k": "2160p60"}
ROOT = Path(__file__).resolve().parent.parent
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
    ranges: tuple[float, ...] = ()  # a split render: each range's seconds


def segment_key(segment: Segment, config: LessonConfig, quality: str, voice: str = "") -> str:
    """What decides a segment's pixels and sound, hashed.

    ``voice`` is the narration's identity (engine, voice, version, model hash, rate; for a
    recorded lesson the hash of this segment's recordings): synthesis is deterministic, so
    the same identity and text give the same durations, hence the same frames.
    """
    digest = hashlib.sha256()
    digest.update(repr([(name, getattr(config.params, name)) for name in segment.uses]).encode())
    digest.update(repr(config.theme).encode())  # every segment is drawn in the theme's colours
    digest.update(f"{quality}|{version('manim')}|{segment.scene}|{voice}|{sorted(ENCODER_OPTIONS.items())}|"
                  f"hold {HOLD_MIN}".encode())  # how the partial movies are encoded
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
        recorded = _stored_timings(earlier[-1]).get("seconds", {})
        seconds = float(recorded.get("whole", recorded.get("total", 0.0)))  # a split render's record has both
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


def chunk_outputs(folder: Path, index: int) -> dict[str, Path]:
    """Where a range of a segment's animations is kept until the segment's ranges are joined."""
    return {"video": folder / f"{index}.mp4", "cues": folder / f"{index}.json",
            "timings": folder / f"{index}.timings.json"}


def render_one(segment: Segment, quality: str, work: Path, outputs: dict[str, Path],
               config_path: Path | None, limit: float = MIN_TIMEOUT, narration: Narration | None = None,
               span: Range | None = None, progress: Path | None = None) -> RenderResult:
    """Run Manim on one segment in a subprocess (Manim's global config stays per process), timed and time-limited.

    ``config_path`` is the run's frozen snapshot of the config, never the user's file, so the
    pixels always come from the text the segment's key was made from. Each render has its own
    Manim folder (text SVGs, partial movies); the locked LaTeX cache and the converted SVGs are shared.

    With a voice (``narration``), each line is spoken before its beat plays (clips cached in
    ``narration.cache``), and the segment's voice track is mixed and stored with the video.

    ``span`` renders only that range of the scene's play calls (``chunk_outputs`` paths: video,
    cues, timings), to be joined with the segment's other ranges by ``store_joined``.
    ``progress`` is a file the render rewrites with its frames done after each play call.

    Manim's own per-animation cache is off: the pipeline caches whole segments, and hashing
    every play call cost about a sixth of a render (batch: 32.7 s with it, 27.6 s without).
    """
    start = time.perf_counter()
    own = work / "runs" / f"{segment.key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    own.mkdir(parents=True)
    env = dict(os.environ)
    for name in ("LESSON_CONFIG", "LESSON_NARRATION", "LESSON_PROGRESS"):
        env.pop(name, None)
    if config_path is not None:
        env["LESSON_CONFIG"] = str(config_path)
    if narration is not None and not narration.silent:
        env["LESSON_NARRATION"] = narration.to_json()
    if progress is not None:
        env["LESSON_PROGRESS"] = str(progress)
        progress.parent.mkdir(parents=True, exist_ok=True)
        progress.write_text(json.dumps({"started": time.time(), "frames": 0}), encoding="utf-8")
    timings = own / "timings.json"
    env["LESSON_TIMINGS"] = str(timings)
    cfg = own / "manim.cfg"
    env["LESSON_SVG_CACHE"] = str(work / "svg")  # converted SVGs, shared like the LaTeX cache
    cfg.write_text(manim_cfg(work / "Tex"), encoding="utf-8")
    # --no_latex_cleanup: Manim's cleanup deletes every non-SVG file in the shared Tex cache,
    # including another process's fresh .dvi, which breaks parallel renders at random.
    command = [sys.executable, "-m", "pipeline.timed_manim", "render", f"-q{QUALITIES[quality]}",
               "-c", str(cfg), "--media_dir", str(own), "--progress_bar", "none", "--no_latex_cleanup",
               "--disable_caching", *(["-n", f"{span[0]},{span[1]}"] if span else []),
               str(segment.path), segment.scene]
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
        record = _stored_timings(timings)
        if span is not None:  # a range: kept as it is until the segment's ranges are joined
            for name, source in (("cues", cues), ("timings", timings), ("video", video)):
                with atomic(outputs[name]) as temporary:
                    shutil.copyfile(source, temporary)
            return RenderResult(segment.key, outputs["video"], time.perf_counter() - start, log, True,
                                timings=record)
        store(outputs, video, cues, record, frames, narration)
        return RenderResult(segment.key, outputs["video"], time.perf_counter() - start, log, True, timings=record)
    finally:
        shutil.rmtree(own, ignore_errors=True)


def store(outputs: dict[str, Path], video: Path, cues: Path, record: dict, frames: int,
          narration: Narration | None) -> None:
    """Keep a rendered segment under its key: cues, voice track, timings, poster, a record of every file's
    size and hash, and the video last (its presence means the segment is whole)."""
    _discard(outputs)  # whatever an earlier, damaged copy left
    with atomic(outputs["cues"]) as temporary:
        shutil.copyfile(cues, temporary)
    if narration is not None and not narration.silent:
        spoken = json.loads(cues.read_text(encoding="utf-8"))
        write_wav(outputs["audio"], segment_track(spoken, duration(video), Path(narration.cache)))
    with atomic(outputs["timings"]) as temporary:
        temporary.write_text(json.dumps(record, indent=1), encoding="utf-8")
    poster(video, outputs["poster"])
    staged_video = outputs["video"].with_name(outputs["video"].name + ".new")
    with atomic(staged_video) as staged:
        shutil.copyfile(video, staged)
    check = {name: file_check(outputs[name]) for name in ("cues", "poster", "timings", "audio")
             if outputs[name].exists()}
    check["video"] = {**file_check(staged_video), "frames": frames}
    with atomic(outputs["check"]) as temporary:
        temporary.write_text(json.dumps(check, indent=1), encoding="utf-8")
    os.replace(staged_video, outputs["video"])


def store_joined(outputs: dict[str, Path], ranges: list[dict[str, Path]], narration: Narration | None) -> int:
    """Join a segment's ranges (in order) into the stored segment, as ``store`` keeps a whole render:
    the videos by copying packets, the cues of the last range (its scene ran every beat), the ranges'
    timings merged. Returns the frames joined (0: the joined video does not decode)."""
    joined = ranges[-1]["video"].with_name("joined.mp4")
    concatenate([r["video"] for r in ranges], joined)
    frames = frame_count(joined)
    if frames:
        record = merged_record([_stored_timings(r["timings"]) for r in ranges])
        store(outputs, joined, ranges[-1]["cues"], record, frames, narration)
    return frames


def frame_count(video: Path) -> int:
    """Frames on the video's clock (0 when it does not open as a video, or its key frames do not decode).

    Counted from the packets' times, not their number: a held frame is one picture lasting many
    frames. Every packet is read; only the key frames are decoded (each starts a group of
    pictures). Decoding every frame cost 3.3 ms a frame at 1080p: 27 s for a 137 s segment.
    """
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            rate = stream.base_rate or stream.average_rate
            stream.codec_context.skip_frame = "NONKEY"
            span, decoded = PacketSpan(), 0
            for packet in container.demux(stream):
                if packet.size:
                    span.add(packet)
                decoded += sum(1 for _ in packet.decode())
            seconds = span.seconds(stream.time_base)
            if not decoded or seconds is None or not rate:
                return 0
            return round(seconds * Fraction(rate))
    except (av.error.FFmpegError, OSError, IndexError):
        return 0


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

