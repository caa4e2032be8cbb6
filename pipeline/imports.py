"""The project's import graph, read from the source (nothing is imported): what a render runs, and cycles.

A segment's cache key must change when any code its render runs changes, and only then. The
render process starts from ``pipeline.render_process`` and the segment's scene module (loaded
by name), and the stored segment is finished by ``pipeline.store``: the key hashes every
project module these import, directly or not, including imports inside functions (they may
run). Modules of the project's packages (``scenes``, ``lessons``, ``pipeline``, ``mathcore``, and a
lesson folder named on the command line) are followed;
everything else is a dependency with a version (Manim's is in the key). The same graph gives
the cycle check: imports run one way, config → mathcore → scenes → lessons → pipeline never back.
"""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import mathcore

ROOT = Path(__file__).resolve().parent.parent
ROOT_PACKAGES = ("scenes", "pipeline", "lessons", "mathcore")  # the project's own (a lesson folder adds its package)
PACKAGES = {"scenes": ROOT / "scenes", "pipeline": ROOT / "pipeline", "lessons": ROOT / "lessons",
            "mathcore": Path(mathcore.__file__).resolve().parent}


def module_path(name: str) -> Path | None:
    """The source file of project module ``name`` (a package's ``__init__.py``), or None when it is not one."""
    top, *rest = name.split(".")
    folder = PACKAGES.get(top)
    if folder is None:
        return None
    base = folder.joinpath(*rest)
    for candidate in (base / "__init__.py", base.with_suffix(".py")):
        if candidate.is_file():
            return candidate
    return None


def _parents(name: str) -> list[str]:
    """``a.b.c`` -> ``a``, ``a.b``, ``a.b.c``: importing a module runs its packages' ``__init__`` first."""
    parts = name.split(".")
    return [".".join(parts[: i + 1]) for i in range(len(parts))]


@cache
def imports_of(name: str) -> frozenset[str]:
    """The project modules that module ``name`` imports anywhere in its source (top level or in a function)."""
    path = module_path(name)
    if path is None:
        return frozenset()
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                found.update(_parents(alias.name))
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                anchor = package.split(".")
                anchor = anchor[: len(anchor) - (node.level - 1)]
                base = ".".join(anchor + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.update(_parents(base))
            for alias in node.names:  # `from package import module` imports the module
                if module_path(f"{base}.{alias.name}") is not None:
                    found.add(f"{base}.{alias.name}")
    return frozenset(m for m in found if module_path(m) is not None and m != name)


def closure(*roots: str) -> tuple[str, ...]:
    """Every project module that importing ``roots`` may run, sorted (the roots and their packages included)."""
    seen: set[str] = set()
    todo = [parent for root in roots for parent in _parents(root)]
    while todo:
        name = todo.pop()
        if name in seen or module_path(name) is None:
            continue
        seen.add(name)
        todo.extend(imports_of(name))
    return tuple(sorted(seen))


def every_module() -> tuple[str, ...]:
    """Every module of the project's packages."""
    names = []
    for top, folder in PACKAGES.items():
        for path in sorted(folder.rglob("*.py")):
            parts = path.relative_to(folder).with_suffix("").parts
            names.append(".".join((top, *parts[:-1])) if parts[-1] == "__init__" else ".".join((top, *parts)))
    return tuple(names)


def cycles() -> list[list[str]]:
    """Every import cycle among the project's modules (each as a list of modules, the first repeated last)."""
    graph = {name: sorted(imports_of(name) - set(_parents(name))) for name in every_module()}
    found: list[list[str]] = []
    state: dict[str, int] = {}  # 1: on the current path, 2: done
    path: list[str] = []

    def visit(name: str) -> None:
        state[name] = 1
        path.append(name)
        for other in graph.get(name, ()):
            if state.get(other) == 1:
                found.append(path[path.index(other):] + [other])
            elif other not in state:
                visit(other)
        path.pop()
        state[name] = 2

    for name in graph:
        if name not in state:
            visit(name)
    return found
