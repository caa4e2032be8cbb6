"""Exact math for teaching how neural networks learn: descent tables, chain-rule blame, backprop, training.

The math core of the lesson *How neural networks learn*, usable on its own (it
needs only numpy and sympy, and never imports manim). Three jobs other tools ask
for, each with an example on its function:

- a gradient-descent table for any formula: `Formula`, `gradient_descent`;
- the forward pass, chain-rule paths, blame and backpropagation of any named
  computation graph: `Graph`, `Blame`, `ChainPath`;
- training tables (forward, gradients, updates, verification, loss curves) for any
  dataset: `Trainer`, `Dataset`, `dataset_from_target`.

Formulas are parsed safely (no code runs; sizes, powers and nesting bounded).
Exact inputs give exact `fractions.Fraction` results; `fmt` turns a value into
text, rounding half-up on the exact value. `answer` takes the same requests as the
`python -m mathcore` command and returns JSON-ready tables; `answer_within` does so
in a worker process with a time and memory budget, as the command does.

>>> from mathcore import Formula, gradient_descent, fmt
>>> run = gradient_descent(Formula.parse("x**2", ["x"]), start=["3"], learning_rate="0.1", steps=5)
>>> [fmt(s.point[0]) for s in run.steps]
['3.000', '2.400', '1.920', '1.536', '1.229']
"""

from .descent import DescentRun, DescentStep, ParameterError, gradient_descent
from .evaluate import EvaluationError, evaluate, exact
from .finite_diff import check_graph_gradients, nudge_experiment, numerical_gradient
from .fmt import fmt, fmt_exact, fmt_percent
from .formula import Formula, FormulaError, check_name, parse_expression
from .graph import Blame, ChainPath, Graph, chain_product
from .lesson import LessonParams, crime_scene, strategy_curves, worksheet_answers
from .networks import lesson_network, nested_function, worksheet_network
from .service import RequestError, answer
from .training import Dataset, Trainer, dataset_from_target
from .worker import answer_within

__version__ = "0.1.0"

__all__ = [
    "Blame", "ChainPath", "Dataset", "DescentRun", "DescentStep", "EvaluationError", "Formula",
    "FormulaError", "Graph", "LessonParams", "ParameterError", "RequestError", "Trainer", "answer", "answer_within",
    "chain_product", "check_graph_gradients", "check_name", "crime_scene", "dataset_from_target", "evaluate",
    "exact", "fmt", "fmt_exact", "fmt_percent", "gradient_descent", "lesson_network", "nested_function",
    "nudge_experiment", "numerical_gradient", "parse_expression", "strategy_curves", "worksheet_answers",
    "worksheet_network",
]
