"""Files written whole or not at all, their hashes, and locks: the one place these are done.

Every final file the pipeline writes goes through ``atomic`` (a temporary name beside the
target, renamed into place on success), so a run stopped half-way never leaves a truncated
video, record or manifest behind. ``file_check`` is what a stored file is recognised by
(size and SHA-256); ``locked`` serialises work that processes share (a formula's compile,
the output folder of a render).
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Iterable, Iterator

BLOCK = 1 << 20  # bytes read at a time when hashing: a long video is never read into memory whole


@contextmanager
def atomic(path: Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` (unique to this process and call); rename it into place on success.

    ``suffix`` is the temporary file's extension (default: the target's), for writers that
    choose a format by it (PyAV, PIL).
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}-{uuid.uuid4().hex[:8]}.partial{suffix or path.suffix}")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    """``text`` as UTF-8 at ``path``, whole or not at all."""
    with atomic(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


def write_bytes(path: Path, data: bytes) -> None:
    """``data`` at ``path``, whole or not at all."""
    with atomic(path) as temporary:
        temporary.write_bytes(data)


def sha256_of(paths: Iterable[Path], digest: hashlib._Hash | None = None) -> hashlib._Hash:
    """The files' bytes, one after another, fed to ``digest`` (a new SHA-256 by default), a block at a time."""
    digest = digest or hashlib.sha256()
    for path in paths:
        with open(path, "rb") as handle:
            for block in iter(lambda: handle.read(BLOCK), b""):
                digest.update(block)
    return digest


def file_check(path: Path) -> dict[str, int | str]:
    """What a stored file is recognised by: its size and SHA-256."""
    return {"size": path.stat().st_size, "sha256": sha256_of([path]).hexdigest()}


@contextmanager
def locked(path: Path, wait: bool = True) -> Iterator[IO[str]]:
    """Hold an exclusive ``flock`` on ``path`` (created if missing) for the block; yields the open lock file.

    With ``wait=False``, a lock held by another process raises ``BlockingIOError`` at once.
    The lock ends with the process, however it ends: nothing to clean up after a crash.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        try:
            yield handle
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
