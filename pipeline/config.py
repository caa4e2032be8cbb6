"""The lesson config file: TOML in, validated ``LessonParams`` out, before anything renders.

Every message names the key and the problem. Types come from the parameter
dataclasses' own hints, so a new parameter needs no change here.
"""

from __future__ import annotations

import dataclasses
import difflib
import hashlib
import typing
from dataclasses import dataclass
from fractions import Fraction
from importlib import resources
from pathlib import Path
from typing import Any, Callable

import tomllib

from mathcore import LessonParams, Trainer, worksheet_answers
from mathcore.descent import ParameterError, check_count, check_learning_rate
from mathcore.evaluate import EvaluationError
from mathcore.formula import Formula, FormulaError
from scenes.kit.theme import DEFAULT_THEME, HEX_COLOUR
from scenes.order import ANSWER_KEY_IN_ORDER, SCENES_IN_ORDER

DEFAULT_TITLE = "How neural networks learn"


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file, the key and the problem."""


@dataclass(frozen=True)
class LessonConfig:
    title: str
    segments: tuple[str, ...]
    answer_key: tuple[str, ...]
    params: LessonParams
    source: str  # the TOML text, for hashing
    theme: tuple[tuple[str, str], ...] = tuple(DEFAULT_THEME.items())  # colours by name, in the default's order

    @property
    def digest(self) -> str:
        described = (self.title, self.segments, self.answer_key, self.params, self.theme)
        return hashlib.sha256(repr(described).encode()).hexdigest()[:16]


def default_text() -> str:
    return resources.files("pipeline").joinpath("default_lesson.toml").read_text(encoding="utf-8")


def load_config(path: Path | None = None) -> LessonConfig:
    """The config at ``path`` (the embedded default when None), fully validated."""
    name = str(path) if path else "default lesson"
    try:
        text = default_text() if path is None else Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise ConfigError(f"{name}: cannot read it ({error.strerror})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: not valid TOML: {error}") from None
    return parse_config(data, name, text)


def parse_config(data: dict[str, Any], name: str = "config", text: str = "") -> LessonConfig:
    meta = data.pop("lesson", {})
    _unknown(meta, {"title", "segments", "answer_key"}, f"{name}: [lesson]")
    title = meta.get("title", DEFAULT_TITLE)
    if not isinstance(title, str) or not title.strip():
        raise ConfigError(f"{name}: [lesson] title must be a non-empty string")
    segments = _segment_list(meta, "segments", [s.key for s in SCENES_IN_ORDER], name, empty_ok=False)
    answer_key = _segment_list(meta, "answer_key", [s.key for s in ANSWER_KEY_IN_ORDER], name, empty_ok=True)
    theme = _theme(data.pop("theme", {}), name)
    params = _build(LessonParams, data, name, "")
    _check(params, name)
    return LessonConfig(title, segments, answer_key, params, text, theme)


def _theme(table: Any, name: str) -> tuple[tuple[str, str], ...]:
    """The default colours with the config's changes; each a #RRGGBB string."""
    if not isinstance(table, dict):
        raise ConfigError(f"{name}: [theme] must be a table of colours")
    _unknown(table, set(DEFAULT_THEME), f"{name}: [theme]")
    for key, value in table.items():
        if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value):
            raise ConfigError(f"{name}: theme.{key}: a colour is written \"#RRGGBB\" (like \"#FF6B6B\"), "
                              f"got {value!r}")
    return tuple((key, table.get(key, default).upper()) for key, default in DEFAULT_THEME.items())


def _segment_list(meta: dict, key: str, known: list[str], name: str, empty_ok: bool) -> tuple[str, ...]:
    segments = meta.get(key, known)
    if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments) or not (segments or empty_ok):
        raise ConfigError(f"{name}: [lesson] {key} must be a {'' if empty_ok else 'non-empty '}list of segment names")
    for segment in segments:
        if segment not in known:
            raise ConfigError(f"{name}: [lesson] {key}: unknown segment {segment!r}{_did_you_mean(segment, known)}")
    return tuple(segments)


def _did_you_mean(key: str, known: typing.Iterable[str]) -> str:
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _unknown(table: dict[str, Any], known: set[str], where: str) -> None:
    for key in table:
        if key not in known:
            raise ConfigError(f"{where}: unknown key {key!r}{_did_you_mean(key, known)}")


