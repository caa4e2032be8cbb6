"""Nudge a knob and watch the output: the worksheet's experiments and a gradient check."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Mapping, Sequence

from .evaluate import Number, exact
from .graph import Forward, Graph


@dataclass(frozen=True)
class NudgeRow:
    """One row of an experiment table: the knob's value, the forward pass, the change."""

    value: Number
    forward: Forward
    output: Number
    change: Number | None  # None for the baseline row


@dataclass(frozen=True)
class NudgeExperiment:
    variable: str
    delta: Number
    rows: tuple[NudgeRow, ...]  # baseline, +delta, -delta

    @property
    def slope_estimate(self) -> Number:
        """Central difference (E(+d) - E(-d)) / 2d: the experiment's guess at the derivative."""
        return (self.rows[1].output - self.rows[2].output) / (2 * self.delta)


def nudge_experiment(
    graph: Graph, values: Mapping[str, Number | str], variable: str, delta: Number | str = "0.1"
) -> NudgeExperiment:
    """Baseline, ``variable + delta`` and ``variable - delta``, exactly.

    >>> from mathcore import worksheet_network
    >>> experiment = nudge_experiment(worksheet_network(), {"x": 2, "y_target": 20, "w1": 1, "w2": 3}, "w2")
    >>> [str(row.output) for row in experiment.rows], experiment.slope_estimate
    (['9/2', '841/200', '961/200'], Fraction(-3, 1))
    """
    if variable not in graph.leaves:
        raise KeyError(f"{variable!r} is not an input of the graph")
    delta = exact(delta)
    base = {k: exact(v) for k, v in values.items()}
    rows = []
    baseline = None
    for step in (0, delta, -delta):
        point = {**base, variable: base[variable] + step}
        forward = graph.forward(point)
        output = forward[graph.output]
        if baseline is None:
            baseline = output
        rows.append(NudgeRow(point[variable], forward, output, None if step == 0 else output - baseline))
    return NudgeExperiment(variable, delta, tuple(rows))


def numerical_gradient(
    function: Callable[[Sequence[float]], float], point: Sequence[float], step: float = 1e-6
) -> tuple[float, ...]:
    """Central differences, one coordinate at a time.

    >>> [round(g, 6) for g in numerical_gradient(lambda p: p[0]**2 + 3*p[1], [1.0, 2.0])]
    [2.0, 3.0]
    """
    point = [float(v) for v in point]
    result = []
    for i in range(len(point)):
        up, down = list(point), list(point)
        up[i] += step
        down[i] -= step
        result.append((function(up) - function(down)) / (2 * step))
    return tuple(result)


@dataclass(frozen=True)
class GradientCheck:
    names: tuple[str, ...]
    analytic: tuple[float, ...]
    numeric: tuple[float, ...]
    worst_relative_error: float

    def ok(self, tolerance: float = 1e-5) -> bool:
        return self.worst_relative_error <= tolerance


def check_graph_gradients(graph: Graph, values: Mapping[str, Number | str], step: float = 1e-6) -> GradientCheck:
    """Backprop against central differences at ``values``, for every leaf.

    >>> from mathcore import lesson_network
    >>> values = {"x1": 3, "x2": 2, "y_true": 24, "w1": 1, "w2": 2, "w3": 1, "w4": 1, "w5": 0}
    >>> check_graph_gradients(lesson_network(), values).ok()
    True
    """
    exact_values = {k: exact(v) for k, v in values.items()}
    backward = graph.backward(graph.forward(exact_values))
    names = graph.leaves

    def output(point: Sequence[float]) -> float:
        return float(graph.forward(dict(zip(names, point)))[graph.output])

    numeric = numerical_gradient(output, [float(exact_values[n]) for n in names], step)
    analytic = tuple(float(backward.gradient(n)) for n in names)
    worst = max(
        abs(a - n) / max(1.0, abs(a), abs(n)) for a, n in zip(analytic, numeric)
    )
    return GradientCheck(names, analytic, numeric, worst)

