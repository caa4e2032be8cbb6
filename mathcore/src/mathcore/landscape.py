"""Reading a landscape: where its valleys are, and how a partial derivative is found."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import sympy as sp

from .formula import Formula


@dataclass(frozen=True)
class Minimum:
    x: float
    value: float
    is_global: bool  # the lowest of the minima found in the range


def minima_1d(formula: Formula, low: float, high: float, samples: int = 4001) -> tuple[Minimum, ...]:
    """Local minima of a 1D function on [low, high]: where f' changes sign from - to +.

    Found on a fine grid and refined by bisection on f'; works for any formula
    the parser accepts, not only polynomials.
    """
    (variable,) = formula.variables
    slope = sp.lambdify(formula.symbols, formula.gradient[0], modules="numpy")
    xs = np.linspace(low, high, samples)
    ds = np.asarray(slope(xs), dtype=float) * np.ones_like(xs)
    found = []
    for i in np.nonzero((ds[:-1] < 0) & (ds[1:] >= 0))[0]:
        a, b = float(xs[i]), float(xs[i + 1])
        for _ in range(60):
            mid = (a + b) / 2
            a, b = (mid, b) if slope(mid) < 0 else (a, mid)
        x = (a + b) / 2
        found.append((x, float(formula.numeric(x))))
    lowest = min((v for _, v in found), default=None)
    return tuple(Minimum(x, v, v == lowest) for x, v in found)


@dataclass(frozen=True)
class FrozenDerivation:
    """d f / d var with every other variable frozen: which terms vanish, which remain."""

    variable: str
    frozen: tuple[str, ...]
    constant_terms: tuple[sp.Expr, ...]
    varying_terms: tuple[sp.Expr, ...]
    derivative: sp.Expr

    @property
    def constants_slope(self) -> sp.Expr:
        """What the frozen terms contribute to the derivative: nothing (0), as the lesson shows them vanish."""
        return sp.diff(sp.Add(*self.constant_terms), sp.Symbol(self.variable, real=True))


def freeze_derivation(formula: Formula, variable: str) -> FrozenDerivation:
    symbol = sp.Symbol(variable, real=True)
    terms = sp.Add.make_args(sp.expand(formula.expr)) if formula.expr.is_Add else (formula.expr,)
    constant = tuple(t for t in terms if symbol not in t.free_symbols)
    varying = tuple(t for t in terms if symbol in t.free_symbols)
    return FrozenDerivation(
        variable,
        tuple(v for v in formula.variables if v != variable),
        constant,
        varying,
        formula.partial(variable),
    )


def stationary_points(formula: Formula) -> tuple[tuple[sp.Expr, ...], ...]:
    """Real points where every partial derivative is zero, when sympy can solve for them."""
    solutions = sp.solve(list(formula.gradient), list(formula.symbols), dict=True)
    return tuple(
        tuple(solution.get(s, s) for s in formula.symbols)
        for solution in solutions
        if all(value.is_real for value in solution.values())
    )
