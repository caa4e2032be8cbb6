"""The voice a render speaks with: each line's beat length, every word's time, its captions and its audio clips.

``Narrator`` speaks a line sentence by sentence through its engine (or plays the teacher's
recording of it) and times every written word from the speech itself: Piper reports each word's
time (its phoneme alignments); for espeak-ng and recordings the words are aligned to the audio
(``align``, PocketSphinx); where that fails, a sentence's time is shared by word length, and the
render's log and the cue say so (``timing``). Clips and their word times live in a
content-addressed cache: the file names are a hash of the words and the engine's identity, so a
changed line re-synthesises only itself, and a warm render costs nothing more.
"""

from __future__ import annotations

import hashlib
import json
import sys
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from scenes.kit.captions import captions, words
from scenes.kit.narration import SilentVoice, Spoken, TimedWord, shared_by_length, timed_captions

from ..files import sha256_of, write_text
from .align import align
from .audio import RATE, AudioError, decode, read_wav, seconds, speech_span, write_wav
from .engines import Engine, SpeechError, make_engine
from .settings import DEFAULT_VOICES, MAX_RECORDING_BYTES, Narration
from .speakable import speakable, spoken_words

LEAD = 0.2  # seconds from a beat's start to its first word: the beat's animation starts a moment before
SENTENCE_GAP = 0.35  # between the sentences of one line
PAUSE = 0.6  # after a line's last word, before the next beat
UNSAID = 0.4  # a sentence with nothing to say aloud (a lone symbol) is shown this long
WORD_TIMES_VERSION = 1  # of the stored word times beside a clip


@dataclass(frozen=True)
class Clip:
    """A cached clip: its file name in the cache, its length, and each spoken word's (start, end) in it."""

    name: str
    seconds: float
    word_times: tuple[tuple[float, float], ...]
    timing: str  # where the times came from: "engine", "aligned" or "estimate"


TIMINGS = ("engine", "aligned", "estimate")  # from the most exact to the least
TIMING_CODE = ("piper_server.py", "align.py", "narrator.py")  # what decides a clip's word times


@cache
def timing_code() -> str:
    """The SHA-256 of the code that times a clip's words (stored word times from other code are not reused)."""
    return sha256_of([Path(__file__).with_name(name) for name in TIMING_CODE]).hexdigest()[:16]


def least_exact(found: set[str]) -> str:
    """The least exact of a line's sentences' timings (a line of no sentence to say: the reading estimate)."""
    return max(found, key=TIMINGS.index) if found else "estimate"


def _estimate(count: int, length: float) -> tuple[tuple[float, float], ...]:
    step = length / max(count, 1)
    return tuple((round(k * step, 4), round((k + 1) * step, 4)) for k in range(count))


def _trimmed(times, offset: float, length: float) -> tuple[tuple[float, float], ...]:
    """Word times from the untrimmed audio, on the trimmed clip's clock (inside it)."""
    return tuple((round(min(max(a - offset, 0.0), length), 4), round(min(max(b - offset, 0.0), length), 4))
                 for a, b in times)


def written_times(spoken_times, first: list[int], start: float) -> list[tuple[float, float]]:
    """Each written word's (start, end) from its spoken words' times (``first``: its first spoken word), + start."""
    timed = []
    for index, head in enumerate(first):
        last = max(head, first[index + 1] - 1) if index + 1 < len(first) else len(spoken_times) - 1
        timed.append((start + spoken_times[head][0], start + spoken_times[max(head, last)][1]))
    return timed


