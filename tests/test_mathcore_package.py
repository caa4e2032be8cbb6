"""mathcore as a library for other tools: documented names, runnable examples, a JSON interface, its own wheel."""

from __future__ import annotations

import doctest
import importlib
import json
import os
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest

import mathcore
from mathcore.cli import schema
from mathcore.service import RequestError, answer

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "mathcore" / "README.md"
RESPONSE = jsonschema.Draft202012Validator(schema("response"))
REQUEST = jsonschema.Draft202012Validator(schema("request"))


def readme_requests() -> dict[str, dict]:
    """The request examples of mathcore's README, by kind (the README is what users copy)."""
    text = README.read_text(encoding="utf-8")
    found = re.findall(r"<!-- request: (\w+) -->\n```json\n(.*?)```", text, re.S)
    return {kind: json.loads(body) for kind, body in found}


def run_cli(*args: str, stdin: str = "", python: str = sys.executable, cwd: Path | None = None):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run([python, "-m", "mathcore", *args], input=stdin.encode(), capture_output=True,
                          timeout=120, cwd=cwd, env=env)


@pytest.mark.parametrize("name", mathcore.__all__)
def test_every_public_name_has_a_docstring_with_an_example(name):
    doc = getattr(mathcore, name).__doc__ or ""
    assert doc.strip() and ">>>" in doc, f"mathcore.{name} has no example in its docstring"


def test_every_example_in_the_package_runs():
    attempted = 0
    failures = []
    for info in pkgutil.iter_modules(mathcore.__path__):
        if info.name == "__main__":
            continue
        module = importlib.import_module(f"mathcore.{info.name}")
        result = doctest.testmod(module, optionflags=doctest.ELLIPSIS, verbose=False, report=False)
        attempted += result.attempted
        if result.failed:
            failures.append(info.name)
    assert not failures, f"doctests fail in {failures}"
    assert attempted >= len(mathcore.__all__)


def test_readme_examples_run_here():
    result = doctest.testfile(str(README), module_relative=False, optionflags=doctest.ELLIPSIS, report=False)
    assert result.failed == 0 and result.attempted >= 20


def test_readme_has_one_request_of_each_kind():
    assert set(readme_requests()) == {"descent", "graph", "training"}


@pytest.mark.parametrize("kind", ["descent", "graph", "training"])
def test_readme_requests_and_answers_follow_the_schemas(kind):
    request = readme_requests()[kind]
    REQUEST.validate(request)
    RESPONSE.validate(answer(request))


def test_micrograd_example_as_a_graph_matches_micrograd():
    # micrograd's README prints g = 24.7041, dg/da = 138.8338, dg/db = 645.5773 for a = -4, b = 2.
    nodes = [["c1", "a + b"], ["d1", "a*b + b**3"], ["c2", "c1 + c1 + 1"], ["c3", "c2 + 1 + c2 + (-a)"],
             ["d2", "d1 + d1*2 + relu(b + a)"], ["d3", "d2 + 3*d2 + relu(b - a)"], ["e", "c3 - d3"],
             ["f", "e**2"], ["g1", "f / 2"], ["g", "g1 + 10 / f"]]
    result = answer({"kind": "graph", "leaves": ["a", "b"], "nodes": nodes, "values": {"a": -4, "b": 2}})
    RESPONSE.validate(result)
    assert f"{result['forward']['g']['float']:.4f}" == "24.7041"
    assert result["forward"]["g"]["fraction"] == "2421/98"  # 24.70408..., exact
    assert f"{result['gradients']['a']['float']:.4f}" == "138.8338"
    assert f"{result['gradients']['b']['float']:.4f}" == "645.5773"


def test_descent_answer_is_exact_and_gives_decimals_and_fractions():
    result = answer({"kind": "descent", "formula": "x1**2 + 2*x2**2", "variables": ["x1", "x2"],
                     "start": [3, "2"], "learning_rate": 0.1, "steps": 3})
    # Hand-checked: (3, 2) -> (2.4, 1.2) -> (1.92, 0.72) -> (1.536, 0.432); f(1.92, 0.72) = 4.7232.
    assert [[v["decimal"] for v in row["new_point"]] for row in result["steps"]] == [
        ["2.4", "1.2"], ["1.92", "0.72"], ["1.536", "0.432"]]
    assert result["steps"][2]["value"] == {"decimal": "4.7232", "float": 4.7232, "fraction": "2952/625"}
    assert result["learning_rate"]["fraction"] == "1/10"  # JSON's 0.1 read as one tenth
    assert [p["derivative"] for p in result["partials"]] == ["2*x1", "4*x2"]


def test_training_answer_reproduces_the_lessons_batch_tables():
    result = answer(readme_requests()["training"])
    # The README's errata: batch totals 2064 and 316, new w1 = 0.7936, w2 = 1.9684, errors after 21.69, 63.11, 0.63.
    assert [t["decimal"] for t in result["gradient_totals"][:2]] == ["2064", "316"]
    assert [r["new"]["decimal"] for r in result["batch_update"][:2]] == ["0.7936", "1.9684"]
    after = [round(r["loss_after"]["float"], 2) for r in result["verification"]["rows"]]
    assert after == [21.69, 63.11, 0.63]
    assert result["verification"]["total_improved"] is True
    assert len(result["online_updates"]) == 3
    assert len(result["curves"]["batch"]["losses"]) == 41 and result["curves"]["batch"]["losses"][0] == 534.0


