"""Pure-Python math of the lesson: every number the video and worksheet show.

Never imports manim, so other tools can reuse it. Results are immutable
dataclasses; formatting for display goes through :func:`mathcore.fmt.fmt`.
"""

from .descent import DescentRun, DescentStep, ParameterError, gradient_descent
from .evaluate import EvaluationError, evaluate, exact
from .finite_diff import check_graph_gradients, nudge_experiment, numerical_gradient
from .fmt import fmt, fmt_exact, fmt_percent
from .formula import Formula, FormulaError, parse_expression
from .graph import Blame, ChainPath, Graph, chain_product
from .lesson import LessonParams, crime_scene, strategy_curves, worksheet_answers
from .networks import lesson_network, nested_function, worksheet_network
from .training import Dataset, Trainer, dataset_from_target

__all__ = [
    "Blame", "ChainPath", "Dataset", "DescentRun", "DescentStep", "EvaluationError", "Formula",
    "FormulaError", "Graph", "LessonParams", "ParameterError", "Trainer", "chain_product",
    "check_graph_gradients", "crime_scene", "dataset_from_target", "evaluate", "exact", "fmt",
    "fmt_exact", "fmt_percent", "gradient_descent", "lesson_network", "nested_function",
    "nudge_experiment", "numerical_gradient", "parse_expression", "strategy_curves",
    "worksheet_answers", "worksheet_network",
]
