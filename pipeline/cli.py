"""The ``lesson`` command: list and render the lesson's segments."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from scenes.order import SCENES_IN_ORDER, find

from .render import QUALITIES, render_all


@click.group(help="Render the animated lesson 'How neural networks learn'.")
def main() -> None:
    pass


@main.command("list", help="The segments in lesson order, with their estimated durations.")
def list_segments() -> None:
    from scenes.kit.narration import estimated_duration

    total = 0.0
    for segment in SCENES_IN_ORDER:
        seconds = estimated_duration(segment.load().NARRATION)
        total += seconds
        click.echo(f"{segment.key:<14} {seconds / 60:4.1f} min  {segment.title}")
    click.echo(f"{'total':<14} {total / 60:4.1f} min")


@main.command(help="Render SEGMENTs (all by default) into the media folder, in parallel.")
@click.argument("segments", nargs=-1)
@click.option("--quality", type=click.Choice(list(QUALITIES)), default="low", show_default=True)
@click.option("--jobs", type=click.IntRange(min=1), default=None, help="Processes [default: cores]")
@click.option("--media", type=click.Path(path_type=Path), default=Path("media"), show_default=True)
def render(segments: tuple[str, ...], quality: str, jobs: int | None, media: Path) -> None:
    try:
        chosen = find(segments)
    except KeyError as error:
        raise click.UsageError(str(error.args[0])) from None
    jobs = jobs or os.cpu_count() or 1
    results = render_all(chosen, quality, media, min(jobs, len(chosen)), report=click.echo)
    failed = [r for r in results if not r.ok]
    for result in failed:
        click.echo(f"--- {result.segment} failed; the end of its log:\n{result.log}", err=True)
    for result in results:
        if result.ok:
            click.echo(f"{result.segment}: {result.video}")
    sys.exit(1 if failed else 0)