def test_a_number_typed_as_integer_decimal_or_string_gives_the_same_answer():
    base = {"kind": "descent", "formula": "(x - 1)**2 + 2", "variables": ["x"], "learning_rate": "0.25", "steps": 4}
    answers = [answer({**base, "start": [start]}) for start in (-3, -3.0, "-3", "-3.0")]
    assert all(a == answers[0] for a in answers)


@pytest.mark.parametrize(("request_", "key", "words"), [
    ({"kind": "descent", "formula": "9**9**9", "variables": ["x"], "start": [1], "learning_rate": 1}, "formula",
     "too large"),
    ({"kind": "descent", "formula": "x**(10**10)", "variables": ["x"], "start": [1], "learning_rate": 1}, "formula",
     "exponents are limited to 64"),
    ({"kind": "descent", "formula": "(x**8)**9", "variables": ["x"], "start": [1], "learning_rate": 1}, "formula",
     "exponents are limited to 64"),
    ({"kind": "descent", "formula": "x**2", "variables": ["x"], "start": [1], "learning_rate": 1e-9,
      "steps": 1e9}, "steps", "whole number from 1 to 10000"),
    ({"kind": "descent", "formula": "x**2", "variables": ["π"], "start": [1], "learning_rate": 1}, "variables[0]",
     "ASCII"),
    ({"kind": "descent", "formula": "x**2", "variables": ["x"], "start": [1e308 * 10], "learning_rate": 1},
     "start[0]", "finite"),
    ({"kind": "descent", "formula": "x**2", "variables": ["x"], "start": ["1e400"], "learning_rate": 1},
     "start[0]", "out of range"),
    ({"kind": "descent", "formula": "x**2", "variables": ["x"], "start": [1], "learning_rate": 0}, "learning_rate",
     "greater than 0"),
    ({"kind": "descent", "formula": "x**2", "variables": ["x"], "start": [1], "learning_rate": 1, "step": 3}, "step",
     "not a field"),
    ({"kind": "graph", "leaves": ["x"], "nodes": [["\\input{/etc/passwd}", "x"]], "values": {"x": 1}}, "nodes[0]",
     "ASCII"),
    ({"kind": "graph", "leaves": ["x"], "nodes": [["y", "log(x)"]], "values": {"x": -1}}, "values",
     "no finite value"),
    ({"kind": "training", "inputs": ["x"], "target": "y", "weights": {"w": 1}, "nodes": [["p", "w*x"],
      ["E", "(y - p)**2"]], "prediction": "p", "examples": [[1, 2]], "learning_rate": 1,
      "curves": {"epochs": 1000, "learning_rate": 1}}, "curves.epochs", None),
    ({"kind": "training", "inputs": ["x"], "target": "y", "weights": {"w": 1}, "nodes": [["p", "w*x"],
      ["E", "(y - p)**2"]], "prediction": "p", "examples": [[1, 2, 3]], "learning_rate": 1}, "examples[0]",
     "must hold 2 number(s)"),
    ({"kind": "quiz"}, "kind", "must be one of descent, graph, training"),
])
def test_bad_requests_name_their_key(request_, key, words):
    if key == "curves.epochs":  # 1000 epochs x 1 example is allowed; make the data larger than the update budget
        request_ = {**request_, "examples": [[1, 2]] * 51}
        words = "more than 50000 updates"
    with pytest.raises(RequestError) as caught:
        answer(request_)
    assert caught.value.key == key
    assert words in caught.value.detail
    RESPONSE.validate({"version": 1, "error": {"key": caught.value.key, "message": caught.value.detail}})


def test_cli_answers_json_and_toml_and_refuses_what_it_cannot_read(tmp_path):
    request = readme_requests()["descent"]
    done = run_cli("--indent", "0", stdin=json.dumps(request))
    assert done.returncode == 0, done.stderr
    RESPONSE.validate(json.loads(done.stdout))

    toml = tmp_path / "request.toml"
    toml.write_text('kind = "descent"\nformula = "x**2"\nvariables = ["x"]\nstart = [3]\n'
                    'learning_rate = "0.1"\nsteps = 3\n', encoding="utf-8")
    out = tmp_path / "answer.json"
    done = run_cli(str(toml), "-o", str(out))
    assert done.returncode == 0 and json.loads(out.read_text())["steps"][2]["new_point"][0]["decimal"] == "1.536"

    cases = {
        "nested": ("[" * 5000 + "]" * 5000, "nested too deeply"),
        "not json": ("{kind: descent}", "cannot read the request as JSON"),
        "bomb": (json.dumps({**request, "formula": "x**9**9**9"}), "formula:"),
    }
    for name, (stdin, words) in cases.items():
        done = run_cli(stdin=stdin)
        assert done.returncode == 2, name
        assert words in done.stderr.decode() and "Traceback" not in done.stderr.decode(), name
        RESPONSE.validate(json.loads(done.stdout))

    latin = tmp_path / "latin.json"
    latin.write_bytes('{"kind": "descent", "formula": "é"}'.encode("latin-1"))
    done = run_cli(str(latin))
    assert done.returncode == 2 and "not UTF-8" in done.stderr.decode()

    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    done = run_cli(str(fifo))  # would block forever if opened
    assert done.returncode == 2 and "not a regular file" in done.stderr.decode()

    done = run_cli("--schema", "response")
    assert json.loads(done.stdout)["title"].startswith("mathcore response")


