"""Every sentence that states an outcome agrees with an independent computation of that outcome (issue 11).

The runs here are recomputed in plain floats with hand-written derivatives (not
mathcore's exact evaluation), then the sentences chosen from mathcore's facts are
read back and checked against them, for generated parameters.
"""

from __future__ import annotations

import math
import re

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from lessons.neural_networks.segments import wording
from mathcore import Formula, gradient_descent
from mathcore.fmt import fmt_count
from mathcore.lesson import LocalMinimaParams, NetworkParams, WorksheetParams, crime_scene, worksheet_answers

# (formula, variables, f, gradient, curvature eigenvalues or None) written out by hand
ONE_D = [
    ("x**2", lambda x: x * x, lambda x: (2 * x,), (2.0,)),
    ("(x - 1)**2 + 2", lambda x: (x - 1) ** 2 + 2, lambda x: (2 * (x - 1),), (2.0,)),
    ("3*x**2 - 2*x", lambda x: 3 * x * x - 2 * x, lambda x: (6 * x - 2,), (6.0,)),
    ("x**4 - 4*x**2 + x + 1", lambda x: x**4 - 4 * x**2 + x + 1, lambda x: (4 * x**3 - 8 * x + 1,), None),
]
TWO_D = [
    ("x1**2 + 2*x2**2", lambda a, b: a * a + 2 * b * b, lambda a, b: (2 * a, 4 * b), (2.0, 4.0)),
    ("x1**2 + x1*x2 + x2**2", lambda a, b: a * a + a * b + b * b, lambda a, b: (2 * a + b, a + 2 * b), (1.0, 3.0)),
    ("(x1 - 1)**2 + 3*(x2 + 2)**2", lambda a, b: (a - 1) ** 2 + 3 * (b + 2) ** 2,
     lambda a, b: (2 * (a - 1), 6 * (b + 2)), (2.0, 6.0)),
    ("x1**4 + x2**2", lambda a, b: a**4 + b * b, lambda a, b: (4 * a**3, 2 * b), None),
]
RATES = ["0.01", "0.05", "0.1", "0.2", "0.3", "0.45", "0.5", "0.6", "0.9", "0.99", "1", "1.05"]  # 0.5, 1: x² in one step; its limit
STARTS = ["-3", "-2", "-1.5", "-0.5", "0.5", "1", "2", "2.5", "3"]


def float_run(f, grad, start, eta, steps):
    """Plain-float gradient descent: the points and values visited (None past overflow)."""
    point, points, values = [float(v) for v in start], [], []
    for _ in range(steps + 1):
        try:
            value = f(*point)
        except OverflowError:
            return points, values, False
        if not math.isfinite(value) or abs(value) > 1e12:
            return points, values, False
        points.append(tuple(point))
        values.append(value)
        point = [p - eta * g for p, g in zip(point, grad(*point))]
    return points, values, True


def flips(points) -> bool:
    deltas = [tuple(b - a for a, b in zip(p, q)) for p, q in zip(points, points[1:])]
    return any(a * b < 0 for d0, d1 in zip(deltas, deltas[1:]) for a, b in zip(d0, d1) if abs(a) > 1e-12
               and abs(b) > 1e-12)


def number_in(text: str, after: str) -> float:
    match = re.search(re.escape(after) + r" (?:almost exactly )?(-?[\d.]+(?:e-?\d+)?)", text)
    assert match, (after, text)
    return float(match.group(1))


@settings(max_examples=150, deadline=None)
@given(case=st.sampled_from(ONE_D + TWO_D), starts=st.tuples(st.sampled_from(STARTS), st.sampled_from(STARTS)),
       eta=st.sampled_from(RATES), shown=st.integers(2, 25))
