"""The blame game: chain-rule paths, their sums, and backprop, checked three ways."""

import re
from fractions import Fraction

import pytest
import sympy as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from mathcore import LessonParams, check_graph_gradients, lesson_network, nested_function
from mathcore.finite_diff import numerical_gradient
from mathcore.formula import FormulaError
from mathcore.graph import Graph, chain_product

u, v, x2 = (sp.Symbol(n, real=True) for n in ("u", "v", "x2"))


def test_blame_story_multiplies_the_shares():
    assert chain_product(["0.9", "0.8", "0.5"]) == Fraction(36, 100)
    assert LessonParams().blame_story.total == Fraction(9, 25)


def test_x1_has_one_path_with_the_scripts_factors():
    (path,) = nested_function().paths("x1")
    assert path.nodes == ("x1", "u", "v", "f")
    assert [f.edge.local for f in path.factors] == [3 * v**2, 2 * u, 2]
    assert sp.simplify(path.product - 12 * u * v**2) == 0


def test_x2_reaches_v_by_two_paths_summed():
    blame = nested_function().blame("x2", target="v")
    assert [p.nodes for p in blame.paths] == [("x2", "u", "v"), ("x2", "v")]
    assert [p.product for p in blame.paths] == [2 * u, 6 * x2]
    total = nested_function().blame("x2")
    assert sp.simplify(total.expression - 3 * v**2 * (2 * u + 6 * x2)) == 0


def test_nested_expansion_is_the_scripts_function():
    x1 = sp.Symbol("x1", real=True)
    assert sp.expand(nested_function().expanded() - ((2 * x1 + x2) ** 2 + 3 * x2**2) ** 3) == 0


def test_paths_backprop_and_finite_differences_agree_on_the_nested_function():
    g = nested_function()
    forward = g.forward({"x1": Fraction(1, 2), "x2": Fraction(-1, 3)})
    backward = g.backward(forward)
    numeric = numerical_gradient(
        lambda p: float(g.forward({"x1": p[0], "x2": p[1]})["f"]), [0.5, -1 / 3]
    )
    for name, approx in zip(("x1", "x2"), numeric):
        assert g.blame(name, forward).total == backward.gradient(name)
        assert float(backward.gradient(name)) == pytest.approx(approx, rel=1e-6)


def test_backprop_computes_error_gradient_once_and_every_weight_reuses_it():
    g = lesson_network()
    values = {"x1": 3, "x2": 2, "y_true": 24, "w1": 1, "w2": 2, "w3": 1, "w4": 1, "w5": 0}
    backward = g.backward(g.forward(values))
    step = next(s for s in backward.steps if s.node == "y_pred")
    assert step.gradient == 26  # 2 * (37 - 24)
    assert step.reused_by == ("w1", "w2", "w3", "w4", "w5")
    assert next(s for s in backward.steps if s.node == "h1").reused_by == ("w1",)
    assert [s.node for s in backward.steps].count("y_pred") == 1


weights = st.fractions(-3, 3, max_denominator=20)


@settings(max_examples=50, deadline=None)
@given(
    x1=weights, x2=weights, y=weights, w1=weights, w2=weights, w3=weights, w4=weights, w5=weights,
)
def test_network_backprop_matches_paths_and_central_differences(x1, x2, y, w1, w2, w3, w4, w5):
    g = lesson_network()
    values = dict(x1=x1, x2=x2, y_true=y, w1=w1, w2=w2, w3=w3, w4=w4, w5=w5)
    forward = g.forward(values)
    backward = g.backward(forward)
    for leaf in g.leaves:
        assert g.blame(leaf, forward).total == backward.gradient(leaf)
    check = check_graph_gradients(g, values)
    assert check.ok(1e-5), check


def test_gradient_check_fails_on_a_wrong_gradient():
    # A graph whose 'derivative' is deliberately broken must not pass the check.
    g = Graph.build(["x"], [("y", "abs(x)")])
    assert check_graph_gradients(g, {"x": Fraction(1, 2)}).ok()
    broken = Graph(g.leaves, g.parameters, (g.nodes[0].__class__(
        "y", "abs(x)", g.nodes[0].expr, (g.nodes[0].edges[0].__class__("y", "x", sp.Integer(3)),)),))
    assert not check_graph_gradients(broken, {"x": Fraction(1, 2)}).ok()


def test_graph_errors_name_the_node():
    with pytest.raises(FormulaError, match="node 'h'.*unknown name 'q'"):
        Graph.build(["x"], [("h", "x + q")])
    with pytest.raises(FormulaError, match="defined twice"):
        Graph.build(["x"], [("x", "2*x")])
    with pytest.raises(FormulaError, match="no value given for x"):
        Graph.build(["x"], [("h", "2*x")]).forward({})


def test_factored_blame_pulls_out_the_shared_link():
    g = nested_function()
    assert g.factored("x2") == sp.Mul(3 * v**2, 2 * u + 6 * x2, evaluate=False)
    assert sp.simplify(g.factored("x2") - g.blame("x2").expression) == 0
    assert g.factored("x1") == 12 * u * v**2


def test_formulas_display_as_typed():
    g = lesson_network()
    assert [n.latex for n in g.nodes] == [
        r"\left(x_{1} + w_{1} x_{2}\right)^{2}", r"w_{2} x_{1} x_{2}", r"w_{3} h_{1} + w_{4} h_{2} + w_{5}",
        r"\left(y_{true} - y_{pred}\right)^{2}",
    ]
    assert nested_function().expanded_latex() == r"\left(\left(2 x_{1} + x_{2}\right)^{2} + 3 x_{2}^{2}\right)^{3}"


def test_depth_counts_layers():
    g = lesson_network()
    assert [g.depth(n) for n in ("x1", "h1", "h2", "y_pred", "Error")] == [0, 1, 1, 2, 3]


def _chain(count: int, factors: int) -> list[tuple[str, str]]:
    nodes = [("n1", "x1*x2")]
    nodes += [(f"n{i}", "*".join([f"n{i - 1}"] * factors)) for i in range(2, count + 1)]
    return nodes


@pytest.mark.parametrize("nodes, message", [
    (_chain(6, 32), "written out in the inputs would be about"),  # the blame chain built it for 300 s
    ([("a0", "x1 + x2"), ("a1", "a0 + x1")] + [(f"a{i}", f"a{i - 1}*a{i - 2}") for i in range(2, 40)],
     "paths (at most 64)"),  # 2^40 paths: mathcore's service ran on
    ([("n1", "x1 + x2")] + [(f"n{i}", f"n{i - 1}*(n{i - 1} + 1)") for i in range(2, 31)],
     "written out in the inputs would be about"),
])
def test_a_graph_whose_size_explodes_is_refused_from_its_text(nodes, message):
    """Issue 32: a graph's written-out size and its paths are counted from the formulas' text, before sympy."""
    import time

    start = time.monotonic()
    with pytest.raises(FormulaError, match=re.escape(message)):
        Graph.build(("x1", "x2"), nodes)
    assert time.monotonic() - start < 1
