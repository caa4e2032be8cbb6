"""The one place numbers become text.

Rounding is decimal half-up on the exact value (2.3592960 -> 2.359, 0.0645 ->
0.065), so what is shown agrees with a hand calculation to the last digit.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal, localcontext
from fractions import Fraction

from .evaluate import Number

DEFAULT_PLACES = 3


def to_decimal(value: Number) -> Decimal:
    with localcontext() as context:
        context.prec = 60
        if isinstance(value, float):
            return Decimal(repr(value))
        value = Fraction(value)
        return Decimal(value.numerator) / Decimal(value.denominator)


LARGE = 12  # from 10**12 on, a number is written in scientific form


def fmt(value: Number, places: int = DEFAULT_PLACES, *, trim: bool = False, digits: int = 2) -> str:
    """``value`` with ``places`` decimals; below 1, at least ``digits`` significant digits.

    Small values get the decimals they need (a loss of 0.0105 is "0.011", not
    "0.0"); values below 1e-6 are written as 1.2e-07, and values of 1e12 or more as 1.55e+22 (a diverged
    loss, not 23 digits nobody reads). ``trim`` drops trailing
    zeros (0.9350 -> 0.935), and exact integers lose their decimals when trimming.
    A minus sign is the ASCII hyphen; LaTeX and Pango typeset it as a minus.

    >>> from fractions import Fraction
    >>> fmt(Fraction("2.3592960")), fmt(Fraction("0.0645")), fmt(Fraction("0.935"), 4, trim=True)
    ('2.359', '0.065', '0.935')
    >>> fmt(0.0105, 1), fmt(Fraction(1, 8), 0), fmt(3.2e-9), fmt(0, 2), fmt(15472224535556300000000)
    ('0.011', '0.13', '3.2e-09', '0.00', '1.55e+22')
    """
    decimal = to_decimal(value)
    leading = decimal.adjusted()  # the power of ten of the first significant digit
    if decimal and leading >= LARGE:
        return f"{float(decimal):.{max(digits, 3) - 1}e}"
    if digits and decimal and leading < 0:  # below 1: fixed decimals could round it away
        if leading < -6:
            return f"{float(decimal):.{digits - 1}e}"
        places = max(places, digits - 1 - leading)
    quantum = Decimal(1).scaleb(-places)
    with localcontext() as context:
        # enough digits for the whole part too: 1e20 with 3 places must not fail to quantize
        context.prec = max(60, decimal.adjusted() + places + 5)
        text = format(decimal.quantize(quantum, rounding=ROUND_HALF_UP), "f")
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    if text in ("-0", "-0." + "0" * places):
        text = text[1:]
    return text


def fmt_exact(value: Number, max_places: int = 6) -> str:
    """Shortest decimal that is exact if one exists within ``max_places``, else rounded.

    >>> from fractions import Fraction
    >>> fmt_exact(Fraction(13, 200)), fmt_exact(Fraction(1, 3))
    ('0.065', '0.333333')
    """
    for places in range(max_places + 1):
        if to_decimal(value) == to_decimal(value).quantize(Decimal(1).scaleb(-places)):
            return fmt(value, places, digits=0)
    return fmt(value, max_places, trim=True, digits=0)


def fmt_percent(value: Number, places: int = 0) -> str:
    """A fraction as a percentage, trailing zeros dropped; below 1%, two significant digits, so a
    small product of blame shares never reads as 0%.

    >>> from fractions import Fraction
    >>> fmt_percent(Fraction(1, 8)), fmt_percent(Fraction(1, 8), 1), fmt_percent(Fraction(18, 10000))
    ('13%', '12.5%', '0.18%')
    """
    return fmt(Fraction(value) * 100 if not isinstance(value, float) else value * 100, places, trim=True,
               digits=2) + "%"


_SCALES = ((10**12, "trillion"), (10**9, "billion"), (10**6, "million"))


def fmt_count(count: int) -> str:
    """A whole count as it is said: thousands separated, millions and up in words.

    >>> fmt_count(5), fmt_count(12345), fmt_count(1_760_000_000_000), fmt_count(175_000_000_000)
    ('5', '12,345', '1.76 trillion', '175 billion')
    """
    for size, name in _SCALES:
        if abs(count) >= size:
            return f"{fmt(Fraction(count, size), 2, trim=True, digits=0)} {name}"
    return f"{count:,}"
