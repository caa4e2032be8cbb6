"""What every ``lesson`` command shares: the --config option, the two kinds of failure, loading a config."""

from __future__ import annotations

from pathlib import Path

import click

from .config import ConfigError, LessonConfig, load_config


def _lesson(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    """Load the lesson folder first (--lesson is eager): the config that follows may name its segments."""
    if value is None:
        return
    from .lesson_folder import LessonFolderError, load_folder

    try:
        load_folder(value)
    except LessonFolderError as error:
        raise BadInput(str(error)) from None


def _config(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """The config named, or else the lesson folder's own lesson.toml, or else None (the script's lesson)."""
    from .lesson_folder import config_of, loaded

    return value if value is not None else config_of(loaded())


LESSON = click.option("--lesson", type=click.Path(path_type=Path, file_okay=False, exists=True), default=None,
                      is_eager=True, expose_value=False, callback=_lesson,
                      help="A lesson folder of your own segments (segments/*.py, see docs/authoring.md), whose "
                           "code this command runs; its lesson.toml is the config unless --config names one.")
_CONFIG = click.option("--config", "config_path", type=click.Path(path_type=Path, dir_okay=False), default=None,
                       callback=_config,
                       help="A lesson config file (TOML; `lesson init` writes one). Default: the script's lesson.")


def CONFIG(command):  # noqa: N802 - used as the decorator it always was
    """--config, and --lesson before it."""
    return LESSON(_CONFIG(command))


class BadInput(click.ClickException):
    """A config, an argument or a path the user gave that cannot be used: exit status 2."""

    exit_code = 2


class RenderFailed(click.ClickException):
    """Segments that did not render: exit status 1."""

    exit_code = 1


def load_checked(config_path: Path | None, stamps: Path | None = None) -> LessonConfig:
    """The checked config; with ``stamps``, checks this code already passed on the same text are not run again."""
    try:
        return load_config(config_path, stamps)
    except ConfigError as error:
        raise BadInput(str(error)) from None


ALLOW_MANIM = click.option("--allow-untested-manim", "allow_manim", is_flag=True,
                           help="Run with a Manim version the pipeline was not tested on.")


def manim_tested(allow: bool) -> None:
    """Refuse a Manim version the pipeline was not tested on, unless the user allows it."""
    from .versions import UntestedManim, check_manim

    try:
        check_manim(allow)
    except UntestedManim as error:
        raise BadInput(str(error)) from None


def printable(text: str) -> str:
    """``text`` safe to print on a terminal: a control character (an escape sequence in a file's name could
    retitle the window or hide what follows) is shown as its escape, ``\\x1b``, never sent raw."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in str(text))
