"""The joints a newcomer relies on: imports run one way, scenes take a context, the cache key covers the code
a render runs (and nothing else), files between processes are typed, Manim's version is the tested one."""

from __future__ import annotations

import ast
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pipeline import imports, render
from pipeline.config import load_config
from scenes.order import every_segment, find

ROOT = Path(__file__).resolve().parent.parent


def test_no_import_cycles_among_the_projects_modules():
    assert imports.cycles() == []


def test_the_cycle_check_finds_a_cycle(tmp_path, monkeypatch):
    package = tmp_path / "pipeline"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "a.py").write_text("from . import b\n")
    (package / "b.py").write_text("def f():\n    from pipeline.a import x\n")  # a lazy import counts too
    monkeypatch.setitem(imports.PACKAGES, "pipeline", package)
    imports.imports_of.cache_clear()
    try:
        assert ["pipeline.a", "pipeline.b", "pipeline.a"] in imports.cycles()
    finally:
        imports.imports_of.cache_clear()


def test_data_flows_one_way_mathcore_scenes_lessons_pipeline():
    modules = imports.every_module()
    assert "lessons.neural_networks.segments.valley" in modules and "scenes.kit.phrases" in modules
    for name in modules:
        found = imports.imports_of(name)
        if name.startswith("mathcore"):
            assert not {m for m in found if m.startswith(("scenes", "lessons", "pipeline"))}, name
        if name.startswith("scenes"):  # the kit knows no lesson: a lesson is built with it
            assert not {m for m in found if m.startswith(("lessons", "pipeline"))}, name
        if name.startswith("lessons"):
            assert not {m for m in found if m.startswith("pipeline")}, name


def _source_calls(folder: Path) -> list[tuple[str, str]]:
    """(file, what) for every read of the environment in a folder's Python files."""
    found = []
    for path in sorted(folder.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Attribute) and node.attr in ("environ", "getenv"):
                found.append((str(path), node.attr))
    return found


def test_scenes_lessons_and_mathcore_read_no_environment():
    assert _source_calls(ROOT / "scenes") == []
    assert _source_calls(ROOT / "lessons") == []
    assert _source_calls(Path(imports.PACKAGES["mathcore"])) == []


def test_only_the_command_reads_the_environment_for_settings():
    """The command hands the environment to ``Tuning`` once; the render process reads none (its job file has it
    all). safe_tex and the engines only pass the environment on to the programs they start, with settings added."""
    readers = {Path(file).relative_to(ROOT).as_posix() for file, _ in _source_calls(ROOT / "pipeline")}
    assert readers == {"pipeline/cli_render.py", "pipeline/safe_tex.py", "pipeline/speech/piper_server.py"}


# ---- the render context ------------------------------------------------------------------------------------


def test_a_scene_takes_its_theme_and_parameters_from_the_context_it_is_given(construct):
    """Two lessons in one process, no patching: each scene draws from its own context."""
    import dataclasses

    from manim import Text

    from lessons.neural_networks.segments.valley import Valley
    from mathcore import LessonParams
    from mathcore.lesson import DescentParams
    from scenes.kit.theme import Theme

    light = Theme(background="#FAFAF7", text="#1A1A1A")
    params = dataclasses.replace(LessonParams(), valley=DescentParams("x**2", ("x",), ("-2",), "0.3"))
    default, other = construct(Valley), construct(Valley, params=params, theme=light)
    assert str(default.camera.background_color).upper() == "#111318"
    assert str(other.camera.background_color).upper() == "#FAFAF7"
    colours = {m.get_color().to_hex().upper() for m in other.shown for m in m.get_family() if isinstance(m, Text)}
    assert "#1A1A1A" in colours and "#ECEFF4" not in colours
    start = "We'll start at x = -2,"
    assert any(start in cue.text for cue in other.cues) and not any(start in cue.text for cue in default.cues)


def test_the_title_card_lists_the_chapters_of_its_context(construct):
    from mathcore import LessonParams
    from mathcore.lesson import LessonInfo
    from scenes.title_card import TitleCard

    params = LessonParams(lesson=LessonInfo("Gradients", "", ("title", "valley", "batch")))
    (contents,) = [c.text for c in construct(TitleCard, params=params).cues if c.id.endswith("contents")]
    titles = {s.key: s.title for s in every_segment()}
    assert contents == f"In this lesson: {titles['valley']} and {titles['batch']}."


