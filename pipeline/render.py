"""Render segments with Manim, each in its own process, and reuse what has not changed.

A segment's render is stored under a key made of everything that can change its pixels and
sound (``segment_key``): the parameter groups it reads, the theme, the code its render runs
(every project module in its import closure, ``pipeline.imports``), the quality, the versions
of Manim and the libraries that draw and encode, and the voice. Same key, same files: nothing
is rendered twice, and a run that was stopped picks up where it was.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from scenes.order import Segment, played_with

from .config import LessonConfig, default_text
from .files import atomic, write_text
from .imports import ROOT, ROOT_PACKAGES, closure, every_module, module_path
from .lesson_folder import DEFAULT_PACKAGE, loaded
from .media import MediaLayout, RangeFiles, StoredSegment
from .narration_lines import of_segment
from .processes import die_with_parent
from .records import RecordError
from .records.job import RenderJob
from .records.progress import Progress
from .records.timings import TimingsRecord
from .speech.audio import AudioError
from .speech.settings import Narration
from .store import store
from .video import frame_count

QUALITIES = {"low": "l", "medium": "m", "high": "h", "4k": "k"}
MIN_TIMEOUT = 300.0  # seconds: no render is stopped sooner (a cold LaTeX cache, a busy machine)
# where a render starts, besides its scene module, and what finishes the stored segment
# what every render process runs besides its segment: the process, the store, and the default lesson's package
# (imported by name: it registers the lesson's declarations, read from its files' text)
RENDER_ROOTS = ("pipeline.render_process", "pipeline.store", f"{DEFAULT_PACKAGE}.segments")
# the libraries that draw and encode a segment: a new version may change its pixels
DRAWN_BY = ("manim", "av", "pycairo", "ManimPango", "numpy")


@dataclass(frozen=True)
class RenderResult:
    segment: str
    video: Path | None
    seconds: float
    log: str
    ok: bool
    cached: bool = False
    timings: TimingsRecord = field(default_factory=TimingsRecord)
    ranges: tuple[float, ...] = ()  # a split render: each range's seconds


@cache
def code_digest(module: str) -> str:
    """The SHA-256 of every project module a render of the scene in ``module`` runs (names and bytes)."""
    digest = hashlib.sha256()
    package = module.split(".")[0]
    # a named lesson folder's modules are all imported by the render process (for the folder's own tables)
    folder = tuple(m for m in every_module() if m.split(".")[0] == package) if package not in ROOT_PACKAGES else ()
    for name in sorted(set(closure(*RENDER_ROOTS, module, *folder))):
        digest.update(name.encode() + b"\0" + module_path(name).read_bytes() + b"\0")
    return digest.hexdigest()


@cache
def library_versions() -> str:
    found = []
    for name in DRAWN_BY:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} -")
    return ", ".join(found) + f", python {sys.version_info[:3]}"


def segment_key(segment: Segment, config: LessonConfig, quality: str, voice: str = "") -> str:
    """What decides a segment's pixels and sound, hashed.

    ``voice`` is the narration's identity (engine, voice, version, model hash, rate; for a
    recorded lesson the hash of this segment's recordings): synthesis is deterministic, so
    the same identity and text give the same durations, hence the same frames.
    """
    digest = hashlib.sha256()
    own = dict(config.tables)  # a lesson folder's own tables, beside the lesson's parameters
    digest.update(repr([(name, own[name] if name in own else getattr(config.params, name))
                        for name in segment.uses]).encode())
    digest.update(repr(config.theme.items()).encode())  # every segment is drawn in the theme's colours
    digest.update(repr(of_segment(config.lines, segment.key)).encode())  # a teacher's words for its lines
    lesson = config.params.lesson  # every chapter card shows where its segment stands among those played
    played = played_with(segment, lesson.segments, lesson.answer_key)  # and the title card lists their titles
    digest.update(repr([(s.key, s.title, s.chapter) for s in played]).encode())
    digest.update(f"{quality}|{segment.key}|{segment.scene}|{voice}|{library_versions()}".encode())
    digest.update(code_digest(segment.module).encode())
    return digest.hexdigest()[:16]


def expected_seconds(layout: MediaLayout, segment: Segment) -> float:
    """How long the segment's last render took, from any earlier key; a guess from its code size when never rendered."""
    earlier = layout.earlier_timings(segment.key)
    if earlier:
        record = TimingsRecord.read(earlier[-1])
        if record is not None and record.total > 0:
            return record.total
    # about a second per kB of scene code at low quality; higher qualities draw more pixels and frames
    return segment.path.stat().st_size / 1000 * {"low": 1, "medium": 2.5, "high": 7, "4k": 25}[layout.quality]


def time_limit(expected: float, factor: float) -> float:
    """A render's wall-clock limit: generous (a busy machine is slow), but a render that loops still ends."""
    return max(MIN_TIMEOUT, factor * expected)


