"""Formulas typed by people, parsed safely into sympy expressions.

The text is read with Python's ``ast`` parser and walked node by node; each
allowed node is rebuilt as a sympy object. Nothing is ever evaluated as code
(``sympy.sympify`` on a string would call ``eval``, so it is not used).
"""

from __future__ import annotations

import ast
import math
import re
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Callable, Mapping, Sequence

import numpy as np
import sympy as sp

from .evaluate import Number, decimal_fraction, evaluate, exact


class FormulaError(ValueError):
    """A formula that cannot be accepted; the message names the offending part.

    >>> Formula.parse("x ^ 2", ["x"])
    Traceback (most recent call last):
    ...
    mathcore.formula.FormulaError: operator in 'x ^ 2' is not allowed (use ** for powers)

    """


def _sigmoid(z: sp.Expr) -> sp.Expr:
    return 1 / (1 + sp.exp(-z))


def _relu(z: sp.Expr) -> sp.Expr:
    return sp.Max(0, z)


FUNCTIONS: Mapping[str, Callable[..., sp.Expr]] = {
    "exp": sp.exp,
    "log": sp.log,
    "sigmoid": _sigmoid,
    "relu": _relu,
    "sin": sp.sin,
    "cos": sp.cos,
    "tanh": sp.tanh,
    "abs": sp.Abs,
    "max": sp.Max,
}

_BINARY = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
    ast.Pow: lambda a, b: a**b,
}

# The same operations left unevaluated: the expression keeps the order it was typed in,
# for display only ((x1 + w1*x2)**2 stays so, instead of sympy's (w1*x2 + x1)**2).
def _left(a: sp.Expr) -> tuple[sp.Expr, ...]:
    """a + b + c is typed as (a + b) + c; flatten it so no parentheses are printed."""
    return a.args if isinstance(a, sp.Add) else (a,)


def _negate(b: sp.Expr) -> sp.Expr:
    return -b if b.is_Atom or isinstance(b, (sp.Mul, sp.Pow)) and b.args[0].is_Number else sp.Mul(
        -1, b, evaluate=False)


_DISPLAY = {
    ast.Add: lambda a, b: sp.Add(*_left(a), b, evaluate=False),
    ast.Sub: lambda a, b: sp.Add(*_left(a), _negate(b), evaluate=False),
    ast.Mult: lambda a, b: sp.Mul(a, b, evaluate=False),
    ast.Div: lambda a, b: sp.Mul(a, sp.Pow(b, -1, evaluate=False), evaluate=False),
    ast.Pow: lambda a, b: sp.Pow(a, b, evaluate=False),
}

_MAX_LENGTH = 500
MAX_DEPTH = 40  # nested operations and calls; deeper is no formula a lesson shows
MAX_EXPONENT = 64  # |n| in x**n: larger powers only blow up or vanish on screen
MAX_MAGNITUDE = 10**100  # literals and constant powers stay within 1e100 in size
MAX_CALL_NESTING = 3  # functions of functions: exp(exp(exp(x))) at most (four made sympy's evaluation hang)
MAX_DEGREE = 64  # a formula's degree once multiplied out ((x + 1)**20)**20 is 400: its expansion never ends
_DISPLAY_NAMES = {"sigmoid": "sigma", "relu": "relu"}  # shown by name, not expanded


# ---- derivatives as the lesson teaches them ---------------------------------
class sigma(sp.Function):  # noqa: N801 - sympy prints the class name: \sigma
    """The sigmoid kept by name, so its derivative reads sigma(z)(1 - sigma(z)), as the script teaches."""

    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return sigma_slope(self.args[0])


class sigma_slope(sp.Function):  # noqa: N801
    """sigma'(z), printed as the script writes it: sigma(z)(1 - sigma(z))."""

    def _latex(self, printer, exp=None) -> str:
        s = printer._print(sigma(self.args[0]))
        shown = rf"{s}\left(1 - {s}\right)"
        return rf"\left({shown}\right)^{{{exp}}}" if exp else shown


class step(sp.Function):  # noqa: N801
    """relu's slope: 1 if z > 0, else 0 (0 at the kink, the convention everywhere here)."""

    def _latex(self, printer, exp=None) -> str:
        inner = printer._print(self.args[0])
        shown = rf"\begin{{cases}} 1 & \text{{if }} {inner} > 0 \\ 0 & \text{{otherwise}} \end{{cases}}"
        return rf"\left({shown}\right)^{{{exp}}}" if exp else shown


