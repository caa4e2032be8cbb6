"""Formulas are parsed, never evaluated as code; derivatives are sympy's."""

import math
import re
import subprocess
import sys

import pytest
import sympy as sp

from mathcore import Formula, FormulaError, fmt, numerical_gradient


@pytest.mark.parametrize(
    "text, message",
    [
        ("__import__('os').system('id')", "__import__"),
        ("x.__class__", "x.__class__"),
        ("y + 1", "unknown name 'y'"),
        ("open('f')", "unknown function 'open'"),
        ("x ^ 2", "use ** for powers"),
        ("lambda: 1", "lambda"),
        ("[x]", "[x]"),
        ("x +", "cannot read formula"),
        ("", "non-empty"),
        ("exp", "must be called"),
        ("'a'", "not a number"),
        ("sin(x, x)", "takes one argument"),
        ("x if x else 1", "not allowed"),
    ],
)
def test_unsafe_or_malformed_formulas_are_rejected_with_the_offending_part(text, message):
    with pytest.raises(FormulaError) as error:
        Formula.parse(text, ["x"])
    assert message in str(error.value)


def test_rejected_formula_runs_nothing(tmp_path):
    marker = tmp_path / "ran"
    with pytest.raises(FormulaError):
        Formula.parse(f"__import__('pathlib').Path('{marker}').touch()", ["x"])
    assert not marker.exists()


def test_decimals_are_exact():
    assert Formula.parse("0.1*x", ["x"]).expr == sp.Rational(1, 10) * sp.Symbol("x", real=True)


@pytest.mark.parametrize(
    "text, variables, point",
    [
        ("x**4 - 4*x**2 + x + 1", ["x"], [0.5]),
        ("x1**2 + 2*x2**2", ["x1", "x2"], [3.0, 2.0]),
        ("((2*x1 + x2)**2 + 3*x2**2)**3", ["x1", "x2"], [0.3, -0.7]),
        ("sigmoid(3*x + w)", ["x", "w"], [0.2, -1.0]),
        ("exp(x)*sin(y) + log(x)*cos(y) - tanh(x*y)", ["x", "y"], [1.3, 0.4]),
        ("relu(x - 1) + abs(y) + max(x, y)", ["x", "y"], [2.5, -1.5]),
        ("x/(1 + y**2)", ["x", "y"], [2.0, 3.0]),
    ],
)
def test_gradient_matches_central_differences(text, variables, point):
    f = Formula.parse(text, variables)
    numeric = numerical_gradient(lambda p: float(f.at(p)), point)
    for analytic, approx in zip(f.gradient_at(point), numeric):
        assert float(analytic) == pytest.approx(approx, rel=1e-6, abs=1e-6)


def test_the_lesson_derivatives_and_their_latex():
    valley = Formula.parse("x**2", ["x"])
    assert valley.gradient_at([3]) == (6,)
    assert valley.gradient_at([-2]) == (-4,)
    assert sp.latex(valley.partial("x")) == "2 x"
    bowl = Formula.parse("x1**2 + 2*x2**2", ["x1", "x2"])
    assert [sp.latex(g) for g in bowl.gradient] == ["2 x_{1}", "4 x_{2}"]
    assert bowl.at([3, 2]) == 17


def test_numeric_is_vectorised():
    import numpy as np

    f = Formula.parse("x**4 - 4*x**2 + x + 1", ["x"])
    xs = np.linspace(-2, 2, 5)
    assert np.allclose(f.numeric(xs), xs**4 - 4 * xs**2 + xs + 1)


def test_wrong_point_size_is_reported():
    with pytest.raises(FormulaError, match="takes 2 value"):
        Formula.parse("x1 + x2", ["x1", "x2"]).at([1])


def test_sigmoid_value():
    f = Formula.parse("sigmoid(z)", ["z"])
    assert float(f.at([0])) == 0.5
    assert float(f.at([2.0])) == pytest.approx(1 / (1 + math.exp(-2)))


def test_fmt_rounds_half_up_on_exact_values():
    from fractions import Fraction

    assert fmt(Fraction("2.3592960")) == "2.359"
    assert fmt(Fraction("0.0645")) == "0.065"
    assert fmt(Fraction("-0.0026"), 4) == "-0.0026"
    assert fmt(Fraction("0.935"), 4, trim=True) == "0.935"
    assert fmt(Fraction(-1, 10**9), digits=0) == "0.000"  # fixed decimals: no "-0.000"
    assert fmt(2.5, 0) == "3"