def test_descent_sentences_match_an_independent_run(case, starts, eta, shown):
    text, f, grad, eigen = case
    variables = ("x",) if case in ONE_D else ("x1", "x2")
    start = starts[: len(variables)]
    run = gradient_descent(Formula.parse(text, variables), start, eta, steps=shown)
    if run.diverged:
        return  # the config check refuses these; nothing is narrated
    facts = run.facts()
    points, values, finite = float_run(f, grad, start, float(eta), len(run.steps))
    if not finite or len(values) < 2 or abs(values[-1] - values[0]) < 1e-9 * max(1.0, abs(values[0])):
        return  # too close to call in floats
    fell = values[-1] < values[0]

    size = wording.step_size(facts, eta)
    picture = wording.descent_picture(facts)
    if wording.step_taken(facts) == "a small" or "small step" in size or "sliding down" in picture:
        assert fell and not flips(points) and all(b <= a + 1e-12 for a, b in zip(values, values[1:]))
        assert len(values) > 2  # more than one step: a single jump is not a slide
    if "single step" in size or "single step" in picture:
        assert len(values) == 2 and all(abs(g) < 1e-6 for g in grad(*points[1]))
    if "only steps smaller than" in size:
        assert eigen and math.isclose(number_in(size, "only steps smaller than"), 2 / max(eigen), rel_tol=1e-3)
    if "overshoot" in size or "zig-zags" in picture:
        assert flips(points)
    if "too large" in size or "does not go down" in picture:
        assert not fell
    assert ("does not go down" in picture) == (not fell)

    said = wording.change(facts.error_start, facts.error_end, 6)
    assert said.startswith("down to" if fell else "up to"), said
    if said.endswith("almost exactly 0"):
        assert 0 < abs(values[-1]) < 1e-6
    else:
        assert math.isclose(number_in(said, " ".join(said.split()[:2])), values[-1], rel_tol=1e-4, abs_tol=1e-5)

    moved = wording.moves(run.facts(1))
    for name, before, after in zip(variables, points[0], points[1]):
        if after != before:
            word = "increases" if after > before else "decreases"
            assert math.isclose(number_in(moved, f"{name} {word} by"), abs(after - before), rel_tol=1e-3,
                                abs_tol=1e-3), moved
    if eigen:
        assert math.isclose(facts.step_ratio, float(eta) / (2 / max(eigen)))
        assert facts.curvature.bowl


def independent_network(inputs, weights):
    """The default network written out by hand: predictions, squared errors, and gradients."""
    w1, w2, w3, w4, w5 = weights
    rows = []
    for x1, x2 in inputs:
        target = 2 * x1**2 + 3 * x2
        h1, h2 = (x1 + w1 * x2) ** 2, w2 * x1 * x2
        y = w3 * h1 + w4 * h2 + w5
        dy = 2 * (y - target)
        grads = (dy * w3 * 2 * (x1 + w1 * x2) * x2, dy * w4 * x1 * x2, dy * h1, dy * h2, dy)
        rows.append((y, target, (target - y) ** 2, grads))
    return rows


def step(weights, grads, eta):
    return tuple(w - eta * g for w, g in zip(weights, grads))


inputs = st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3)), min_size=2, max_size=4, unique=True)
weights = st.tuples(*(st.integers(-2, 2) for _ in range(5)))
rates = st.sampled_from(["0.00001", "0.0001", "0.001", "0.003", "0.01"])