class relu(sp.Function):  # noqa: N801
    def fdiff(self, argindex: int = 1) -> sp.Expr:
        return step(self.args[0])


TAUGHT: Mapping[str, Callable[..., sp.Expr]] = {**FUNCTIONS, "sigmoid": sigma, "relu": relu}


def _number(value: object, text: str) -> sp.Expr:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise FormulaError(f"{text!r} is not a number")
    # Keep a typed decimal exact: 0.1 means one tenth, not the nearest double.
    if _is_plain_decimal(text):
        exact = decimal_fraction(text)
    elif isinstance(value, int) or math.isfinite(value):
        exact = Fraction(value)
    else:
        raise FormulaError(f"the number {text} is out of range (at most 1e100 in size)")
    if abs(exact) > MAX_MAGNITUDE:
        raise FormulaError(f"the number {text} is out of range (at most 1e100 in size)")
    return sp.Integer(int(exact)) if exact.denominator == 1 else sp.Rational(exact)


def _log10_size(value: sp.Rational) -> float:
    """Digits of a rational's numerator and denominator together: how big an exact power would get."""
    p, q = abs(int(value.p)), int(value.q)
    return (p.bit_length() + q.bit_length()) * 0.30103


def _checked_power(base: sp.Expr, exponent: sp.Expr, text: str) -> None:
    """Refuse a power that would take sympy unbounded time or memory (9**9**9, x**(10**10))."""
    if not exponent.is_number:
        return  # x**y: evaluation guards the size of each value
    if not exponent.is_Rational:
        raise FormulaError(f"{text!r}: the exponent must be a plain number or a formula of the variables")
    if base.is_Rational:
        if base != 0 and _log10_size(base) * abs(float(exponent)) > 100:
            raise FormulaError(f"{text!r} is too large (constant powers must stay within 1e100)")
    elif abs(exponent) > MAX_EXPONENT:
        raise FormulaError(f"{text!r}: exponents are limited to {MAX_EXPONENT} in size")


def _depth(tree: ast.AST) -> int:
    """Nesting depth of a parsed formula, without recursion (a deep formula must not crash the check)."""
    deepest, stack = 0, [(tree, 1)]
    while stack:
        node, level = stack.pop()
        deepest = max(deepest, level)
        stack.extend((child, level + 1) for child in ast.iter_child_nodes(node))
    return deepest


def _call_nesting(tree: ast.AST) -> int:
    """How many function calls nest inside each other at most (exp(sin(x)): 2), without recursion."""
    deepest, stack = 0, [(tree, 0)]
    while stack:
        node, calls = stack.pop()
        calls += isinstance(node, ast.Call)
        deepest = max(deepest, calls)
        stack.extend((child, calls) for child in ast.iter_child_nodes(node))
    return deepest


def _degree(node: ast.AST) -> int:
    """An upper bound of the formula's degree once multiplied out, read from its text before sympy builds it (a
    function's value counts as its argument's degree; a power to a typed whole number multiplies). The depth is
    already bounded (MAX_DEPTH), so this recursion is too."""
    if isinstance(node, ast.Expression):
        return _degree(node.body)
    if isinstance(node, ast.Name):
        return 1
    if isinstance(node, ast.UnaryOp):
        return _degree(node.operand)
    if isinstance(node, ast.Call):
        return max((_degree(arg) for arg in node.args), default=0)
    if isinstance(node, ast.BinOp):
        left, right = _degree(node.left), _degree(node.right)
        if isinstance(node.op, (ast.Add, ast.Sub)):
            return max(left, right)
        if isinstance(node.op, ast.Pow):
            power = node.right.operand if isinstance(node.right, ast.UnaryOp) else node.right
            if isinstance(power, ast.Constant) and isinstance(power.value, int) and not isinstance(power.value, bool):
                return left * min(abs(power.value), MAX_DEGREE + 1)
            return left + right
        return left + right  # a product or a quotient
    return 0


