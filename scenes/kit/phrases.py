"""Phrases every lesson says the same way: numbers read aloud, formulas in prose, lists, counts, changes.

Each is chosen from the value it is handed, never assumed (a count of 1 is singular, a change that
did not happen is "still"). No manim import: the tests check these quickly, and a lesson's own
wording module (its outcome phrases, from its facts) builds on them.
"""

from __future__ import annotations

import re
from typing import Sequence

from mathcore import fmt
from mathcore.evaluate import Number, exact

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def number(value: Number, places: int = 3) -> str:
    """A value as read aloud and shown in prose: decimals, never a fraction (1.1, not 11/10)."""
    value = exact(value) if isinstance(value, str) else value  # as typed in the config: "0.001"
    if value and abs(value) < 1e-6:
        return "almost exactly 0"
    said = fmt(value, places, trim=True)
    if re.fullmatch(r"−?-?\d+", said) and value != int(said.replace("−", "-")):
        return f"almost exactly {said}"  # σ(11) = 0.99998 is not "1": rounding may not make a value whole
    return said


_SUPERSCRIPT = str.maketrans("0123456789-", "⁰¹²³⁴⁵⁶⁷⁸⁹⁻")


def formula(expression: object) -> str:
    """A formula in prose as the script writes it: 2x2², 12u·v², 3v²·(2u + 6x2); never Python's ``**``.

    Takes a sympy expression or a config's formula text.
    """
    text = str(expression)
    text = re.sub(r"\*\*(?:\((-?\d+)\)|(\d+))(?![\d.])", lambda m: (m.group(1) or m.group(2)).translate(_SUPERSCRIPT),
                  text)
    text = re.sub(r"\*\*", "^", text)
    text = re.sub(r"(?<![\w.])(\d+)\*(?=[A-Za-z(])", r"\1", text)  # 2*x1: 2x1
    return text.replace("*", "·")


def ordinal(index: int) -> str:
    """0 -> "first": which example, counting as people do."""
    return _ORDINALS[index] if index < len(_ORDINALS) else f"number {index + 1}"


def spoken_list(items: Sequence[str]) -> str:
    """["a", "b", "c"] -> "a, b and c"."""
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def counted(count: int, noun: str) -> str:
    """3, "hidden neuron" -> "3 hidden neurons"; 1 -> "1 hidden neuron"."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


SHOWN_WHOLE = 5  # names a list on screen shows in full; a longer one shows its first two, "…" and its last


def shortened_list(names: Sequence[str]) -> str:
    """Names as a short line shows them: "w1, w2, w3", or "w1, w2, …, w10" for a long list (the ellipsis says
    some are left out; the narration says them all)."""
    names = list(names)
    if len(names) <= SHOWN_WHOLE:
        return ", ".join(names)
    return ", ".join(names[:2]) + ", …, " + names[-1]


def change(start: Number, end: Number | None, places: int = 3) -> str:
    """Where a quantity went: "down to 0.08", "still 9", "up to 73.3", or out of bounds."""
    if end is None:
        return "out of bounds: the run diverged"
    if end < start:
        return f"down to {number(end, places)}"
    return f"still {number(end, places)}" if end == start else f"up to {number(end, places)}"


def signed(value: Number) -> str:
    """A signed change, its size as the lesson says it: "−0.6", "+0.6"."""
    return ("−" if value < 0 else "+") + number(abs(value))
