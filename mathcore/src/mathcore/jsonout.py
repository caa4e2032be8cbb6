"""Numbers as JSON for other tools: a decimal to read, a float to compute with, a fraction when exact.

JSON has only floats, and the lesson's values are exact (0.0001 x 650 is 0.065, not
0.06499999999999999), so each number is written as an object with three views of
the same value. The shape is fixed by ``schema/response.schema.json``.
"""

from __future__ import annotations

import math
from decimal import Decimal, localcontext
from fractions import Fraction

from .evaluate import Number

EXACT_DECIMAL_DIGITS = 60  # a terminating decimal longer than this is rounded instead
ROUNDED_DIGITS = 17  # significant digits of a rounded decimal (enough to round-trip a double)
FRACTION_BITS = 10_000  # a fraction whose numerator or denominator is longer (about 3,000 digits) is not written


def _terminates(value: Fraction) -> bool:
    """A fraction has a finite decimal expansion when its denominator is made of 2s and 5s only."""
    q = value.denominator
    q >>= (q & -q).bit_length() - 1
    return 5 ** _multiplicity(q, 5) == q


def _exact_decimal(value: Fraction) -> str | None:
    """The whole decimal expansion of ``value``, or None if it does not end within the digit budget.

    Its length is known from the sizes before any digit is made (a denominator 2**a * 5**b needs max(a, b) places),
    so a fraction of thousands of digits costs no more than a short one.
    """
    if not _terminates(value):
        return None
    q = value.denominator
    twos = (q & -q).bit_length() - 1
    places = max(twos, _multiplicity(q >> twos, 5))
    if places > EXACT_DECIMAL_DIGITS or value.numerator.bit_length() > 4 * EXACT_DECIMAL_DIGITS:
        return None
    scaled = abs(value.numerator * 10**places // value.denominator)
    digits = str(scaled).rjust(places + 1, "0")
    if len(digits) > EXACT_DECIMAL_DIGITS:
        return None
    whole, fraction = (digits[:-places], digits[-places:]) if places else (digits, "")
    sign = "-" if value < 0 else ""
    return f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}"


def _multiplicity(number: int, prime: int) -> int:
    count = 0
    while number % prime == 0:
        number //= prime
        count += 1
    return count


def _rounded_decimal(value: Number) -> str:
    with localcontext() as context:
        context.prec = ROUNDED_DIGITS
        if isinstance(value, float):
            return format(Decimal(repr(value)).normalize(), "g") if value else "0"
        fraction = Fraction(value)
        return format(Decimal(fraction.numerator) / Decimal(fraction.denominator), "g")


def _float(value: Number) -> float | None:
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def number(value: Number) -> dict[str, object]:
    """One number as ``{"decimal", "float"[, "fraction"]}``; ``fraction`` is there only when exact, and when its
    numerator and denominator are each within 10,000 bits (about 3,000 digits: longer would be pages of the
    answer, past what Python prints).

    >>> number(Fraction(13, 200))
    {'decimal': '0.065', 'float': 0.065, 'fraction': '13/200'}
    >>> number(Fraction(1, 3))
    {'decimal': '0.33333333333333333', 'float': 0.3333333333333333, 'fraction': '1/3'}
    >>> number(0.5)
    {'decimal': '0.5', 'float': 0.5}
    """
    if isinstance(value, bool):
        raise TypeError("a boolean is not a number")
    if isinstance(value, float):
        return {"decimal": _rounded_decimal(value), "float": _float(value)}
    exact = Fraction(value)
    decimal = _exact_decimal(exact) or _rounded_decimal(exact)
    result: dict[str, object] = {"decimal": decimal, "float": _float(exact)}
    if max(exact.numerator.bit_length(), exact.denominator.bit_length()) <= FRACTION_BITS:
        result["fraction"] = str(exact)
    return result


def numbers(values: object) -> list[dict[str, object]]:
    return [number(v) for v in values]  # type: ignore[attr-defined]
