"""Piper as its own program: its HTTP server on the loopback address, one per render process.

``python -m piper.http_server`` loads the voice once (patched in memory to report its phoneme
alignments), listens on 127.0.0.1 only, and answers each ``POST /synthesize`` with a WAV; ``GET
/info`` then gives the phonemes of that last request and how long each lasted. Nothing of Piper
(GPL-3.0) is imported here: we start the program and speak HTTP to it.

Noise scales are 0, so the same words give the same samples and the same alignments on every run.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import wave
from pathlib import Path

import numpy as np

from ..processes import die_with_parent
from .audio import resample

START_TIMEOUT = 120.0  # seconds for the server to load the voice and listen
_LISTENING = re.compile(r"Running on http://127\.0\.0\.1:(\d+)")
_WORD_BREAKS = {" ", "^", "$"}  # a space between words; the start and end of one of Piper's sentences
_SILENT = set(",.;:!?$^\"'()")  # phonemes that are punctuation: not part of a word's sound


class PiperServerError(RuntimeError):
    """The server did not start, stopped, or did not answer."""


class PiperServer:
    """One running ``piper.http_server`` for one voice model at one speaking rate."""

    def __init__(self, model: Path, rate: float) -> None:
        self.model, self.rate = model, rate
        self._process: subprocess.Popen | None = None
        self._log: tempfile.NamedTemporaryFile | None = None
        self._port: int | None = None

    def _start(self) -> int:
        if self._process is not None and self._process.poll() is None and self._port is not None:
            return self._port
        self.close()
        # the log goes to a file, never a pipe: the server logs every request, and a pipe nobody reads fills up
        self._log = tempfile.NamedTemporaryFile(prefix="piper-server-", suffix=".log")
        command = [sys.executable, "-m", "piper.http_server", "-m", str(self.model), "--host", "127.0.0.1",
                   "--port", "0", "--noise-scale", "0", "--noise-w-scale", "0",
                   "--length-scale", f"{1 / self.rate:.4f}"]
        env = {**os.environ, "PYTHONUNBUFFERED": "1", "OMP_NUM_THREADS": "1"}
        self._process = subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=self._log, stderr=self._log,
                                         env=env, preexec_fn=die_with_parent)
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            found = _LISTENING.search(Path(self._log.name).read_text(encoding="utf-8", errors="replace"))
            if found:
                self._port = int(found.group(1))
                return self._port
            if self._process.poll() is not None:
                raise PiperServerError(f"piper's server stopped: {self.log_tail()}")
            time.sleep(0.05)
        raise PiperServerError(f"piper's server did not start within {START_TIMEOUT:.0f} s")

    def log_tail(self) -> str:
        if self._log is None:
            return ""
        return Path(self._log.name).read_text(encoding="utf-8", errors="replace")[-2000:]

    def _request(self, path: str, body: dict | None, timeout: float) -> bytes:
        port = self._start()
        data = json.dumps(body).encode() if body is not None else None
        request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", data=data,
                                         headers={"Content-Type": "application/json"} if data else {})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:
                return answer.read()
        except (urllib.error.URLError, OSError) as error:
            tail = self.log_tail()
            self.close()
            raise PiperServerError(f"piper's server did not answer ({error}): {tail}") from None

    def speak(self, words: str, rate: int, timeout: float) -> tuple[np.ndarray, tuple[tuple[float, float], ...] | None]:
        """``words`` spoken: mono float32 at ``rate`` Hz, and each word's (start, end) in seconds, from Piper's own
        phoneme alignments (None when they do not match the words one to one)."""
        wav = self._request("/synthesize", {"text": words, "length_scale": round(1 / self.rate, 4),
                                            "noise_scale": 0.0, "noise_w_scale": 0.0}, timeout)
        info = json.loads(self._request("/info", None, timeout))
        with wave.open(io.BytesIO(wav), "rb") as handle:
            source_rate = handle.getframerate()
            pcm = np.frombuffer(handle.readframes(handle.getnframes()), dtype="<i2")
        samples = resample(pcm.astype(np.float32) / 32768, source_rate, rate)
        alignments = ((info.get("last") or {}).get("alignments")) or []
        return samples, word_times(alignments, words.split())

    def close(self) -> None:
        if self._process is not None:
            if self._process.poll() is None:
                self._process.kill()
            self._process.wait()
            self._process = None
        if self._log is not None:
            self._log.close()
            self._log = None
        self._port = None


def word_times(alignments: list[dict], words: list[str]) -> tuple[tuple[float, float], ...] | None:
    """Each word's (start, end) from Piper's phoneme alignments ({phoneme, seconds}, in order).

    Piper's words are the runs of phonemes between spaces (and between its own sentences);
    punctuation takes no part of a word's time. espeak, which phonemizes for Piper, joins some
    short words ("with the" is one run): when the runs and ``words`` differ in number, the words
    are matched to the runs by length (``_matched``), and words sharing a run share its time by
    their length. None when nothing was aligned.
    """
    runs: list[list[float]] = []  # [start, end, phonemes]
    at, fresh = 0.0, True
    for alignment in alignments:
        phoneme, seconds = str(alignment.get("phoneme", "")), float(alignment.get("seconds", 0.0))
        if phoneme in _WORD_BREAKS:
            fresh = True
        elif phoneme not in _SILENT:
            if fresh:
                runs.append([at, at + seconds, 0])
                fresh = False
            runs[-1][1] = at + seconds
            runs[-1][2] += 0 if phoneme in _STRESS else 1
        at += seconds
    if not runs or not words:
        return None
    if len(runs) == len(words):
        return tuple((round(a, 4), round(b, 4)) for a, b, _ in runs)
    return _matched(runs, words)


_STRESS = {"ˈ", "ˌ", "ː", "ʲ"}  # marks that lengthen or stress a sound: not counted as sounds
_MOST_JOINED = 3  # words espeak may say as one run
# the short words espeak runs into their neighbour ("with the", "of the", "on a"): joining these is cheap
_JOINED = {"the", "a", "an", "of", "to", "in", "on", "at", "with", "and", "for", "by", "is", "as", "it"}


def _letters(word: str) -> int:
    """About how many sounds a word has: its letters (a lone letter is said by its name: "h" is eɪtʃ)."""
    letters = sum(c.isalpha() for c in word)
    return 3 if letters == 1 else max(1, letters)


def _join_cost(words: list[str]) -> float:
    """What joining ``words`` into one run costs: little when all but one are words espeak joins."""
    plain = [w.lower().strip(",.;:!?'") for w in words]
    return 0.05 * (len(words) - 1) if sum(w not in _JOINED for w in plain) <= 1 else 0.6 * (len(words) - 1)


def _matched(runs: list[list[float]], words: list[str]) -> tuple[tuple[float, float], ...] | None:
    """Words matched to runs of phonemes in order, each run taking one to three words (or a word two runs), the
    match whose runs' sounds best fit their words' letters; a run's time shared by its words' letters."""
    n, m = len(words), len(runs)
    sounds_per_letter = sum(r[2] for r in runs) / sum(_letters(w) for w in words)
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: dict[tuple[int, int], tuple[int, int]] = {}
    cost[0][0] = 0.0
    for i in range(n + 1):
        for j in range(m + 1):
            if cost[i][j] == inf:
                continue
            moves = [(a, 1) for a in range(1, _MOST_JOINED + 1)] + [(1, 2)]
            for a, b in moves:
                if i + a > n or j + b > m:
                    continue
                letters = sum(_letters(w) for w in words[i:i + a])
                sounds = sum(r[2] for r in runs[j:j + b])
                here = abs(np.log((sounds + 1) / (sounds_per_letter * letters + 1))) + _join_cost(words[i:i + a]) \
                    + 0.6 * (b - 1)
                if cost[i][j] + here < cost[i + a][j + b]:
                    cost[i + a][j + b] = cost[i][j] + here
                    step[(i + a, j + b)] = (a, b)
    if cost[n][m] == inf:
        return None
    times: list[tuple[float, float]] = []
    i, j = n, m
    while i or j:
        a, b = step[(i, j)]
        start, end = runs[j - b][0], runs[j - 1][1]
        group = words[i - a:i]
        total = sum(_letters(w) for w in group)
        shares, at = [], start
        for word in group:
            width = (end - start) * _letters(word) / total
            shares.append((round(at, 4), round(at + width, 4)))
            at += width
        times[:0] = shares
        i, j = i - a, j - b
    return tuple(times)
