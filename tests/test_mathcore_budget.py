"""mathcore's service bounds its work: exact runs stop growing, every request has a time and memory budget, and
generated hostile requests each get an answer or one error naming a field of the request, in seconds (issue 32)."""

from __future__ import annotations

import copy
import json
import math
import random
import time
from decimal import Decimal, localcontext
from fractions import Fraction

import pytest
from hostile_values import EXPANSION_BOMBS, HOSTILE_TEXT, HUGE_NUMBERS, TOWERS, path_explosion, squaring_chain
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_mathcore_package import RESPONSE, readme_requests, run_cli

from mathcore.jsonout import number
from mathcore.service import RequestError
from mathcore.worker import answer_within


def _digits(rng: random.Random, count: int) -> str:
    return "0." + "".join(rng.choice("0123456789") for _ in range(count - 1)) + "7"


def _long_decimal_request(rows: int) -> dict:
    rng = random.Random(3)
    return {"kind": "training", "inputs": ["x"], "target": "y", "weights": {"w": 1},
            "nodes": [["p", "w*x"], ["E", "(y - p)**2"]], "prediction": "p",
            "examples": [[_digits(rng, 58), _digits(rng, 58)] for _ in range(rows)], "learning_rate": "0.05"}


def test_a_thousand_examples_of_58_digit_decimals_are_answered_in_seconds(tmp_path):
    """Issue 32: the exact online updates grew to 390,000-bit fractions (109 s of arithmetic), then printing them
    failed with a traceback past Python's 4,300-digit limit. Exact values now go on in floats once too long."""
    request = _long_decimal_request(1000)
    path = tmp_path / "request.json"
    path.write_text(json.dumps(request), encoding="utf-8")
    began = time.perf_counter()
    done = run_cli(str(path), "--indent", "0")
    assert time.perf_counter() - began < 20
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr[-2000:]
    answer = json.loads(done.stdout)
    RESPONSE.validate(answer)
    # the first gradient is exact: dE/dw = -2 (y - w x) x at w = 1, from the typed decimals
    x, y = (Fraction(v) for v in request["examples"][0])
    assert answer["gradients"][0]["gradients"][0]["fraction"] == str(-2 * (y - x) * x)
    # the online pass in plain floats, independently: the last weight agrees to 12 digits
    w = 1.0
    for xs, ys in request["examples"]:
        xf, yf = float(xs), float(ys)
        w -= 0.05 * (-2 * (yf - w * xf) * xf)
    assert answer["online_updates"][-1][0]["new"]["float"] == pytest.approx(w, rel=1e-12)


def test_a_number_too_long_to_print_is_given_rounded_not_as_a_fraction_and_at_once():
    huge = Fraction(3**13000, 2**1000)  # a 20,600-bit numerator: past what Python turns into text
    began = time.perf_counter()
    written = number(huge)
    assert time.perf_counter() - began < 0.5
    assert "fraction" not in written and written["float"] is None
    size = 13000 * math.log10(3) - 1000 * math.log10(2)  # 5901.546...: 3.518... x 10^5901
    mantissa, exponent = written["decimal"].lower().split("e+")
    assert int(exponent) == math.floor(size) and float(mantissa) == pytest.approx(10 ** (size % 1), rel=1e-9)
    with localcontext() as context:
        context.prec = 100
        assert number(Fraction(1, 2**59))["decimal"] == format(Decimal(1) / Decimal(2**59), "f")  # 59 places, exact


def _slow_request() -> dict:
    """Within every count limit, yet many seconds of work: 50,000 updates of a 40-node graph."""
    nodes = [["n0", "w*x"]] + [[f"n{i}", f"n{i - 1}*0.5 + w*x"] for i in range(1, 40)]
    return {"kind": "training", "inputs": ["x"], "target": "y", "weights": {"w": 1},
            "nodes": nodes + [["E", "(y - n39)**2"]], "prediction": "n39",
            "examples": [[1, 2]] * 50, "learning_rate": "0.0001", "curves": {"epochs": 1000, "learning_rate": "0.0001"}}


