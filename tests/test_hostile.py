"""Configs from strangers and unlucky users: a clear message naming the key, never a traceback, a hang or code run."""

from __future__ import annotations

import hashlib
import os
import shutil
import signal
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import av
import pytest
import tomllib
from configs import edited, write
from hostile_values import EXPANSION_BOMBS, HOSTILE_TEXT, HUGE_NUMBERS, TOWERS, path_explosion, squaring_chain
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline import render as render_module
from pipeline import safe_tex, schedule
from pipeline.config import ConfigError, default_text, load_config
from pipeline.media import MediaLayout, config_folder_name
from scenes.order import find

ROOT = Path(__file__).resolve().parent.parent


def lesson(*args: str, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


CASES = [  # (old text in the default config, new text, what the message must say)
    ('formula = "x**2"', 'formula = "x**1000"', "valley.formula: 'x**1000': exponents are limited to 64"),
    ('formula = "x**2"', 'formula = "9**9**9"', "valley.formula: '9**9**9' is too large"),
    ('formula = "x**2"', 'formula = "x**(10**10)"', "valley.formula"),
    ('formula = "x**2"', 'formula = "' + "x**" * 60 + 'x"', "valley.formula"),
    ("start = [3]", "start = [1e308]", "valley.start: 1e+308 is out of range"),
    ("start = [3]", "start = [0]", "valley.start: x = 0 is a flat point"),
    ("steps = 100\nshown", "steps = 1000000000\nshown", "valley.steps: 1000000000 is more than the lesson can show"),
    ("steps = 100\nshown", "steps = 1e9\nshown", "valley.steps: expected a whole number"),
    ("learning_rate = 0.1\nsteps", "learning_rate = 1e400\nsteps", "valley.learning_rate: learning rate must be"),
    ('variables = ["x"]', 'variables = ["π"]', "valley.formula: 'π' cannot be used as a variable name"),
    ("inputs = [[3, 2], [1, 4], [2, 1]]", "inputs = [[1e20, 2], [1, 4], [2, 1]]", "network.inputs: 1e+20 is out of range"),
    ("w1 = 1, w2 = 2", "w1 = 1e30, w2 = 2", "network.initial_weights: 1e+30 is out of range"),
    ('target_formula = "2*x1**2 + 3*x2"', 'target_formula = "(x1 + x2)**2 + 2*x1*x2"',
     "network.initial_weights: the network already fits every example exactly"),
    ('["h1", "(x1 + w1*x2)**2"]', '["\\\\input{/etc/hostname}", "(x1 + w1*x2)**2"]',
     "network.nodes: '\\\\input{/etc/hostname}' cannot be used as a node name"),
    ('["h1", "(x1 + w1*x2)**2"]', '["\\\\def\\\\y{\\\\y}\\\\y", "(x1 + w1*x2)**2"]', "cannot be used as a node name"),
    ("curve_epochs = 40", "curve_epochs = 1000000000", "network.curve_epochs: 1000000000 is more than"),
    ("nudge = 0.1", "nudge = 0", "worksheet.nudge: must be greater than 0"),
    ("starts = [0.5, -0.5]", "starts = [0.5, -0.5, 1.5]", "local_minima.starts: 3 entries is more than the lesson can"),
    ('formula = "x**4 - 4*x**2 + x + 1"', 'formula = "x**2"', "local_minima.starts"),  # fine; flat only at 0
    ("starts = [0.5, -0.5]", "starts = [0.5, 1e7]", "local_minima.starts: 10000000.0 is out of range"),
    ('large_model = "GPT-4"', 'large_model = "' + "G" * 300 + '"', "scale: a text must be"),
]


@pytest.mark.parametrize(("old", "new", "message"), CASES)
def test_bad_configs_are_refused_quickly_with_the_key_named(tmp_path, old, new, message):
    path = edited(tmp_path, old, new)
    began = time.perf_counter()
    if new == 'formula = "x**2"':  # local minima on a bowl: accepted (both starts move), so no error is due
        load_config(path)
        return
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value)
    assert time.perf_counter() - began < 20