@settings(max_examples=80, deadline=None)
@given(data=inputs, start=weights, eta=rates, pick=st.integers(0, 3))
def test_batch_and_crime_scene_verdicts_match_an_independent_network(data, start, eta, pick):
    pick %= len(data)
    params = NetworkParams(inputs=tuple((str(a), str(b)) for a, b in data), learning_rate=eta, crime_example=pick,
                           initial_weights=tuple((f"w{i + 1}", str(w)) for i, w in enumerate(start)))
    rows = independent_network(data, start)
    if all(loss == 0 for *_, loss, _ in rows):
        return  # nothing to learn: the config check refuses it
    lr = float(eta)
    totals = [sum(g[i] for *_, g in rows) for i in range(5)]
    after = independent_network(data, step(start, totals, lr))
    before_total, after_total = sum(r[2] for r in rows), sum(r[2] for r in after)
    check = params.trainer.verify(params.weights, params.trainer.batch_update(params.weights, eta).new_weights)
    verdict = wording.batch_verdict(check, eta)
    if not math.isclose(before_total, after_total, rel_tol=1e-9):
        assert ("fell from" in verdict) == (after_total < before_total), verdict
        assert ("rose from" in verdict) == (after_total > before_total), verdict
        assert ("This is how a network learns to generalize" in verdict) <= (after_total < before_total)
    improved = sum(b[2] < a[2] for a, b in zip(rows, after))
    assert verdict.startswith(f"All {len(data)}" if improved == len(data) else f"{improved} of {len(data)}"), verdict

    y0, target, _, grads = rows[pick]
    moved = step(start, grads, lr)
    y1 = independent_network([data[pick]], moved)[0][0]
    sentence = wording.prediction_moved(crime_scene(params))
    if not math.isclose(abs(y1 - target), abs(y0 - target), rel_tol=1e-9):
        assert ("closer to" in sentence) == (abs(y1 - target) < abs(y0 - target)), sentence
        assert ("past the target" in sentence) == ((y0 - target) * (y1 - target) < 0 and "closer" in sentence)
    current = moved
    try:
        for _ in range(wording.REPEATS):
            current = step(current, independent_network([data[pick]], current)[0][3], lr)
        later = abs(independent_network([data[pick]], current)[0][0] - target)
    except OverflowError:
        later = math.inf
    outlook = wording.repeat_outlook(crime_scene(params))
    if math.isfinite(later) and not math.isclose(later, abs(y1 - target), rel_tol=1e-6):
        assert ("gets within" in outlook or "lands on" in outlook) == (later < abs(y1 - target)), outlook
        if "gets within" in outlook:
            assert math.isclose(number_in(outlook, "gets within"), later, abs_tol=0.006)
        if "lands on the target" in outlook:
            assert later < 0.005


@settings(max_examples=40, deadline=None)
@given(starts=st.lists(st.sampled_from(["-2.5", "-1.5", "-0.5", "0", "0.5", "1", "2.5"]), min_size=1, max_size=2,
                       unique=True),
       eta=st.sampled_from(["0.01", "0.02", "0.05"]), steps=st.sampled_from([10, 60, 300]))
def test_local_minima_arrivals_match_a_dense_grid(starts, eta, steps):
    params = LocalMinimaParams(starts=tuple(starts), learning_rate=eta, steps=steps)
    view = params.landscape()
    f = ONE_D[3][1]
    grid = np.linspace(view.low, view.high, 200_001)
    deepest = grid[np.argmin(f(grid))]
    wide = np.linspace(-100, 100, 400_001)  # this quartic's true global minimum is near -1.47
    truly = abs(deepest - wide[np.argmin(f(wide))]) < 1e-3
    for where in view.arrivals:
        said = wording.arrival(where, steps, view)
        end = float(where.run.final_point[0])
        slope = 4 * end**3 - 8 * end + 1
        if "deep valley" in said or "deepest valley in view" in said:
            assert abs(end - deepest) < 2e-3 and abs(slope) < 0.05
            assert ("true, deep valley" in said) == truly
        elif "shallow valley" in said:
            assert abs(end - deepest) > 0.1 and abs(slope) < 0.05 and f(end) > f(deepest)
        else:
            assert "still moving" in said and abs(slope) > 1e-6
    assert (wording.deepest(view) == "The TRUE global minimum") == truly
    moral = wording.arrivals_compared(view)
    ends = {round(float(a.run.final_point[0]), 2) for a in view.arrivals}
    assert ("different results" in moral) == (len(ends) > 1 and all(a.minimum for a in view.arrivals)
                                              or len({a.minimum for a in view.arrivals}) > 1)


