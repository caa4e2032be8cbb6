"""The second lesson, momentum (lessons/momentum, issue 30): its math against a plain loop written here, its words
against the runs, every segment built with the narration and layout checks, generated configs, and a whole render
with its page. Its commands run in processes of their own (a loaded lesson folder stays for its process)."""

from __future__ import annotations

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mathcore import Formula
from mathcore.descent import FLAT_SHARE
from mathcore.momentum import compare

ROOT = Path(__file__).resolve().parent.parent
MOMENTUM = ROOT / "lessons" / "momentum"


def lesson(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "pipeline.cli", *args], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)


def loop(gradient, start, eta, beta, steps):
    """The heavy ball written out, independently of mathcore: (points, settled)."""
    x, v, points = list(start), [0.0] * len(start), [tuple(start)]
    first = None
    for _ in range(steps):
        g = gradient(x)
        size = math.sqrt(sum(c * c for c in g))
        first = size if first is None else first
        if size <= FLAT_SHARE * first and math.sqrt(sum(c * c for c in v)) <= FLAT_SHARE * eta * first:
            return points, True
        v = [beta * vi - eta * gi for vi, gi in zip(v, g)]
        x = [xi + vi for xi, vi in zip(x, v)]
        points.append(tuple(x))
    return points, False


@pytest.mark.parametrize("beta", [0.0, 0.5, 0.8])
def test_the_race_is_the_loop_written_out(beta):
    race = compare(Formula.parse("x1**2 + 10*x2**2", ["x1", "x2"]), ["2", "1"], "0.09", str(beta), 400)
    run = race.heavy
    points, settled = loop(lambda x: [2 * x[0], 20 * x[1]], [2.0, 1.0], 0.09, beta, 400)
    assert run.settled == settled and run.steps == len(points) - 1
    assert all(math.isclose(a, b, abs_tol=1e-12) for p, q in zip(run.points, points) for a, b in zip(p, q))
    plain, _ = loop(lambda x: [2 * x[0], 20 * x[1]], [2.0, 1.0], 0.09, 0.0, 400)
    assert race.plain.steps == len(plain) - 1 == 33  # x2's factor is 1 - 0.09 * 20 = -0.8: it zig-zags
    assert race.plain.zigzags(1) and not race.plain.zigzags(0)


def words_module():
    spec = importlib.util.spec_from_file_location("momentum_words", MOMENTUM / "segments" / "words.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_words_follow_what_the_runs_did():
    words = words_module()
    flat = compare(Formula.parse("x**4/4", ["x"]), ["2"], "0.1", "0.8", 400)
    assert words.took(flat.plain) == "needs 121 steps to settle"  # x <- x - 0.1 x^3 from 2, by hand to |x^3| small
    assert words.verdict(flat.heavy, flat.plain).startswith(f"settles in {flat.heavy.steps} steps, "
                                                            f"{121 - flat.heavy.steps} fewer")
    slow = compare(Formula.parse("x**2", ["x"]), ["3"], "0.45", "0.9", 400)  # plain lands near 0 at once
    assert slow.plain.faster_than(slow.heavy)
    assert "plain gradient descent" in words.verdict(slow.heavy, slow.plain) and "is faster" in \
        words.verdict(slow.heavy, slow.plain)
    short = compare(Formula.parse("x**2", ["x"]), ["3"], "0.001", "0.5", 5)
    assert words.took(short.plain) == "has not settled after 5 steps"
    assert words.summary(flat, slow) == "Here it was faster on 1 of the 2 grounds: it is a choice, not a rule."


def test_every_segment_builds_with_its_narration_and_layout_checked():
    done = lesson("check", "--lesson", str(MOMENTUM))
    assert done.returncode == 0, done.stdout + done.stderr
    for key in ("title", "flat-bottom", "ravine", "scoreboard"):
        assert f"{key} " in done.stdout
    assert "0 problem(s)" in done.stdout


def test_the_second_lesson_renders_with_captions_chapters_and_its_own_page(tmp_path):
    """Narrated by the default voice, as a teacher renders it (issue 30's first check)."""
    done = lesson("render", "--lesson", str(MOMENTUM), "--media", str(tmp_path), "--narration", "piper",
                  "--no-webm", "--jobs", "2")
    assert done.returncode == 0, done.stdout + done.stderr
    (render,) = tmp_path.glob("lesson-*/low")
    manifest = json.loads((render / "manifest.json").read_text())
    assert [s["key"] for s in manifest["segments"]] == ["title", "flat-bottom", "ravine", "scoreboard"]
    assert manifest["title"] == "Momentum: the heavy ball"
    assert manifest["narration"]["engine"] == "piper" and manifest["audio"]["loudness_lufs"] == pytest.approx(-16, abs=1)
    assert "from the voice itself" in done.stdout  # every word timed from the voice's own alignment
    assert not (render / "answer-key.manifest.json").exists()
    said = " ".join(w[2] for w in json.loads((render / "lesson.words.json").read_text())["words"])
    assert "needs 121 steps to settle" in said and "needs 33 steps to settle" in said  # every word captioned, timed
    site = render / "site"
    tables = json.loads((site / "tables.json").read_text())
    names = [t["name"] for t in tables]
    assert names and all(n.startswith(("flat:", "ravine:")) for n in names)  # its own, none of the first lesson's
    assert not (site / "worksheet.pdf").exists()  # the first lesson's worksheet is not this lesson's
    assert "Momentum: the heavy ball" in (site / "index.html").read_text()


@settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck))
@given(formula=st.sampled_from(["x**2", "x**4/4", "(x - 1)**2 + 3", "x**4 - 2*x**2 + x"]),
       start=st.sampled_from([-2, 1, 2.5]), rate=st.sampled_from(["0.01", "0.05", "0.1", "0.3"]),
       beta=st.sampled_from(["0", "0.5", "0.9"]),
       ravine=st.sampled_from(["x1**2 + 10*x2**2", "3*x1**2 + x2**2", "x1**2 + x1*x2 + 4*x2**2"]))
def test_generated_configs_are_refused_with_one_message_or_build(tmp_path_factory, formula, start, rate, beta,
                                                                 ravine):
    config = tmp_path_factory.mktemp("momentum") / "mine.toml"
    config.write_text(f'[lesson]\nsegments = ["title", "flat-bottom", "ravine", "scoreboard"]\nanswer_key = []\n'
                      f'[quiz]\nquestions = []\n[flat]\nformula = "{formula}"\nstart = [{start}]\n'
                      f'learning_rate = {rate}\nbeta = {beta}\n[ravine]\nformula = "{ravine}"\nbeta = {beta}\n')
    done = lesson("check", "--lesson", str(MOMENTUM), "--config", str(config))
    if done.returncode == 2:  # refused: one message naming the table, never a traceback
        assert "Traceback" not in done.stderr and ("[flat]" in done.stderr or "[ravine]" in done.stderr), done.stderr
        return
    assert done.returncode == 0, done.stdout + done.stderr