@pytest.mark.parametrize(("content", "message"), [
    (b"title = \"\xe9t\xe9\"\n", "not UTF-8 text (line 1)"),
    (b"lesson = []\n", "[lesson] must be a table"),
    (b"a = " + b"[" * 5000 + b"]" * 5000 + b"\n", "lesson.toml"),
    (b"x" * 300_000, "too large for a lesson config"),
])
def test_unreadable_files_are_one_message(tmp_path, content, message):
    path = tmp_path / "lesson.toml"
    path.write_bytes(content)
    with pytest.raises(ConfigError) as error:
        load_config(path)
    assert message in str(error.value)


def test_a_fifo_as_config_is_refused_not_waited_on(tmp_path):
    fifo = tmp_path / "lesson.toml"
    os.mkfifo(fifo)
    done = lesson("list", "--config", str(fifo), timeout=60)
    assert done.returncode == 2 and "not a regular file" in done.stderr and "Traceback" not in done.stderr


def test_cli_gives_messages_and_exit_statuses_never_tracebacks(tmp_path):
    bad = edited(tmp_path, "nudge = 0.1", "nudge = 0")
    plain = tmp_path / "plain"
    plain.write_text("not a folder", encoding="utf-8")
    for args, words in [
        (["list", "--config", str(bad)], "worksheet.nudge"),
        (["render", "ws-update", "--media", str(plain / "media")], "plain"),
        (["init", str(tmp_path / "missing" / "x.toml")], "does not exist"),
        (["render", "ws-update", "--scheduler", "not a url", "--media", str(tmp_path)], "not a scheduler address"),
    ]:
        done = lesson(*args)
        assert done.returncode == 2, (args, done.stderr)
        assert words in done.stderr and "Traceback" not in done.stderr, (args, done.stderr)


def test_latex_runs_without_shell_escape_file_access_or_endless_loops(tmp_path, monkeypatch):
    secret = tmp_path.parent / "secret.txt"
    secret.write_text("TOP-SECRET-LINE", encoding="utf-8")
    marker = tmp_path / "written-by-tex"
    documents = {
        "read": rf"\documentclass{{article}}\begin{{document}}\input{{{secret}}}\end{{document}}",
        "shell": rf"\documentclass{{article}}\begin{{document}}\immediate\write18{{touch {marker}}}x\end{{document}}",
        "loop": r"\documentclass{article}\begin{document}\def\y{\y}\y\end{document}",
    }
    monkeypatch.setattr(safe_tex, "LATEX_SECONDS", 5.0)
    for name, body in documents.items():
        (tmp_path / f"{name}.tex").write_text(body, encoding="utf-8")
        began = time.perf_counter()
        try:
            safe_tex.run(["latex", "-interaction=batchmode", "-halt-on-error", f"{name}.tex"], output_dir=tmp_path,
                         cwd=tmp_path, capture_output=True)
        except safe_tex.TexTimeout:
            assert name == "loop"
        assert time.perf_counter() - began < 15
        log = (tmp_path / f"{name}.log").read_text(encoding="latin-1") if (tmp_path / f"{name}.log").exists() else ""
        assert "TOP-SECRET-LINE" not in log
    assert not marker.exists()


COMPILE_PROBE = """
import sys
from pathlib import Path
from manim import MathTex, tempconfig
folder, harden = Path(sys.argv[1]), sys.argv[2] == "hardened"
with tempconfig({"tex_dir": str(folder / "Tex"), "media_dir": str(folder / "media")}):
    if harden:
        from pipeline import manim_tex
        from pipeline.instrument import Timings
        processes = manim_tex.install(Timings())
    MathTex(r"\\frac{q_{7}}{z^{3}} + 1")  # typeset through Manim's own path: tex_to_svg_file
    if harden:
        assert processes.runs and all("-no-shell-escape" in run for run in processes.runs if "latex" in run[0])
        from manim.utils import tex_file_writing as tex
        try:
            tex.subprocess.Popen(["latex", "x.tex"])
        except manim_tex.UnhardenedProcess:
            print("refused Popen")
"""


