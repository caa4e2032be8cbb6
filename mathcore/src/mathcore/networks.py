"""The lesson's graphs, each defined by its formulas (gradients come from the graph)."""

from __future__ import annotations

import re
from typing import Sequence

from .evaluate import Number, exact
from .fmt import fmt_exact
from .formula import FormulaError, names_in
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
PREDICTION = "y_pred"
MAX_HIDDEN = 8  # hidden nodes a diagram and a forward table can show side by side
MAX_WEIGHTS = 10  # a gradient table has a column per weight
MAX_LAYERS = 4  # from the inputs to y_pred: a longer chain does not fit the diagram


def _natural(name: str) -> tuple:
    """w2 before w10: names sorted as people count."""
    return tuple(int(part) if part.isdigit() else part for part in re.split(r"(\d+)", name))


def network_weights(nodes: Sequence[tuple[str, str]]) -> tuple[str, ...]:
    """The weights of a network: every name its formulas use that is not an input, the target or a node.

    >>> network_weights(LESSON_NODES + (("h3", "w6*x1"),))
    ('w1', 'w2', 'w3', 'w4', 'w5', 'w6')
    """
    nodes_named = {name for name, _ in nodes}
    used = (name for _, text in nodes for name in names_in(text))
    return tuple(sorted({n for n in used if n not in LESSON_INPUTS and n not in nodes_named}, key=_natural))


def nested_function(nodes: Sequence[tuple[str, str]] = NESTED_NODES) -> Graph:
    """f = ((2x1 + x2)^2 + 3x2^2)^3 broken into u, v, f (the blame-chain segment).

    >>> graph = nested_function()
    >>> graph.forward({"x1": 1, "x2": 1})["f"], graph.blame("x2", graph.forward({"x1": 1, "x2": 1})).total
    (Fraction(1728, 1), Fraction(5184, 1))
    """
    return Graph.build(("x1", "x2"), nodes, parameters=("x1", "x2"))


def lesson_network(nodes: Sequence[tuple[str, str]] = LESSON_NODES) -> Graph:
    """A network on inputs x1, x2 and target y_true; the script's is h1 = (x1 + w1 x2)^2, h2 = w2 x1 x2,
    y_pred = w3 h1 + w4 h2 + w5, Error = (y_true - y_pred)^2.

    Any hidden nodes and weights may be added (``h3 = w6*x1``, ``y_pred = ... + w7*h3``): the weights are the
    names the formulas use that are not inputs or nodes. The last two nodes are y_pred and the error; the
    segments show at most MAX_HIDDEN hidden nodes, MAX_WEIGHTS weights and MAX_LAYERS layers.

    >>> graph = lesson_network()
    >>> forward = graph.forward({"x1": 3, "x2": 2, "y_true": 24, "w1": 1, "w2": 2, "w3": 1, "w4": 1, "w5": 0})
    >>> forward["y_pred"], forward["Error"], graph.backward(forward).gradient("w1")
    (Fraction(37, 1), Fraction(169, 1), Fraction(520, 1))
    >>> lesson_network(LESSON_NODES[:2] + (("h3", "w6*x1"), ("y_pred", "w3*h1 + w4*h2 + w5 + w7*h3"),
    ...                                    LESSON_NODES[3])).parameters
    ('w1', 'w2', 'w3', 'w4', 'w5', 'w6', 'w7')
    """
    names = [name for name, _ in nodes]
    if len(names) < 3 or names[-2] != PREDICTION:
        raise FormulaError(f"the last two nodes must be {PREDICTION} and the error (like Error = "
                           f"(y_true - y_pred)**2), after at least one hidden node; got {names}")
    if len(names) - 2 > MAX_HIDDEN:
        raise FormulaError(f"{len(names) - 2} hidden nodes are more than the segments can show "
                           f"(at most {MAX_HIDDEN})")
    weights = network_weights(nodes)
    if len(weights) > MAX_WEIGHTS:
        raise FormulaError(f"{len(weights)} weights ({', '.join(weights)}) are more than the tables can show "
                           f"(at most {MAX_WEIGHTS})")
    graph = Graph.build(LESSON_INPUTS + weights, nodes, parameters=weights)
    if graph.depth(PREDICTION) > MAX_LAYERS:
        raise FormulaError(f"{graph.depth(PREDICTION)} layers from the inputs to {PREDICTION} are more than the "
                           f"diagram can show (at most {MAX_LAYERS})")
    return graph


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