@settings(max_examples=40, deadline=None)
@given(x=st.integers(-3, 3), w1=st.sampled_from(["-2", "-0.5", "0", "0.5", "1", "3"]))
def test_the_sigmoid_is_called_saturated_only_where_its_slope_is_small(x, w1):
    answers = worksheet_answers(WorksheetParams(x=str(x), w1=w1))
    z = 3 * x + float(w1)
    s = 1 / (1 + math.exp(-z))
    flat = "flat part" in wording.sigmoid_slope(answers)
    assert flat == (s * (1 - s) < 0.05)
    assert ("barely learns" in wording.sigmoid_learning(answers)) == flat


@given(count=st.integers(0, 10**15))
def test_weight_counts_are_said_as_the_number_they_are(count):
    said = fmt_count(count)
    scales = {"million": 1e6, "billion": 1e9, "trillion": 1e12}
    number, *unit = said.split()
    value = float(number.replace(",", "")) * (scales[unit[0]] if unit else 1)
    assert math.isclose(value, count, rel_tol=0.006), said
    assert ("trillion" in said) == (count >= 10**12)


def test_the_default_lesson_keeps_its_words():
    """The script's sentences, where the facts bear them out, are what the default config says."""
    from mathcore import LessonParams

    params = LessonParams()
    facts = params.valley.run().facts(11)
    assert wording.step_size(facts, "0.1") == "use a small step size, the learning rate, η = 0.1"
    assert wording.descent_picture(facts) == "The algorithm is literally sliding down the curve of the parabola."
    net = params.network
    check = net.trainer.verify(net.weights, net.trainer.batch_update(net.weights, net.learning_rate).new_weights)
    assert wording.batch_verdict(check, "0.0001").startswith("All 3 examples improved with a single batch update")
    assert "closer to the target of 24" in wording.prediction_moved(crime_scene(net))
    assert wording.sigmoid_slope(worksheet_answers(params.worksheet)) == "far out on the flat part of the curve"


NAMES = ["online", "batch", "mini-batch"]


def test_the_batch_speed_claim_follows_which_curve_settles_first():
    """Issue 28: "Full batch is stable but slow" was said over a plot where batch settles first. The words now follow
    the curves' facts: the default run (batch settles first) and a slower rate (mini-batch settles first)."""
    from dataclasses import replace

    from mathcore.lesson import strategy_curves

    default = strategy_curves(NetworkParams())
    assert default.settled_first == ("batch",)
    said = wording.strategies_compared(default, NAMES, 2)
    assert "here settles first" in said and "stable but slow" not in said
    slower = strategy_curves(replace(NetworkParams(), curve_learning_rate="0.0001"))
    assert "batch" not in slower.settled_first  # the ordering differs: mini-batch settles first here
    assert "Full batch is stable but slow and memory-hungry." in wording.strategies_compared(slower, NAMES, 2)
    for curves in (default, slower):  # "noisy" and "stable" only where the curves are
        online, batch, _ = curves.facts()
        assert online.noisy and not batch.noisy
        assert "quick but noisy" in wording.strategies_compared(curves, NAMES, 2)


def test_the_batch_words_never_call_a_jumping_curve_stable():
    from dataclasses import replace

    from mathcore.lesson import strategy_curves

    fast = strategy_curves(replace(NetworkParams(), curve_learning_rate="0.001"))
    online, batch, _ = fast.facts()
    assert batch.noisy and "batch" not in fast.settled_first
    said = wording.strategies_compared(fast, NAMES, 2)
    assert "Full batch is slow and memory-hungry, and here not even stable." in said and "is stable" not in said