def worker_init() -> None:
    """Pool workers die with the ``lesson`` process, even when it is killed with SIGKILL."""
    die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it stops the workers


def _run_limited(command: list[str], limit: float) -> tuple[int | None, str]:
    """Run ``command`` in its own process group; past ``limit`` seconds kill the whole group. (status, output)."""
    with tempfile.TemporaryFile() as output:
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, cwd=ROOT,
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


def render_one(segment: Segment, layout: MediaLayout, outputs: StoredSegment | RangeFiles,
               config: tuple[Path, str] | None, limit: float = MIN_TIMEOUT, narration: Narration | None = None,
               span: tuple[int, int] | None = None, progress: Path | None = None, again: bool = True) -> RenderResult:
    """Run one segment's render (``pipeline.render_process``) in a process of its own, timed and time-limited.

    ``config`` is the run's frozen snapshot of the config and the SHA-256 it was validated under
    (None: the default lesson), never the user's file, so the pixels always come from the text
    the segment's key was made from. Each render has its own Manim folder (text SVGs, partial
    movies); the locked LaTeX cache and the converted SVGs are shared.

    With a voice (``narration``), each line is spoken before its beat plays (clips cached in
    ``narration.cache``), and the segment's voice track is mixed and stored with the video.
    ``span`` renders only that range of the scene's play calls into ``outputs`` (a ``RangeFiles``),
    to be joined with the segment's other ranges by ``store.store_joined``. ``progress`` is a file
    the render rewrites with its frames done after each play call. A clip removed from the speech cache
    between the render and the mix (someone cleared it) renders the segment ``again``, once: its lines are
    spoken anew.
    """
    start = time.perf_counter()
    own = layout.runs / f"{segment.key}-{os.getpid()}-{uuid.uuid4().hex[:8]}"
    own.mkdir(parents=True)
    job = RenderJob(segment.key, layout.quality, own / "manim", layout.tex, layout.svg, own / "video.mp4",
                    own / "cues.json", own / "timings.json", config=config[0] if config else None,
                    config_sha256=config[1] if config else None,
                    narration=narration if narration is not None and not narration.silent else None,
                    span=span, progress=progress, started=time.time())
    write_text(own / "job.json", job.to_json())
    if progress is not None:  # the display counts the job as started from now
        Progress(job.started).write(progress)
    try:
        folder = loaded()  # a lesson folder's code is run only because the command line named it
        status, log = _run_limited([sys.executable, "-m", "pipeline.render_process", str(own / "job.json"),
                                    *(["--lesson", str(folder)] if folder else [])], limit)
        if status is None:
            return RenderResult(segment.key, None, time.perf_counter() - start,
                                log + f"\n[lesson] stopped: the render took longer than its limit of {limit:.0f} s "
                                      "(set LESSON_TIMEOUT_FACTOR to allow more)", False)
        if status != 0 or not job.video.exists() or not job.cues.exists():
            return RenderResult(segment.key, None, time.perf_counter() - start, log, False)
        frames = frame_count(job.video)
        if not frames:
            return RenderResult(segment.key, None, time.perf_counter() - start, log + "\n[lesson] the video has no "
                                "frames that decode", False)
        record = TimingsRecord.read(job.timings) or TimingsRecord()
        if isinstance(outputs, RangeFiles):  # a range: kept as it is until the segment's ranges are joined
            for source, target in ((job.cues, outputs.cues), (job.timings, outputs.timings),
                                   (job.video, outputs.video)):
                with atomic(target) as temporary:
                    shutil.copyfile(source, temporary)
        else:
            try:
                store(outputs, job.video, job.cues, record, frames, narration)
            except AudioError as error:
                if not again:
                    return RenderResult(segment.key, None, time.perf_counter() - start,
                                        f"{log}\n[lesson] its voice track could not be mixed: {error}", False)
                return render_one(segment, layout, outputs, config, limit, narration, span, progress, again=False)
        return RenderResult(segment.key, outputs.video, time.perf_counter() - start, log, True, timings=record)
    except RecordError as error:
        return RenderResult(segment.key, None, time.perf_counter() - start, f"{log}\n[lesson] {error}", False)
    finally:
        shutil.rmtree(own, ignore_errors=True)


def snapshot(config: LessonConfig, layout: MediaLayout) -> tuple[Path, str] | None:
    """A frozen copy of the config's text for the render processes, and its SHA-256 (None for the built-in
    default lesson).

    Rendering reads this copy, never the user's file: an edit made while a run renders cannot give
    a segment pixels from other text than its key was made from, and a render process refuses a
    copy whose digest is not the one validated.
    """
    if not config.source or config.source == default_text():
        return None
    digest = hashlib.sha256(config.source.encode()).hexdigest()
    path = layout.configs / f"{digest[:16]}.toml"
    if not path.exists() or hashlib.sha256(path.read_bytes()).hexdigest() != digest:
        write_text(path, config.source)
    return path, digest
