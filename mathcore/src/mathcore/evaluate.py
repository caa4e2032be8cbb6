"""Evaluate a sympy expression tree on Python numbers.

Rational inputs give a ``Fraction`` (the lesson's tables are exact: 0.0001 x 650
is 0.065, not 0.06499999), float inputs give a float. Transcendental functions
(exp, log, ...) switch to floats. Walking the tree is fast enough for tables and
short training runs, and it never calls ``eval``.
"""

from __future__ import annotations

import math
from fractions import Fraction
from typing import Callable, Mapping, Union

import sympy as sp

Number = Union[Fraction, int, float]


class EvaluationError(ArithmeticError):
    """The expression has no finite real value at this point.

    >>> from mathcore import Formula
    >>> Formula.parse("log(x)", ["x"]).at([-1])
    Traceback (most recent call last):
    ...
    mathcore.evaluate.EvaluationError: log(x): math domain error
    """


def _exp(x: float) -> float:
    """exp that overflows to infinity: 1/(1 + exp(800)) is a fine 0 (a stable sigmoid); a final inf is refused."""
    try:
        return math.exp(x)
    except OverflowError:
        return math.inf


_FLOAT_FUNCTIONS: Mapping[type, Callable[[float], float]] = {
    sp.exp: _exp,
    sp.log: math.log,
    sp.sin: math.sin,
    sp.cos: math.cos,
    sp.tanh: math.tanh,
}


def exact(value: Number | str) -> Number:
    """Turn an int, a decimal string or a Fraction into an exact number; floats pass.

    >>> exact("0.1"), exact(3), exact(0.5)
    (Fraction(1, 10), Fraction(3, 1), 0.5)
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, (int, Fraction)):
        return Fraction(value)
    if isinstance(value, str):
        return Fraction(value)
    if isinstance(value, float):
        return value
    raise TypeError(f"{value!r} is not a number")


_MAX_EXACT_BITS = 20_000  # an exact power larger than this is computed in floats (which may overflow)


def _power(base: Number, exponent: Number) -> Number:
    if isinstance(exponent, Fraction) and exponent.denominator == 1:
        if base == 0 and exponent < 0:
            raise EvaluationError("division by zero")
        if isinstance(base, float):
            return base ** int(exponent)
        base = Fraction(base)
        bits = base.numerator.bit_length() + base.denominator.bit_length()
        if bits * abs(exponent) <= _MAX_EXACT_BITS:
            return base ** int(exponent)
    if isinstance(base, float) and math.isinf(base) and exponent < 0:
        return 0.0
    result = float(base) ** float(exponent)
    if isinstance(result, complex):
        raise EvaluationError(f"{base} ** {exponent} is not real")
    return result


def _walk(expr: sp.Basic, env: Mapping[str, Number]) -> Number:
    if isinstance(expr, sp.Symbol):
        try:
            return env[expr.name]
        except KeyError:
            raise EvaluationError(f"no value given for {expr.name!r}") from None
    if isinstance(expr, sp.Rational):
        return Fraction(int(expr.p), int(expr.q))
    if isinstance(expr, sp.Float):
        return float(expr)
    if expr is sp.E:
        return math.e
    if expr is sp.pi:
        return math.pi
    args = [_walk(arg, env) for arg in expr.args]
    if isinstance(expr, sp.Add):
        total: Number = Fraction(0)
        for arg in args:
            total = total + arg
        return total
    if isinstance(expr, sp.Mul):
        product: Number = Fraction(1)
        for arg in args:
            product = product * arg
        return product
    if isinstance(expr, sp.Pow):
        return _power(*args)
    if isinstance(expr, sp.Abs):
        return abs(args[0])
    if isinstance(expr, sp.Max):
        return max(args)
    if isinstance(expr, sp.Min):
        return min(args)
    if isinstance(expr, sp.Heaviside):
        return Fraction(1) if args[0] > 0 else Fraction(0)
    if isinstance(expr, sp.sign):
        return Fraction((args[0] > 0) - (args[0] < 0))
    if isinstance(expr, sp.re):  # sympy's derivative of abs(f) speaks of re/im/atan2; values here are real
        return args[0]
    if isinstance(expr, sp.im):
        return Fraction(0)
    if isinstance(expr, sp.atan2):
        return math.atan2(float(args[0]), float(args[1]))
    function = _FLOAT_FUNCTIONS.get(type(expr))
    if function is None:
        raise EvaluationError(f"cannot evaluate {expr}")
    try:
        return function(float(args[0]))
    except (ValueError, OverflowError) as error:
        raise EvaluationError(f"{expr}: {error}") from None


def evaluate(expr: sp.Basic, env: Mapping[str, Number]) -> Number:
    """Value of ``expr`` with symbols replaced from ``env`` (names to numbers).

    >>> import sympy as sp
    >>> from fractions import Fraction
    >>> x = sp.Symbol("x", real=True)
    >>> evaluate(x**2 + 1, {"x": Fraction(1, 2)})
    Fraction(5, 4)
    """
    try:
        value = _walk(expr, env)
    except ZeroDivisionError:
        raise EvaluationError(f"division by zero in {expr}") from None
    except OverflowError:
        raise EvaluationError(f"overflow in {expr}") from None
    except (ValueError, TypeError) as error:  # nan compared, inf converted to a fraction
        raise EvaluationError(f"{expr} has no finite value here ({error})") from None
    if isinstance(value, float) and not math.isfinite(value):
        value = _precise(expr, env)  # exp(3000)/(exp(3000) + 1)**2 is inf/inf in floats, about 0 in fact
    return value


def _precise(expr: sp.Basic, env: Mapping[str, Number]) -> float:
    """``expr`` evaluated by sympy's arbitrary-exponent arithmetic (30 digits), when floats overflowed on the way.

    Only reached after the fast float walk gave inf or nan; the answer must still be a finite float.
    """
    def number(value: Number) -> sp.Basic:
        return sp.Rational(value.numerator, value.denominator) if isinstance(value, Fraction) else sp.Float(value)

    try:
        result = expr.evalf(30, subs={symbol: number(env[symbol.name]) for symbol in expr.free_symbols})
        value = float(result)
    except (TypeError, ValueError, KeyError, OverflowError, ArithmeticError):
        raise EvaluationError(f"{expr} is not finite here") from None
    if not math.isfinite(value):
        raise EvaluationError(f"{expr} is not finite here")
    return value