def _check_exponents(expr: sp.Expr, text: str) -> None:
    """sympy folds (x**8)**8 into x**64: check the powers it made, not only the ones typed."""
    if isinstance(expr, sp.Pow) and expr.exp.is_Rational and not expr.base.is_number and abs(expr.exp) > MAX_EXPONENT:
        raise FormulaError(f"{text!r}: exponents are limited to {MAX_EXPONENT} in size")


def _is_plain_decimal(text: str) -> bool:
    """A number as typed ("0.1", "1e5"): kept exact. One too large to build exactly is not one (it is refused)."""
    try:
        decimal_fraction(text)
    except ValueError as error:
        if "out of range" in str(error):
            raise FormulaError(f"the number {text} is out of range (at most 1e100 in size)") from None
        return False
    return True


class _Builder:
    def __init__(self, source: str, symbols: Mapping[str, sp.Expr], display: bool = False,
                 functions: Mapping[str, Callable[..., sp.Expr]] = FUNCTIONS):
        self.source = source
        self.symbols = symbols
        self.operations = _DISPLAY if display else _BINARY
        self.functions = functions

    def part(self, node: ast.AST) -> str:
        return ast.get_source_segment(self.source, node) or type(node).__name__

    def build(self, node: ast.AST) -> sp.Expr:
        if isinstance(node, ast.Expression):
            return self.build(node.body)
        if isinstance(node, ast.Constant):
            return _number(node.value, self.part(node))
        if isinstance(node, ast.Name):
            if node.id in self.symbols:
                return self.symbols[node.id]
            if node.id in FUNCTIONS:
                raise FormulaError(f"function {node.id!r} must be called, as in {node.id}(x)")
            known = ", ".join(self.symbols) or "none"
            raise FormulaError(f"unknown name {node.id!r} (declared variables: {known})")
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.USub, ast.UAdd)):
            inner = self.build(node.operand)
            if isinstance(node.op, ast.UAdd):
                return inner
            return _negate(inner) if self.operations is _DISPLAY else -inner
        if isinstance(node, ast.BinOp):
            op = self.operations.get(type(node.op))
            if op is None:
                hint = " (use ** for powers)" if isinstance(node.op, ast.BitXor) else ""
                raise FormulaError(f"operator in {self.part(node)!r} is not allowed{hint}")
            left, right = self.build(node.left), self.build(node.right)
            if isinstance(node.op, ast.Pow):
                _checked_power(left, right, self.part(node))
            result = op(left, right)
            if self.operations is _BINARY:
                _check_exponents(result, self.part(node))
            return result
        if isinstance(node, ast.Call):
            return self.call(node)
        raise FormulaError(f"{self.part(node)!r} is not allowed in a formula")

    def call(self, node: ast.Call) -> sp.Expr:
        if not isinstance(node.func, ast.Name):
            raise FormulaError(f"{self.part(node.func)!r} is not an allowed function")
        name = node.func.id
        if name not in FUNCTIONS:
            allowed = ", ".join(FUNCTIONS)
            raise FormulaError(f"unknown function {name!r} (allowed: {allowed})")
        if node.keywords or not node.args:
            raise FormulaError(f"{self.part(node)!r}: call {name} with plain arguments")
        if name != "max" and len(node.args) != 1:
            raise FormulaError(f"{self.part(node)!r}: {name} takes one argument")
        args = [self.build(arg) for arg in node.args]
        if self.operations is _DISPLAY and name in _DISPLAY_NAMES:
            return sp.Function(_DISPLAY_NAMES[name])(*args)
        return self.functions[name](*args)


NAME_PATTERN = re.compile(r"[A-Za-z][A-Za-z0-9_]{0,23}")


def check_name(name: object, what: str = "variable") -> str:
    """A name that is safe to show and to typeset: an ASCII letter, then letters, digits or underscores.

    Names reach LaTeX (x1 is typeset x_1), so nothing else is accepted: no backslash,
    brace or non-ASCII letter can smuggle TeX code in.

    >>> check_name("w_1")
    'w_1'
    >>> check_name("π")  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mathcore.formula.FormulaError: 'π' cannot be used as a variable name: ...
    """
    if not isinstance(name, str) or not NAME_PATTERN.fullmatch(name) or name in FUNCTIONS:
        raise FormulaError(
            f"{name!r} cannot be used as a {what} name: use ASCII letters, digits and _, "
            "starting with a letter (at most 24 characters)"
        )
    return name


