"""Minima, frozen-variable derivations and stationary points."""

import sympy as sp

from mathcore import Formula
from mathcore.landscape import freeze_derivation, minima_1d, stationary_points


def test_minima_of_the_double_well():
    f = Formula.parse("x**4 - 4*x**2 + x + 1", ["x"])
    found = minima_1d(f, -2.5, 2.5)
    assert len(found) == 2
    deep, shallow = found
    assert deep.is_global and not shallow.is_global
    # both are roots of f'(x) = 4x^3 - 8x + 1, checked with sympy's own root finder
    roots = sorted(float(r) for r in sp.Poly(4 * sp.Symbol("x") ** 3 - 8 * sp.Symbol("x") + 1).nroots())
    assert abs(deep.x - roots[0]) < 1e-9 and abs(shallow.x - roots[2]) < 1e-9


def test_minima_of_a_non_polynomial():
    (only,) = minima_1d(Formula.parse("exp(x) - 2*x", ["x"]), -3, 3)
    assert abs(only.x - float(sp.log(2))) < 1e-9


def test_freeze_derivation_splits_constant_and_varying_terms():
    step = freeze_derivation(Formula.parse("x1**2 + 2*x2**2", ["x1", "x2"]), "x1")
    x1, x2 = (sp.Symbol(n, real=True) for n in ("x1", "x2"))
    assert step.frozen == ("x2",)
    assert step.constant_terms == (2 * x2**2,) and step.varying_terms == (x1**2,)
    assert step.derivative == 2 * x1


def test_stationary_point_of_the_bowl():
    assert stationary_points(Formula.parse("x1**2 + 2*x2**2", ["x1", "x2"])) == ((0, 0),)
