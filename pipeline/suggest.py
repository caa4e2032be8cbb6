"""The config checks' shared wording: an unknown name is refused with the closest known one suggested."""

from __future__ import annotations

import difflib
from typing import Iterable


def did_you_mean(key: str, known: Iterable[str]) -> str:
    """' (did you mean 'valley'?)' for the known name closest to ``key``, or '' when none is close."""
    close = difflib.get_close_matches(key, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def refuse_unknown(table: dict, known: set[str], where: str, error: type[Exception]) -> None:
    """Raise ``error`` naming the first key of ``table`` that is not ``known``."""
    for key in table:
        if key not in known:
            raise error(f"{where}: unknown key {key!r}{did_you_mean(key, known)}")