def test_the_batch_comparison_carries_a_bookmark_per_strategy():
    from mathcore.lesson import strategy_curves
    from scenes.kit.narration import bookmark, marked

    marks = {key: bookmark(key) for key in ("online", "batch", "minibatch")}
    text, found = marked(wording.strategies_compared(strategy_curves(NetworkParams()), NAMES, 2, marks))
    words = text.split()
    assert words[found["online"]] == "Online" and words[found["batch"]] == "Full"
    assert words[found["minibatch"]] == "Mini-batches"


def _float_values(f, grad, start: float, eta: float, steps: int) -> list[float]:
    x, values = start, []
    for _ in range(steps):
        values.append(f(x))
        x -= eta * grad(x)[0]
    return values


def test_the_stability_limit_is_said_open_and_holds_on_both_sides(tmp_path):
    """"The largest step that still settles is 1" was false for x²: at η = 1 the run flips between 3 and −3 forever.
    The limit is said open ("only steps smaller than 1 settle"), checked in floats at it and on both sides, and a rate
    at or past it is refused, naming the key."""
    from pipeline.config import ConfigError, parse_config

    f, grad = (lambda x: x * x), (lambda x: (2 * x,))
    size = wording.step_size(gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.99", steps=50).facts(), "0.99")
    assert "only steps smaller than 1 settle" in size and "largest step" not in size
    assert _float_values(f, grad, 3.0, 1.0, 400)[-2:] == [9.0, 9.0]  # at the limit: never settles
    assert _float_values(f, grad, 3.0, 0.99, 400)[-1] < 1e-3  # below it: settles
    assert _float_values(f, grad, 3.0, 1.01, 400)[-1] > 9  # past it: grows
    for rate, accepted in (("1", False), ("1.01", False), ("0.99", True)):
        table = {"valley": {"formula": "x**2", "start": [3], "learning_rate": float(rate), "steps": 12}}
        if accepted:
            parse_config(table, "t")
        else:
            try:
                parse_config(table, "t")
            except ConfigError as error:
                assert "valley.learning_rate" in str(error) and "only steps smaller than 1 settle" in str(error)
            else:
                raise AssertionError(f"η = {rate} was accepted")


def test_one_step_to_the_bottom_is_a_jump_not_a_small_step_or_a_slide():
    """η = 0.5 on x² lands on 0 at once: said so, never "a small step size", "sliding", or "1 steps"."""
    run = gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.5", steps=20)
    facts = run.facts()
    assert len(run.steps) == 1 and facts.outcome == "converged"
    assert wording.step_size(facts, "0.5") == "use a step size, the learning rate η = 0.5, that lands on the " \
                                              "bottom in a single step"
    assert wording.descent_picture(facts) == "The algorithm jumps straight to the bottom, in a single step."
    assert wording.step_taken(facts) == "a"
    assert wording.counted(facts.steps, "step") == "1 step"
    many = gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.1", steps=20).facts()
    assert wording.step_taken(many) == "a small" and "sliding down" in wording.descent_picture(many)
    jump = gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.99", steps=20).facts(1)
    assert wording.descent_picture(jump) == "That one step is a single jump: x decreases by 5.94."


def test_a_value_below_zero_is_never_called_an_error():
    """x⁴/4 − x goes down to −0.75: "an error of ... down to −0.75" was false; it is "f(x) =" there."""
    run = gradient_descent(Formula.parse("x**4/4 - x", ["x"]), ["3"], "0.05", steps=60)
    values = [s.value for s in run.steps] + [run.final_value]
    assert min(values) < 0
    assert wording.measured(values) == "f(x) ="
    assert wording.measured([9, 4, 0]) == "an error of"
    assert wording.error_noun(run.facts()) == "the value of f"
    assert wording.error_noun(gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "0.1", steps=9).facts()) == \
        "the error"


