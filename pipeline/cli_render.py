"""`lesson render` and `lesson site`: render the segments (cached, in parallel), join them, write the page."""

from __future__ import annotations

import dataclasses
import json
import os
import platform
import re
import shutil
from contextlib import ExitStack, contextmanager
from importlib.metadata import version
from pathlib import Path
from typing import Iterator

import click

from scenes.order import find

from .assemble import Part, write_lesson
from .cli_common import ALLOW_MANIM, CONFIG, BadInput, RenderFailed, load_checked, manim_tested, printable
from .cluster import ClusterError, cluster_executor
from .config import LessonConfig
from .files import locked
from .leftovers import sweep
from .lesson_folder import loaded
from .media import MediaLayout
from .narration_lines import of_segment
from .records import RecordError
from .records.cues import SegmentCues
from .records.manifest import Manifest, ManifestSegment
from .render import QUALITIES
from .schedule import render_all
from .speech.engines import SpeechError
from .speech.narrator import identity
from .speech.script import ScriptError, check_recordings, collect_lines
from .speech.settings import Narration
from .tuning import Tuning, TuningError
from .video import duration

_load = load_checked


@click.command(help="Render the lesson (and the worksheet's answer key) and join each into one video with "
                   "chapters and captions; or only the SEGMENTs named, joined as selection.mp4. Unchanged "
                   "segments are reused, not rendered again.")
@click.argument("segments", nargs=-1)
@CONFIG
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="low", show_default=True,
              help="low 480p15, medium 720p30, high 1080p60, 4k 2160p60.")
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Parallel processes [default: cores]")
@click.option("--media", type=click.Path(path_type=Path, file_okay=False), default=Path("media"),
              show_default=True, help="Output folder.")
@click.option("--scheduler", metavar="ADDRESS", default=None,
              help="Render on a Dask distributed cluster (tcp://host:8786) instead of local processes; its "
                   "workers need this project and the media folder at the same paths (see the README).")
@click.option("--narration", "engine", type=click.Choice(["piper", "espeak", "recorded", "none"]), default=None,
              help="Who says the lines, instead of the config's [narration] engine (none: a silent preview).")
@click.option("--site/--no-site", default=True, show_default=True,
              help="Also write the web page (site/index.html) beside the videos.")
@click.option("--webm/--no-webm", default=True, show_default=True,
              help="Give the page a WebM (VP9 + Opus) rendition for browsers without H.264.")
@ALLOW_MANIM
def render(segments: tuple[str, ...], config_path: Path | None, quality: str, jobs: int | None,
           media: Path, scheduler: str | None, engine: str | None, site: bool, webm: bool,
           allow_manim: bool) -> None:
    manim_tested(allow_manim)
    try:
        tuning = Tuning.from_environment(os.environ)
    except TuningError as error:
        raise BadInput(str(error)) from None
    if media.exists() and not media.is_dir():
        raise BadInput(f"--media {media}: not a folder")
    layout = MediaLayout.of(media, config_path, quality)
    config = _load(config_path, layout.stamps)
    try:
        videos = ({"selection": find(segments)} if segments else
                  {"lesson": find(config.segments), "answer-key": find(config.answer_key)})
    except KeyError as error:
        raise click.UsageError(str(error.args[0])) from None
    folder = layout.folder
    everything = tuple(s for chosen in videos.values() for s in chosen)
    _replaced_lines(config, everything, layout)
    narration, voice = _voice(config, engine, layout, everything)
    with ExitStack() as stack:
        stack.enter_context(exclusive(layout))
        enough_space(folder)
        executor = None
        if scheduler and loaded() is not None:
            raise BadInput("--lesson renders on this machine's processes only: a cluster's workers do not have "
                           "the lesson folder's code")
        if scheduler:
            try:
                executor, slots = stack.enter_context(cluster_executor(scheduler))
            except ClusterError as error:
                raise BadInput(str(error)) from None
            jobs = jobs or slots
        rendered = render_all(everything, config, layout, jobs or os.cpu_count() or 1, report=click.echo,
                              executor=executor, tuning=tuning, narration=narration, voice=voice)
        results = {s.key: r for s, r in zip(everything, rendered)}
        failed = [r for r in results.values() if not r.ok]
        for result in failed:
            click.echo(f"--- {result.segment} failed; the end of its log:\n{result.log}", err=True)
        if failed:
            causes = sorted({cause for r in failed if (cause := system_cause(r.log))})
            because = f" ({'; '.join(causes)} under {folder})" if causes else ""
            raise RenderFailed(f"{len(failed)} segment(s) failed: {', '.join(r.segment for r in failed)}{because}; "
                               "no joined video was written")
        for stem, chosen in videos.items():
            if chosen:
                _join(stem, chosen, results, config, config_path, quality, folder, narration, voice)
        if site:
            _site(folder, config, [stem for stem, chosen in videos.items() if chosen], webm)


