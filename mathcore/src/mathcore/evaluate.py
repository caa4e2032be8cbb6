"""Evaluate a sympy expression tree on Python numbers.

Rational inputs give a ``Fraction`` (the lesson's tables are exact: 0.0001 x 650
is 0.065, not 0.06499999), float inputs give a float. Transcendental functions
(exp, log, ...) switch to floats. Each expression is turned once into nested Python
closures (cached), which is fast enough for tables and short training runs, and it
never calls ``eval``.
"""

from __future__ import annotations

import math
import re
from fractions import Fraction
from functools import lru_cache
from typing import Callable, Mapping, Sequence, Union

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


MAX_DECIMAL_EXPONENT = 1000  # a typed decimal's power of ten: past it, no number the lesson could use
_DECIMAL = re.compile(r"\s*[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE]([+-]?\d+))?\s*")


def decimal_fraction(text: str) -> Fraction:
    """A typed number ("0.1", "3e-4", "3/4") as an exact Fraction, its size bounded before it is built:
    "1e999999999" would make Fraction build a number of a billion digits, and hang.

    >>> decimal_fraction("2.5e-3")
    Fraction(1, 400)
    """
    match = _DECIMAL.fullmatch(text)
    power = match.group(1) if match else None
    if power is not None and (len(power.lstrip("+-").lstrip("0")) > 4 or abs(int(power)) > MAX_DECIMAL_EXPONENT):
        raise ValueError(f"{text.strip()[:40]!r} is out of range (its power of ten is at most "
                         f"{MAX_DECIMAL_EXPONENT} in size)")
    return Fraction(text)


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
        return decimal_fraction(value)
    if isinstance(value, float):
        return value
    raise TypeError(f"{value!r} is not a number")


_MAX_EXACT_BITS = 20_000  # an exact power larger than this is computed in floats (which may overflow)
MAX_DENOMINATOR_BITS = 256  # a run's exact value whose denominator grows past this continues in floats


def too_long(values: Sequence[Number]) -> bool:
    """Whether any exact value of a run has grown too long to keep exact: a denominator past 256 bits (77
    digits), or a size past 20,000 bits. Each exact update multiplies fractions, so their length grows with every
    step (a thousand online updates on 58-digit data reach 390,000 bits and take minutes); past this, a run
    continues in floats, the tables it has printed so far staying exact.

    >>> too_long([Fraction(1, 3), Fraction(1, 2**300)]), too_long([Fraction(2, 3), 0.5])
    (True, False)
    """
    return any(
        isinstance(v, Fraction)
        and (v.denominator.bit_length() > MAX_DENOMINATOR_BITS or v.numerator.bit_length() > _MAX_EXACT_BITS)
        for v in values
    )


def as_floats(values: Sequence[Number]) -> tuple[float, ...]:
    """The values as floats, one too large for a float becoming an infinity of its sign (not an OverflowError)."""
    result = []
    for value in values:
        try:
            result.append(float(value))
        except OverflowError:
            result.append(math.copysign(math.inf, value))
    return tuple(result)


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


Compiled = Callable[[Mapping[str, Number]], Number]


def _first_term(value: Number) -> Number:
    """What ``Fraction(0) + value`` gives, without the Fraction arithmetic: -0.0 becomes 0.0, an int a Fraction."""
    if isinstance(value, float):
        return 0.0 + value
    return Fraction(value) if isinstance(value, int) else value


def _first_factor(value: Number) -> Number:
    """What ``Fraction(1) * value`` gives: the float itself, an int as a Fraction."""
    return Fraction(value) if isinstance(value, int) else value


def _sum(values: list[Number]) -> Number:
    total = _first_term(values[0])
    for value in values[1:]:
        total = total + value
    return total


def _product(values: list[Number]) -> Number:
    product = _first_factor(values[0])
    for value in values[1:]:
        product = product * value
    return product


def _sign(value: Number) -> Number:
    return Fraction((value > 0) - (value < 0))


def _float_function(expr: sp.Basic, function: Callable[[float], float]) -> Callable[[list[Number]], Number]:
    def apply(values: list[Number]) -> Number:
        try:
            return function(float(values[0]))
        except (ValueError, OverflowError) as error:
            raise EvaluationError(f"{expr}: {error}") from None
    return apply


def _cannot(expr: sp.Basic) -> Callable[[list[Number]], Number]:
    def apply(values: list[Number]) -> Number:
        raise EvaluationError(f"cannot evaluate {expr}")
    return apply


_COMBINE: tuple[tuple[type, Callable[[list[Number]], Number]], ...] = (
    (sp.Add, _sum),
    (sp.Mul, _product),
    (sp.Pow, lambda v: _power(*v)),
    (sp.Abs, lambda v: abs(v[0])),
    (sp.Max, max),
    (sp.Min, min),
    (sp.Heaviside, lambda v: Fraction(1) if v[0] > 0 else Fraction(0)),
    (sp.sign, lambda v: _sign(v[0])),
    (sp.re, lambda v: v[0]),  # sympy's derivative of abs(f) speaks of re/im/atan2; values here are real
    (sp.im, lambda v: Fraction(0)),
    (sp.atan2, lambda v: math.atan2(float(v[0]), float(v[1]))),
)


def _combiner(expr: sp.Basic) -> Callable[[list[Number]], Number]:
    for kind, combine in _COMBINE:
        if isinstance(expr, kind):
            return combine
    function = _FLOAT_FUNCTIONS.get(type(expr))
    return _cannot(expr) if function is None else _float_function(expr, function)


@lru_cache(maxsize=4096)
def _compiled(expr: sp.Basic) -> Compiled:
    """``expr`` turned once into nested closures, so a training run does not re-dispatch on every node's type.

    Each closure does what walking the tree did: its arguments first, left to right, then the same
    operation in the same order, so the values (and the errors) are the same to the last bit.
    """
    if isinstance(expr, sp.Symbol):
        name = expr.name

        def symbol(env: Mapping[str, Number]) -> Number:
            try:
                return env[name]
            except KeyError:
                raise EvaluationError(f"no value given for {name!r}") from None
        return symbol
    constant: Number | None = None
    if isinstance(expr, sp.Rational):
        constant = Fraction(int(expr.p), int(expr.q))
    elif isinstance(expr, sp.Float):
        constant = float(expr)
    elif expr is sp.E:
        constant = math.e
    elif expr is sp.pi:
        constant = math.pi
    if constant is not None:
        return lambda env, value=constant: value
    parts = tuple(_compiled(arg) for arg in expr.args)
    combine = _combiner(expr)

    def node(env: Mapping[str, Number]) -> Number:
        return combine([part(env) for part in parts])
    return node


def evaluate(expr: sp.Basic, env: Mapping[str, Number]) -> Number:
    """Value of ``expr`` with symbols replaced from ``env`` (names to numbers).

    >>> import sympy as sp
    >>> from fractions import Fraction
    >>> x = sp.Symbol("x", real=True)
    >>> evaluate(x**2 + 1, {"x": Fraction(1, 2)})
    Fraction(5, 4)
    """
    try:
        value = _compiled(expr)(env)
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