def _compiles(tmp_path: Path, hardened: bool) -> tuple[list[str], str]:
    """Typeset a formula through Manim's own path with stand-ins for latex and dvisvgm that record how they were
    started (arguments and kpathsea's settings) before running the real programs. (the records, stdout)"""
    bin_dir, log = tmp_path / "bin", tmp_path / "started.log"
    bin_dir.mkdir(parents=True)
    for program in ("latex", "dvisvgm"):
        real = shutil.which(program)
        stand_in = bin_dir / program
        stand_in.write_text(f'#!/bin/sh\necho "{program} $* | in=$openin_any out=$openout_any shell=$shell_escape" '
                            f'>> {log}\nexec {real} "$@"\n')
        stand_in.chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}
    done = subprocess.run([sys.executable, "-c", COMPILE_PROBE, str(tmp_path), "hardened" if hardened else "plain"],
                          env=env, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-3000:]
    return log.read_text().splitlines(), done.stdout


def test_every_latex_run_of_manims_own_compile_is_hardened_and_nothing_else_starts(tmp_path):
    """Fail closed: a formula typeset through Manim's own path runs latex and dvisvgm only through the hardened
    runner (no shell escape, paranoid file access); any other way of starting a process is refused."""
    started, out = _compiles(tmp_path / "ours", hardened=True)
    latex = [line for line in started if line.startswith("latex ")]
    assert latex and any(line.startswith("dvisvgm ") for line in started)
    assert all("-no-shell-escape" in line and "in=p out=p shell=f" in line for line in latex), latex
    assert all("in=p out=p" in line for line in started if line.startswith("dvisvgm ")), started
    assert "refused Popen" in out
    # the check is real: Manim left alone starts latex without any of it
    plain, _ = _compiles(tmp_path / "plain", hardened=False)
    assert any(line.startswith("latex ") and "-no-shell-escape" not in line for line in plain), plain


def _recording_tex(tmp_path: Path) -> tuple[dict[str, str], Path]:
    """Stand-ins for latex and dvisvgm that record how they were started, then run the real ones: (env, log)."""
    bin_dir, log = tmp_path / "bin", tmp_path / "started.log"
    bin_dir.mkdir(parents=True)
    for program in ("latex", "dvisvgm"):
        stand_in = bin_dir / program
        stand_in.write_text(f'#!/bin/sh\necho "{program} $* | in=$openin_any out=$openout_any shell=$shell_escape" '
                            f'>> {log}\nexec {shutil.which(program)} "$@"\n')
        stand_in.chmod(0o755)
    return {**os.environ, "PATH": f"{bin_dir}:{os.environ['PATH']}"}, log


