"""A lesson folder: a teacher's own segments, as code, in a folder the user names on the command line.

    my-lesson/
      lesson.toml          the config (optional): used when --config is not given
      segments/*.py        one segment each: a scene class and its SEGMENT declaration

Code runs only from a folder named with ``--lesson`` on the command line (and, for a render, handed
to the render process on its command line): never because a config file says so. The folder's
modules are imported as a package of their own, their segments join the lesson's (`scenes.order.register`),
and the files they import are hashed into the segments' cache keys like the lesson's own code.
"""

from __future__ import annotations

import dataclasses
import hashlib
import importlib
import importlib.util
import re
import sys
from pathlib import Path

from scenes.order import Segment, every_segment, register

from . import imports

KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")  # a segment key: its cue ids and file names start with it
MAX_SEGMENTS = 40
_LOADED: list[Path] = []
_TABLES: dict[str, type] = {}  # the folder's own config tables: name -> a frozen dataclass with defaults
_EXPORTS: list = []  # the folder's functions that turn its tables into the site's tables (name, header, rows)
RESERVED = {"lesson", "theme", "narration", "quiz", "site"}


class LessonFolderError(ValueError):
    """A lesson folder that cannot be used; the message names the file and the problem."""


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
    """The lesson folder this process loaded, if any (a render process is handed the same one)."""
    return _LOADED[0] if _LOADED else None


def package_name(folder: Path) -> str:
    """The folder's modules' package: named from its path, so two folders never share modules."""
    return "lessonfolder_" + hashlib.sha256(str(folder).encode()).hexdigest()[:12]


def load_folder(path: Path) -> tuple[Segment, ...]:
    """Import the folder's segments and add them to the lesson's; the same folder twice is loaded once."""
    folder = Path(path).expanduser().resolve()
    if _LOADED:
        if _LOADED[0] != folder:
            raise LessonFolderError(f"{path}: one lesson folder per command ({_LOADED[0]} is loaded)")
        return tuple(s for s in every_segment() if s.module.startswith(package_name(folder) + "."))
    code = folder / "segments"
    if not folder.is_dir():
        raise LessonFolderError(f"{path}: not a folder")
    if not code.is_dir():
        raise LessonFolderError(f"{path}: a lesson folder holds its segments in segments/*.py; {code} is missing")
    files = sorted(p for p in code.glob("*.py") if p.name != "__init__.py")
    if not files or len(files) > MAX_SEGMENTS:
        raise LessonFolderError(f"{code}: 1 to {MAX_SEGMENTS} segment files (*.py) are needed, found {len(files)}")
    package = package_name(folder)
    spec = importlib.util.spec_from_loader(package, loader=None, is_package=True)
    module = importlib.util.module_from_spec(spec)
    module.__path__ = [str(code)]  # the folder's modules import each other as `from . import helpers`
    sys.modules[package] = module
    imports.PACKAGES[package] = code  # their code is in the cache keys of their segments
    modules = [(_import(f"{package}.{file.stem}", file), file) for file in files]
    for module, file in modules:
        _gather(module, file)
    found = [_segment(module, file) for module, file in modules]
    try:
        register(tuple(s for s in found if s is not None))
    except ValueError as error:
        raise LessonFolderError(f"{path}: {error}") from None
    _LOADED.append(folder)
    return tuple(s for s in found if s is not None)


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


def _segment(module, file: Path) -> Segment | None:
    """The segment a file declares (``SEGMENT = segment(...)``); a file without one is a helper module."""
    from mathcore import LessonParams
    from scenes.kit.base import NarratedMixin

    name = module.__name__
    declared = getattr(module, "SEGMENT", None)
    if declared is None:
        return None
    if not isinstance(declared, Segment):
        raise LessonFolderError(f"{file}: SEGMENT must be made with scenes.authoring.segment(...)")
    if not KEY.fullmatch(declared.key):
        raise LessonFolderError(f"{file}: segment key {declared.key!r}: lower-case words joined by '-', like "
                                "'step-sizes'")
    scene = getattr(module, declared.scene, None)
    if not (isinstance(scene, type) and issubclass(scene, NarratedMixin)):
        raise LessonFolderError(f"{file}: {declared.scene!r} must be a class of the file, a LessonScene")
    known = [f.name for f in dataclasses.fields(LessonParams)] + list(_TABLES)
    unknown = sorted(set(declared.uses) - set(known))
    if unknown:
        raise LessonFolderError(f"{file}: uses={unknown}: not parameters of the lesson (they are the config's "
                                f"tables: {', '.join(known)})")
    if any(s.scene == declared.scene for s in every_segment()):
        raise LessonFolderError(f"{file}: a segment's scene is already called {declared.scene!r}; name yours "
                                "differently")
    return dataclasses.replace(declared, module=name)