# ---- the cache key -----------------------------------------------------------------------------------------


@pytest.fixture
def project_copy(tmp_path, monkeypatch):
    """The three packages copied, the import graph pointed at the copy: edit a file, recompute keys."""
    copies = {}
    for name, folder in imports.PACKAGES.items():
        copies[name] = tmp_path / name
        shutil.copytree(folder, copies[name], ignore=shutil.ignore_patterns("__pycache__"))
        monkeypatch.setitem(imports.PACKAGES, name, copies[name])

    def keys() -> dict[str, str]:
        imports.imports_of.cache_clear()
        render.code_digest.cache_clear()
        config = load_config(None)
        return {s.key: render.segment_key(s, config, "low") for s in every_segment()}

    yield copies, keys
    imports.imports_of.cache_clear()
    render.code_digest.cache_clear()


def _touch(path: Path) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n# one more line\n", encoding="utf-8")


def test_the_key_changes_with_the_code_a_render_runs_and_only_with_it(project_copy):
    copies, keys = project_copy
    before = keys()
    assert len(set(before.values())) == len(before)
    # the lesson's order and chapter titles (every chapter card, the title card): every segment
    _touch(copies["scenes"] / "order.py")
    after_order = keys()
    assert all(after_order[k] != before[k] for k in before)
    # the encoder's settings: every segment
    _touch(copies["pipeline"] / "manim_speedups.py")
    after_encoder = keys()
    assert all(after_encoder[k] != after_order[k] for k in before)
    # the words: the segments whose scenes use them, not the others
    _touch(copies["lessons"] / "neural_networks" / "segments" / "wording.py")
    after_words = keys()
    changed = {k for k in before if after_words[k] != after_encoder[k]}
    wording = "lessons.neural_networks.segments.wording"
    users = {s.key for s in every_segment() if wording in imports.closure(s.module)}  # directly or not
    assert changed == users and {"valley", "batch"} <= changed and "ws-update" not in changed
    # code the render never runs: the page, the command, the join's loudness
    for path in ("site/build.py", "cli.py", "speech/loudness.py"):
        _touch(copies["pipeline"] / path)
    assert keys() == after_words


def test_the_static_closure_covers_every_project_module_a_render_loads(tmp_path):
    """Render a segment in a process of its own (the render process's entry, silently) and list the project
    modules it loaded: each must be in the closure its key hashes."""
    probe = f"""
import sys
from pathlib import Path
from pipeline.records.job import RenderJob
from pipeline.render_process import render
out = Path({str(tmp_path)!r})
render(RenderJob("title", "low", out / "m", out / "Tex", out / "svg", out / "v.mp4", out / "c.json", out / "t.json"))
print(" ".join(sorted(n for n in sys.modules if n.split(".")[0] in ("scenes", "lessons", "pipeline", "mathcore"))))
"""
    done = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    loaded = set(done.stdout.strip().splitlines()[-1].split())
    (title,) = find(["title"])
    assert "scenes.title_card" in loaded and "pipeline.render_process" in loaded
    assert "lessons.neural_networks.segments" in loaded  # the lesson's declarations: the title card lists them
    assert "lessons.neural_networks.segments.valley" not in loaded  # read, not imported
    assert loaded <= set(imports.closure(*render.RENDER_ROOTS, title.module)), \
        loaded - set(imports.closure(*render.RENDER_ROOTS, title.module))
    assert (tmp_path / "v.mp4").stat().st_size > 10_000 and json.loads((tmp_path / "c.json").read_text())


# ---- Manim's version ---------------------------------------------------------------------------------------


def test_an_untested_manim_is_refused_with_one_message_unless_allowed(monkeypatch):
    from click.testing import CliRunner

    from pipeline import versions
    from pipeline.cli import main

    monkeypatch.setattr(versions, "TESTED_MANIM", ("0.1.0",))
    with pytest.raises(versions.UntestedManim, match=r"Manim 0\.22\.0 is installed.*tested on Manim 0\.1\.0"):
        versions.check_manim()
    assert versions.check_manim(allow_untested=True) == "0.22.0"
    result = CliRunner().invoke(main, ["render", "title", "--media", "/nonexistent/never-made"])
    assert result.exit_code == 2 and "--allow-untested-manim" in result.output
    assert not Path("/nonexistent/never-made").exists()
    doctor = CliRunner().invoke(main, ["doctor"])
    assert doctor.exit_code == 1 and "NO  manim" in doctor.output


