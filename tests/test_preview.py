"""`lesson preview` and `lesson watch` (issue 30): every beat's last frame with its line, in seconds, without
rendering video; the watch draws again only what a saved change touched, and names a config error at once."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import av
import numpy as np
from click.testing import CliRunner
from PIL import Image

from pipeline.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_preview_writes_a_sheet_a_frame_per_beat_and_a_page(tmp_path):
    config = tmp_path / "mine.toml"
    config.write_text('[lesson]\ntitle = "Gradients <script>alert(1)</script>"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["preview", "title", "--config", str(config), "--media", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    (out,) = (tmp_path / "m").glob("mine-*/preview")  # the config's own folder
    frames = sorted((out / "title").glob("*.png"))
    assert [f.stem for f in frames] == ["title-01-title", "title-02-contents"]
    assert str(out / "title.png") in result.output and str(out / "index.html") in result.output
    sheet = Image.open(out / "title.png")
    assert sheet.width > 2 * 480 and sheet.height > 270
    page = (out / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert 'src="title/title-02-contents.png"' in page
    # a frame shows what is on screen: the title card is not an empty frame
    pixels = np.asarray(Image.open(frames[0]).convert("L"), dtype=float)
    assert pixels.std() > 5


def test_a_preview_frame_is_the_videos_frame_at_the_end_of_its_beat(site, tmp_path):
    """The title card's first beat, drawn by the preview and by the render (the session's narrated render)."""
    folder, _ = site
    from pipeline.records.cues import SegmentCues
    from pipeline.records.manifest import Manifest

    manifest = Manifest.read(folder / "selection.manifest.json")
    title = manifest.segments[0]
    cue = SegmentCues.read(folder / title.cues).cues[0]
    config = folder.parent.parent.parent / "toned.toml"
    result = CliRunner().invoke(main, ["preview", "title", "--config", str(config), "--media", str(tmp_path)])
    assert result.exit_code == 0, result.output
    drawn = np.asarray(Image.open(next(tmp_path.glob("*/preview/title/title-01-title.png"))).convert("RGB"),
                       dtype=float)
    with av.open(str(folder / "selection.mp4")) as container:
        stream = container.streams.video[0]
        last = None
        for frame in container.decode(stream):
            if frame.time > cue.end - 0.05:
                break
            last = frame
        shown = np.asarray(last.to_image().convert("RGB").resize(drawn.shape[1::-1]), dtype=float)
    assert np.abs(drawn - shown).mean() < 6  # the same picture, up to video compression and scaling


def test_watch_draws_again_what_a_saved_change_touched_and_names_a_config_error(tmp_path):
    config = tmp_path / "mine.toml"
    config.write_text("[valley]\nlearning_rate = 0.1\n", encoding="utf-8")
    media = tmp_path / "m"
    command = [sys.executable, "-m", "pipeline.cli", "watch", "title", "valley", "--config", str(config),
               "--media", str(media)]
    watcher = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "PYTHONUNBUFFERED": "1"})
    said: list[str] = []

    def until(text: str, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            line = watcher.stdout.readline()
            said.append(line)
            if text in line:
                return
        raise AssertionError(f"{text!r} not said: {''.join(said)}")

    try:
        until("watching")
        (out,) = media.glob("mine-*/preview")
        first = (out / "title.png").stat().st_mtime_ns
        time.sleep(0.05)
        config.write_text("[valley]\nlearning_rate = 0.2\n", encoding="utf-8")
        until("saved: valley changed")  # the title card does not show the valley's numbers
        until("preview in")
        assert (out / "title.png").stat().st_mtime_ns == first
        rows = [p.stem for p in (out / "valley").glob("*.png")]
        assert "valley-10-row" in rows
        config.write_text("[valley]\nlearning_rate = -1\n", encoding="utf-8")
        until("config error:")
        assert "valley.learning_rate" in said[-1]
        config.write_text("[valley]\nlearning_rate = 0.2\n# a comment\n", encoding="utf-8")
        until("nothing a segment shows changed")
    finally:
        watcher.kill()
        watcher.wait()
