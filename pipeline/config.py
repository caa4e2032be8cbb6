"""The lesson config file: TOML in, validated ``LessonParams`` out, before anything renders.

Every message names the key and the problem. Types come from the parameter
dataclasses' own hints, so a new parameter needs no change here.
"""

from __future__ import annotations

import dataclasses
import hashlib
import stat
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import tomllib

from mathcore import LessonParams
from mathcore.descent import ParameterError
from mathcore.evaluate import EvaluationError
from mathcore.formula import FormulaError
from mathcore.lesson import LessonInfo
from scenes.kit.theme import HEX_COLOUR, MIN_CONTRAST, Theme
from scenes.order import answer_key_segments, default_answer_key, default_order, lesson_segments

from . import validated
from .lesson_checks import MAX_TEXT, first_problem, invisible
from .narration_lines import LinesError, parse_lines
from .page_config import PageConfigError, PageSettings, check_askable, parse_page
from .speech.settings import Narration, NarrationError, parse_narration
from .suggest import did_you_mean, refuse_unknown

DEFAULT_TITLE = "How neural networks learn"
MAX_BYTES = 256_000  # a lesson config is a few kB; anything larger is not one


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
    for key, words in (("title", title), ("subtitle", subtitle)):
        hidden = invisible(words)
        if hidden is not None:  # a NUL cut the MP4's title short and reached the page's <title> raw
            raise ConfigError(f"{name}: [lesson] {key} may not hold the invisible character {hidden} "
                              f"(a control character), got {words[:40]!r}")
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
        found = first_problem(params)
        if found is not None:
            raise ConfigError(f"{name}: {found[0]}: {found[1]}")
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
    theme = Theme(**{key: value.upper() for key, value in table.items()})
    poor = theme.poor_contrast()
    if poor is not None:
        role, ground, ratio = poor
        raise ConfigError(f"{name}: theme.{role} ({getattr(theme, role)}) on theme.{ground} ({getattr(theme, ground)}) "
                          f"has a contrast of {ratio:.1f}:1; words need at least {MIN_CONTRAST}:1 (WCAG AA) to be "
                          f"read: change theme.{role} or theme.{ground}")
    return theme


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
