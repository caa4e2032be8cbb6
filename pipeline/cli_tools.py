"""The `lesson` commands that render nothing: list, narration script, check, tables, worksheet, init, doctor."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import click

from scenes.order import find

from .cli_common import ALLOW_MANIM, CONFIG, BadInput, RenderFailed, load_checked
from .config import ConfigError, default_text, load_config
from .files import write_text
from .media import MediaLayout
from .records import RecordError
from .records.manifest import NAMES as MANIFESTS
from .records.manifest import Manifest
from .render import QUALITIES
from .speech.engines import SpeechError
from .speech.narrator import identity
from .speech.script import ScriptError, collect_lines, markdown, table
from .speech.settings import Narration
from .versions import UntestedManim, check_manim

_load = load_checked


@click.command("list", help="The segments in lesson order, with their durations: as the last render of this "
                             "config made them (in --media, at --quality), else estimated from the lines at "
                             "reading pace (a narrated render runs longer: lines said once per step, pauses).")
@CONFIG
@click.option("--media", type=click.Path(path_type=Path, file_okay=False), default=Path("media"),
              show_default=True, help="Where the renders are, whose durations are shown when there is one.")
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="low", show_default=True)
@click.option("--dry-run", "dry", is_flag=True,
              help="Estimate the segments not rendered yet by building them without drawing (every beat's "
                   "animation, each line as often as it is said; a few seconds a segment): much closer than "
                   "reading pace, since a narrated lesson runs long on its animation, not its voice.")
def list_segments(config_path: Path | None, media: Path, quality: str, dry: bool) -> None:
    from scenes.kit.narration import estimated_duration

    config = _load(config_path)
    rendered = rendered_durations(MediaLayout.of(media, config_path, quality).folder, config.digest)
    built: dict[str, float] = {}
    if dry:
        from .check import check_segments

        waiting = [s for s in find([*config.segments, *config.answer_key]) if s.key not in rendered]
        built = {found.key: found.seconds for found in check_segments(waiting, config)}
    counted = {"rendered": 0, "estimated": 0}
    for heading, keys in (("lesson.mp4", config.segments), ("answer-key.mp4", config.answer_key)):
        if not keys:
            continue
        click.echo(heading)
        total = 0.0
        for segment in find(keys):
            how = "rendered" if segment.key in rendered else "estimated"
            seconds = (rendered.get(segment.key) or built.get(segment.key)
                       or estimated_duration(segment.load().NARRATION))
            counted[how] += 1
            total += seconds
            mark = "" if how == "rendered" else "≈ " if segment.key in built else "~ "
            click.echo(f"  {segment.key:<16} {seconds / 60:4.1f} min  {mark}{segment.title}")
        click.echo(f"  {'total':<16} {total / 60:4.1f} min")
    if built:
        click.echo(f"≈ {len(built)} built in a dry run: every beat's animation, lines at reading pace (a narrated "
                   "render runs a little longer, on the voice's pauses); render once for the real lengths")
    elif counted["estimated"]:
        click.echo(f"~ {counted['estimated']} estimated at reading pace, each line read once (a narrated render "
                   "runs longer, mostly on its animation: `--dry-run` is closer); render once and `lesson list` "
                   "shows the rendered lengths")


def rendered_durations(folder: Path, digest: str) -> dict[str, float]:
    """Each segment's length in the videos rendered in ``folder`` from this very config (its digest); none from
    another config's render, or from a manifest that cannot be read."""
    found: dict[str, float] = {}
    for name in MANIFESTS.values():
        try:
            manifest = Manifest.read(folder / name)
        except RecordError:
            continue
        if manifest.config_hash == digest:
            found.update((s.key, s.duration) for s in manifest.segments)
    return found


@click.group(help="The narration: the script to record your own voice from.")
def narration() -> None:
    pass


@narration.command("script", help="Write the narration script (markdown and CSV: cue id, segment, line, the slots "
                                  "a replaced line may use, expected length): to record from (one audio file per "
                                  "cue id), or to replace lines in [narration.lines] by cue id.")
@CONFIG
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), default=Path("narration"),
              show_default=True, help="Folder for script.md and script.csv.")
def narration_script(config_path: Path | None, out: Path) -> None:
    config = _load(config_path)
    keys = list(config.segments) + list(config.answer_key)
    click.echo(f"collecting the lines of {len(keys)} segments (a dry run, nothing is rendered) ...")
    try:
        lines = collect_lines(keys, config)
    except ScriptError as error:
        raise RenderFailed(str(error)) from None
    out.mkdir(parents=True, exist_ok=True)
    write_text(out / "script.md", markdown(lines, config.title))
    write_text(out / "script.csv", table(lines))
    click.echo(f"wrote {out / 'script.md'} and {out / 'script.csv'}: {len(lines)} lines, about "
               f"{sum(line.seconds for line in lines) / 60:.0f} min")


@click.command(help="Build segments without rendering and say what a viewer would find wrong on any frame: off "
                   "the frame or at its edge, too small, text over text, an empty stage, beats ending on words "
                   "alone. Exit status 1 when something is wrong.")
