"""What killed runs leave behind, found by the process id in its name and removed once that process is gone.

Every temporary the pipeline writes carries its writer's process id: a render's own folder
(``work/runs/<segment>-<pid>-<hex>``), a file written whole (``.<name>.<pid>-<hex>.partial.<ext>``,
``pipeline.files.atomic``, with the joined voice beside it as ``...partial.voice.m4a``), a site being built
(``.site-<audience>-<pid>``, ``.site-old-<pid>``) and a package being zipped (``.<name>.<pid>.partial``). A run
stopped by SIGKILL cannot clean up, so the next command that writes the folder does: it removes each one whose
process no longer exists (one still running, a concurrent ``lesson site`` say, is left alone). Links are removed,
never followed.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

TEMPORARY_NAMES = (
    re.compile(r"\..+\.(?P<pid>\d+)-[0-9a-f]{8}\.partial(\..+)?"),  # files.atomic (and its .voice.m4a)
    re.compile(r"\.site-[a-z]+-(?P<pid>\d+)"),  # a site being built, or the old one being replaced
    re.compile(r"\..+\.(?P<pid>\d+)\.partial"),  # a package being zipped
)
RUN_FOLDER = re.compile(r".+-(?P<pid>\d+)-[0-9a-f]{8}")  # work/runs/<segment>-<pid>-<hex>


def alive(pid: int) -> bool:
    """Whether a process with this id exists (one of another user's counts: it may be a writer)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _owner(name: str, patterns: tuple[re.Pattern[str], ...]) -> int | None:
    for pattern in patterns:
        match = pattern.fullmatch(name)
        if match:
            return int(match.group("pid"))
    return None


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path, ignore_errors=True)
    else:
        path.unlink(missing_ok=True)


def sweep(folder: Path, runs: Path | None = None) -> list[Path]:
    """Remove the temporaries of dead processes under ``folder`` (and the run folders directly in ``runs``);
    returns what was removed. Never follows a link, never touches what a living process owns."""
    found: list[Path] = []
    if runs is not None and runs.is_dir() and not runs.is_symlink():
        for entry in runs.iterdir():
            pid = _owner(entry.name, (RUN_FOLDER,))
            if pid is not None and not alive(pid):
                found.append(entry)
    if folder.is_dir():
        for root, folders, files in os.walk(folder):  # os.walk does not descend into linked folders
            here = Path(root)
            for name in [*folders, *files]:
                pid = _owner(name, TEMPORARY_NAMES)
                if pid is not None and not alive(pid):
                    found.append(here / name)
            folders[:] = [f for f in folders if _owner(f, TEMPORARY_NAMES) is None]
    for path in found:
        _remove(path)
    return found
