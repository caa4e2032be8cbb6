"""``[narration]`` of a lesson config: which voice speaks, how fast, and where a teacher's recordings are.

Validated like every other key (one message naming the key); handed to each render
process in its job (``pipeline.records.job``), so a render hears exactly what its segment
key was made from.
"""

from __future__ import annotations

import hashlib
import math
import subprocess
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..files import sha256_of

ENGINES = ("piper", "espeak", "recorded", "none", "tone")  # tone: the test double (a beep as long as the line)
SPOKEN = ("piper", "espeak", "tone")  # engines that synthesise (a recorded lesson's fallback is one of these)
DEFAULT_VOICES = {"piper": "joe", "espeak": "en-us", "tone": "tone"}
EXTENSIONS = ("wav", "flac", "mp3", "m4a")
MAX_RECORDING_BYTES = 50 * 2**20
RATE_RANGE = (0.5, 2.0)


class NarrationError(ValueError):
    """A [narration] table that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Narration:
    engine: str = "piper"
    voice: str | None = None  # None: the engine's default (joe for piper, en-us for espeak)
    rate: float = 1.0  # speaking rate: 1 is the voice's own pace, 1.2 is 20 % faster
    folder: str | None = None  # recorded: the folder of <cue id>.wav|flac|mp3|m4a files (absolute)
    fallback: str = "none"  # recorded: the engine that speaks lines with no recording ("none": all are needed)
    cache: str | None = None  # where synthesised clips are kept (set by the pipeline, not the config)

    @property
    def speaking(self) -> str | None:
        """The synthesising engine used (for recorded, its fallback), or None."""
        if self.engine == "recorded":
            return self.fallback if self.fallback != "none" else None
        return self.engine if self.engine in SPOKEN else None

    @property
    def silent(self) -> bool:
        return self.engine == "none"

    def with_cache(self, folder: Path) -> Narration:
        return replace(self, cache=str(folder))

    def recordings(self, prefix: str = "") -> dict[str, Path]:
        """The recordings in the folder by cue id (those whose id starts with ``prefix``)."""
        if self.engine != "recorded" or not self.folder:
            return {}
        found: dict[str, Path] = {}
        folder = Path(self.folder)
        if not folder.is_dir():
            return {}
        for path in sorted(folder.iterdir()):
            stem, _, extension = path.name.rpartition(".")
            if extension.lower() in EXTENSIONS and stem.startswith(prefix) and path.is_file():
                found.setdefault(stem, path)
        return found

    def recordings_digest(self, prefix: str) -> str:
        """A hash of the recordings of one segment (name, size, content): a new take re-renders that segment."""
        digest = hashlib.sha256()
        for stem, path in self.recordings(prefix).items():
            digest.update(stem.encode())
            sha256_of([path], digest)
        return digest.hexdigest()[:16]


def parse_narration(table: Any, where: str, base: Path | None) -> Narration:
    """The [narration] table, checked; ``base`` is the config's folder (a relative ``folder`` is read from it)."""
    if not isinstance(table, dict):
        raise NarrationError(f"{where}: [narration] must be a table (engine, voice, rate, folder, fallback)")
    known = {"engine", "voice", "rate", "folder", "fallback"}
    unknown = sorted(set(table) - known)
    if unknown:
        raise NarrationError(f"{where}: [narration] has no key {unknown[0]!r}; "
                             f"the keys are: {', '.join(sorted(known))}")
    engine = table.get("engine", "piper")
    if engine not in ENGINES:
        raise NarrationError(f"{where}: narration.engine must be one of {', '.join(ENGINES[:4])} (got {engine!r})")
    voice = table.get("voice")
    if voice is not None:
        if not isinstance(voice, str) or not voice:
            raise NarrationError(f"{where}: narration.voice must be a voice name")
        _check_voice(engine if engine != "recorded" else table.get("fallback", "none"), voice, where)
    rate = table.get("rate", 1.0)
    if isinstance(rate, bool) or not isinstance(rate, (int, float)) or not math.isfinite(rate) or \
            not RATE_RANGE[0] <= rate <= RATE_RANGE[1]:
        raise NarrationError(f"{where}: narration.rate must be a number from {RATE_RANGE[0]} to {RATE_RANGE[1]} "
                             f"(1 is the voice's own pace), got {rate!r}")
    fallback = table.get("fallback", "none")
    if fallback not in SPOKEN + ("none",):
        raise NarrationError(f"{where}: narration.fallback must be piper, espeak or none (got {fallback!r})")
    folder = table.get("folder")
    if engine == "recorded":
        if not isinstance(folder, str) or not folder or "\x00" in folder:
            raise NarrationError(f"{where}: narration.folder must name the folder of recordings "
                                 "(engine = \"recorded\")")
        path = Path(folder).expanduser()
        if not path.is_absolute():
            path = (base or Path.cwd()) / path
        if not path.is_dir():
            raise NarrationError(f"{where}: narration.folder {folder!r}: no such folder ({path})")
        folder = str(path.resolve())
    elif folder is not None:
        raise NarrationError(f"{where}: narration.folder is only for engine = \"recorded\"")
    return Narration(engine, voice, float(rate), folder, fallback)


@lru_cache(maxsize=32)
def espeak_has(voice: str) -> bool | None:
    """Whether espeak-ng speaks ``voice`` (asked of the program, silently, with nothing to say); None when espeak-ng
    is not installed here (`lesson doctor` says so, and a render with it fails naming the program)."""
    from .engines import SpeechError, espeak_program

    try:
        done = subprocess.run([espeak_program(), "-q", "-v", voice, ""], capture_output=True, text=True, timeout=10)
    except (SpeechError, OSError, subprocess.TimeoutExpired):
        return None
    return done.returncode == 0 and "does not exist" not in done.stdout + done.stderr


def _check_voice(engine: str, voice: str, where: str) -> None:
    from .engines import ESPEAK_VOICE, PIPER_VOICES

    if engine == "piper" and voice not in PIPER_VOICES:
        raise NarrationError(f"{where}: narration.voice {voice!r} is not an installed Piper voice "
                             f"({', '.join(PIPER_VOICES)})")
    if engine == "espeak" and not ESPEAK_VOICE.match(voice):
        raise NarrationError(f"{where}: narration.voice {voice!r} is not an espeak-ng voice name like en-us")
    if engine == "espeak" and espeak_has(voice) is False:
        raise NarrationError(f"{where}: narration.voice {voice!r}: espeak-ng has no such voice (`espeak-ng --voices` "
                             "lists them: en-us, en-gb, fr, de, ...)")
    if engine in ("none", "tone"):
        raise NarrationError(f"{where}: narration.voice is for piper or espeak")
