"""Requests from other tools, answered with mathcore's tables as plain JSON-ready data.

A request is a mapping (read from JSON or TOML by :mod:`mathcore.cli`) with a
``kind``: ``descent`` (a gradient-descent table for any formula), ``graph`` (the
forward pass, backpropagation and chain-rule blame of any named computation
graph) or ``training`` (forward, gradient, update and verification tables for a
dataset, and optionally loss curves). Requests may come from anyone, so every
field is checked before any work starts, every count has a maximum (``LIMITS``),
formulas go through the safe parser (no code runs; sizes and powers bounded), and
a bad field is reported as a :class:`RequestError` naming its key.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping, Sequence

from .descent import ParameterError, gradient_descent
from .evaluate import EvaluationError, Number, exact
from .formula import Formula, FormulaError, check_name, latex
from .graph import Blame, Graph
from .jsonout import number, numbers
from .training import Dataset, Example, Trainer

SCHEMA_VERSION = 1

LIMITS: Mapping[str, int] = {
    "request_bytes": 1_000_000,
    "variables": 16,
    "steps": 10_000,
    "nodes": 64,
    "leaves": 64,
    "examples": 1_000,
    "epochs": 1_000,
    "updates": 50_000,  # epochs x examples of a loss curve
    "text": 500,  # characters of a formula
}
"""The most a request may ask for; a request over any of them is refused before any work."""


class RequestError(ValueError):
    """A request that cannot be answered; ``key`` names the field, as a dotted path.

    >>> from mathcore import answer
    >>> answer({"kind": "descent", "formula": "x**2", "variables": ["x"], "start": [3], "learning_rate": "0.1",
    ...         "steps": 10**9})
    Traceback (most recent call last):
    ...
    mathcore.service.RequestError: steps: must be a whole number from 1 to 10000, got 1000000000
    """

    def __init__(self, key: str, message: str):
        super().__init__(f"{key}: {message}" if key else message)
        self.key, self.detail = key, message


@dataclass(frozen=True)
class _Fields:
    """Typed access to one mapping of the request, each error naming its full key."""

    data: Mapping[str, Any]
    prefix: str = ""

    def key(self, name: str) -> str:
        return f"{self.prefix}{name}"

    def has(self, name: str) -> bool:
        return name in self.data

    def raw(self, name: str, default: Any = ...) -> Any:
        if name not in self.data:
            if default is ...:
                raise RequestError(self.key(name), "is required")
            return default
        return self.data[name]

    def text(self, name: str, default: Any = ...) -> str:
        value = self.raw(name, default)
        if not isinstance(value, str) or not value.strip():
            raise RequestError(self.key(name), f"must be a non-empty string, got {value!r}")
        if len(value) > LIMITS["text"]:
            raise RequestError(self.key(name), f"is longer than {LIMITS['text']} characters")
        return value

    def name(self, name: str, default: Any = ...) -> str:
        value = self.raw(name, default)
        try:
            return check_name(value, "node" if name in ("prediction", "target") else "variable")
        except FormulaError as error:
            raise RequestError(self.key(name), str(error)) from None

    def names(self, name: str, limit: str) -> tuple[str, ...]:
        value = self.raw(name)
        if not isinstance(value, list) or not value:
            raise RequestError(self.key(name), f"must be a non-empty list of names, got {value!r}")
        if len(value) > LIMITS[limit]:
            raise RequestError(self.key(name), f"has {len(value)} entries; at most {LIMITS[limit]}")
        for index, item in enumerate(value):
            try:
                check_name(item)
            except FormulaError as error:
                raise RequestError(f"{self.key(name)}[{index}]", str(error)) from None
        if len(set(value)) != len(value):
            raise RequestError(self.key(name), f"names repeat: {value}")
        return tuple(value)

    def count(self, name: str, default: Any, limit: str) -> int:
        value = self.raw(name, default)
        maximum = LIMITS[limit]
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= maximum:
            raise RequestError(self.key(name), f"must be a whole number from 1 to {maximum}, got {value!r}")
        return value

    def mapping(self, name: str) -> "_Fields":
        value = self.raw(name)
        if not isinstance(value, Mapping):
            raise RequestError(self.key(name), f"must be a table/object, got {type(value).__name__}")
        return _Fields(value, f"{self.key(name)}.")


def _number(value: Any, key: str) -> Number:
    """A number typed as an integer, a decimal or a string; decimals in strings stay exact."""
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise RequestError(key, f"must be a number, got {value!r}")
    if isinstance(value, str) and len(value) > 60:
        raise RequestError(key, "is longer than 60 characters")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise RequestError(key, f"must be finite, got {value!r}")
        value = repr(value)  # JSON's 0.1 is the decimal one tenth, as typed, not the nearest double
    try:
        result = exact(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError, ZeroDivisionError):
        raise RequestError(key, f"must be a number, got {value!r}") from None
    if abs(result) > 10**100:
        raise RequestError(key, f"is out of range (at most 1e100 in size), got {value!r}")
    return result


def _numbers(value: Any, key: str, length: int | None = None) -> tuple[Number, ...]:
    if not isinstance(value, list):
        raise RequestError(key, f"must be a list of numbers, got {value!r}")
    if length is not None and len(value) != length:
        raise RequestError(key, f"must hold {length} number(s), got {len(value)}")
    return tuple(_number(item, f"{key}[{index}]") for index, item in enumerate(value))


def _formula_error(key: str) -> Callable[[Exception], RequestError]:
    return lambda error: RequestError(key, str(error))


# ---- descent -----------------------------------------------------------------


def descent(request: Mapping[str, Any]) -> dict[str, Any]:
    """The iteration table of ``x <- x - learning_rate * grad f(x)`` from ``start``.

    >>> table = descent({"formula": "x**2", "variables": ["x"], "start": [3], "learning_rate": "0.1", "steps": 3})
    >>> [row["new_point"][0]["decimal"] for row in table["steps"]]
    ['2.4', '1.92', '1.536']
    """
    fields = _Fields(request)
    variables = fields.names("variables", "variables")
    text = fields.text("formula")
    try:
        formula = Formula.parse(text, variables)
    except FormulaError as error:
        raise _formula_error("formula")(error) from None
    start = _numbers(fields.raw("start"), "start", len(variables))
    eta = _number(fields.raw("learning_rate"), "learning_rate")
    if eta <= 0:
        raise RequestError("learning_rate", f"must be greater than 0, got {fields.raw('learning_rate')!r}")
    steps = fields.count("steps", 100, "steps")
    try:
        run = gradient_descent(formula, start, eta, steps)
    except ParameterError as error:
        raise RequestError("", str(error)) from None
    return {
        "kind": "descent",
        "formula": formula.text,
        "variables": list(variables),
        "partials": [
            {"variable": name, "derivative": str(d), "latex": latex(d)} for name, d in zip(variables, formula.gradient)
        ],
        "learning_rate": number(eta),
        "start": numbers(run.start),
        "status": run.status,
        "message": run.message,
        "exact_steps": run.exact_steps,
        "steps": [
            {
                "iteration": step.iteration,
                "point": numbers(step.point),
                "value": number(step.value),
                "gradient": numbers(step.gradient),
                "new_point": numbers(step.new_point),
            }
            for step in run.steps
        ],
        "final_point": numbers(run.final_point),
        "final_value": None if run.final_value is None else number(run.final_value),
    }


# ---- graphs ------------------------------------------------------------------


def _graph(fields: _Fields, leaves: Sequence[str], parameters: Sequence[str] = ()) -> Graph:
    nodes = fields.raw("nodes")
    if not isinstance(nodes, list) or not nodes:
        raise RequestError(fields.key("nodes"), "must be a non-empty list of [name, formula] pairs")
    if len(nodes) > LIMITS["nodes"]:
        raise RequestError(fields.key("nodes"), f"has {len(nodes)} nodes; at most {LIMITS['nodes']}")
    pairs = []
    for index, node in enumerate(nodes):
        key = f"{fields.key('nodes')}[{index}]"
        if isinstance(node, Mapping):
            node = [node.get("name"), node.get("formula")]
        if not (isinstance(node, list) and len(node) == 2 and all(isinstance(part, str) for part in node)):
            raise RequestError(key, f"must be a [name, formula] pair of strings, got {node!r}")
        try:
            check_name(node[0], "node")
        except FormulaError as error:
            raise RequestError(key, str(error)) from None
        if len(node[1]) > LIMITS["text"]:
            raise RequestError(key, f"formula is longer than {LIMITS['text']} characters")
        pairs.append((node[0], node[1]))
    try:
        return Graph.build(leaves, pairs, parameters)
    except FormulaError as error:
        raise RequestError(fields.key("nodes"), str(error)) from None


def _edges(graph: Graph) -> list[dict[str, Any]]:
    return [
        {"child": edge.child, "parent": edge.parent, "derivative": str(edge.local), "latex": edge.latex}
        for node in graph.nodes
        for edge in node.edges
    ]


def _blame(blame: Blame) -> dict[str, Any]:
    return {
        "variable": blame.variable,
        "target": blame.target,
        "total": number(blame.total),
        "paths": [
            {
                "nodes": list(path.nodes),
                "factors": [
                    {"child": f.edge.child, "parent": f.edge.parent, "derivative": str(f.edge.local),
                     "value": number(f.value)}
                    for f in path.factors
                ],
                "value": number(path.value),
            }
            for path in blame.paths
        ],
    }


def graph(request: Mapping[str, Any]) -> dict[str, Any]:
    """Forward pass, backpropagation and chain-rule blame of a named computation graph.

    micrograd's README example, written as a graph (each reassignment a new node):

    >>> answer = graph({
    ...     "leaves": ["a", "b"],
    ...     "nodes": [["c1", "a + b"], ["d1", "a*b + b**3"], ["c2", "c1 + c1 + 1"],
    ...               ["c3", "c2 + 1 + c2 + (-a)"], ["d2", "d1 + d1*2 + relu(b + a)"],
    ...               ["d3", "d2 + 3*d2 + relu(b - a)"], ["e", "c3 - d3"], ["f", "e**2"],
    ...               ["g1", "f / 2"], ["g", "g1 + 10 / f"]],
    ...     "values": {"a": -4, "b": 2},
    ... })
    >>> [round(answer["gradients"][name]["float"], 4) for name in ("a", "b")]
    [138.8338, 645.5773]
    >>> round(answer["forward"]["g"]["float"], 4)
    24.7041
    """
    fields = _Fields(request)
    leaves = fields.names("leaves", "leaves")
    parameters = fields.names("parameters", "leaves") if fields.has("parameters") else leaves
    unknown = [p for p in parameters if p not in leaves]
    if unknown:
        raise RequestError("parameters", f"{unknown} are not leaves {list(leaves)}")
    built = _graph(fields, leaves, parameters)
    values = fields.mapping("values")
    env = {}
    for leaf in leaves:
        env[leaf] = _number(values.raw(leaf), values.key(leaf))
    extra = [k for k in values.data if k not in leaves]
    if extra:
        raise RequestError("values", f"{extra} are not leaves {list(leaves)}")
    blame_for = fields.names("blame", "leaves") if fields.has("blame") else leaves
    missing = [name for name in blame_for if name not in built.names]
    if missing:
        raise RequestError("blame", f"{missing} are not in the graph")
    try:
        forward = built.forward(env)
        backward = built.backward(forward)
        blames = [built.blame(name, forward) for name in blame_for]
    except EvaluationError as error:
        raise RequestError("values", f"the graph has no finite value here: {error}") from None
    return {
        "kind": "graph",
        "output": built.output,
        "edges": _edges(built),
        "forward": {name: number(value) for name, value in forward.values},
        "backward": [
            {
                "node": step.node,
                "gradient": number(step.gradient),
                "contributions": [
                    {"from": child, "upstream": number(upstream), "local": number(local)}
                    for child, upstream, local in step.contributions
                ],
                "reused_by": list(step.reused_by),
            }
            for step in backward.steps
        ],
        "gradients": {name: number(backward.gradient(name)) for name in leaves},
        "blames": [_blame(b) for b in blames],
    }


# ---- training ----------------------------------------------------------------


def _dataset(fields: _Fields, inputs: tuple[str, ...], target: str) -> Dataset:
    rows = fields.raw("examples")
    if not isinstance(rows, list) or not rows:
        raise RequestError("examples", "must be a non-empty list of [inputs..., target] rows")
    if len(rows) > LIMITS["examples"]:
        raise RequestError("examples", f"has {len(rows)} rows; at most {LIMITS['examples']}")
    examples = []
    for index, row in enumerate(rows):
        values = _numbers(row, f"examples[{index}]", len(inputs) + 1)
        examples.append(Example(values[:-1], values[-1]))
    return Dataset(inputs, target, tuple(examples))


def _update_rows(update: Any) -> list[dict[str, Any]]:
    return [
        {"parameter": row.parameter, "old": number(row.old), "gradient": number(row.gradient), "new": number(row.new)}
        for row in update.rows
    ]


def training(request: Mapping[str, Any]) -> dict[str, Any]:
    """Tables of learning from a dataset: forward, per-example gradients, one batch update, its check.

    >>> answer = training({
    ...     "inputs": ["x"], "target": "y", "weights": {"w": 1},
    ...     "nodes": [["y_pred", "w*x"], ["E", "(y - y_pred)**2"]], "prediction": "y_pred",
    ...     "examples": [[1, 3], [2, 6]], "learning_rate": "0.05",
    ... })
    >>> [row["new"]["decimal"] for row in answer["batch_update"]]
    ['2']
    >>> [answer["verification"][key]["decimal"] for key in ("total_before", "total_after")]
    ['20', '5']
    """
    fields = _Fields(request)
    inputs = fields.names("inputs", "leaves")
    target = fields.name("target")
    weight_fields = fields.mapping("weights")
    if not weight_fields.data:
        raise RequestError("weights", "must name at least one weight")
    parameters = tuple(weight_fields.data)
    for name in parameters:
        try:
            check_name(name, "weight")
        except FormulaError as error:
            raise RequestError("weights", str(error)) from None
    weights = {name: _number(weight_fields.raw(name), weight_fields.key(name)) for name in parameters}
    leaves = inputs + (target,) + parameters
    if len(set(leaves)) != len(leaves):
        raise RequestError("weights", f"inputs, target and weights must have different names: {list(leaves)}")
    built = _graph(fields, leaves, parameters)
    prediction = fields.name("prediction")
    if prediction not in {node.name for node in built.nodes}:
        raise RequestError("prediction", f"{prediction!r} is not a node of the graph")
    dataset = _dataset(fields, inputs, target)
    eta = _number(fields.raw("learning_rate"), "learning_rate")
    if eta <= 0:
        raise RequestError("learning_rate", f"must be greater than 0, got {fields.raw('learning_rate')!r}")
    curves = fields.mapping("curves") if fields.has("curves") else None
    trainer = Trainer(built, dataset, prediction)
    try:
        before = trainer.forward_table(weights)
        gradients = trainer.gradient_table(weights)
        update = trainer.update(weights, gradients.totals, eta)
        after = trainer.forward_table(update.new_weights)
        online = trainer.online_updates(weights, eta)
    except EvaluationError as error:
        raise RequestError("examples", f"the graph has no finite value for this data: {error}") from None
    answer: dict[str, Any] = {
        "kind": "training",
        "parameters": list(parameters),
        "forward": [
            {"inputs": numbers(row.example.inputs), "target": number(row.example.target),
             "prediction": number(row.prediction), "loss": number(row.loss)}
            for row in before.rows
        ],
        "total_loss": number(before.total_loss),
        "gradients": [
            {"inputs": numbers(row.example.inputs), "gradients": numbers(row.gradients)} for row in gradients.rows
        ],
        "gradient_totals": numbers(gradients.totals),
        "batch_update": _update_rows(update),
        "verification": {
            "rows": [
                {"loss_before": number(b.loss), "loss_after": number(a.loss), "improved": a.loss < b.loss}
                for b, a in zip(before.rows, after.rows)
            ],
            "total_before": number(before.total_loss),
            "total_after": number(after.total_loss),
            "total_improved": after.total_loss < before.total_loss,
        },
        "online_updates": [_update_rows(u) for u in online],
    }
    if curves is not None:
        answer["curves"] = _curves(curves, trainer, weights, len(dataset.examples))
    return answer


def _curves(fields: _Fields, trainer: Trainer, weights: dict[str, Number], examples: int) -> dict[str, Any]:
    epochs = fields.count("epochs", 40, "epochs")
    if epochs * examples > LIMITS["updates"]:
        raise RequestError(fields.key("epochs"), f"{epochs} epochs of {examples} examples is more than "
                           f"{LIMITS['updates']} updates")
    eta = _number(fields.raw("learning_rate"), fields.key("learning_rate"))
    if eta <= 0:
        raise RequestError(fields.key("learning_rate"), "must be greater than 0")
    size = fields.count("batch_size", min(2, examples), "examples")
    if size > examples:
        raise RequestError(fields.key("batch_size"), f"is larger than the dataset ({examples} examples)")
    seed = fields.raw("seed", 0)
    if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2**32:
        raise RequestError(fields.key("seed"), f"must be a whole number from 0 to 2**32 - 1, got {seed!r}")
    result = {}
    for strategy in ("online", "batch", "minibatch"):
        history = trainer.train(weights, eta, strategy, epochs, batch_size=size, seed=seed)
        result[strategy] = {"losses": list(history.losses), "diverged": history.diverged,
                            "epochs_completed": history.epochs_completed, "batch_size": history.batch_size}
    return result


HANDLERS: Mapping[str, Callable[[Mapping[str, Any]], dict[str, Any]]] = {
    "descent": descent,
    "graph": graph,
    "training": training,
}
KEYS: Mapping[str, frozenset[str]] = {
    "descent": frozenset({"formula", "variables", "start", "learning_rate", "steps"}),
    "graph": frozenset({"leaves", "nodes", "values", "parameters", "blame"}),
    "training": frozenset({"inputs", "target", "weights", "nodes", "prediction", "examples", "learning_rate",
                           "curves"}),
}


def _unicode_only(request: Mapping) -> None:
    """Refuse text that is not Unicode (a lone surrogate such as "\\ud800", which JSON lets through and no answer
    can be written with), naming the field; the request's nesting is bounded by its reader."""
    stack: list[tuple[str, object]] = [("", request)]
    while stack:
        where, value = stack.pop()
        items = (value.items() if isinstance(value, Mapping)
                 else enumerate(value) if isinstance(value, (list, tuple)) else ())
        for key, item in items:
            path = f"{where}.{key}" if where else str(key)
            for text in (key, item):
                if isinstance(text, str) and any("\ud800" <= c <= "\udfff" for c in text):
                    raise RequestError(path, "holds a lone surrogate, which is not text")
            stack.append((path, item))


