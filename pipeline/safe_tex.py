"""How every LaTeX and dvisvgm run is started: no shell escape, paranoid file access, a time limit.

Config text never reaches LaTeX as code (names are validated identifiers, numbers are
formatted by mathcore), and this is the second wall: if something did, TeX could not
run a shell command, read a file outside its working folder and TeX's own trees,
write outside it, or loop for ever.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any, Sequence

LATEX_SECONDS = 60.0  # one formula or one worksheet page; a TeX loop ends here
COMPILERS = {"latex", "pdflatex", "xelatex", "lualatex"}


class TexTimeout(RuntimeError):
    """A LaTeX or dvisvgm run took longer than LATEX_SECONDS and was stopped."""


def environment(output_dir: Path | str | None = None) -> dict[str, str]:
    """kpathsea's settings for an untrusted document: paranoid reads and writes, no shell escape."""
    env = dict(os.environ)
    env.update({"openin_any": "p", "openout_any": "p", "shell_escape": "f"})
    if output_dir is not None:
        env["TEXMFOUTPUT"] = str(output_dir)
    return env


def hardened(command: Sequence[str]) -> list[str]:
    """``command`` with ``-no-shell-escape`` after the compiler's name, when it is a LaTeX compiler."""
    command = list(command)
    if command and Path(command[0]).name in COMPILERS and "-no-shell-escape" not in command:
        command.insert(1, "-no-shell-escape")
    return command


def run(command: Sequence[str], *, output_dir: Path | str | None = None, preexec_fn=None,
        **kwargs: Any) -> subprocess.CompletedProcess:
    """subprocess.run for TeX tools, hardened and time-limited (raises :class:`TexTimeout`)."""
    kwargs.setdefault("env", environment(output_dir))
    try:
        return subprocess.run(hardened(command), timeout=LATEX_SECONDS, preexec_fn=preexec_fn, **kwargs)
    except subprocess.TimeoutExpired:
        raise TexTimeout(f"{Path(command[0]).name} took longer than {LATEX_SECONDS:.0f} s and was stopped") from None
