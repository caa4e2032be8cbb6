"""``lesson preview`` and ``lesson watch``: see a change to a config in seconds, without rendering video.

``preview`` draws every beat's last frame with its line (`pipeline.preview`); ``watch`` previews again
each time the config file is saved, only the segments the change touched (those whose render key
changed), and, with ``--render``, renders them too. A config error is printed at once, naming the key,
and the watch goes on.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import click

from scenes.order import find

from .cli_common import CONFIG, LESSON, BadInput, load_checked
from .config import ConfigError, LessonConfig, load_config
from .lesson_folder import loaded
from .media import MediaLayout
from .render import segment_key

POLL = 0.3  # seconds between looks at the config file's modification time


def _chosen(segments: tuple[str, ...], config: LessonConfig):
    keys = list(segments) or list(config.segments) + list(config.answer_key)
    try:
        return find(keys)
    except KeyError as error:
        raise BadInput(str(error.args[0])) from None


def _preview(chosen, config: LessonConfig, layout: MediaLayout) -> None:
    from .preview import preview

    try:
        preview(tuple(chosen), config, layout.lesson / "preview", layout.tex, report=click.echo,
                jobs=os.cpu_count() or 1)
    except (ValueError, RuntimeError, OSError) as error:
        raise click.ClickException(f"the preview failed: {type(error).__name__}: {error}") from None


@click.command(help="Draw every beat's last frame with its line, for each SEGMENT (default: all), without "
                   "rendering video: <media>/<config>/preview/<segment>.png and index.html. Prints each file.")
@click.argument("segments", nargs=-1)
@CONFIG
@click.option("--media", type=click.Path(path_type=Path, file_okay=False), default=Path("media"),
              show_default=True, help="The media folder (the preview goes in its folder for this config).")
def preview(segments: tuple[str, ...], config_path: Path | None, media: Path) -> None:
    layout = MediaLayout.of(media, config_path)
    config = load_checked(config_path, layout.stamps if media.is_dir() else None)
    _preview(_chosen(segments, config), config, layout)


def _keys(config: LessonConfig, chosen) -> dict[str, str]:
    return {segment.key: segment_key(segment, config, "low") for segment in chosen}


@click.command(help="Preview SEGMENTS (default: all) each time the config file is saved: only the segments the "
                   "change touched are drawn again. A config error is shown at once, naming the key. Ctrl-C stops.")
@click.argument("segments", nargs=-1)
@LESSON
@click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False, exists=True),
              required=True, help="The lesson config file to watch.")
@click.option("--media", type=click.Path(path_type=Path, file_okay=False), default=Path("media"),
              show_default=True)
@click.option("--render", "also_render", is_flag=True,
              help="Also render the changed segments (lesson render SEGMENT ... --config FILE).")
@click.option("--once", is_flag=True, hidden=True, help="Preview once and return (for the tests).")
def watch(segments: tuple[str, ...], config_path: Path, media: Path, also_render: bool, once: bool) -> None:
    layout = MediaLayout.of(media, config_path)
    config = load_checked(config_path)
    chosen = _chosen(segments, config)
    seen = _keys(config, chosen)
    _preview(chosen, config, layout)
    click.echo(f"watching {config_path} (Ctrl-C stops) ...")
    stamp = config_path.stat().st_mtime_ns
    while not once:
        time.sleep(POLL)
        try:
            now = config_path.stat().st_mtime_ns
        except OSError:
            continue  # an editor replacing the file: look again
        if now == stamp:
            continue
        stamp = now
        try:
            config = load_config(config_path)
        except ConfigError as error:
            click.echo(f"config error: {error}", err=True)
            continue
        keys = _keys(config, chosen)
        changed = [s for s in chosen if keys[s.key] != seen.get(s.key)]
        seen = keys
        if not changed:
            click.echo("saved: nothing a segment shows changed")
            continue
        click.echo(f"saved: {', '.join(s.key for s in changed)} changed")
        began = time.perf_counter()
        try:
            _preview(changed, config, layout)
        except click.ClickException as error:
            click.echo(error.format_message(), err=True)
            continue
        click.echo(f"preview in {time.perf_counter() - began:.1f} s")
        if also_render:
            folder = loaded()
            subprocess.run([sys.executable, "-m", "pipeline.cli", "render", *(s.key for s in changed), "--config",
                            os.fspath(config_path), "--media", os.fspath(media),
                            *(["--lesson", os.fspath(folder)] if folder else [])], check=False)