def answer(request: object) -> dict[str, Any]:
    """Answer one request; raises :class:`RequestError` (naming the key) for anything it cannot take.

    >>> answer({"kind": "descent", "formula": "x**2", "variables": ["x"], "start": [3],
    ...         "learning_rate": 0.1, "steps": 1})["steps"][0]["gradient"][0]["decimal"]
    '6'
    >>> answer({"kind": "descent", "formula": "9**9**9", "variables": ["x"], "start": [1], "learning_rate": 1})
    Traceback (most recent call last):
    ...
    mathcore.service.RequestError: formula: '9**9**9' is too large (constant powers must stay within 1e100)
    """
    if not isinstance(request, Mapping):
        raise RequestError("", f"a request must be an object/table, got {type(request).__name__}")
    _unicode_only(request)
    kind = request.get("kind")
    if not isinstance(kind, str) or kind not in HANDLERS:
        raise RequestError("kind", f"must be one of {', '.join(HANDLERS)}, got {kind!r}")
    version = request.get("version", SCHEMA_VERSION)
    if version != SCHEMA_VERSION:
        raise RequestError("version", f"this mathcore answers version {SCHEMA_VERSION}, got {version!r}")
    body = {key: value for key, value in request.items() if key not in ("kind", "version")}
    unknown = sorted(set(body) - KEYS[kind])
    if unknown:
        raise RequestError(unknown[0], f"is not a field of a {kind} request (fields: {', '.join(sorted(KEYS[kind]))})")
    result = HANDLERS[kind](body)
    return {"version": SCHEMA_VERSION, **result}