def test_fmt_keeps_two_significant_digits_of_small_values():
    """A loss of 0.0105 is not "0", and two different small values never print alike (issue 11)."""
    from fractions import Fraction

    assert fmt(0.0105, 1) == "0.011"
    assert fmt(Fraction(1, 8), 0) == "0.13"
    assert fmt(Fraction(-1, 10**9)) == "-1.0e-09"
    assert fmt(Fraction(3, 10**4), 3) == "0.00030"
    assert fmt(Fraction(3, 10**4), 3, trim=True) == "0.0003"
    assert fmt(0, 2) == "0.00"
    assert len({fmt(v, 1) for v in (0.1, 0.01, 0.001, 0.0001)}) == 4


def test_mathcore_never_imports_manim():
    code = "import sys, mathcore, mathcore.lesson; sys.exit('manim' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_one_kink_convention_in_the_exact_and_the_plotted_derivative():
    """relu'(0) and |x|'(0) are 0 in gradient_at and in the numpy curves alike (issue 11)."""
    import numpy as np

    for text in ("relu(x)", "abs(x)", "relu(x - 1) + abs(x)"):
        formula = Formula.parse(text, ["x"])
        for x in (-1, 0, 1, 2):
            (exact_slope,) = formula.gradient_at([x])
            assert float(formula.numeric_partial("x")(float(x))) == float(exact_slope), (text, x)
        assert np.allclose(formula.numeric_partial("x")(np.array([-1.0, 0.0, 1.0])),
                           [float(formula.gradient_at([v])[0]) for v in (-1, 0, 1)])


def test_derivatives_are_shown_as_the_lesson_teaches_them():
    """relu' as "1 if x > 0, else 0", sigmoid' as sigma(x)(1 - sigma(x)), x**2' as 2x; never theta or cosh (issue 13)."""
    from mathcore import lesson_network

    assert Formula.parse("relu(x)", ["x"]).taught_partial("x") == (
        r"\begin{cases} 1 & \text{if } x > 0 \\ 0 & \text{otherwise} \end{cases}")
    assert Formula.parse("sigmoid(x)", ["x"]).taught_partial("x") == (
        r"\sigma{\left(x \right)}\left(1 - \sigma{\left(x \right)}\right)")
    assert Formula.parse("x**2", ["x"]).taught_partial("x") == "2 x"
    graph = lesson_network((("h1", "relu(w1*x1 + w2*x2)"), ("y_pred", "w3*sigmoid(h1) + w4 + w5"),
                            ("Error", "(y_true - y_pred)**2")))
    shown = " ".join(edge.latex for node in graph.nodes for edge in node.edges)
    assert r"\begin{cases}" in shown and r"\sigma" in shown
    assert "theta" not in shown and "Heaviside" not in shown and "cosh" not in shown and "exp" not in shown


@pytest.mark.parametrize("text, variables, message", [
    ("exp(exp(exp(exp(x))))", ["x"], "nests functions more than 3 deep"),
    ("((x1 + x2 + 1)**20 + 1)**20 + x1**2", ["x1", "x2"], "would have degree 400"),
    ("(x**4 + 1)**20", ["x"], "would have degree 80"),
])
def test_a_formula_whose_work_is_unbounded_is_refused_before_it_is_built(text, variables, message):
    """Issue 32: exp⁴ hung in sympy's evaluation and ((x1+x2+1)**20+1)**20 in its expansion, each past 30 s. Both
    are measured on the typed text first (nesting of functions, degree once multiplied out)."""
    import time

    start = time.monotonic()
    with pytest.raises(FormulaError, match=re.escape(message)):
        Formula.parse(text, variables)
    assert time.monotonic() - start < 1


def test_formulas_within_the_bounds_still_parse():
    for text in ("exp(exp(exp(x)))", "(x**8)**8", "((x + 1)**2)**3", "sigmoid(w1*x) * 2", "x**64"):
        assert Formula.parse(text, ["x", "w1"]).variables