def test_mini_batches_sit_in_between_only_when_their_curve_ends_between_the_others():
    """Found with a 3-hidden-node network: "Mini-batches of 2 sit in between" while mini-batch ended worst (1.003
    against 0.0105 and 0.0277)."""
    from mathcore.lesson import StrategyCurves
    from mathcore.training import LossHistory

    def curves(online: float, batch: float, mini: float) -> StrategyCurves:
        return StrategyCurves(LossHistory("online", 1, 0.01, (9.0, online), False, 1),
                              LossHistory("batch", 4, 0.01, (9.0, batch), False, 1),
                              LossHistory("minibatch", 2, 0.01, (9.0, mini), False, 1))

    names = ("online", "full batch", "mini-batch")
    assert "sit in between" in wording.strategies_compared(curves(0.0105, 0.0277, 0.02), names, 2)
    worst = wording.strategies_compared(curves(0.0105, 0.0277, 1.003), names, 2)
    assert "sit in between" not in worst and "Mini-batches of 2 take one step for every 2 examples." in worst


def test_a_rounded_value_is_never_said_whole_when_it_is_not():
    """ws-sigmoid said "h = 1" for σ(11) = 0.99998."""
    assert wording.number(0.99998) == "almost exactly 1" and wording.number(-2.9996) == "almost exactly -3"
    assert wording.number(3) == "3" and wording.number(2.5) == "2.5" and wording.number(0) == "0"


def test_the_sigmoid_is_called_steep_only_on_its_steep_middle():
    """z = 2.5 (σ′ = 0.070) was called "the steep part of the curve": it is the shoulder."""
    def slope(z: float) -> float:
        s = 1 / (1 + math.exp(-z))
        return s * (1 - s)

    for x in (0.1, 0.5, 1.0, 2.5, 4.0):
        answers = worksheet_answers(WorksheetParams(x=str(x)))
        z = float(answers.sigmoid_blame.paths[0].factors[-1].value)  # the slope; its z checked through it
        said = wording.sigmoid_slope(answers)
        assert ("steep part" in said) == (z >= 0.125) and ("flat part" in said) == (z < 0.05), (x, z, said)
    assert slope(2.5) < 0.125 < slope(1.5)


def test_the_recap_names_only_what_was_taught_and_what_comes_next():
    """Transitions follow the lesson's actual order: "we know how to find the slope for each knob… Time to build
    our first AI brain" was said with the bowl still to come."""
    from scenes.kit.narration import unmarked

    default = ["title", "hook", "descent-loop", "valley", "local-minima", "bowl"]
    assert unmarked(wording.recap(default, ("network", "Our first network"))) == (
        "We know how to go downhill, find the slope for each knob and trace blame through a long chain. Time to "
        "build our first AI brain.")
    assert unmarked(wording.recap(["title", "hook"], ("bowl", "Partial derivatives and descent in 3D"))) == (
        "We know how to trace blame through a long chain. Next: Partial derivatives and descent in 3D.")
    assert unmarked(wording.recap(["valley"], None)) == "We know how to go downhill and trace blame through a long " \
                                                        "chain."
    assert wording.known_tools(["bowl"]) == ("slope", "blame")


def test_every_key_a_scene_speaks_from_is_in_lesson_init():
    """`lesson init` writes the default lesson's config: every parameter of every table is there to edit (the blame
    story's outcome was missing, so a teacher's football story kept "the presentation was bad")."""
    import dataclasses

    import tomllib

    from mathcore import LessonParams
    from pipeline.config import default_text

    written = tomllib.loads(default_text())
    missing = []
    for table in dataclasses.fields(LessonParams):
        value = getattr(LessonParams(), table.name)
        if table.name == "lesson":  # [lesson] title, segments... are the config's own, read by pipeline.config
            continue
        if not dataclasses.is_dataclass(value):  # a top-level key (slope_points, nested_nodes)
            missing += [] if table.name in written else [table.name]
            continue
        missing += [f"{table.name}.{key.name}" for key in dataclasses.fields(value)
                    if key.name not in written.get(table.name, {})]
    assert missing == []
