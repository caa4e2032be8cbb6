"""Descent trajectories: the script's tables recomputed, divergence reported."""

from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore import Formula, LessonParams, ParameterError, fmt, gradient_descent


def row_text(step, places=3):
    return (
        [fmt(v, places) for v in step.point],
        fmt(step.value, places),
        [fmt(v, places) for v in step.gradient],
        [fmt(v, places) for v in step.new_point],
    )


def test_valley_table_matches_hand_calculation():
    # x_{k+1} = 0.8 x_k, so x_k = 3 * 0.8**k exactly; f = x**2, f' = 2x.
    run = LessonParams().valley.run()
    for k in (0, 1, 2, 3, 10):
        x = Fraction(3) * Fraction(4, 5) ** k
        step = run.step(k)
        assert step.point == (x,)
        assert step.value == x * x
        assert step.gradient == (2 * x,)
        assert step.new_point == (x * Fraction(4, 5),)
    assert row_text(run.step(0)) == (["3.000"], "9.000", ["6.000"], ["2.400"])
    assert row_text(run.step(2)) == (["1.920"], "3.686", ["3.840"], ["1.536"])
    assert row_text(run.step(3)) == (["1.536"], "2.359", ["3.072"], ["1.229"])
    assert row_text(run.step(10)) == (["0.322"], "0.104", ["0.644"], ["0.258"])


def test_bowl_table_matches_hand_calculation_and_corrects_the_seed():
    # x1 shrinks by 0.8 and x2 by 0.6 each step (1 - 0.1*2, 1 - 0.1*4).
    run = LessonParams().bowl.run()
    for k in (0, 1, 2, 3, 10):
        x1, x2 = 3 * Fraction(4, 5) ** k, 2 * Fraction(3, 5) ** k
        step = run.step(k)
        assert step.point == (x1, x2)
        assert step.value == x1**2 + 2 * x2**2
        assert step.gradient == (2 * x1, 4 * x2)
    assert fmt(run.step(0).value) == "17.000"
    assert fmt(run.step(1).value) == "8.640"
    assert fmt(run.step(2).value) == "4.723"  # the seed prints 4.722
    assert fmt(run.step(3).value) == "2.733"  # the seed prints 2.734
    assert row_text(run.step(10))[0] == ["0.322", "0.012"]  # the seed prints 0.403, 0.028


def test_local_minima_depend_on_the_start():
    shallow, deep = LessonParams().local_minima.runs()
    assert shallow.status == deep.status == "converged"
    # f'(x) = 4x^3 - 8x + 1 = 0 near 1.347 (local) and -1.473 (global).
    f = Formula.parse("4*x**3 - 8*x + 1", ["x"])
    assert abs(float(f.at([shallow.final_point[0]]))) < 1e-6
    assert abs(float(f.at([deep.final_point[0]]))) < 1e-6
    assert shallow.final_point[0] > 1 and deep.final_point[0] < -1
    assert deep.final_value < shallow.final_value


def test_flat_ground_stops_the_loop():
    run = gradient_descent(Formula.parse("x**2", ["x"]), ["0"], "0.1")
    assert run.status == "converged" and run.steps == ()


def test_divergence_is_reported_without_bad_rows():
    run = gradient_descent(Formula.parse("x**2", ["x"]), ["3"], "1.5", steps=500)
    assert run.diverged and "smaller learning rate" in run.message
    assert all(abs(float(s.point[0])) <= 1e12 for s in run.steps)


def test_overflow_is_reported():
    run = gradient_descent(Formula.parse("-exp(x)", ["x"]), [1.0], 100.0, steps=50)
    assert run.diverged
    assert all(s.value == s.value for s in run.steps)  # no NaN


@pytest.mark.parametrize("eta", [0, -0.1, float("nan"), float("inf"), "abc", None, True])
def test_bad_learning_rate_is_rejected(eta):
    with pytest.raises(ParameterError, match="learning rate"):
        gradient_descent(Formula.parse("x**2", ["x"]), ["3"], eta)


def test_bad_start_is_rejected():
    with pytest.raises(ParameterError, match="coordinate"):
        gradient_descent(Formula.parse("x1**2 + x2**2", ["x1", "x2"]), ["3"], "0.1")


@settings(max_examples=60, deadline=None)
@given(
    a=st.floats(0.1, 5), b=st.floats(0.1, 5), c=st.floats(-2, 2),
    x0=st.floats(-10, 10), y0=st.floats(-10, 10),
)
def test_descent_on_a_convex_quadratic_with_small_step_never_goes_up(a, b, c, x0, y0):
    # f = a x^2 + b y^2 + c x y is convex when 4ab > c^2; eta < 1/L keeps every step downhill.
    if 4 * a * b <= c * c + 1e-3:
        return
    f = Formula.parse(f"{a!r}*x**2 + {b!r}*y**2 + {c!r}*x*y", ["x", "y"])
    lipschitz = 2 * max(a, b) + abs(c)
    run = gradient_descent(f, [x0, y0], 0.9 / lipschitz, steps=40)
    values = [float(s.value) for s in run.steps]
    assert all(later <= earlier + 1e-9 for earlier, later in zip(values, values[1:]))
