"""The Manim versions this pipeline was tested on: another one is refused before anything renders.

The render process hands Manim subclasses of its renderer, camera, file writer and encoder,
and assigns over a few of its functions (``pipeline.manim_speedups.PATCHED``); a new Manim may
rename or reshape any of them, and a render would then fail half-way or, worse, draw something
else without a word. So ``lesson render`` and ``lesson doctor`` check the installed version
against the ones the test suite passed on (``pyproject.toml`` pins the same), and say so; a user
who wants to try another passes ``--allow-untested-manim``.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

TESTED_MANIM = ("0.22.0",)


class UntestedManim(RuntimeError):
    """The installed Manim is not one the pipeline was tested on (or none is installed)."""


def check_manim(allow_untested: bool = False) -> str:
    """The installed Manim's version; UntestedManim when it is not a tested one (unless allowed)."""
    try:
        found = version("manim")
    except PackageNotFoundError:
        raise UntestedManim("Manim is not installed (`make venv` installs it)") from None
    if found not in TESTED_MANIM and not allow_untested:
        raise UntestedManim(f"Manim {found} is installed, but this pipeline was tested on Manim "
                            f"{', '.join(TESTED_MANIM)} only (pip install 'manim=={TESTED_MANIM[-1]}'; or pass "
                            "--allow-untested-manim to try it anyway)")
    return found
