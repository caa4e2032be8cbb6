"""Computation graphs with named intermediates: the chain rule as a blame game.

A graph is a list of named nodes, each a formula over leaves (inputs, weights)
and earlier nodes. From it come: the local derivative on every edge (sympy's),
every chain-rule path from a variable to the output with its factors, the total
derivative as the sum over paths, and reverse-mode backpropagation that computes
each upstream gradient once and records which parameters reuse it.

Everything is ordered (tuples, declaration order) so tables come out the same on
every run.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from typing import Mapping, Sequence

import sympy as sp

from .evaluate import Number, evaluate, exact
from .formula import FormulaError, check_name, latex, parse_expression

_ZERO, _ONE = Fraction(0), Fraction(1)  # immutable: shared, not rebuilt on every backward step


@dataclass(frozen=True)
class Edge:
    """``child`` depends directly on ``parent``; ``local`` is d child / d parent."""

    child: str
    parent: str
    local: sp.Expr
    taught: sp.Expr | None = field(default=None, compare=False, repr=False)  # sigmoid and relu kept by name

    @property
    def latex(self) -> str:
        """As the lesson writes it: sigma(z)(1 - sigma(z)), "1 if z > 0", 2x."""
        return latex(self.taught if self.taught is not None else self.local)


@dataclass(frozen=True)
class Node:
    name: str
    text: str
    expr: sp.Expr
    edges: tuple[Edge, ...]
    display: sp.Expr = None  # the formula as typed, unevaluated, for LaTeX

    @property
    def parents(self) -> tuple[str, ...]:
        return tuple(edge.parent for edge in self.edges)

    @property
    def latex(self) -> str:
        return sp.latex(self.display, order="none") if self.display is not None else latex(self.expr)


@dataclass(frozen=True)
class Forward:
    """Every leaf and node value of one forward pass, in graph order."""

    values: tuple[tuple[str, Number], ...]

    def __getitem__(self, name: str) -> Number:
        for key, value in self.values:
            if key == name:
                return value
        raise KeyError(name)

    def as_dict(self) -> dict[str, Number]:
        return dict(self.values)


@dataclass(frozen=True)
class Factor:
    """One link of a chain: how much ``child`` blames ``parent``."""

    edge: Edge
    value: Number | None = None


@dataclass(frozen=True)
class ChainPath:
    """A path ``variable -> ... -> target``; factors listed from the target backwards.

    >>> from mathcore import nested_function
    >>> graph = nested_function()
    >>> [path.nodes for path in graph.paths("x2")]
    [('x2', 'u', 'v', 'f'), ('x2', 'v', 'f')]
    """

    nodes: tuple[str, ...]
    factors: tuple[Factor, ...]
    value: Number | None = None

    @property
    def product(self) -> sp.Expr:
        result: sp.Expr = sp.Integer(1)
        for factor in self.factors:
            result = result * factor.edge.local
        return result


@dataclass(frozen=True)
class Blame:
    """d target / d variable as the sum over every path between them.

    >>> from mathcore import lesson_network
    >>> graph = lesson_network()
    >>> forward = graph.forward({"x1": 3, "x2": 2, "y_true": 24, "w1": 1, "w2": 2, "w3": 1, "w4": 1, "w5": 0})
    >>> blame = graph.blame("w1", forward)
    >>> blame.total, [[f.value for f in path.factors] for path in blame.paths]
    (Fraction(520, 1), [[Fraction(26, 1), Fraction(1, 1), Fraction(20, 1)]])
    """

    variable: str
    target: str
    paths: tuple[ChainPath, ...]
    total: Number | None

    @property
    def expression(self) -> sp.Expr:
        return sp.Add(*(path.product for path in self.paths))


@dataclass(frozen=True)
class BackpropStep:
    """The gradient of the output with respect to ``node``, computed once.

    ``contributions`` are (child, upstream gradient, local derivative value);
    ``reused_by`` are the parameters whose gradients are built on this one.
    """

    node: str
    gradient: Number
    contributions: tuple[tuple[str, Number, Number], ...]
    reused_by: tuple[str, ...]


@dataclass(frozen=True)
class Backward:
    forward: Forward
    steps: tuple[BackpropStep, ...]

    def gradient(self, name: str) -> Number:
        for step in self.steps:
            if step.node == name:
                return step.gradient
        raise KeyError(name)

    def gradients(self, names: Sequence[str]) -> tuple[Number, ...]:
        return tuple(self.gradient(name) for name in names)


MAX_WRITTEN = 5000  # a node written out in the leaves, in formula parts: the blame chain shows it whole
MAX_PATHS = 64  # paths from one leaf to one node: the blame is summed over each, and shown path by path


def _grown(name: str, text: str, written: Mapping[str, int], paths: Mapping[str, Mapping[str, int]],
           ) -> tuple[int, dict[str, int]]:
    """How large node ``name`` is written out in the leaves, and by how many paths each leaf reaches it, counted
    from its text before any of it is built: six nodes, each a product of 32 factors of the one before, would be
    32⁶ parts long, and forty nodes each using two earlier ones have 2⁴⁰ paths (each took past 300 s)."""
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except (SyntaxError, RecursionError, MemoryError, ValueError):
        return 1, {}  # not a formula: parse_expression says why
    size, reached, uses = 0, {}, set()
    for part in ast.walk(tree):
        size += 1
        if isinstance(part, ast.Name) and part.id in written:
            size += written[part.id] - 1
            uses.add(part.id)
    for used in uses:
        for leaf, count in paths[used].items():
            reached[leaf] = reached.get(leaf, 0) + count
    if size > MAX_WRITTEN:
        raise FormulaError(f"node {name!r} written out in the inputs would be about {min(size, 10**9):,} parts long "
                           f"(at most {MAX_WRITTEN:,}): too large to show")
    crowded = max(reached.values(), default=0)
    if crowded > MAX_PATHS:
        raise FormulaError(f"node {name!r} is reached from one input by {crowded:,} paths (at most {MAX_PATHS}): "
                           "the blame could not be shown path by path")
    return size, reached


@dataclass(frozen=True)
class Graph:
    """A computation graph: leaves (inputs, weights) and named nodes, each a formula.

    >>> graph = Graph.build(["x", "w"], [("y", "w*x"), ("E", "(y - 6)**2")], parameters=["w"])
    >>> forward = graph.forward({"x": 2, "w": 1})
    >>> forward["E"], graph.backward(forward).gradient("w")
    (Fraction(16, 1), Fraction(-16, 1))
    >>> [edge.latex for edge in graph.node("E").edges]
    ['2 y - 12']
    """
    leaves: tuple[str, ...]
    parameters: tuple[str, ...]
    nodes: tuple[Node, ...]

    @classmethod
    def build(
        cls,
        leaves: Sequence[str],
        nodes: Sequence[tuple[str, str]],
        parameters: Sequence[str] = (),
    ) -> "Graph":
        """``nodes`` are (name, formula) pairs in order; the last one is the output."""
        leaves, parameters = tuple(leaves), tuple(parameters)
        if not nodes:
            raise FormulaError("a graph needs at least one node")
        for name in parameters:
            if name not in leaves:
                raise FormulaError(f"parameter {name!r} is not one of the leaves {leaves}")
        known: list[str] = list(leaves)
        built: list[Node] = []
        written = {leaf: 1 for leaf in leaves}  # each name's size written out in the leaves (AST nodes)
        paths = {leaf: {leaf: 1} for leaf in leaves}  # each name's paths from each leaf
        for name, text in nodes:
            check_name(name, "node")  # names are typeset: nothing but letters, digits and _
            if name in known:
                raise FormulaError(f"node {name!r} is defined twice")
            written[name], paths[name] = _grown(name, text, written, paths)
            try:
                expr = parse_expression(text, known)
            except FormulaError as error:
                raise FormulaError(f"node {name!r}: {error}") from None
            used = {symbol.name for symbol in expr.free_symbols}
            taught = parse_expression(text, known, taught=True)
            edges = tuple(
                Edge(name, parent, sp.diff(expr, sp.Symbol(parent, real=True)),
                     sp.diff(taught, sp.Symbol(parent, real=True)))
                for parent in known
                if parent in used
            )
            display = parse_expression(text, known, display=True)
            built.append(Node(name, text, expr, edges, display))
            known.append(name)
        return cls(leaves, parameters, tuple(built))

    @property
    def output(self) -> str:
        return self.nodes[-1].name

    @cached_property
    def _by_name(self) -> Mapping[str, Node]:
        return {node.name: node for node in self.nodes}

    def node(self, name: str) -> Node:
        try:
            return self._by_name[name]
        except KeyError:
            raise KeyError(f"no node named {name!r}") from None

    @cached_property
    def names(self) -> tuple[str, ...]:
        return self.leaves + tuple(node.name for node in self.nodes)

    def children(self, name: str) -> tuple[Edge, ...]:
        return tuple(edge for node in self.nodes for edge in node.edges if edge.parent == name)

    def expanded(self, name: str | None = None) -> sp.Expr:
        """A node as one nested formula of the leaves (the 'giant nested function')."""
        expr = self.node(name or self.output).expr
        for node in reversed(self.nodes):
            expr = expr.subs(sp.Symbol(node.name, real=True), node.expr)
        return expr

    def expanded_latex(self, name: str | None = None) -> str:
        """LaTeX of :meth:`expanded` in the typed order: each intermediate replaced by its formula."""
        shown: dict[str, sp.Expr] = {}
        for node in self.nodes:
            shown[node.name] = parse_expression(node.text, self.leaves + tuple(shown), display=True, substitute=shown)
            if node.name == (name or self.output):
                break
        return sp.latex(shown[name or self.output], order="none")

    def forward(self, values: Mapping[str, Number | str]) -> Forward:
        missing = [leaf for leaf in self.leaves if leaf not in values]
        if missing:
            raise FormulaError(f"no value given for {', '.join(missing)}")
        unknown = [key for key in values if key not in self.leaves]
        if unknown:
            raise FormulaError(f"{', '.join(unknown)} is not an input of this graph")
        env = {leaf: exact(values[leaf]) for leaf in self.leaves}
        for node in self.nodes:
            env[node.name] = evaluate(node.expr, env)
        return Forward(tuple((name, env[name]) for name in self.names))

    def paths(self, variable: str, target: str | None = None) -> tuple[ChainPath, ...]:
        """Every path from ``variable`` up to ``target`` (the output by default)."""
        target = target or self.output
        if variable not in self.names or target not in self.names:
            raise KeyError(f"{variable!r} or {target!r} is not in the graph")
        found: list[ChainPath] = []

        def walk(current: str, trail: tuple[str, ...], factors: tuple[Factor, ...]) -> None:
            if current == target:
                found.append(ChainPath(trail, tuple(reversed(factors))))
                return
            for edge in self.children(current):
                walk(edge.child, trail + (edge.child,), factors + (Factor(edge),))

        walk(variable, (variable,), ())
        return tuple(found)

    def blame(self, variable: str, forward: Forward | None = None, target: str | None = None) -> Blame:
        """Total derivative of ``target`` by ``variable``: the sum over its paths."""
        target = target or self.output
        paths = self.paths(variable, target)
        if forward is None:
            return Blame(variable, target, paths, None)
        env = forward.as_dict()
        valued = []
        for path in paths:
            factors = tuple(Factor(f.edge, evaluate(f.edge.local, env)) for f in path.factors)
            product: Number = exact(1)
            for factor in factors:
                product = product * factor.value
            valued.append(ChainPath(path.nodes, factors, product))
        total: Number = exact(0)
        for path in valued:
            total = total + path.value
        return Blame(variable, target, tuple(valued), total)

    def factored(self, variable: str, target: str | None = None) -> sp.Expr:
        """d target / d variable with shared leading factors pulled out, as the script writes it.

        When every path leaves ``target`` through the same edge, the result is that
        edge's local derivative times the factored blame of the next node:
        df/dx2 = 3v^2 * (2u + 6x2) rather than 6uv^2 + 18v^2 x2.
        """
        target = target or self.output
        paths = self.paths(variable, target)
        if not paths:
            return sp.Integer(0)
        heads = {path.factors[0].edge for path in paths} if all(p.factors for p in paths) else set()
        if len(heads) == 1 and len(paths) > 1:
            (head,) = heads
            return sp.Mul(head.local, self.factored(variable, head.parent), evaluate=False)
        return sp.Add(*(path.product for path in paths))

    def depth(self, name: str) -> int:
        """Layers between the leaves and ``name`` (a leaf is 0, a node on leaves only is 1)."""
        if name in self.leaves:
            return 0
        return 1 + max(self.depth(parent) for parent in self.node(name).parents)

    def ancestors(self, name: str) -> tuple[str, ...]:
        """Leaves and nodes ``name`` depends on, in graph order (worked out once per name: backward asks often)."""
        known = self._ancestry.get(name)
        if known is None:
            found: set[str] = set()
            stack = [name]
            while stack:
                current = stack.pop()
                if current in self.leaves:
                    continue
                for parent in self.node(current).parents:
                    if parent not in found:
                        found.add(parent)
                        stack.append(parent)
            known = self._ancestry[name] = tuple(n for n in self.names if n in found)
        return known

    @cached_property
    def _ancestry(self) -> dict[str, tuple[str, ...]]:
        return {}

    def backward(self, forward: Forward) -> Backward:
        """Reverse-mode: each node's gradient once, from the output down."""
        env = forward.as_dict()
        gradient: dict[str, Number] = {self.output: _ONE}
        incoming: dict[str, list[tuple[str, Number, Number]]] = {}
        for node in reversed(self.nodes):
            upstream = gradient.get(node.name, _ZERO)
            for edge in node.edges:
                local = evaluate(edge.local, env)
                gradient[edge.parent] = gradient.get(edge.parent, _ZERO) + upstream * local
                incoming.setdefault(edge.parent, []).append((node.name, upstream, local))
        order = tuple(reversed(self.names))
        steps = tuple(
            BackpropStep(
                name,
                gradient.get(name, _ZERO),
                tuple(incoming.get(name, ())),
                tuple(p for p in self.parameters if p in self.ancestors(name)) if name not in self.leaves else (),
            )
            for name in order
        )
        return Backward(forward, steps)


def chain_product(shares: Sequence[Number | str]) -> Number:
    """The failed-presentation chain: multiply the blame at each link (0.9 x 0.8 x 0.5).

    >>> chain_product(["0.5", "0.8", "0.9"])
    Fraction(9, 25)
    """
    product: Number = Fraction(1)
    for share in shares:
        product = product * exact(share)
    return product