def _site(folder: Path, config: LessonConfig, stems: list[str], webm: bool, scorm: bool = False) -> None:
    from .quiz import questions
    from .site import SiteError, build_site
    from .worksheet import WorksheetError, build

    try:
        made = build_site(folder, config, stems=stems, webm=webm, report=click.echo, scorm=scorm,
                          worksheets=lambda out: build(config.params.worksheet, out,
                                                       questions(config.params, config.page.asked)))
    except (SiteError, WorksheetError) as error:
        raise RenderFailed(f"the web page was not written: {error}") from None
    answers = "with" if config.page.answers else "without"
    click.echo(f"site: {made.pages[0]} ({made.seconds:.0f} s): the student page, {answers} the answer key; "
               f"publish {made.folder} on any static host")
    click.echo(f"site: {made.teacher / made.pages[0].name}: the teacher's page, with the answer key and the "
               f"questions' answers; keep it for the class")


@click.command(help="Write the lesson's web pages from a finished render, without rendering anything: site/ for "
                   "students (captions, transcript, chapters, questions, presenter mode; no answer key unless "
                   "[site] answers = true) and site-teacher/ with the answer key and the questions' answers.")
@CONFIG
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="low", show_default=True)
@click.option("--media", type=click.Path(path_type=Path, file_okay=False), default=Path("media"),
              show_default=True, help="The media folder the render wrote into.")
@click.option("--webm/--no-webm", default=True, show_default=True,
              help="Give the page a WebM (VP9 + Opus) rendition for browsers without H.264.")
@click.option("--scorm", is_flag=True,
              help="Also zip the student page as a SCORM 1.2 package (site-scorm.zip) for a learning management "
                   "system: it reports completion and the questions' score.")
def site(config_path: Path | None, quality: str, media: Path, webm: bool, scorm: bool) -> None:
    from .site.build import stems_in

    layout = MediaLayout.of(media, config_path, quality)
    config = _load(config_path, layout.stamps if media.is_dir() else None)
    folder = layout.folder
    stems = stems_in(folder) if folder.is_dir() else []
    if not stems:
        raise BadInput(f"{folder}: no rendered lesson here; run `lesson render` (with the same --config, "
                       "--quality and --media) first")
    with exclusive(layout):
        _site(folder, config, stems, webm, scorm)


SYSTEM_ERROR = re.compile(r"^(?:\w+Error): \[Errno (\d+)\] (.+?)(?::\s*'.*')?\s*$", re.MULTILINE)


def system_cause(log: str) -> str | None:
    """The operating system's reason a render process stopped (disk full, read-only, ...), if its log shows one.

    A worker's log ends in Manim's traceback; the person at the terminal needs the one line that
    says what to fix, so the summary names it.
    """
    found = SYSTEM_ERROR.findall(log)
    return found[-1][1] if found else None


MINIMUM_FREE_MB = 200


def enough_space(folder: Path) -> None:
    """Refuse to start when the disk holding the output folder is nearly full.

    A render that fills the disk fails minutes in with partial files; saying so first is kinder.
    """
    free = shutil.disk_usage(folder).free / 1e6
    if free < MINIMUM_FREE_MB:
        raise BadInput(f"{folder}: only {free:.0f} MB free on its disk; a render needs at least "
                       f"{MINIMUM_FREE_MB} MB (free some space or choose another --media folder)")


@contextmanager
def exclusive(layout: MediaLayout) -> Iterator[None]:
    """Hold the output folder for this run: a second ``lesson render`` into it stops with a clear message."""
    layout.folder.mkdir(parents=True, exist_ok=True)
    with ExitStack() as stack:
        try:
            handle = stack.enter_context(locked(layout.lock, wait=False))
        except BlockingIOError:
            holder = layout.lock.read_text(encoding="utf-8").strip() or "another process"
            raise BadInput(f"another `lesson render` ({holder}) is writing to {layout.folder}; wait for it to "
                           "finish, or render into another --media folder") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        removed = sweep(layout.lesson, layout.runs) + sweep(layout.speech)
        if removed:  # a run killed outright (SIGKILL) could not remove its own
            click.echo(f"removed {len(removed)} temporary file(s) and folder(s) left by stopped runs")
        yield




