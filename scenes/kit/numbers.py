"""Numbers as the scenes print them: mathcore's formatter with the lesson's conventions."""

from __future__ import annotations

from typing import Iterable

from mathcore import fmt
from mathcore.evaluate import Number


def n(value: Number, places: int = 4) -> str:
    """Up to ``places`` decimals, trailing zeros dropped (0.9350 -> 0.935, 26 -> 26)."""
    return fmt(value, places, trim=True)


def factor(value: Number, places: int = 4) -> str:
    """A number written as a factor of a product: in parentheses when negative ('· (−2) ·', never '· −2 ·')."""
    return f"({n(value, places)})" if value < 0 else n(value, places)


def pair(values: Iterable[Number], places: int = 4) -> str:
    return "(" + ", ".join(n(v, places) for v in values) + ")"


def signed(value: Number, places: int = 4) -> str:
    return ("+" if value > 0 else "") + n(value, places)


def plus(value: Number, places: int = 4) -> str:
    """A term after another: '+ 3' or '- 2', never '+ -2'."""
    return f"- {n(-value, places)}" if value < 0 else f"+ {n(value, places)}"
