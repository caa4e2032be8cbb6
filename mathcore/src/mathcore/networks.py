"""The lesson's graphs, each defined by its formulas (gradients come from the graph)."""

from __future__ import annotations

from typing import Sequence

from .evaluate import Number, exact
from .fmt import fmt_exact
from .graph import Graph

NESTED_NODES: tuple[tuple[str, str], ...] = (
    ("u", "2*x1 + x2"),
    ("v", "u**2 + 3*x2**2"),
    ("f", "v**3"),
)

LESSON_NODES: tuple[tuple[str, str], ...] = (
    ("h1", "(x1 + w1*x2)**2"),
    ("h2", "w2*x1*x2"),
    ("y_pred", "w3*h1 + w4*h2 + w5"),
    ("Error", "(y_true - y_pred)**2"),
)
LESSON_INPUTS = ("x1", "x2", "y_true")
LESSON_WEIGHTS = ("w1", "w2", "w3", "w4", "w5")


def nested_function(nodes: Sequence[tuple[str, str]] = NESTED_NODES) -> Graph:
    """f = ((2x1 + x2)^2 + 3x2^2)^3 broken into u, v, f (the blame-chain segment).

    >>> graph = nested_function()
    >>> graph.forward({"x1": 1, "x2": 1})["f"], graph.blame("x2", graph.forward({"x1": 1, "x2": 1})).total
    (Fraction(1728, 1), Fraction(5184, 1))
    """
    return Graph.build(("x1", "x2"), nodes, parameters=("x1", "x2"))


def lesson_network(nodes: Sequence[tuple[str, str]] = LESSON_NODES) -> Graph:
    """The 2-2-1 network: h1 = (x1 + w1 x2)^2, h2 = w2 x1 x2, y = w3 h1 + w4 h2 + w5.

    >>> graph = lesson_network()
    >>> forward = graph.forward({"x1": 3, "x2": 2, "y_true": 24, "w1": 1, "w2": 2, "w3": 1, "w4": 1, "w5": 0})
    >>> forward["y_pred"], forward["Error"], graph.backward(forward).gradient("w1")
    (Fraction(37, 1), Fraction(169, 1), Fraction(520, 1))
    """
    return Graph.build(LESSON_INPUTS + LESSON_WEIGHTS, nodes, parameters=LESSON_WEIGHTS)


WORKSHEET_INPUTS = ("x", "y_target")
WORKSHEET_WEIGHTS = ("w1", "w2")


def worksheet_network(
    hidden_multiplier: Number | str = 3,
    output_multiplier: Number | str = 2,
    activation: str | None = None,
) -> Graph:
    """The worksheet's chain h = a x + w1, y = b h + w2, E = 1/2 (y - y_target)^2.

    ``activation='sigmoid'`` gives the extension's h = sigmoid(a x + w1).

    >>> graph = worksheet_network()
    >>> graph.node("h").text, graph.forward({"x": 2, "y_target": 20, "w1": 1, "w2": 3})["E"]
    ('(3)*x + w1', Fraction(9, 2))
    """
    a = fmt_exact(exact(hidden_multiplier), 12)
    b = fmt_exact(exact(output_multiplier), 12)
    hidden = f"({a})*x + w1"
    if activation is not None:
        hidden = f"{activation}({hidden})"
    nodes = (("h", hidden), ("y", f"({b})*h + w2"), ("E", "(y - y_target)**2/2"))
    return Graph.build(WORKSHEET_INPUTS + WORKSHEET_WEIGHTS, nodes, parameters=WORKSHEET_WEIGHTS)