def test_the_pinned_manim_is_the_tested_one():
    from pipeline.versions import TESTED_MANIM

    pinned = [line for line in (ROOT / "pyproject.toml").read_text().splitlines() if '"manim==' in line]
    assert [line.split('"')[1] for line in pinned] == [f"manim=={TESTED_MANIM[-1]}"]


# ---- typed files and settings ------------------------------------------------------------------------------


def test_every_record_reads_back_what_it_wrote_and_refuses_another_kind_or_format(tmp_path):
    from pipeline.records import RecordError
    from pipeline.records.check import SegmentCheck
    from pipeline.records.cues import SegmentCues
    from pipeline.records.job import RenderJob
    from pipeline.records.manifest import Manifest, ManifestSegment
    from pipeline.speech.settings import Narration
    from scenes.kit.narration import Cue

    cues = SegmentCues((Cue(0.0, 2.5, "One. Two.", "a-01-x", ((0.2, 1.0, "One."), (1.3, 2.5, "Two.")),
                            ((0.2, "c.wav", 0.8),)),))
    job = RenderJob("valley", "low", tmp_path / "m", tmp_path / "T", tmp_path / "s", tmp_path / "v.mp4",
                    tmp_path / "c.json", tmp_path / "t.json", tmp_path / "cfg.toml", "ab" * 32,
                    Narration("espeak", "en-gb", 1.2, cache=str(tmp_path)), (3, 7), tmp_path / "p.json", 12.5)
    manifest = Manifest("T", "low", "default", "0123", (ManifestSegment("a", "A", 2.5, "segments/a-k.mp4",
                                                                        "segments/a-k.png", True, 1.5, (1.0, 0.5),
                                                                        {"total": 1.5}),),
                        {"engine": "none"}, {"manim": "0.22.0"}, 2.5, 0.1, None, {"video": "lesson.mp4"})
    check = SegmentCheck({"video": {"size": 3, "sha256": "ab"}}, 40)
    for record in (cues, job, manifest, check):
        assert type(record).from_json(record.to_json()) == record
    for record, other in ((job, manifest), (manifest, check), (check, job)):
        with pytest.raises(RecordError):
            type(record).from_json(other.to_json())  # another kind
    with pytest.raises(RecordError):
        Manifest.from_json(manifest.to_json().replace('"manifest/1"', '"manifest/0"'))  # an older format
    with pytest.raises(RecordError):
        SegmentCues.from_json('[{"start": "soon", "end": 1, "text": "x"}]')  # a mistyped field
    assert json.loads(cues.to_json())[0]["text"] == "One. Two."  # a plain list, as simple tools read it


def test_the_tuning_variables_are_checked_and_named():
    from pipeline.tuning import Tuning, TuningError

    assert Tuning.from_environment({}) == Tuning()
    assert Tuning.from_environment({"LESSON_PLAN_SLOTS": "8", "LESSON_TIMEOUT_FACTOR": "2.5"}) == \
        Tuning(timeout_factor=2.5, plan_slots=8)
    for name, value in (("LESSON_TIMEOUT_FACTOR", "abc"), ("LESSON_TIMEOUT_FACTOR", "0"),
                        ("LESSON_PLAN_SLOTS", "1.5"), ("LESSON_MIN_CHUNK_SECONDS", "nan")):
        with pytest.raises(TuningError, match=name):
            Tuning.from_environment({name: value})


def test_a_segments_title_is_in_the_key_of_every_segment_that_plays_beside_it(monkeypatch):
    """Titles are declared in each segment's file, read without importing it; the chapter list (keys, titles) is
    in the key as data, so a renamed chapter re-renders the title card that lists it."""
    import dataclasses

    from scenes import order

    config = load_config(None)
    before = {s.key: render.segment_key(s, config, "low") for s in every_segment()}
    renamed = [dataclasses.replace(s, title="Bowls") if s.key == "bowl" else s for s in order._OWN]
    monkeypatch.setattr(order, "_OWN", renamed)
    after = {s.key: render.segment_key(s, config, "low") for s in every_segment()}
    lesson = set(config.segments)
    assert {k for k in before if after[k] != before[k]} == lesson  # not the answer key's: it lists its own
