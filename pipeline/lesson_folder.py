"""Lesson folders: a lesson's segments, as code, with its config beside them.

    my-lesson/
      lesson.toml          the config (optional): used when --config is not given; its [lesson] segments and
                           answer_key are the folder's order
      segments/*.py        one segment each: a scene class and its SEGMENT declaration (others are helpers)

The default lesson, ``lessons/neural_networks``, is such a folder, shipped as a package of the project and
loaded by every command (`load_default`). Any other runs code only because a user named it with
``--lesson`` on the command line (and, for a render, the render process is handed it on its command
line): never because a config file says so. Its modules are imported as a package of their own,
its segments join the lesson's (`scenes.order.register`), and the files they import are hashed into
the segments' cache keys like the lesson's own code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.util
import re
import sys
from pathlib import Path

from scenes.folders import FolderError, register_folder, segment_files
from scenes.order import Segment, every_segment

from . import imports

DEFAULT_PACKAGE = "lessons.neural_networks"  # the default lesson's folder, a package of the project
_LOADED: list[Path] = []  # the folder named on the command line, once loaded
_TABLES: dict[str, type] = {}  # the folder's own config tables: name -> a frozen dataclass with defaults
_EXPORTS: list = []  # the folder's functions that turn its tables into the site's tables (name, header, rows)
RESERVED = {"lesson", "theme", "narration", "quiz", "site"}


LessonFolderError = FolderError  # a lesson folder that cannot be used; the message names the file and the problem


def config_of(folder: Path | None) -> Path | None:
    """The folder's own config, lesson.toml, if it has one."""
    return folder / "lesson.toml" if folder is not None and (folder / "lesson.toml").is_file() else None


def tables() -> dict[str, type]:
    """The config tables the loaded folder adds (``TABLES = {"flat": HeavyBallParams}`` in one of its modules)."""
    return dict(_TABLES)


def exports() -> list:
    """The loaded folder's ``EXPORT`` functions: ``EXPORT(tables) -> [(name, header, rows), ...]``."""
    return list(_EXPORTS)


def loaded() -> Path | None:
    """The lesson folder named on this command line, if any (a render process is handed the same one)."""
    return _LOADED[0] if _LOADED else None


def default_folder() -> Path:
    """The default lesson's folder (``lessons/neural_networks``, wherever the project is installed)."""
    return Path(importlib.import_module(DEFAULT_PACKAGE).__file__).resolve().parent


def package_name(folder: Path) -> str:
    """The folder's modules' package: named from its path, so two folders never share modules."""
    return "lessonfolder_" + hashlib.sha256(str(folder).encode()).hexdigest()[:12]


def load_default() -> tuple[Segment, ...]:
    """The default lesson's segments, registered once per process by importing its package (which reads its
    files' declarations and imports none of its segments): every command has them, as the title card."""
    return importlib.import_module(f"{DEFAULT_PACKAGE}.segments").SEGMENTS


def load_folder(path: Path) -> tuple[Segment, ...]:
    """Import the folder's segments and add them to the lesson's (after the default lesson's); the same folder
    twice is loaded once, and the default lesson's folder is the default lesson."""
    defaults = load_default()
    folder = Path(path).expanduser().resolve()
    if folder == default_folder():
        return defaults
    if _LOADED:
        if _LOADED[0] != folder:
            raise LessonFolderError(f"{path}: one lesson folder per command ({_LOADED[0]} is loaded)")
        return tuple(s for s in every_segment() if s.module.startswith(package_name(folder) + "."))
    files = segment_files(path, folder)
    package = package_name(folder)
    spec = importlib.util.spec_from_loader(package, loader=None, is_package=True)
    module = importlib.util.module_from_spec(spec)
    module.__path__ = [str(folder / "segments")]  # the folder's modules import each other as `from . import x`
    sys.modules[package] = module
    imports.PACKAGES[package] = folder / "segments"  # their code is in the cache keys of their segments
    modules = [(_import(f"{package}.{file.stem}", file), file) for file in files]
    for module, file in modules:  # its own tables first: its segments may use them
        _gather(module, file)
    found = register_folder(path, folder, package, tuple(_TABLES))
    for declared in found:
        _check_scene(declared, folder)
    _LOADED.append(folder)
    return found


def _check_scene(declared: Segment, folder: Path) -> None:
    """A segment's scene is a class of its file, a LessonScene."""
    from scenes.kit.base import NarratedMixin

    scene = getattr(sys.modules[declared.module], declared.scene, None)
    if not (isinstance(scene, type) and issubclass(scene, NarratedMixin)):
        file = folder / "segments" / (declared.module.rsplit(".", 1)[1] + ".py")
        raise LessonFolderError(f"{file}: {declared.scene!r} must be a class of the file, a LessonScene")


def _import(name: str, file: Path):
    try:
        return importlib.import_module(name)
    except Exception as error:  # the teacher's code: any error it raises is reported, with its file
        raise LessonFolderError(f"{file}: importing it failed: {type(error).__name__}: {error}") from None


def _gather(module, file: Path) -> None:
    """A module's config tables (``TABLES``) and table exports (``EXPORT``)."""
    from mathcore import LessonParams

    taken = RESERVED | {f.name for f in dataclasses.fields(LessonParams)} | set(_TABLES)
    for name, cls in dict(getattr(module, "TABLES", {})).items():
        if not (isinstance(name, str) and re.fullmatch(r"[a-z][a-z0-9_]*", name)) or name in taken:
            raise LessonFolderError(f"{file}: TABLES: {name!r} must be a new table name (lower case; not one of "
                                    f"{', '.join(sorted(taken))})")
        if not (dataclasses.is_dataclass(cls) and isinstance(cls, type)):
            raise LessonFolderError(f"{file}: TABLES[{name!r}] must be a dataclass with a default for every field")
        try:
            cls()
        except TypeError:
            raise LessonFolderError(f"{file}: TABLES[{name!r}] must have a default for every field") from None
        _TABLES[name] = cls
    if callable(getattr(module, "EXPORT", None)):
        _EXPORTS.append(module.EXPORT)


