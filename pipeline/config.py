"""The lesson config file: TOML in, validated ``LessonParams`` out, before anything renders.

Every message names the key and the problem. Types come from the parameter
dataclasses' own hints, so a new parameter needs no change here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import math
import stat
import typing
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any, Callable

import tomllib

from mathcore import LessonParams, Trainer, crime_scene, strategy_curves, worksheet_answers
from mathcore.descent import ParameterError, check_count, check_learning_rate
from mathcore.evaluate import EvaluationError, exact
from mathcore.fmt import fmt_exact
from mathcore.formula import Formula, FormulaError
from mathcore.landscape import freeze_derivation
from mathcore.lesson import LessonInfo, slopes
from scenes.kit.theme import HEX_COLOUR, Theme
from scenes.order import answer_key_segments, default_answer_key, default_order, lesson_segments

from . import validated
from .narration_lines import LinesError, parse_lines
from .page_config import PageConfigError, PageSettings, check_askable, parse_page
from .speech.settings import Narration, NarrationError, parse_narration
from .suggest import did_you_mean, refuse_unknown

DEFAULT_TITLE = "How neural networks learn"
MAX_BYTES = 256_000  # a lesson config is a few kB; anything larger is not one
MAX_VALUE = 10**6  # starts, inputs, weights, points: larger values only overflow the plots
MAX_TEXT = 200  # characters of a title, a blame-story cause, a label

# The most each count may be, so that no config can make validation or a render run unbounded.
# (what the segments can show, and what stays quick to compute)
LIMITS: dict[str, int] = {
    "valley.steps": 1000, "bowl.steps": 1000, "local_minima.steps": 1000,
    "valley.shown_rows": 8, "bowl.shown_rows": 8, "slope_points": 5, "local_minima.starts": 2,
    "blame_story.links": 6, "nested_nodes": 6, "network.inputs": 8, "network.curve_epochs": 500,
    "scale.activations": 4, "scale.real_network": 5, "scale.losses": 3,
}


class ConfigError(ValueError):
    """A config file that cannot be used; the message names the file, the key and the problem."""


@dataclass(frozen=True)
class LessonConfig:
    title: str
    segments: tuple[str, ...]
    answer_key: tuple[str, ...]
    params: LessonParams
    source: str  # the TOML text, for hashing
    theme: Theme = Theme()
    narration: Narration = Narration()
    page: PageSettings = PageSettings()  # the web page's questions and what it publishes (no video depends on it)
    lines: tuple[tuple[str, str], ...] = ()  # [narration.lines]: (cue id, the teacher's template)
    tables: tuple[tuple[str, Any], ...] = ()  # a lesson folder's own tables (name, its parameters), by name

    @property
    def digest(self) -> str:
        described = (self.title, self.segments, self.answer_key, self.params, self.theme, self.narration, self.lines,
                     self.tables)
        return hashlib.sha256(repr(described).encode()).hexdigest()[:16]


def default_text() -> str:
    """The default lesson's config: its folder's lesson.toml."""
    from .lesson_folder import default_folder

    return (default_folder() / "lesson.toml").read_text(encoding="utf-8")


def load_config(path: Path | None = None, stamps: Path | None = None) -> LessonConfig:
    """The config at ``path`` (the embedded default when None), fully validated.

    ``stamps``: a folder of :mod:`pipeline.validated` stamps; a text this code has validated
    before is parsed but not checked again, and a text that passes leaves its stamp there.
    """
    name = str(path) if path else "default lesson"
    if path is None:
        text = default_text()
    else:
        text = _read(Path(path), name)
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: not valid TOML: {error}") from None
    except RecursionError:
        raise ConfigError(f"{name}: nested too deeply to be a lesson config") from None
    known = stamps is not None and validated.seen(stamps, text)
    config = parse_config(data, name, text, Path(path).resolve().parent if path else None, check=not known)
    if stamps is not None and not known:
        validated.remember(stamps, text)
    return config


def _read(path: Path, name: str) -> str:
    """The file's text: a regular file, at most MAX_BYTES, UTF-8 (a FIFO or device would hang or never end)."""
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise ConfigError(f"{name}: not a regular file")
        if info.st_size > MAX_BYTES:
            raise ConfigError(f"{name}: {info.st_size} bytes is too large for a lesson config (at most {MAX_BYTES})")
        with open(path, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise ConfigError(f"{name}: cannot read it ({error.strerror})") from None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise ConfigError(f"{name}: not UTF-8 text (line {line}); save it as UTF-8") from None


def default_config() -> LessonConfig:
    """The script's lesson (the embedded default, whose checks the tests run), parsed without running them."""
    text = default_text()
    return parse_config(tomllib.loads(text), "default lesson", text, check=False)


def parse_snapshot(text: str, name: str) -> LessonConfig:
    """A frozen copy of a config that the ``lesson`` command validated (a render process checks its digest
    first): parsed without the math checks, and without its [narration], which the render job carries resolved."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{name}: not valid TOML: {error}") from None
    return parse_config(data, name, text, check=False, narration=False)


def parse_config(data: dict[str, Any], name: str = "config", text: str = "", base: Path | None = None,
                 check: bool = True, narration: bool = True) -> LessonConfig:
    """A parsed TOML table as a checked config; ``base`` is the config's folder (relative paths start there).

    ``check=False`` skips only the math checks (what the lesson computes from the parameters), for a
    text that has passed them before; the table's shape and types are always checked. ``narration=False``
    leaves [narration] unread (the default voice in its place).
    """
    from .lesson_folder import load_default

    load_default()  # the segments a config may name are the lesson folders' (the default's, at least)
    meta = data.pop("lesson", {})
    if not isinstance(meta, dict):
        raise ConfigError(f"{name}: [lesson] must be a table (title, segments, answer_key)")
    _unknown(meta, {"title", "subtitle", "segments", "answer_key"}, f"{name}: [lesson]")
    title = meta.get("title", DEFAULT_TITLE)
    if not isinstance(title, str) or not title.strip() or len(title) > MAX_TEXT:
        raise ConfigError(f"{name}: [lesson] title must be a non-empty string of at most {MAX_TEXT} characters")
    subtitle = meta.get("subtitle", "")
    if not isinstance(subtitle, str) or len(subtitle) > MAX_TEXT:
        raise ConfigError(f"{name}: [lesson] subtitle must be a string of at most {MAX_TEXT} characters")
    segments = _segment_list(meta, "segments", list(default_order()), name, empty_ok=False,
                             known=[s.key for s in lesson_segments()])
    answer_key = _segment_list(meta, "answer_key", list(default_answer_key()), name, empty_ok=True,
                               known=[s.key for s in answer_key_segments()])
    theme = _theme(data.pop("theme", {}), name)
    voice_table = data.pop("narration", {})
    try:  # read even where [narration] is not (a render process): the words are the segment's, not the voice's
        lines = parse_lines(voice_table.pop("lines", {}) if isinstance(voice_table, dict) else {}, name)
    except LinesError as error:
        raise ConfigError(str(error)) from None
    try:
        voice = parse_narration(voice_table, name, base) if narration else Narration()
    except NarrationError as error:
        raise ConfigError(str(error)) from None
    try:
        page = parse_page(data.pop("quiz", {}), data.pop("site", {}), name, segments,
                          tuple(s.key for s in lesson_segments()))
    except PageConfigError as error:
        raise ConfigError(str(error)) from None
    own = _own_tables(data, name, check)
    params = _build(LessonParams, data, name, "", LessonParams())
    if check:
        _check(params, name)
        try:
            page = check_askable(page, params, name)
        except PageConfigError as error:
            raise ConfigError(str(error)) from None
    every = segments == default_order()  # () says "the lesson's own order", as LessonParams() does
    every_answer = answer_key == default_answer_key()
    params = dataclasses.replace(params, lesson=LessonInfo(title.strip(), subtitle.strip(), () if every else segments,
                                                           () if every_answer else answer_key))
    return LessonConfig(title, segments, answer_key, params, text, theme, voice, page, lines, own)


def _own_tables(data: dict[str, Any], name: str, check: bool) -> tuple[tuple[str, Any], ...]:
    """The loaded lesson folder's own tables, built like the lesson's (its defaults with the config's changes)
    and checked by their own ``check()``, which names what is wrong."""
    from .lesson_folder import tables

    found = []
    for key, cls in sorted(tables().items()):
        value = _build(cls, data.pop(key, {}), name, key, cls())
        if check and callable(getattr(value, "check", None)):
            try:
                value.check()
            except (ValueError, ArithmeticError, ParameterError, FormulaError, EvaluationError) as error:
                raise ConfigError(f"{name}: [{key}] {error}") from None
        found.append((key, value))
    return tuple(found)


RETIRED_THEME_KEYS = {"h2_path": "no segment drew it: every traced path is drawn in theme.h1_path; delete the line"}


def _theme(table: Any, name: str) -> Theme:
    """The default colours with the config's changes; each a #RRGGBB string."""
    if not isinstance(table, dict):
        raise ConfigError(f"{name}: [theme] must be a table of colours")
    for key, why in RETIRED_THEME_KEYS.items():
        if key in table:
            raise ConfigError(f"{name}: theme.{key} is no longer a setting ({why})")
    _unknown(table, set(Theme.roles()), f"{name}: [theme]")
    for key, value in table.items():
        if not isinstance(value, str) or not HEX_COLOUR.fullmatch(value):
            raise ConfigError(f"{name}: theme.{key}: a colour is written \"#RRGGBB\" (like \"#FF6B6B\"), "
                              f"got {value!r}")
    return Theme(**{key: value.upper() for key, value in table.items()})


def _segment_list(meta: dict, key: str, default: list[str], name: str, empty_ok: bool,
                  known: list[str] | None = None) -> tuple[str, ...]:
    """The segments ``meta[key]`` names (``default`` when it names none), each one ``known`` (default: ``default``);
    a config only names segments: their code comes from the lesson folder the command line names (``--lesson``)."""
    known = known or default
    segments = meta.get(key, default)
    if not isinstance(segments, list) or not all(isinstance(s, str) for s in segments) or not (segments or empty_ok):
        raise ConfigError(f"{name}: [lesson] {key} must be a {'' if empty_ok else 'non-empty '}list of segment names")
    for segment in segments:
        if segment not in known:
            close = did_you_mean(segment, known)
            raise ConfigError(f"{name}: [lesson] {key}: unknown segment {segment!r}"
                              f"{close or ' (a segment of your own? name its lesson folder with --lesson DIR)'}")
    return tuple(segments)


def _unknown(table: dict[str, Any], known: set[str], where: str) -> None:
    refuse_unknown(table, known, where, ConfigError)


def _build(cls: type, table: Any, name: str, where: str, default: Any) -> Any:
    """``default`` with the table's keys changed: a config sets only what differs from the script's lesson."""
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
            values[key] = _build(hint, value, name, path, getattr(default, key))
        else:
            values[key] = _coerce(value, hint, f"{name}: {path}")
    return dataclasses.replace(default, **values)


def _coerce(value: Any, hint: Any, where: str) -> Any:
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if hint is str:
        if isinstance(value, bool) or not isinstance(value, (str, int, float)):
            raise ConfigError(f"{where}: expected a number or text, got {value!r}")
        if isinstance(value, str) and len(value) > 500:
            raise ConfigError(f"{where}: longer than 500 characters")
        return value if isinstance(value, str) else repr(value)
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{where}: expected a whole number, got {value!r}")
        if abs(value) > 10**15:
            raise ConfigError(f"{where}: {value} is out of range (at most 10**15)")
        return value
    if origin is tuple:
        if isinstance(value, dict) and len(args) == 2 and args[1] is Ellipsis:
            value = [[k, v] for k, v in value.items()]  # {w1 = 1, ...} for a list of pairs
        if not isinstance(value, list):
            raise ConfigError(f"{where}: expected a list, got {value!r}")
        if len(value) > 64:
            raise ConfigError(f"{where}: a list of {len(value)} items is longer than any the lesson shows")
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
        *((key, _count_within(params, key)) for key in LIMITS),
        *((key, _values_within(values)) for key, values in _numbers(params)),
        ("valley.formula", lambda: params.valley.function),
        ("valley.learning_rate", lambda: check_learning_rate(params.valley.learning_rate)),
        ("valley.steps", lambda: check_count(params.valley.steps, "steps")),
        ("valley.start", lambda: _moves(params.valley.run())),
        ("valley.learning_rate", lambda: _not_diverging(params.valley.run(), params.valley.learning_rate)),
        ("valley.shown_rows", lambda: _rows_within(params.valley.shown_rows, params.valley.run())),
        ("slope_points", lambda: [Fraction(x) for x in params.slope_points]),
        ("slope_points", lambda: slopes(params)),
        ("valley.formula", lambda: params.valley.run().facts()),
        ("local_minima.starts", lambda: params.local_minima.landscape()),
        ("bowl.formula", lambda: [freeze_derivation(params.bowl.function, v) for v in params.bowl.function.variables]),
        ("bowl.formula", lambda: params.bowl.run().facts()),
        ("local_minima.formula", lambda: params.local_minima.function),
        ("local_minima.learning_rate", lambda: check_learning_rate(params.local_minima.learning_rate)),
        ("local_minima.starts", lambda: [_moves(run) for run in params.local_minima.runs()]),
        ("bowl.formula", lambda: params.bowl.function),
        ("bowl.learning_rate", lambda: check_learning_rate(params.bowl.learning_rate)),
        ("bowl.start", lambda: _moves(params.bowl.run())),
        ("bowl.learning_rate", lambda: _not_diverging(params.bowl.run(), params.bowl.learning_rate)),
        ("bowl.shown_rows", lambda: _rows_within(params.bowl.shown_rows, params.bowl.run())),
        ("blame_story.links", lambda: [_share(s) for _, s in params.blame_story.links]),
        ("nested_nodes", lambda: _nested(params)),
        ("network.nodes", lambda: net.graph),
        ("network.target_formula", lambda: Formula.parse(net.target_formula, ("x1", "x2"))),
        ("network.inputs", lambda: net.dataset),
        ("network.nodes", lambda: Trainer(net.graph, net.dataset, "y_pred")),
        ("network.initial_weights", lambda: _something_to_learn(net)),
        ("network.learning_rate", lambda: check_learning_rate(net.learning_rate)),
        ("network.curve_learning_rate", lambda: check_learning_rate(net.curve_learning_rate)),
        ("network.curve_epochs", lambda: check_count(net.curve_epochs, "curve_epochs")),
        ("network.crime_example", lambda: _index(net.crime_example, len(net.dataset.examples))),
        ("network.minibatch_size", lambda: _batch(net.minibatch_size, len(net.dataset.examples))),
        ("worksheet.nudge", lambda: _positive(params.worksheet.nudge)),
        ("worksheet", lambda: worksheet_answers(params.worksheet)),
        ("network.crime_example", lambda: crime_scene(net)),
        ("network.curve_learning_rate", lambda: strategy_curves(net)),
        ("blame_story.links", lambda: [_text(cause) for cause, _ in params.blame_story.links]),
        ("blame_story.outcome", lambda: _text(params.blame_story.outcome)),
        ("scale", lambda: [_text(text) for text in _scale_texts(params)]),
        ("scale.activations", lambda: [Formula.parse(text, ("x",)) for _, text in params.scale.activations]),
        ("scale.large_weights", lambda: check_count(params.scale.large_weights, "large_weights")),
    ]
    for key, check in checks:
        try:
            check()
        except (FormulaError, ParameterError, EvaluationError, ValueError, ZeroDivisionError, KeyError,
                ArithmeticError, RecursionError) as error:
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


def _count_within(params: LessonParams, key: str) -> Callable[[], None]:
    def check() -> None:
        value: Any = params
        for part in key.split("."):
            value = getattr(value, part)
        count = value if isinstance(value, int) else len(value)
        if count > LIMITS[key]:
            what = "" if isinstance(value, int) else " entries"
            raise ParameterError(f"{count}{what} is more than the lesson can show (at most {LIMITS[key]})")

    return check


def _numbers(params: LessonParams) -> list[tuple[str, tuple[str, ...]]]:
    """Every value typed as a number that is a point, an input or a weight (the plots must hold them)."""
    net, sheet = params.network, params.worksheet
    return [
        ("valley.start", params.valley.start), ("bowl.start", params.bowl.start), ("slope_points", params.slope_points),
        ("local_minima.starts", params.local_minima.starts),
        ("network.inputs", tuple(v for row in net.inputs for v in row)),
        ("network.initial_weights", tuple(v for _, v in net.initial_weights)),
        ("worksheet", (sheet.x, sheet.w1, sheet.w2, sheet.y_target, sheet.hidden_multiplier, sheet.output_multiplier)),
    ]


def _values_within(values: tuple[str, ...]) -> Callable[[], None]:
    def check() -> None:
        for text in values:
            try:
                value = exact(text)
            except (TypeError, ValueError, ZeroDivisionError):
                raise ParameterError(f"{text!r} is not a number") from None
            if not math.isfinite(value) or abs(value) > MAX_VALUE:
                raise ParameterError(f"{text} is out of range (at most {MAX_VALUE:,} in size)")

    return check


def _moves(run) -> None:
    """A start where the ground is already flat gives a descent of no steps: nothing to show."""
    if not run.steps:
        raise ParameterError(f"x = {', '.join(fmt_exact(v, 12) for v in run.start)} is a flat point (slope 0): "
                             "gradient descent would not move from it; choose another start")


def _not_diverging(run, typed: str) -> None:
    if run.diverged:
        raise ParameterError(f"with a learning rate of {typed} the descent {run.message.split(';')[0]}; "
                             "use a smaller learning rate")


def _something_to_learn(net) -> None:
    if net.trainer.forward_table(net.weights).total_loss == 0:
        raise ParameterError("the network already fits every example exactly (total error 0): there is nothing "
                             "to learn; change a weight or the data")


def _positive(text: str) -> None:
    if exact(text) <= 0:
        raise ParameterError(f"must be greater than 0, got {text}")


def _text(text: str) -> str:
    if not text.strip() or len(text) > MAX_TEXT:
        raise ParameterError(f"a text must be non-empty and at most {MAX_TEXT} characters, got {text[:40]!r}")
    hidden = next((c for c in text if unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn")), None)
    if hidden is not None:  # a control or private-use character: unseen, and the narration's bookmarks use them
        raise ParameterError(f"a text may not hold the invisible character U+{ord(hidden):04X}, got {text[:40]!r}")
    return text


def _scale_texts(params: LessonParams) -> list[str]:
    scale = params.scale
    return [scale.large_model, *scale.real_network, *(name for name, _ in scale.activations),
            *(part for row in scale.losses for part in row)]