@pytest.mark.parametrize("command", [["narration"], ["render"]], ids=["narration script", "recordings check"])
def test_the_dry_runs_typeset_through_the_hardened_latex_too(tmp_path, command):
    """Issue 32: `lesson narration script` and the recorded voice's pre-check build segments in a dry run, which
    ran Manim's LaTeX unhardened. Both now compile every formula through it (a fresh Tex folder: nothing cached)."""
    env, log = _recording_tex(tmp_path)
    config = tmp_path / "c.toml"
    takes = tmp_path / "takes"
    takes.mkdir()
    config.write_text('[lesson]\nsegments = ["title"]\nanswer_key = ["ws-update"]\n'
                      + ('[narration]\nengine = "recorded"\nfolder = "takes"\n' if command[0] == "render" else ""),
                      encoding="utf-8")
    args = (["narration", "script", "--config", str(config), "--out", str(tmp_path / "out")] if command[0] ==
            "narration" else ["render", "ws-update", "--config", str(config), "--media", str(tmp_path / "m")])
    if command[0] == "render":  # the pre-check builds the segments whose lines were replaced: one line of ws-update
        config.write_text(config.read_text() + '[narration.lines]\n"ws-update-02-rule" = "The rule, in short."\n')
    done = subprocess.run([sys.executable, "-c", "from pipeline.cli import main; main()", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=600)
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    started = log.read_text().splitlines() if log.exists() else []
    latex = [line for line in started if line.startswith("latex ")]
    assert latex, (done.stdout[-2000:], done.stderr[-2000:])  # formulas were typeset: the check is real
    assert all("-no-shell-escape" in line and "in=p out=p shell=f" in line for line in latex), latex


def test_installing_the_hardened_latex_twice_in_one_process_still_compiles(tmp_path):
    """Building several segments in one process installs it again for each, each with a Tex folder of its own:
    a formula must not wait on its own lock (a second install once wrapped the first's wrapper, taking a
    formula's lock twice), and LaTeX writes into the folder Manim compiles in now, not an earlier one."""
    code = f"""
from pathlib import Path
from manim import MathTex, tempconfig
from pipeline import manim_tex
from pipeline.instrument import Timings
folder = Path({str(tmp_path)!r})
for index in range(3):
    with tempconfig({{"tex_dir": str(folder / str(index))}}):
        manim_tex.install(Timings())
        MathTex(rf"w_{{{{9}}}} + {{index}}")
        assert list((folder / str(index)).glob("*.svg")), index
print("compiled")
"""
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "compiled" in done.stdout, done.stderr[-2000:]


def test_output_folders_of_configs_with_the_same_name_do_not_collide(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    first, second = (config_folder_name(tmp_path / "a" / "lesson.toml"),
                     config_folder_name(tmp_path / "b" / "lesson.toml"))
    assert first != second and first.startswith("lesson-") and config_folder_name(None) == "lesson"


def test_renders_read_a_frozen_snapshot_not_the_users_file(tmp_path, monkeypatch):
    path = edited(tmp_path, "learning_rate = 0.1\nsteps", "learning_rate = 0.2\nsteps")
    config = load_config(path)
    seen = []

    def fake_render(segment, layout, outputs, frozen, limit, narration=None, **kwargs):
        snapshot, digest = frozen
        seen.append((snapshot, snapshot.read_text(encoding="utf-8"), digest, limit))
        path.write_text(default_text().replace("learning_rate = 0.1\nsteps", "learning_rate = 0.3\nsteps"))
        return render_module.RenderResult(segment.key, None, 0.0, "", False)

    monkeypatch.setattr(render_module, "render_one", fake_render)
    with ThreadPoolExecutor(1) as pool:
        schedule.render_all(find(["valley", "hook"]), config, MediaLayout(tmp_path, "out", "low"), 1,
                            report=lambda line: None, executor=pool)
    assert len(seen) == 2
    for snapshot, text, digest, limit in seen:
        assert snapshot != path and snapshot.parent == tmp_path / "out" / "work" / "configs"
        assert text == config.source and "learning_rate = 0.2" in text  # the edit made mid-run is not read
        assert digest == hashlib.sha256(config.source.encode()).hexdigest()
        assert limit >= render_module.MIN_TIMEOUT


def test_a_render_process_refuses_a_frozen_config_that_is_not_the_one_validated(tmp_path):
    """The job names the frozen config and the digest it was validated under: an edited copy is not rendered."""
    from pipeline.records.job import RenderJob
    from pipeline.render_process import JobError, render

    frozen = tmp_path / "frozen.toml"
    frozen.write_text(default_text().replace("learning_rate = 0.1\nsteps", "learning_rate = 0.2\nsteps"))
    validated_digest = hashlib.sha256(default_text().encode()).hexdigest()
    job = RenderJob("valley", "low", tmp_path / "m", tmp_path / "Tex", tmp_path / "svg", tmp_path / "v.mp4",
                    tmp_path / "c.json", tmp_path / "t.json", config=frozen, config_sha256=validated_digest)
    with pytest.raises(JobError, match="not the config this render was asked for"):
        render(job)
    assert not (tmp_path / "v.mp4").exists()


def test_a_damaged_or_truncated_cached_segment_is_rendered_again(tmp_path):
    media = tmp_path / "media"
    assert lesson("render", "ws-update", "--media", str(media), timeout=600).returncode == 0
    (video,) = (media / "lesson" / "low" / "segments").glob("*.mp4")
    for damage in ("bytes", "truncate"):
        data = bytearray(video.read_bytes())
        if damage == "bytes":
            data[len(data) // 2: len(data) // 2 + 64] = b"\x00" * 64
        else:
            data = data[:1000]
        video.write_bytes(bytes(data))
        done = lesson("render", "ws-update", "--media", str(media), timeout=600)
        assert done.returncode == 0, done.stderr
        assert "cannot be reused" in done.stdout and "Traceback" not in done.stderr
        with av.open(str(media / "lesson" / "low" / "selection.mp4")) as container:
            assert sum(1 for _ in container.decode(video=0)) == container.streams.video[0].frames > 0
    again = lesson("render", "ws-update", "--media", str(media), timeout=600)
    assert "1 of 1 segment(s) unchanged" in again.stdout


def _render_processes(marker: str) -> list[int]:
    """Processes whose command line mentions ``marker`` (the test's own media folder)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if marker in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    found.append(int(entry.name))
            except OSError:
                continue
    return found


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGTERM])
def test_no_process_of_a_render_outlives_it(tmp_path, how):
    media = tmp_path / "media-of-this-test"
    process = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "render", "valley", "--media", str(media)],
                               cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 90
    while time.time() < deadline and not list(media.glob("lesson/work/runs/*/manim/videos")):
        time.sleep(0.3)
    assert len(_render_processes(str(media))) >= 2, "the render never started"
    os.kill(process.pid, how)  # the parent only: its workers and their Manim must follow by themselves
    process.wait(timeout=60)
    deadline = time.time() + 30
    while time.time() < deadline and _render_processes(str(media)):
        time.sleep(0.3)
    left = _render_processes(str(media))
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, "processes of the render outlived it"


def test_a_second_render_into_the_same_folder_stops_with_a_message(tmp_path):
    media = tmp_path / "media"
    first = subprocess.Popen([sys.executable, "-m", "pipeline.cli", "render", "ws-update", "--media", str(media)],
                             cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    lock = media / "lesson" / "low" / ".render.lock"
    deadline = time.time() + 60
    while time.time() < deadline and not (lock.exists() and lock.read_text().startswith("pid")):
        time.sleep(0.1)
    second = lesson("render", "ws-update", "--media", str(media))
    assert first.wait(timeout=600) == 0
    assert second.returncode == 2 and "another `lesson render`" in second.stderr


# ---- generated configs: the real schema, with wrong types, extremes, unicode, long text and bombs -------------

DEFAULT = tomllib.loads(default_text())
LEAVES = [(table, key) for table, body in DEFAULT.items() if isinstance(body, dict) for key in body] + [
    (None, key) for key, value in DEFAULT.items() if not isinstance(value, dict)]

formulas = st.sampled_from(["x**2", "9**9**9", "x**(10**10)", "exp(exp(exp(x)))", "(" * 100 + "x" + ")" * 100,
                            "x" + "**x" * 30, "__import__('os')", "sigmoid(x)*relu(x)", "x^2", "abs(x**0.5)",
                            "1e400*x", "x/0", "log(x)", "max(x, 1, 2)", "\\input{x}",
                            *TOWERS, *EXPANSION_BOMBS])
values = st.one_of(
    st.integers(min_value=-(10**30), max_value=10**30), st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40), st.text(min_size=600, max_size=700), formulas, st.booleans(),
    st.lists(st.integers(-5, 5), max_size=4), st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=5), st.integers(), max_size=2),
    st.recursive(st.integers(), lambda inner: st.lists(inner, max_size=2), max_leaves=6),
    st.sampled_from(HUGE_NUMBERS + HOSTILE_TEXT), st.sampled_from([path_explosion(40), squaring_chain(30)]),
)


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return "nan" if value != value else ("inf" if value == float("inf") else "-inf" if value == float("-inf")
                                             else repr(value))
    if isinstance(value, str):
        return '"' + value.encode("unicode_escape").decode("ascii").replace('"', '\\"') + '"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f'"{k}" = {_toml_value(v)}' for k, v in value.items()) + "}"
    return str(value)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                   HealthCheck.too_slow])
@given(changes=st.lists(st.tuples(st.sampled_from(LEAVES), values), min_size=1, max_size=3))
def test_generated_configs_give_a_config_or_a_message_naming_a_key(tmp_path, changes):
    data = {table: dict(body) if isinstance(body, dict) else body for table, body in DEFAULT.items()}
    for (table, key), value in changes:
        if table is None:
            data[key] = value
        else:
            data[table][key] = value
    lines = [f"{key} = {_toml_value(value)}" for key, value in data.items() if not isinstance(value, dict)]
    for table, body in data.items():
        if isinstance(body, dict):
            lines.append(f"[{table}]")
            lines += [f"{key} = {_toml_value(value)}" for key, value in body.items()]
    path = write(tmp_path, "\n".join(lines) + "\n")
    began = time.perf_counter()
    try:
        config = load_config(path)
    except ConfigError as error:
        message = str(error)
        assert message.startswith(str(path)), message
        named = {key for (_, key), _ in changes} | {t for (t, _), _ in changes if t}
        assert any(name in message for name in named) or "TOML" in message, message
    else:
        assert config.params is not None
    assert time.perf_counter() - began < 30


def test_a_formula_compile_never_deletes_another_renders_files(tmp_path):
    """Manim's cleanup deleted every non-SVG file of the shared Tex folder, so a parallel render's .dvi vanished
    under its dvisvgm ("segment failed: ...svg" with two processes). Each formula now cleans only its own."""
    code = f"""
from pathlib import Path
from manim import config, tempconfig
from pipeline import manim_tex
from pipeline.instrument import Timings
from manim.utils import tex_file_writing as tex
folder = Path({str(tmp_path)!r})
other = folder / "another_render_converting.dvi"
other.write_bytes(b"not yet converted")
with tempconfig({{"tex_dir": str(folder)}}):
    manim_tex.install(Timings())
    svg = tex.tex_to_svg_file("$x^2 + 1$")
assert svg.exists() and other.exists(), sorted(p.name for p in folder.iterdir())
assert not svg.with_suffix(".dvi").exists() and not svg.with_suffix(".log").exists()
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_loading_a_formula_never_deletes_another_renders_svg_copy(tmp_path):
    """Manim parses each SVG through a copy named <name>_.svg beside it and deletes it; two renders loading
    one formula from the shared Tex folder deleted each other's copy (a cold parallel render failed with
    FileNotFoundError on ..._.svg). Each process now parses a copy of its own."""
    code = f"""
from pathlib import Path
from manim import SVGMobject, tempconfig
from pipeline import manim_tex, svg_cache
from pipeline.instrument import Timings
from manim.utils import tex_file_writing as tex
folder = Path({str(tmp_path)!r})
with tempconfig({{"tex_dir": str(folder)}}):
    manim_tex.install(Timings())
    svg_cache.install(None)
    svg = tex.tex_to_svg_file("$x^2 + 1$")
    theirs = svg.with_name(svg.stem + "_.svg")  # another render's copy, being parsed right now
    theirs.write_text(svg.read_text())
    loaded = SVGMobject(svg)
assert theirs.exists() and len(loaded.submobjects) > 0
assert len([p for p in folder.iterdir() if p.suffix == ".svg"]) == 2  # no private copy left behind
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_values_past_the_float_range_on_the_way_are_computed_not_refused():
    import math

    import sympy as sp

    from mathcore.evaluate import EvaluationError, evaluate

    z = sp.Symbol("z", real=True)
    slope = sp.exp(-z) / (sp.exp(-z) + 1) ** 2  # sigmoid'(z) as sympy writes it: inf/inf in floats at z = -3000
    assert evaluate(slope, {"z": -3000}) == pytest.approx(0.0, abs=1e-300)
    assert evaluate(slope, {"z": -700}) == pytest.approx(math.exp(-700), rel=1e-9)  # the float path, unchanged
    with pytest.raises(EvaluationError, match="not finite"):
        evaluate(sp.exp(-z), {"z": -3000})  # a value that is itself too large is still refused


def test_a_worksheet_far_out_on_the_sigmoid_is_accepted_and_saturated(tmp_path):
    from mathcore.lesson import worksheet_answers

    config = load_config(edited(tmp_path, "\nx = 2\n", "\nx = -1000\n"))
    answers = worksheet_answers(config.params.worksheet)
    assert answers.sigmoid_slope == pytest.approx(0.0, abs=1e-300) and answers.sigmoid_saturated


def test_a_full_or_read_only_media_folder_is_one_message_naming_it(tmp_path, monkeypatch, capsys):
    """Disks fill up and shares are mounted read-only: the person is told which folder, and why, exit 2."""
    import errno
    import shutil as shutil_module

    from pipeline import cli

    class Usage:  # what shutil.disk_usage returns for a disk with 5 MB left
        total, used, free = 10**9, 10**9 - 5 * 10**6, 5 * 10**6

    monkeypatch.setattr(shutil_module, "disk_usage", lambda path: Usage())
    assert cli.run(["render", "ws-update", "--media", str(tmp_path / "full")]) == 2
    said = capsys.readouterr().err
    assert "only 5 MB free" in said and str(tmp_path / "full") in said and "Traceback" not in said
    monkeypatch.undo()

    def read_only(self, *args, **kwargs):
        raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(self))

    monkeypatch.setattr(Path, "mkdir", read_only)
    assert cli.run(["render", "ws-update", "--media", str(tmp_path / "ro")]) == 2
    said = capsys.readouterr().err
    assert "Read-only file system" in said and str(tmp_path / "ro") in said and "Traceback" not in said


def test_a_render_that_fills_the_disk_names_the_reason_not_only_a_traceback():
    """A worker's log ends in Manim's boxed traceback; the summary picks out the operating system's reason."""
    from pipeline.cli_render import system_cause

    log = ("│ ❱ 553 │   │   self._file.write(data)                                         │\n"
           "╰──────────────────────────────────────────────────────────────────────────────╯\n"
           "OSError: [Errno 28] No space left on device\n")
    assert system_cause(log) == "No space left on device"
    assert system_cause("PermissionError: [Errno 13] Permission denied: '/srv/media/x.mp4'\n") == "Permission denied"
    assert system_cause("ValueError: the scene failed\n") is None


def test_the_error_log_is_a_new_private_file_never_a_planted_one(tmp_path, monkeypatch):
    """Issue 32: a link planted at the log's once predictable name (`lesson-error-<time>-<pid>.log`) had its target
    overwritten with the traceback. The log is now created exclusively, under a name nobody could plant."""
    import os
    import stat
    import tempfile
    import time

    from pipeline.cli import _error_log

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    planted = tmp_path / f"lesson-error-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
    planted.symlink_to(target)
    first, second = _error_log("Traceback one"), _error_log("Traceback two")
    assert target.read_text() == "keep me"
    assert first != second and first.read_text() == "Traceback one" and not first.is_symlink()
    assert stat.S_IMODE(first.stat().st_mode) == 0o600


HUGE = [
    {"valley": {"start": ["1e999999999"]}}, {"valley": {"learning_rate": "1e999999999"}},
    {"worksheet": {"x": "1e999999999"}}, {"network": {"learning_rate": "1e-999999999"}},
    {"slope_points": ["1e99999999"]}, {"blame_story": {"links": [["a", "1e999999999"]]}},
    {"network": {"inputs": [["1e999999999", 2], [1, 4], [2, 1]]}},
]


def test_a_number_with_a_huge_power_of_ten_is_refused_at_once_not_built():
    """Issue 32: "1e999999999" hung in Fraction() (a billion digits) before any range check. Its power of ten is
    read first. Run in a process of its own, so a hang fails the test instead of stalling the suite."""
    import json
    import subprocess
    import sys

    probe = f"""
import json, time
from pipeline.config import ConfigError, parse_config
for table in json.loads({json.dumps(json.dumps(HUGE))}):
    start = time.monotonic()
    try:
        parse_config(table, "t")
    except ConfigError as error:
        print(round(time.monotonic() - start, 2), str(error).split(":")[1].strip())
    else:
        print("accepted", table)
"""
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    lines = done.stdout.strip().splitlines()
    assert len(lines) == len(HUGE) and not any(line.startswith("accepted") for line in lines), lines
    assert all(float(line.split()[0]) < 5 for line in lines), lines
    keys = [line.split(maxsplit=1)[1] for line in lines]
    assert keys == ["valley.start", "valley.learning_rate", "worksheet", "network.learning_rate", "slope_points",
                    "blame_story.links", "network.inputs"]


def test_a_formula_compiles_in_a_folder_whose_name_holds_a_percent_sign(tmp_path):
    """Issue 32: with `%` in the media folder's path every segment failed ("latex failed but did not produce a log
    file"): TeX reads `%` as a comment. LaTeX and dvisvgm now run in the Tex folder, on names relative to it."""
    from pipeline.manim_tex import local

    folder = tmp_path / "50% done" / "Tex"
    assert local(["latex", f"-output-directory={folder.as_posix()}", f"{folder.as_posix()}/a1b2.tex"], folder) == \
        ["latex", "-output-directory=.", "a1b2.tex"]
    assert local(["dvisvgm", f"--output={folder}/a1b2.svg", f"{folder}/a1b2.dvi"], folder) == \
        ["dvisvgm", "--output=a1b2.svg", "a1b2.dvi"]
    folder.mkdir(parents=True)
    code = f"""
from pathlib import Path
from manim import MathTex, tempconfig
from pipeline import manim_tex
from pipeline.instrument import Timings
with tempconfig({{"tex_dir": {str(folder)!r}}}):
    manim_tex.install(Timings())
    formula = MathTex(r"x^2 + 1")
assert len(formula.submobjects) > 0
"""
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]


def test_a_recordings_name_is_printed_escaped_never_sent_raw_to_the_terminal(tmp_path):
    """Issue 32: a recording named with a terminal escape sequence was printed raw in the "not used" list."""
    from click.testing import CliRunner

    from pipeline.cli import main

    takes = tmp_path / "takes"
    takes.mkdir()
    (takes / "\x1b]2;owned\x07.wav").write_bytes(b"RIFF")
    config = tmp_path / "rec.toml"
    config.write_text(f'[narration]\nengine = "recorded"\nfolder = "{takes}"\n')
    done = CliRunner().invoke(main, ["render", "title", "--config", str(config), "--media", str(tmp_path / "m"),
                                     "--no-webm", "--no-site"])
    said = done.output + (done.stderr if done.stderr_bytes is not None else "")
    assert "not used" in said and "\\x1b]2;owned\\x07.wav" in said, said
    assert "\x1b" not in said and "\x07" not in said