class Narrator:
    """Speech from an engine (and, for a recorded lesson, the teacher's files), through the clip cache."""

    def __init__(self, settings: Narration, engine: Engine | None) -> None:
        self.settings, self.engine = settings, engine
        self.cache = Path(settings.cache or "speech")
        self.cache.mkdir(parents=True, exist_ok=True)
        # a clip's name covers the code that timed its words too: changed timing code times every clip anew
        self._identity = json.dumps({**engine.identity(), "timing_code": timing_code()}, sort_keys=True) \
            if engine else ""
        self.recordings = settings.recordings()

    def _stored(self, name: str, count: int) -> Clip | None:
        """The cached clip ``name`` with its word times, if both are whole."""
        try:
            length = seconds(read_wav(self.cache / name))
            data = json.loads((self.cache / name).with_suffix(".words.json").read_text(encoding="utf-8"))
        except (AudioError, OSError, ValueError):
            return None
        times = data.get("words") if isinstance(data, dict) and data.get("version") == WORD_TIMES_VERSION else None
        if not isinstance(times, list) or len(times) != count:
            return None
        return Clip(name, length, tuple((float(a), float(b)) for a, b in times), str(data.get("timing", "")))

    def _store(self, name: str, samples: np.ndarray, times, timing: str) -> Clip:
        write_wav(self.cache / name, samples)  # the clip first: word times without their clip are never kept
        write_text((self.cache / name).with_suffix(".words.json"),
                   json.dumps({"version": WORD_TIMES_VERSION, "timing": timing, "words": [list(t) for t in times]}))
        return Clip(name, seconds(samples), tuple(times), timing)

    def _timed(self, samples: np.ndarray, spoken: list[str], reported, what: str) -> tuple[np.ndarray, tuple, str]:
        """The clip trimmed to its speech, with each spoken word's time: the engine's, else aligned, else shared."""
        first, past = speech_span(samples)
        clip = samples[first:past]
        if not clip.size:
            raise SpeechError(f"no sound for {what}")
        length = seconds(clip)
        if reported is not None and len(reported) == len(spoken):
            return clip, _trimmed(reported, first / RATE, length), "engine"
        aligned = align(clip, spoken)
        if aligned is not None:
            return clip, _trimmed(aligned, 0.0, length), "aligned"
        print(f"[narrator] no word times for {what}: each word gets its share of the time by its place",
              file=sys.stderr)
        return clip, _estimate(len(spoken), length), "estimate"

    def clip(self, spoken: list[str]) -> Clip:
        """The cached clip of ``spoken`` words (synthesised on a miss), with each word's time."""
        text = " ".join(spoken)
        name = hashlib.sha256(f"{self._identity}\n{text}".encode()).hexdigest()[:24] + ".wav"
        found = self._stored(name, len(spoken))
        if found is not None:
            return found
        if self.engine is None:
            raise SpeechError("no engine to speak this line")
        said = self.engine.synthesise(text)
        samples, times, timing = self._timed(said.samples, spoken, said.word_times, repr(text))
        return self._store(name, samples, times, timing)

    def recorded(self, path: Path, spoken: list[str]) -> Clip:
        """A teacher's recording, decoded, trimmed, its words aligned, cached by its content and words."""
        if path.stat().st_size > MAX_RECORDING_BYTES:
            raise AudioError(f"{path.name} is larger than {MAX_RECORDING_BYTES >> 20} MB")
        digest = hashlib.sha256(sha256_of([path]).digest() + " ".join(spoken).encode()).hexdigest()[:24]
        name = f"rec-{digest}.wav"
        found = self._stored(name, len(spoken))
        if found is not None:
            return found
        samples = decode(path)
        if not speech_span(samples)[1]:
            raise AudioError(f"{path.name} is silent")
        clip, times, timing = self._timed(samples, spoken, None, path.name)
        return self._store(name, clip, times, timing)

    def speak(self, cue_id: str, text: str) -> Spoken:
        if cue_id in self.recordings:
            return self._speak_recorded(self.recordings[cue_id], text)
        clips, timed, at, timings = [], [], LEAD, set()
        for pieces in captions(text):
            written = [token for piece in pieces for token in piece.split()]
            spoken, first = spoken_words(written)
            if not speakable(" ".join(written)).strip(" ,.;:!?'-"):
                timed += [(a, b) for a, b, _ in shared_by_length(" ".join(written), at, UNSAID)]
                at += UNSAID
                continue
            clip = self.clip(spoken)
            timings.add(clip.timing)
            clips.append((round(at, 4), clip.name, clip.seconds))
            timed += written_times(clip.word_times, first, at)
            at += clip.seconds + SENTENCE_GAP
        end = (at - SENTENCE_GAP if clips else at) + PAUSE
        return self._spoken(text, timed, max(end, LEAD + PAUSE), tuple(clips), least_exact(timings))

    def _speak_recorded(self, path: Path, text: str) -> Spoken:
        written = words(text)
        spoken, first = spoken_words(written)
        clip = self.recorded(path, spoken)
        timed = written_times(clip.word_times, first, LEAD)
        return self._spoken(text, timed, LEAD + clip.seconds + PAUSE, ((LEAD, clip.name, clip.seconds),),
                            clip.timing)

    @staticmethod
    def _spoken(text: str, timed: list[tuple[float, float]], need: float, clips: tuple, timing: str) -> Spoken:
        tokens = words(text)
        word_times: tuple[TimedWord, ...] = tuple((round(a, 4), round(b, 4), token)
                                                  for (a, b), token in zip(timed, tokens))
        return Spoken(need, timed_captions(text, timed), clips, word_times, timing)

    def close(self) -> None:
        if self.engine is not None:
            self.engine.close()


def narrator(settings: Narration) -> SilentVoice | Narrator:
    """The voice for ``settings``: silent for engine "none", else a narrator with its engine."""
    if settings.silent:
        return SilentVoice()
    engine = None
    if settings.speaking:
        voice = settings.voice or DEFAULT_VOICES[settings.speaking]
        engine = make_engine(settings.speaking, voice, settings.rate)
    return Narrator(settings, engine)


def identity(settings: Narration) -> dict:
    """What decides the sound of every line: the engine's identity (and, for recordings, the engine);
    SpeechError when the engine or voice is not installed."""
    if settings.silent:
        return {"engine": "none"}
    found = {"engine": settings.engine}
    if settings.speaking:
        engine = make_engine(settings.speaking, settings.voice or DEFAULT_VOICES[settings.speaking], settings.rate)
        found = engine.identity() if settings.engine != "recorded" else {"engine": "recorded",
                                                                         "fallback": engine.identity()}
    return found