def test_a_request_past_its_time_budget_stops_with_one_error_naming_its_size_field():
    began = time.perf_counter()
    done = run_cli("--time-limit", "1", stdin=json.dumps(_slow_request()))
    took = time.perf_counter() - began
    assert done.returncode == 2 and b"Traceback" not in done.stderr, done.stderr[-2000:]
    error = json.loads(done.stdout)["error"]
    assert error["key"] == "examples" and "time limit of 1 s" in error["message"]
    assert took < 15  # the interpreter's start, one second of work, and the stop


def test_a_request_past_its_memory_budget_is_one_error_never_a_traceback():
    done = run_cli("--memory-limit", "64", stdin=json.dumps(_long_decimal_request(1000)))
    assert done.returncode == 2 and b"Traceback" not in done.stderr, done.stderr[-2000:]
    message = json.loads(done.stdout)["error"]["message"]
    assert "memory limit of 64 MB" in message or "stopped without an answer" in message


def test_budgets_are_checked_when_given():
    for option, value in (("--time-limit", "0"), ("--time-limit", "nan"), ("--memory-limit", "12")):
        done = run_cli(option, value, stdin="{}")
        assert done.returncode == 2 and option.encode() in done.stderr and b"Traceback" not in done.stderr


# ---- generated hostile requests -----------------------------------------------------------------------------

FORMULAS = st.sampled_from(TOWERS + EXPANSION_BOMBS + HOSTILE_TEXT)
NUMBERS = st.sampled_from(HUGE_NUMBERS + HOSTILE_TEXT + [1e308, -0.0, 10**100, 10**101])


def _mutations(kind: str) -> st.SearchStrategy:
    """(path in the request, value) pairs: each field of the README's request of this kind, made hostile."""
    formula_paths = {"descent": [("formula",)], "graph": [("nodes", 0, 1), ("nodes", 1, 1)],
                     "training": [("nodes", 0, 1), ("nodes", 3, 1)]}[kind]
    number_paths = {"descent": [("start", 0), ("learning_rate",)],
                    "graph": [("values", "x"), ("values", "w")],
                    "training": [("examples", 0, 0), ("weights", "w1"), ("learning_rate",),
                                 ("curves", "learning_rate")]}[kind]
    text_paths = {"descent": [("variables", 0)], "graph": [("leaves", 0), ("nodes", 0, 0)],
                  "training": [("target",), ("prediction",), ("inputs", 0)]}[kind]
    return st.one_of(
        st.tuples(st.sampled_from(formula_paths), FORMULAS),
        st.tuples(st.sampled_from(number_paths), NUMBERS),
        st.tuples(st.sampled_from(text_paths), st.sampled_from(HOSTILE_TEXT)),
    )


def _set(request: dict, path: tuple, value: object) -> None:
    target = request
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value


def _check(request: dict, named: set[str]) -> None:
    began = time.perf_counter()
    try:
        answer = answer_within(request, seconds=20)
    except RequestError as error:
        assert "time limit" not in error.detail, (request, error)  # the bounds hold on their own, not the budget
        assert error.key.split("[")[0].split(".")[0] in named | {""}, (error.key, request)
        RESPONSE.validate({"version": 1, "error": {"key": error.key, "message": error.detail}})
    else:
        RESPONSE.validate(answer)
        json.dumps(answer, ensure_ascii=True)  # writable
    assert time.perf_counter() - began < 10, request


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), kind=st.sampled_from(["descent", "graph", "training"]))
def test_generated_hostile_requests_get_an_answer_or_an_error_naming_a_field_in_seconds(data, kind):
    request = copy.deepcopy(readme_requests()[kind])
    changes = data.draw(st.lists(_mutations(kind), min_size=1, max_size=2))
    for path, value in changes:
        _set(request, path, value)
    _check(request, {str(path[0]) for path, _ in changes} | {"nodes", "values", "examples", "kind"})


@pytest.mark.parametrize("nodes", [path_explosion(40, ("x", "w")), squaring_chain(30, "x"), squaring_chain(64, "x")],
                         ids=["2^40 paths", "squaring chain of 30", "squaring chain of 64"])
def test_graphs_that_explode_get_an_error_naming_the_nodes_in_seconds(nodes):
    request = {"kind": "graph", "leaves": ["x", "w"], "parameters": ["w"], "nodes": nodes,
               "values": {"x": "0.5", "w": "0.25"}}
    with pytest.raises(RequestError) as caught:
        answer_within(request, seconds=20)
    assert caught.value.key.startswith("nodes") and "time limit" not in caught.value.detail