def _build(cls: type, table: Any, name: str, where: str) -> Any:
    label = f"[{where}]" if where else "top level"
    if not isinstance(table, dict):
        raise ConfigError(f"{name}: {label} must be a table")
    hints = typing.get_type_hints(cls)
    fields = {f.name: f for f in dataclasses.fields(cls)}
    _unknown(table, set(fields), f"{name}: {label}")
    values = {}
    for key, value in table.items():
        path = f"{where}.{key}" if where else key
        hint = hints[key]
        if dataclasses.is_dataclass(hint):
            values[key] = _build(hint, value, name, path)
        else:
            values[key] = _coerce(value, hint, f"{name}: {path}")
    return cls(**values)


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ConfigError(f"{where}: expected a number or text, got {value!r}")
        return value if isinstance(value, str) else repr(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected a whole number, got {value!r}")
        return value
    if origin is tuple:
        if isinstance(value, dict) and len(args) == 2 and args[1] is Ellipsis:
            value = [[k, v] for k, v in value.items()]  # {w1 = 1, ...} for a list of pairs
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        if len(args) == 2 and args[1] is Ellipsis:
            return tuple(_coerce(item, args[0], f"{where}[{i}]") for i, item in enumerate(value))
        if len(value) != len(args):
            raise ConfigError(f"{where}: expected {len(args)} items, got {len(value)}: {value!r}")
        return tuple(_coerce(item, arg, f"{where}[{i}]") for i, (item, arg) in enumerate(zip(value, args)))
    raise ConfigError(f"{where}: unsupported type {hint}")  # pragma: no cover - a new kind of field


def _check(params: LessonParams, name: str) -> None:
    """Compute what each key feeds, so a bad value fails here, named, and never mid-render."""
    net = params.network
    checks: list[tuple[str, Callable[[], object]]] = [
        ("valley.formula", lambda: params.valley.function),
        ("valley.learning_rate", lambda: check_learning_rate(params.valley.learning_rate)),
        ("valley.steps", lambda: check_count(params.valley.steps, "steps")),
        ("valley.start", lambda: params.valley.run()),
        ("valley.shown_rows", lambda: _rows_within(params.valley.shown_rows, params.valley.run())),
        ("slope_points", lambda: [Fraction(x) for x in params.slope_points]),
        ("local_minima.formula", lambda: params.local_minima.function),
        ("local_minima.learning_rate", lambda: check_learning_rate(params.local_minima.learning_rate)),
        ("local_minima.starts", lambda: params.local_minima.runs()),
        ("bowl.formula", lambda: params.bowl.function),
        ("bowl.learning_rate", lambda: check_learning_rate(params.bowl.learning_rate)),
        ("bowl.start", lambda: params.bowl.run()),
        ("bowl.shown_rows", lambda: _rows_within(params.bowl.shown_rows, params.bowl.run())),
        ("blame_story.links", lambda: [_share(s) for _, s in params.blame_story.links]),
        ("nested_nodes", lambda: _nested(params)),
        ("network.nodes", lambda: net.graph),
        ("network.target_formula", lambda: Formula.parse(net.target_formula, ("x1", "x2"))),
        ("network.inputs", lambda: net.dataset),
        ("network.nodes", lambda: Trainer(net.graph, net.dataset, "y_pred")),
        ("network.initial_weights", lambda: net.trainer.forward_table(net.weights)),
        ("network.learning_rate", lambda: check_learning_rate(net.learning_rate)),
        ("network.curve_learning_rate", lambda: check_learning_rate(net.curve_learning_rate)),
        ("network.curve_epochs", lambda: check_count(net.curve_epochs, "curve_epochs")),
        ("network.crime_example", lambda: _index(net.crime_example, len(net.dataset.examples))),
        ("network.minibatch_size", lambda: _batch(net.minibatch_size, len(net.dataset.examples))),
        ("worksheet", lambda: worksheet_answers(params.worksheet)),
        ("scale.activations", lambda: [Formula.parse(text, ("x",)) for _, text in params.scale.activations]),
        ("scale.large_weights", lambda: check_count(params.scale.large_weights, "large_weights")),
    ]
    for key, check in checks:
        try:
            check()
        except (FormulaError, ParameterError, EvaluationError, ValueError, ZeroDivisionError, KeyError) as error:
            message = error.args[0] if error.args else type(error).__name__
            raise ConfigError(f"{name}: {key}: {message}") from None


def _rows_within(rows: tuple[int, ...], run) -> None:
    if run.diverged:
        raise ParameterError(run.message)
    for row in rows:
        if row < 0 or row >= len(run.steps):
            raise ParameterError(f"row {row} is not an iteration of this run (it has {len(run.steps)})")
    if list(rows) != sorted(set(rows)):
        raise ParameterError("rows must be increasing")


def _share(text: str) -> Fraction:
    share = Fraction(text)
    if not 0 <= share <= 1:
        raise ParameterError(f"a share of blame is between 0 and 1, got {text}")
    return share


def _nested(params: LessonParams) -> None:
    from mathcore.lesson import nested_graph

    graph = nested_graph(params)
    if len(graph.leaves) < 2:
        raise ParameterError("the nested function needs the inputs x1 and x2")


def _index(index: int, count: int) -> None:
    if not 0 <= index < count:
        raise ParameterError(f"must be between 0 and {count - 1} (there are {count} examples), got {index}")


def _batch(size: int, count: int) -> None:
    check_count(size, "minibatch_size")
    if size > count:
        raise ParameterError(f"{size} is larger than the dataset ({count} examples)")
