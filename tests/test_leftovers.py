"""Temporaries left by runs killed outright (SIGKILL) are removed by the next command that writes the folder
(issue 32: they stayed forever), never those of a process still running, never through a link."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pipeline.leftovers import sweep
from pipeline.media import MediaLayout


def _dead_pid() -> int:
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def _plant(layout: MediaLayout, pid: int) -> list[Path]:
    """One of each kind of temporary, as the pipeline names them, owned by ``pid``."""
    made = [layout.runs / f"valley-{pid}-0123abcd",  # a render's own folder, with a truncated partial movie
            layout.folder / f".lesson.{pid}-89abcdef.partial.mp4",  # the joined lesson, written whole
            layout.folder / f".lesson.{pid}-89abcdef.partial.voice.m4a",  # its voice, beside it
            layout.folder / f".lesson.{pid}-0000ffff.partial.webm",  # the WebM copy
            layout.folder / f".site-student-{pid}", layout.folder / f".site-old-{pid}",  # a site being swapped
            layout.folder / f".lesson-scorm.zip.{pid}.partial",  # a package being zipped
            layout.speech / f".abc123.{pid}-12345678.partial.wav"]  # a spoken line
    for path in made:
        path.parent.mkdir(parents=True, exist_ok=True)
        if "." in path.name.removeprefix(".") and not path.name.startswith(".site"):
            path.write_bytes(b"\x00" * 100)
        else:
            (path / "manim").mkdir(parents=True)
            (path / "manim" / "partial.mp4").write_bytes(b"\x00" * 100)
    return made


def test_a_dead_runs_temporaries_go_and_a_living_ones_stay(tmp_path):
    layout = MediaLayout.of(tmp_path / "media", None)
    dead = _plant(layout, _dead_pid())
    living = _plant(layout, os.getpid())
    kept = [layout.folder / "lesson.mp4", layout.runs / "notes", layout.folder / ".site-student-notapid"]
    for path in kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("keep")
    outside = tmp_path / "precious"
    outside.mkdir()
    (outside / "file").write_text("keep")
    link = layout.folder / f".site-old-{_dead_pid()}"
    link.symlink_to(outside, target_is_directory=True)

    removed = sweep(layout.lesson, layout.runs) + sweep(layout.speech)
    assert sorted(removed) == sorted([*dead, link])
    assert not any(p.exists() for p in dead) and not link.exists()
    assert all(p.exists() for p in [*living, *kept])
    assert (outside / "file").read_text() == "keep"  # the link went, not what it pointed to


def test_the_next_render_into_the_folder_removes_them(tmp_path):
    """`lesson render` sweeps once it holds the folder: the leftovers of a SIGKILLed run are gone, and it says so."""
    from pipeline.cli import main

    config = tmp_path / "lesson.toml"
    config.write_text('[lesson]\nsegments = ["title"]\nanswer_key = []\n[narration]\nengine = "none"\n',
                      encoding="utf-8")
    media = tmp_path / "media"
    layout = MediaLayout.of(media, config)
    dead = _plant(layout, _dead_pid())
    result = CliRunner().invoke(main, ["render", "title", "--config", str(config), "--media", str(media)])
    assert result.exit_code == 0 and "left by stopped runs" in result.output, result.output
    assert not any(p.exists() for p in dead)