def _replaced_lines(config: LessonConfig, segments, layout: MediaLayout) -> None:
    """Each [narration.lines] id of a segment about to render names one of its beats: checked by building those
    segments (a dry run, a few seconds each), before anything renders."""
    touched = [s.key for s in segments if of_segment(config.lines, s.key)]
    if not touched:
        return
    click.echo(f"checking the replaced narration lines of {', '.join(touched)} (a dry run) ...")
    try:
        collect_lines(touched, config, layout.tex)
    except ScriptError as error:
        raise BadInput(str(error)) from None


def _voice(config: LessonConfig, engine: str | None, layout: MediaLayout, segments) -> tuple[Narration, str]:
    """The narration settings (the config's, or --narration), checked before anything renders, and its identity.

    A recorded lesson's missing or unreadable recordings are listed all at once, by cue id.
    """
    narration = config.narration
    if engine is not None and engine != narration.engine:
        if engine == "recorded" and not narration.folder:
            raise BadInput("--narration recorded needs [narration] folder in the config")
        narration = dataclasses.replace(narration, engine=engine, voice=None if engine != "recorded" else
                                        narration.voice)
    narration = narration.with_cache(layout.speech)
    if narration.silent:
        return narration, json.dumps({"engine": "none"})
    try:
        voice = json.dumps(identity(narration), sort_keys=True)
    except SpeechError as error:
        raise BadInput(f"narration: {error}") from None
    if narration.engine == "recorded":
        click.echo("checking the recordings against the narration script ...")
        try:
            lines = collect_lines([s.key for s in segments], config, layout.tex)
        except ScriptError as error:
            raise RenderFailed(str(error)) from None
        missing, unreadable, unused = check_recordings(lines, narration)
        if unused:
            click.echo(f"not used (no line has this cue id): {', '.join(map(printable, unused))}", err=True)
        problems = ([f"unreadable: {printable(item)}" for item in unreadable] +
                    ([f"missing ({len(missing)}): {', '.join(missing)}"] if missing and narration.speaking is None
                     else []))
        if problems:
            raise BadInput(f"recordings in {narration.folder}:\n  " + "\n  ".join(problems) +
                           "\n(`lesson narration script` lists every cue id; or set [narration] fallback = \"piper\")")
        if missing:
            click.echo(f"{len(lines) - len(missing)} of {len(lines)} lines recorded; {narration.speaking} says the "
                       f"other {len(missing)}")
    return narration, voice


def _join(stem: str, chosen, results, config: LessonConfig, config_path: Path | None, quality: str, folder: Path,
          narration: Narration, voice: str) -> None:
    parts, timings = [], {}
    try:
        for segment in chosen:
            video = results[segment.key].video
            cues = SegmentCues.read(video.with_suffix(".json"))
            for source, count in cues.timings().items():
                timings[source] = timings.get(source, 0) + count
            parts.append(Part(segment.key, segment.title, duration(video), video, cues.captions(),
                              video.with_suffix(".wav") if not narration.silent else None,
                              tuple(word for cue in cues.cues for word in cue.words)))
    except RecordError as error:
        raise RenderFailed(f"{stem}: a segment's cues cannot be read ({error}); render it again") from None
    title = config.title if stem != "answer-key" else f"{config.title}: worksheet answer key"
    manifest = Manifest(
        title, quality, str(config_path or "default"), config.digest,
        tuple(ManifestSegment(p.key, p.title, p.seconds, str(p.video.relative_to(folder)),
                              str(p.video.with_suffix(".png").relative_to(folder)), results[p.key].cached,
                              results[p.key].seconds, results[p.key].ranges, dict(results[p.key].timings.seconds))
              for p in parts),
        narration=json.loads(voice),
        versions={"python": platform.python_version(),
                  **{pkg: version(pkg) for pkg in ("manim", "numpy", "sympy", "av")}})
    files = write_lesson(parts, folder, manifest, stem)
    click.echo(f"{stem}: {files['video']} ({sum(p.seconds for p in parts) / 60:.1f} min, {len(parts)} chapters; "
               f"captions {files['srt'].name}, {files['vtt'].name})")
    said = {"engine": "from the voice itself", "aligned": "aligned to the speech", "estimate": "ESTIMATED by length",
            "reading": "by reading pace (silent)"}
    click.echo(f"{stem}: word times of {sum(timings.values())} lines: "
               + ", ".join(f"{count} {said.get(source, source)}" for source, count in sorted(timings.items())))
