"""Worked equations written without repeating themselves: ``d y_pred / d w5 = 1``, never ``= 1 = 1``.

A chain-rule link is written as its derivative, its worked form (the local derivative as a formula) and its value.
When the worked form is a constant, it *is* the value: written twice, the line reads as a contradiction (the same
thing claimed to be equal to itself, as if something had been worked out). ``sides`` drops every side of an
equation that repeats the one before it, so no scene can write it.
"""

from __future__ import annotations

from mathcore.graph import Factor

from .diagram import derivative
from .numbers import n


def sides(*parts: str) -> list[str]:
    """The sides of ``a = b = c``, each written once: a side equal to the one before it (a worked value equal
    to its result) is dropped. Compared without spaces, as LaTeX reads them."""
    kept: list[str] = []
    for part in parts:
        if not kept or part.replace(" ", "") != kept[-1].replace(" ", ""):
            kept.append(part)
    return kept


def link_sides(factor: Factor, d: str = r"\partial ") -> list[str]:
    """A link of a chain as the sides of its equation: its derivative, its worked form (when it is not already
    the value) and its value, the value last (a scene carries it on as a part of its own)."""
    edge = factor.edge
    return sides(derivative(edge.child, edge.parent, d), edge.latex, n(factor.value))


def equation_parts(parts: list[str]) -> list[str]:
    """The sides as ``MathTex`` parts, each side but the last followed by its equals sign: the last side (the value)
    stays a part of its own."""
    return [f"{part} =" for part in parts[:-1]] + parts[-1:]
