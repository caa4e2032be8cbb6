"""A lesson folder's declarations, read without running its code: its segments and their order.

    my-lesson/
      lesson.toml          its [lesson] segments and answer_key: the folder's own order
      segments/*.py        one segment each, declared ``SEGMENT = segment("key", "Title", scene="Class",
                           uses=("table",))`` with its arguments written out; other files are helpers

A process imports only the segments it builds, so a segment's cache key (which hashes the code
its render imports) is the whole of what its render ran, and a config is checked without importing
Manim. The default lesson's package registers itself this way when it is imported (so a plain
``manim`` render of one of its files knows the lesson's order); `pipeline.lesson_folder` loads a
folder named on the command line, importing its modules once more for their own tables and checks.
No manim import.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from pathlib import Path

import tomllib

from scenes.order import Segment, every_segment, register, segment

KEY = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)*")  # a segment key: its cue ids and file names start with it
MAX_SEGMENTS = 40


class FolderError(ValueError):
    """A lesson folder that cannot be used; the message names the file and the problem."""


def segment_files(path: Path, folder: Path) -> list[Path]:
    """The folder's segments/*.py (``path``: the folder as the user named it, for the messages)."""
    code = folder / "segments"
    if not folder.is_dir():
        raise FolderError(f"{path}: not a folder")
    if not code.is_dir():
        raise FolderError(f"{path}: a lesson folder holds its segments in segments/*.py; {code} is missing")
    files = sorted(p for p in code.glob("*.py") if p.name != "__init__.py")
    if not files or len(files) > MAX_SEGMENTS:
        raise FolderError(f"{code}: 1 to {MAX_SEGMENTS} segment files (*.py) are needed, found {len(files)}")
    return files


def register_folder(path: Path, folder: Path, package: str, tables: tuple[str, ...] = ()) -> tuple[Segment, ...]:
    """Register the segments ``folder``/segments declares, as modules of ``package``, in the folder's order;
    ``tables``: the folder's own config tables, which its segments may use besides the lesson's."""
    files = segment_files(path, folder)
    found = tuple(s for s in (declared_segment(file, f"{package}.{file.stem}", tables) for file in files)
                  if s is not None)
    try:
        register(found, *folder_order(folder))
    except ValueError as error:
        raise FolderError(f"{path}: {error}") from None
    return found


def folder_order(folder: Path) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The folder's own order, from its lesson.toml's ``[lesson]`` lists (read as data; a config that is wrong
    is reported when it is loaded as the config, so here it only gives no order)."""
    try:
        meta = tomllib.loads((folder / "lesson.toml").read_text(encoding="utf-8")).get("lesson", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return (), ()

    def names(key: str) -> tuple[str, ...]:
        value = meta.get(key, []) if isinstance(meta, dict) else []
        return tuple(v for v in value if isinstance(v, str)) if isinstance(value, list) else ()

    return names("segments"), names("answer_key")


def declared_segment(file: Path, name: str, tables: tuple[str, ...] = ()) -> Segment | None:
    """The segment a file declares (``SEGMENT = segment(...)``, read without running it); a file without one is a
    helper module. Its scene class is checked where its module is imported (`pipeline.lesson_folder`, the tests)."""
    from mathcore import LessonParams

    declared = _declaration(file)
    if declared is None:
        return None
    if not KEY.fullmatch(declared.key):
        raise FolderError(f"{file}: segment key {declared.key!r}: lower-case words joined by '-', like "
                          "'step-sizes'")
    known = [f.name for f in dataclasses.fields(LessonParams)] + list(tables)
    unknown = sorted(set(declared.uses) - set(known))
    if unknown:
        raise FolderError(f"{file}: uses={unknown}: not parameters of the lesson (they are the config's "
                          f"tables: {', '.join(known)})")
    if any(s.scene == declared.scene for s in every_segment()):
        raise FolderError(f"{file}: a segment's scene is already called {declared.scene!r}; name yours "
                          "differently")
    return dataclasses.replace(declared, module=name)


def _declaration(file: Path) -> Segment | None:
    """``SEGMENT = segment("key", "Title", scene="Class", uses=("table",))`` read from the file's text: its
    arguments must be written out (strings, a tuple of strings, True or False)."""
    try:
        tree = ast.parse(file.read_text(encoding="utf-8"), str(file))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError, RecursionError, MemoryError) as error:
        raise FolderError(f"{file}: cannot be read as Python: {error}") from None
    found = [node.value for node in tree.body if isinstance(node, (ast.Assign, ast.AnnAssign))
             and any(isinstance(t, ast.Name) and t.id == "SEGMENT" for t in _targets(node))]
    if not found:
        return None
    call = found[-1]
    wrong = FolderError(f"{file}: SEGMENT must be made with scenes.authoring.segment(...), its arguments "
                              "written out (strings, a tuple of strings, True or False)")
    if not (len(found) == 1 and isinstance(call, ast.Call) and isinstance(call.func, ast.Name)
            and call.func.id == "segment"):
        raise wrong
    try:
        args = [ast.literal_eval(a) for a in call.args]
        kwargs = {k.arg: ast.literal_eval(k.value) for k in call.keywords if k.arg is not None}
        declared = segment(*args, **kwargs)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        raise wrong from None
    if not (all(isinstance(x, str) for x in (declared.key, declared.title, declared.scene))
            and isinstance(declared.uses, tuple) and all(isinstance(u, str) for u in declared.uses)
            and isinstance(declared.chapter, bool) and isinstance(declared.splits, bool)):
        raise wrong
    return declared


def _targets(node: ast.Assign | ast.AnnAssign) -> list:
    return node.targets if isinstance(node, ast.Assign) else [node.target]
