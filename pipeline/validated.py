"""Stamps of configs this code has already validated, so a render does not validate the same text twice.

Validating a config runs the lesson's math (it trains the network three ways, runs every
descent): about a second, paid by every ``lesson render`` command. A teacher renders the
same config many times (one segment, then another, then at high quality), so after a
config passes, a stamp is left in the media folder: a file named by the SHA-256 of the
config's text and of the code that validated it, holding that same digest. The next
command with the same text and the same code finds it and skips the checks; any change
to the text, to mathcore, to the config module or to the versions of Python and sympy
makes a new name, and the checks run again. A stamp is only written after the checks
pass, by rename, so a stopped run never leaves a half-written one, and a file whose
content is not its own digest is not trusted.
"""

from __future__ import annotations

import hashlib
import sys
from functools import lru_cache
from pathlib import Path

import mathcore

from .files import write_text

CHECK_MODULES = (Path(__file__).with_name("config.py"), Path(__file__).with_name("lesson_checks.py"))  # the checks


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The code a verdict depends on: mathcore's sources, the config's modules, Python's and sympy's versions."""
    import sympy

    digest = hashlib.sha256(f"{sys.version}|{sympy.__version__}".encode())
    for path in sorted(Path(mathcore.__file__).parent.glob("*.py")) + list(CHECK_MODULES):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def stamp_name(text: str) -> str:
    return hashlib.sha256(f"{code_digest()}\n{text}".encode()).hexdigest()


def seen(folder: Path, text: str) -> bool:
    """True when ``text`` has passed validation by this code (its stamp is in ``folder`` and intact)."""
    name = stamp_name(text)
    try:
        return (folder / name).read_text(encoding="ascii").strip() == name
    except (OSError, ValueError):
        return False


def remember(folder: Path, text: str) -> None:
    """Leave the stamp for ``text``; a folder that cannot be written only means the checks run next time."""
    name = stamp_name(text)
    try:
        write_text(folder / name, name + "\n")
    except OSError:
        pass