@click.argument("segments", nargs=-1)
@CONFIG
def check(segments: tuple[str, ...], config_path: Path | None) -> None:
    from .check import check_segments, summary

    config = _load(config_path)
    keys = list(segments) or list(config.segments) + list(config.answer_key)
    try:
        chosen = find(keys)
    except KeyError as error:
        raise BadInput(str(error.args[0])) from None
    checks = []
    for found in check_segments(chosen, config):
        checks.append(found)
        state = "ok" if not found.problems else f"{len(found.problems)} problem(s)"
        words = f"; ends on words alone: {', '.join(found.text_only)}" if found.text_only else ""
        click.echo(f"{found.key:16} {found.beats:3} beats, about {found.seconds:5.1f} s: {state}{words}")
        for problem in found.problems:
            click.echo(f"    {problem}")
    click.echo(summary(checks))
    if any(c.problems for c in checks):
        raise RenderFailed("the layout check found problems (listed above)")


@click.command(help="Print every table of the lesson as mathcore computes it, the worksheet's answers and the web "
                   "page's questions with theirs included (for a quiz tool: --format csv or json).")
@CONFIG
@click.option("--format", "form", type=click.Choice(["markdown", "csv", "json"]), default="markdown",
              show_default=True)
def tables(config_path: Path | None, form: str) -> None:
    from .quiz import questions, quiz_table
    from .tables import lesson_tables, render_tables

    config = _load(config_path)
    asked = questions(config.params, config.page.asked)
    found = lesson_tables(config.params) + ([quiz_table(asked)] if asked else [])
    click.echo(render_tables(found, form), nl=False)


@click.command(help="Write the student worksheet and its answer key (PDF) from the config's worksheet numbers.")
@CONFIG
@click.option("--media", type=click.Path(path_type=Path, file_okay=False), default=Path("media"),
              show_default=True, help="Output folder.")
def worksheet(config_path: Path | None, media: Path) -> None:
    from .quiz import questions
    from .worksheet import WorksheetError, build

    layout = MediaLayout.of(media, config_path)
    config = _load(config_path, layout.stamps)
    folder = layout.worksheet
    try:
        files = build(config.params.worksheet, folder, questions(config.params, config.page.asked))
    except WorksheetError as error:
        raise RenderFailed(str(error)) from None
    for path in files.values():
        click.echo(f"wrote {path}")


@click.command(help="Write the default lesson config to FILE, commented, to edit.")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--force", is_flag=True, help="Overwrite FILE if it exists.")
def init(file: Path, force: bool) -> None:
    if file.exists() and not force:
        raise BadInput(f"{file} exists; use --force to overwrite it")
    if not file.parent.is_dir():
        raise BadInput(f"{file}: the folder {file.parent} does not exist")
    file.write_text(default_text(), encoding="utf-8")
    click.echo(f"wrote {file}; edit it, then: lesson render --config {file}")


@click.command(help="Check what rendering needs (Manim, LaTeX, dvisvgm, Cairo, Pango, fonts, voices, disk) and say "
                   "what to install.")
@ALLOW_MANIM
def doctor(allow_manim: bool) -> None:
    checks = []
    try:
        checks.append(("manim", True, check_manim(allow_manim)))
    except UntestedManim as error:
        checks.append(("manim", False, str(error)))

    def tool(name: str, package: str) -> None:
        found = shutil.which(name)
        checks.append((name, bool(found), found or f"missing: apt-get install {package}"))

    tool("latex", "texlive-latex-base texlive-latex-extra texlive-fonts-recommended")
    tool("dvisvgm", "dvisvgm")
    tool("pkg-config", "pkg-config")
    tool("pdftotext", "poppler-utils")
    for library, package in (("cairo", "libcairo2-dev"), ("pangocairo", "libpango1.0-dev")):
        ok = shutil.which("pkg-config") and subprocess.run(["pkg-config", "--exists", library]).returncode == 0
        checks.append((library, bool(ok), "found" if ok else f"missing: apt-get install {package}"))
    fonts = subprocess.run(["fc-list", ":family=DejaVu Sans"], capture_output=True, text=True) \
        if shutil.which("fc-list") else None
    checks.append(("DejaVu fonts", bool(fonts and fonts.stdout), "found" if fonts and fonts.stdout
                   else "missing: apt-get install fonts-dejavu-core"))
    tool("espeak-ng", "espeak-ng")
    try:
        voice = identity(Narration(engine="piper"))
        checks.append(("piper voice", True, f"{voice['voice']} ({voice['model']}, piper-tts {voice['version']})"))
    except SpeechError as error:
        checks.append(("piper voice", False, str(error)))
    free = shutil.disk_usage(Path.cwd()).free / 2**30
    checks.append(("disk", free > 2, f"{free:.1f} GiB free" + ("" if free > 2 else " (a lesson needs about 2 GiB)")))
    try:
        load_config(None)
        checks.append(("default lesson", True, "valid"))
    except ConfigError as error:  # pragma: no cover - the shipped default is tested
        checks.append(("default lesson", False, str(error)))
    for name, ok, detail in checks:
        click.echo(f"{'ok ' if ok else 'NO '} {name:<15} {detail}")
    if not all(ok for _, ok, _ in checks):
        sys.exit(1)
