"""The files that cross a process boundary, each one dataclass with one writer (``to_json``) and one
reader (``from_json``), and a format version.

A reader refuses what it cannot trust (another kind of record, another format, a missing or
mistyped field) with ``RecordError``; whoever reads treats that as "not there" (render again)
or as one message, never as a traceback half-way through a render.

* ``RenderJob``: what the ``lesson`` command asks one render process to do (``job.json``);
* ``SegmentCues``: a segment's narrated beats, written by the render process (``<segment>-<key>.json``);
* ``TimingsRecord``: where a render's time went, per play call (``.timings.json``);
* ``SegmentCheck``: the size and hash of every stored file of a segment (``.check.json``);
* ``Progress``: frames done so far, rewritten by a render as it goes;
* ``Manifest``: a joined video's segments, files, voice and versions (``manifest.json``).
"""

from __future__ import annotations

import json
from typing import Any


class RecordError(ValueError):
    """A file that is not a whole record of the expected kind and format."""


def dumps(kind: str, version: int, payload: dict[str, Any]) -> str:
    """``payload`` as JSON with its kind and format version first."""
    return json.dumps({"format": f"{kind}/{version}", **payload}, indent=1, ensure_ascii=False)


def loads(kind: str, version: int, text: str) -> dict[str, Any]:
    """The payload of a record written by ``dumps(kind, version, ...)``; RecordError for anything else."""
    try:
        data = json.loads(text)
    except ValueError as error:
        raise RecordError(f"not JSON ({error})") from None
    if not isinstance(data, dict):
        raise RecordError(f"not a {kind} record")
    found = data.pop("format", None)
    if found != f"{kind}/{version}":
        raise RecordError(f"a {kind} record of format {version} was expected, found {found!r}")
    return data


def field(data: dict[str, Any], name: str, kind: type | tuple[type, ...]) -> Any:
    """``data[name]``, checked to be of ``kind``; RecordError naming the field otherwise."""
    value = data.get(name)
    if not isinstance(value, kind) or (isinstance(value, bool) and bool not in (kind if isinstance(kind, tuple)
                                                                             else (kind,))):
        raise RecordError(f"field {name!r} is missing or of the wrong type")
    return value
