"""Manim's LaTeX inside a render process: hardened by construction, one compile per formula, counted.

Manim compiles a formula in ``manim.utils.tex_file_writing``: ``tex_to_svg_file`` calls
``compile_tex`` (latex) and ``convert_to_svg`` (dvisvgm), which start their programs through
that module's ``subprocess``. Here:

* **Fail closed.** That module's ``subprocess`` is replaced by ``TexProcesses``, which has one
  way to start a program, ``run``, and it goes through ``pipeline.safe_tex`` (no shell escape,
  paranoid file access, a time limit). Any other way of starting a process (``Popen``,
  ``check_call``, ``call``...) raises instead of running LaTeX unhardened; so does a compile
  that reaches LaTeX without passing through ``run``'s guard (``tests/test_hostile.py``
  renders a formula through Manim's own path with a stand-in ``latex`` that records how it
  was started).
* **One compile per formula.** Parallel renders share one Tex cache: each formula's
  compile holds a lock named after it, so one process compiles it and the others find
  the SVG; each formula deletes only its own leftovers (Manim's cleanup deleted every
  non-SVG file of the folder, including another render's fresh .dvi).
* **Counted.** Compiles, their time and the formulas' hashes go into the render's timings.
"""

from __future__ import annotations

import functools
import hashlib
import subprocess
from pathlib import Path
from typing import Any

from .files import locked
from .processes import die_with_parent
from .safe_tex import TexTimeout
from .safe_tex import run as safe_run

LEFTOVERS = (".dvi", ".xdv", ".pdf", ".log", ".aux")
_MANIMS: dict[str, Any] = {}  # Manim's own functions, kept at the first install: installing again wraps them anew


class UnhardenedProcess(RuntimeError):
    """Manim's LaTeX code tried to start a program some way other than the hardened ``run``."""


def local(command: Any, folder: Path) -> list[str]:
    """``command`` with the paths inside ``folder`` made relative to it (run with ``folder`` as its working folder):
    TeX reads ``%`` in a file name as the start of a comment, so a media folder named "50% done" failed every
    formula; names relative to the folder hold only Manim's own hashes."""
    bases = sorted({str(folder), folder.as_posix(), str(folder.resolve()), folder.resolve().as_posix()}, key=len,
                   reverse=True)
    found = []
    for part in map(str, command):
        for base in bases:
            if part == base or part.endswith("=" + base):
                part = part[: len(part) - len(base)] + "."
                break
            if base + "/" in part:
                part = part.replace(base + "/", "")
                break
        found.append(part)
    return found


class TexProcesses:
    """Stands in for ``subprocess`` inside Manim's tex_file_writing: ``run`` is hardened, nothing else starts.

    LaTeX may write only into the folder Manim compiles in at the time of the call (its ``tex_dir``).
    """

    DEVNULL, PIPE, STDOUT = subprocess.DEVNULL, subprocess.PIPE, subprocess.STDOUT
    CompletedProcess, TimeoutExpired, CalledProcessError = (subprocess.CompletedProcess, subprocess.TimeoutExpired,
                                                            subprocess.CalledProcessError)

    def __init__(self) -> None:
        self.runs: list[list[str]] = []  # every command started, as hardened

    def run(self, command: Any, **kwargs: Any) -> subprocess.CompletedProcess:
        from manim import config

        kwargs.setdefault("stderr", subprocess.DEVNULL)  # TeX's complaints are in its .log, which Manim reads
        folder = Path(config.get_dir("tex_dir"))
        try:
            done = safe_run(local(command, folder), output_dir=folder, preexec_fn=die_with_parent,
                            cwd=folder, **kwargs)
        except TexTimeout as error:  # Manim reports a failed formula as a ValueError
            raise ValueError(f"{error}: {' '.join(map(str, command))[-200:]}") from None
        self.runs.append([str(part) for part in done.args])
        return done

    def __getattr__(self, name: str) -> Any:
        raise UnhardenedProcess(f"Manim's LaTeX code asked for subprocess.{name}; only the hardened run is "
                                "allowed here (pipeline.manim_tex)")


def install(timings) -> TexProcesses:
    """Harden, lock and count every formula Manim compiles in this process; returns the process stand-in.

    Installing again (another segment built in the same process) replaces the earlier install: Manim's own
    functions are wrapped once, never a wrapper (a formula's lock taken twice would wait for ever)."""
    from manim import config
    from manim.mobject.text import tex_mobject
    from manim.utils import tex_file_writing as tex

    processes = TexProcesses()
    tex.subprocess = processes
    for name in ("compile_tex", "convert_to_svg", "tex_to_svg_file"):
        _MANIMS.setdefault(name, getattr(tex, name))
    compile_tex, convert_to_svg, to_svg = (_MANIMS[n] for n in ("compile_tex", "convert_to_svg", "tex_to_svg_file"))

    @functools.wraps(compile_tex)
    def counted_compile(tex_file: Path, *args: Any, **kwargs: Any) -> Path:
        if not tex_file.with_suffix(".svg").exists():
            timings.formulas.append(tex_file.stem)
        with timings.measure("latex"):
            return compile_tex(tex_file, *args, **kwargs)

    @functools.wraps(to_svg)
    def locked_svg(expression: str, environment: str | None = None, tex_template=None) -> Path:
        template = tex_template or config["tex_template"]
        name = hashlib.sha256(repr((expression, environment, template.body)).encode()).hexdigest()[:16]
        with locked(Path(config.get_dir("tex_dir")) / f"{name}.lock"):
            svg = to_svg(expression, environment, tex_template)
            for leftover in LEFTOVERS:  # this formula's own, nobody else's
                svg.with_suffix(leftover).unlink(missing_ok=True)
            return svg

    tex.compile_tex = counted_compile
    tex.convert_to_svg = timings.timed("dvisvgm")(convert_to_svg)
    tex.delete_nonsvg_files = lambda *args, **kwargs: None  # each formula cleans up after itself (above)
    tex.tex_to_svg_file = locked_svg
    tex_mobject.tex_to_svg_file = locked_svg
    return processes