def parse_expression(
    text: str, variables: Sequence[str], display: bool = False, substitute: Mapping[str, sp.Expr] | None = None,
    taught: bool = False,
) -> sp.Expr:
    """Parse ``text`` into a sympy expression over ``variables`` only.

    ``display`` keeps the typed order (unevaluated, for LaTeX only); ``substitute``
    puts an expression in place of a variable (a graph's intermediate nodes);
    ``taught`` keeps sigmoid and relu by name, for derivatives shown as the lesson
    teaches them (never evaluated: values come from the plain form).

    >>> parse_expression("x*sigmoid(x)", ["x"])
    x/(1 + exp(-x))
    >>> parse_expression("__import__('os')", ["x"])  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    mathcore.formula.FormulaError: unknown function '__import__' (allowed: exp, log, ...)
    """
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("a formula must be a non-empty string")
    if len(text) > _MAX_LENGTH:
        raise FormulaError(f"formula is longer than {_MAX_LENGTH} characters")
    for name in variables:
        check_name(name)
    source = text.strip()
    try:
        tree = ast.parse(source, mode="eval")
    except (SyntaxError, MemoryError, RecursionError) as error:
        raise FormulaError(f"cannot read formula {source!r}: {getattr(error, 'msg', 'too deeply nested')}") from None
    if _depth(tree) > MAX_DEPTH:
        raise FormulaError(f"formula {source!r} is nested more than {MAX_DEPTH} levels deep")
    if _call_nesting(tree) > MAX_CALL_NESTING:
        raise FormulaError(f"formula {source!r} nests functions more than {MAX_CALL_NESTING} deep "
                           "(exp(exp(exp(x))) is the most): its values cannot be computed in time")
    symbols: dict[str, sp.Expr] = {name: sp.Symbol(name, real=True) for name in variables}
    symbols.update(substitute or {})
    built = _Builder(source, symbols, display, TAUGHT if taught else FUNCTIONS).build(tree)  # powers checked
    if _degree(tree) > MAX_DEGREE:  # built unexpanded, cheaply: its expansion is what would never end
        raise FormulaError(f"formula {source!r} multiplied out would have degree {_degree(tree)} (at most "
                           f"{MAX_DEGREE}): too large to show or to compute")
    return built


def taught_derivative(text: str, variables: Sequence[str], variable: str) -> str:
    """LaTeX of d text / d variable in the lesson's own forms: 2x, sigma(x)(1 - sigma(x)), 1 if x > 0 else 0.

    >>> print(taught_derivative("sigmoid(x)", ["x"], "x"))
    \\sigma{\\left(x \\right)}\\left(1 - \\sigma{\\left(x \\right)}\\right)
    >>> taught_derivative("x**2", ["x"], "x")
    '2 x'
    """
    expr = parse_expression(text, variables, taught=True)
    return latex(sp.diff(expr, sp.Symbol(variable, real=True)))


def names_in(text: str) -> tuple[str, ...]:
    """The names a formula uses, other than the functions it calls, each once, in order of appearance.

    >>> names_in("w3*h1 + relu(w4*h2) + w5")
    ('w3', 'h1', 'w4', 'h2', 'w5')
    """
    if len(text) > _MAX_LENGTH:
        raise FormulaError(f"a formula of {len(text)} characters is too long (at most {_MAX_LENGTH})")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        raise FormulaError(f"{text!r} is not a formula") from None
    called = {id(node.func) for node in ast.walk(tree) if isinstance(node, ast.Call)}
    named = sorted((node for node in ast.walk(tree) if isinstance(node, ast.Name) and id(node) not in called),
                   key=lambda node: (node.lineno, node.col_offset))
    return tuple(dict.fromkeys(node.id for node in named))


def display_latex(text: str, variables: Sequence[str], substitute: Mapping[str, sp.Expr] | None = None) -> str:
    """LaTeX of a formula as it was typed (no reordering, no expansion)."""
    return sp.latex(parse_expression(text, variables, display=True, substitute=substitute), order="none")


def latex(expr: sp.Expr) -> str:
    """LaTeX with the lesson's conventions (x1 is typeset x_{1})."""
    return sp.latex(expr, mul_symbol="dot" if _has_number_product(expr) else None)


