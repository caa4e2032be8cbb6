"""A teacher's own segments in a lesson folder (issue 30): named on the command line (--lesson), never by a config;
rendered, cached, narrated, captioned and chaptered like the lesson's own. Each command runs in a process of its own:
a loaded folder's segments join the lesson for the rest of that process."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "docs" / "examples" / "my-lesson"


def lesson(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=cwd, capture_output=True, text=True,
                          timeout=600)


@pytest.fixture
def folder(tmp_path) -> Path:
    copy = tmp_path / "my-lesson"
    shutil.copytree(EXAMPLE, copy)
    return copy


def test_the_example_segment_renders_narrated_captioned_and_chaptered(folder, tmp_path):
    done = lesson("render", "title", "recap", "--lesson", str(folder), "--media", str(tmp_path / "m"),
                  "--narration", "none", "--no-webm", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    (render,) = (tmp_path / "m").glob("lesson-*/low")  # its lesson.toml is the config
    manifest = json.loads((render / "selection.manifest.json").read_text())
    assert [s["key"] for s in manifest["segments"]] == ["title", "recap"]
    assert manifest["segments"][1]["title"] == "Recap: the whole descent in one picture"
    captions = (render / "selection.vtt").read_text()
    assert "We started at x = 3, where the error was" in captions  # mathcore's numbers for the config
    assert "Recap: the whole descent" in (render / "site-selection" / "index.html").read_text()
    # the same again is reused; an edit to the segment's code renders it again, and only it
    again = lesson("render", "title", "recap", "--lesson", str(folder), "--media", str(tmp_path / "m"),
                   "--narration", "none", "--no-webm")
    assert "2 of 2 segment(s) unchanged" in again.stdout, again.stdout
    code = folder / "segments" / "recap.py"
    code.write_text(code.read_text().replace("Let's {@walk}replay", "Let us {@walk}replay"))
    edited = lesson("render", "title", "recap", "--lesson", str(folder), "--media", str(tmp_path / "m"),
                    "--narration", "none", "--no-webm")
    assert "1 of 2 segment(s) unchanged; rendering 1" in edited.stdout, edited.stdout
    assert "Let us replay" in (render / "selection.vtt").read_text()


def test_a_config_names_segments_but_never_runs_code(folder, tmp_path):
    config = tmp_path / "mine.toml"
    config.write_text('[lesson]\nsegments = ["title", "recap"]\n')
    done = lesson("check", "--config", str(config))
    assert done.returncode == 2 and "unknown segment 'recap'" in done.stderr
    assert "name its lesson folder with --lesson DIR" in done.stderr and "Traceback" not in done.stderr
    checked = lesson("check", "recap", "--lesson", str(folder), "--config", str(config))
    assert checked.returncode == 0 and "recap" in checked.stdout, checked.stdout + checked.stderr


@pytest.mark.parametrize("change, message", [
    (lambda f: shutil.rmtree(f / "segments"), "a lesson folder holds its segments in segments/*.py"),
    (lambda f: (f / "segments" / "recap.py").write_text("raise RuntimeError('nope')\n"),
     "recap.py: importing it failed: RuntimeError: nope"),
    (lambda f: (f / "segments" / "recap.py").write_text("SEGMENT = 'recap'\n"),
     "SEGMENT must be made with scenes.authoring.segment"),
    (lambda f: _replace(f, 'segment("recap"', 'segment("Recap Two"'), "segment key 'Recap Two'"),
    (lambda f: _replace(f, 'segment("recap"', 'segment("valley"'), "segment 'valley' is already a segment"),
    (lambda f: _replace(f, 'uses=("valley",)', 'uses=("valey",)'), "uses=['valey']: not parameters of the lesson"),
    (lambda f: _replace(f, 'scene="Recap"', 'scene="Valley"'), "a segment's scene is already called 'Valley'"),
    (lambda f: _replace(f, 'scene="Recap"', 'scene="Elsewhere"'), "'Elsewhere' must be a class of the file"),
    # the declaration is read, not run: its arguments are written out
    (lambda f: _replace(f, 'segment("recap"', 'segment("recap" + ""'), "its arguments written out"),
])
def test_a_broken_folder_is_one_message_naming_the_file(folder, change, message):
    change(folder)
    done = lesson("check", "recap", "--lesson", str(folder))
    assert done.returncode == 2 and message in done.stderr, done.stderr
    assert "Traceback" not in done.stderr


def _replace(folder: Path, old: str, new: str) -> None:
    code = folder / "segments" / "recap.py"
    code.write_text(code.read_text().replace(old, new))


def test_a_cluster_render_of_a_lesson_folder_is_refused_before_it_starts(folder, tmp_path):
    done = lesson("render", "recap", "--lesson", str(folder), "--media", str(tmp_path), "--scheduler",
                  "tcp://127.0.0.1:9")
    assert done.returncode == 2 and "a cluster's workers do not have the lesson folder's code" in done.stderr