def test_wheel_installs_and_works_where_there_is_no_manim(tmp_path):
    """The distribution on its own: build its wheel, install it in a fresh venv, run the README there."""
    wheels, source = tmp_path / "wheels", tmp_path / "source"
    # Built from a copy: setuptools writes build/ beside the sources, and the tree must stay clean.
    shutil.copytree(ROOT / "mathcore", source, ignore=shutil.ignore_patterns("build", "*.egg-info", "__pycache__"))
    built = subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(wheels), str(source)],
                           capture_output=True, timeout=600)
    assert built.returncode == 0, built.stderr.decode()[-2000:]
    (wheel,) = wheels.glob("nn_lesson_mathcore-*.whl")
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    python = str(venv / "bin" / "python")
    installed = subprocess.run([python, "-m", "pip", "install", "-q", str(wheel)], capture_output=True, timeout=900)
    assert installed.returncode == 0, installed.stderr.decode()[-2000:]

    work = tmp_path / "elsewhere"  # not the repository: only the installed wheel can be imported
    work.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    probe = ("import importlib.util, mathcore, sys; "
             "print(mathcore.__file__); "
             "sys.exit(any(importlib.util.find_spec(m) for m in ('manim', 'cairo', 'pytest')))")
    where = subprocess.run([python, "-c", probe], capture_output=True, cwd=work, env=env, timeout=120)
    assert where.returncode == 0, "the clean environment can import manim, cairo or pytest"
    assert str(venv) in where.stdout.decode()

    script = (f"import doctest, sys; r = doctest.testfile({str(README)!r}, module_relative=False, "
              "optionflags=doctest.ELLIPSIS); sys.exit(r.failed or r.attempted < 20)")
    readme = subprocess.run([python, "-c", script], capture_output=True, cwd=work, env=env, timeout=300)
    assert readme.returncode == 0, readme.stdout.decode()[-3000:]

    for kind, request in readme_requests().items():
        done = run_cli(stdin=json.dumps(request), python=python, cwd=work)
        assert done.returncode == 0, (kind, done.stderr.decode())
        RESPONSE.validate(json.loads(done.stdout))
    schema_file = subprocess.run([python, "-m", "mathcore", "--schema", "request"], capture_output=True, cwd=work,
                                 env=env, timeout=60)
    assert json.loads(schema_file.stdout) == schema("request")


def test_api_reference_builds_with_every_public_name(tmp_path):
    done = subprocess.run([sys.executable, "-m", "pdoc", "-o", str(tmp_path), "mathcore"], capture_output=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr.decode()[-2000:]
    page = (tmp_path / "mathcore.html").read_text(encoding="utf-8")
    missing = [name for name in mathcore.__all__ if f'id="{name}"' not in page]
    assert not missing, f"the reference lacks {missing}"


def test_the_answer_is_never_written_through_a_planted_link(tmp_path):
    """Issue 32: `python -m mathcore -o ans.json` wrote through a symlink planted at `ans.json.partial`."""
    toml = tmp_path / "request.toml"
    toml.write_text('kind = "descent"\nformula = "x**2"\nvariables = ["x"]\nstart = [3]\n'
                    'learning_rate = "0.1"\nsteps = 3\n', encoding="utf-8")
    precious = tmp_path / "precious.txt"
    precious.write_text("keep me")
    (tmp_path / "ans.json.partial").symlink_to(precious)
    done = run_cli(str(toml), "-o", str(tmp_path / "ans.json"))
    assert done.returncode == 0, done.stderr
    assert precious.read_text() == "keep me"
    answer = tmp_path / "ans.json"
    assert not answer.is_symlink() and json.loads(answer.read_text())["kind"] == "descent"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ans.json", "ans.json.partial", "precious.txt",
                                                          "request.toml"]  # no temporary left behind


@pytest.mark.parametrize("request_text, key, message", [
    ('{"kind": ["descent"]}', "kind", "must be one of descent, graph, training"),
    ('{"kind": "descent", "formula": "x\\ud800", "variables": ["x"], "start": [1], "learning_rate": "0.1"}',
     "formula", "holds a lone surrogate"),
])
def test_a_request_of_the_wrong_shape_is_one_error_naming_its_field(request_text, key, message):
    """Issue 32: an unhashable kind and a lone surrogate each ended in a traceback."""
    done = run_cli("-", stdin=request_text)
    assert done.returncode == 2 and b"Traceback" not in done.stderr, done.stderr
    error = json.loads(done.stdout)["error"]
    assert error["key"] == key and message in error["message"]