def _has_number_product(expr: sp.Expr) -> bool:
    return any(
        isinstance(term, sp.Mul) and sum(arg.is_number for arg in term.args) > 1
        for term in sp.preorder_traversal(expr)
    )


@dataclass(frozen=True)
class Formula:
    """A function of named variables: its text, sympy expression and derivatives.

    Values may be given as numbers or as decimal strings; both are exact.

    >>> f = Formula.parse("x1**2 + 2*x2**2", ["x1", "x2"])
    >>> f.gradient, f.at(["3", "2"]), f.gradient_at(["3", "2"])
    ((2*x1, 4*x2), Fraction(17, 1), (Fraction(6, 1), Fraction(8, 1)))
    """

    text: str
    variables: tuple[str, ...]
    expr: sp.Expr = field(compare=False, repr=False)

    @classmethod
    def parse(cls, text: str, variables: Sequence[str]) -> "Formula":
        variables = tuple(variables)
        if len(set(variables)) != len(variables):
            raise FormulaError(f"variables repeat: {variables}")
        return cls(text.strip(), variables, parse_expression(text, variables))

    @property
    def symbols(self) -> tuple[sp.Symbol, ...]:
        return tuple(sp.Symbol(name, real=True) for name in self.variables)

    @property
    def latex(self) -> str:
        return display_latex(self.text, self.variables)

    def taught_partial(self, variable: str) -> str:
        """LaTeX of the partial derivative as the lesson writes it (see `taught_derivative`)."""
        if variable not in self.variables:
            raise FormulaError(f"{variable!r} is not a variable of {self.text!r}")
        return taught_derivative(self.text, self.variables, variable)

    def partial(self, variable: str) -> sp.Expr:
        """Symbolic partial derivative (sympy's, not a hand-written rule)."""
        if variable not in self.variables:
            raise FormulaError(f"{variable!r} is not a variable of {self.text!r}")
        return sp.diff(self.expr, sp.Symbol(variable, real=True))

    @cached_property
    def gradient(self) -> tuple[sp.Expr, ...]:
        return tuple(self.partial(name) for name in self.variables)

    def at(self, point: Sequence[Number]) -> Number:
        """Value at a point, exact when the point is exact."""
        return evaluate(self.expr, self._env(point))

    def gradient_at(self, point: Sequence[Number]) -> tuple[Number, ...]:
        env = self._env(point)
        return tuple(evaluate(g, env) for g in self.gradient)

    def _env(self, point: Sequence[Number]) -> dict[str, Number]:
        if len(point) != len(self.variables):
            raise FormulaError(
                f"{self.text!r} takes {len(self.variables)} value(s), got {len(point)}"
            )
        try:
            return {name: exact(value) for name, value in zip(self.variables, point)}
        except (TypeError, ValueError, ZeroDivisionError):
            raise FormulaError(f"{self.text!r}: the point {tuple(point)} must hold numbers") from None

    @cached_property
    def numeric(self) -> Callable[..., object]:
        """Vectorised numpy function, for sampling curves and surfaces."""
        return sp.lambdify(self.symbols, self.expr, modules=_NUMPY)

    def numeric_partial(self, variable: str) -> Callable[..., object]:
        """Vectorised numpy partial derivative, with the exact path's convention at kinks (relu'(0) = 0)."""
        return sp.lambdify(self.symbols, self.partial(variable), modules=_NUMPY)


# One convention at kinks, everywhere: a step is 0 at 0, so relu'(0) = 0 and |x|'(0) = 0, in exact
# evaluation (evaluate.py) and in these numpy functions alike (as PyTorch and TensorFlow take it).
KINK_STEP = 0.0
_NUMPY = [{"Heaviside": lambda z, *_: np.heaviside(z, KINK_STEP)}, "numpy"]  # ours first: it wins


def sigmoid_slope_latex(variable: str = "z") -> str:
    r"""The sigmoid's slope at ``variable`` as the lesson writes it (the extension names its chain's factor so).

    >>> sigmoid_slope_latex()
    '\\sigma{\\left(z \\right)}\\left(1 - \\sigma{\\left(z \\right)}\\right)'
    """
    return sp.latex(sigma_slope(sp.Symbol(variable)))
