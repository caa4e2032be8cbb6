"""Plot windows that show a function's true shape: the y range that holds the whole curve of a function and of its
derivative over an x range, so that a plot never clips a line into a flat one (``2x`` drawn in a window that stops at
4 looks as if it saturated).

>>> from mathcore import Formula
>>> view = activation_view(Formula.parse("x**2", ["x"]))
>>> view.x_range, view.y_range
((-3.0, 3.0), (-6.0, 9.0))
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .formula import Formula

ACTIVATION_SPAN = 3.0  # x from -3 to 3: ReLU's kink, the sigmoid's S and x²'s bowl all show in it
SAMPLES = 601  # points sampled across the x range


@dataclass(frozen=True)
class View:
    """An x range and the y range that holds a function and its derivative over it (and y = 0, the x axis)."""

    x_range: tuple[float, float]
    y_range: tuple[float, float]


def _samples(function: object, xs: np.ndarray) -> np.ndarray:
    with np.errstate(all="ignore"):
        values = np.asarray(function(xs), dtype=float)  # type: ignore[operator]
    return np.broadcast_to(values, xs.shape)  # a constant comes back as one number


def activation_view(formula: Formula, span: float = ACTIVATION_SPAN, samples: int = SAMPLES) -> View:
    """The window for an activation function of ``x`` and its derivative over [-span, span]: every finite value of
    both inside it, and the x axis.

    >>> from mathcore import Formula
    >>> activation_view(Formula.parse("relu(x)", ["x"])).y_range
    (0.0, 3.0)
    >>> low, high = activation_view(Formula.parse("sigmoid(x)", ["x"])).y_range
    >>> low, round(high, 3)
    (0.0, 0.953)
    """
    (variable,) = formula.variables
    xs = np.linspace(-span, span, samples)
    values = np.concatenate([_samples(formula.numeric, xs), _samples(formula.numeric_partial(variable), xs)])
    finite = values[np.isfinite(values)]
    low = min(0.0, float(finite.min())) if finite.size else 0.0
    high = max(0.0, float(finite.max())) if finite.size else 0.0
    if math.isclose(low, high):
        high = low + 1.0
    return View((-span, span), (low, high))
