"""The voices a scene speaks with: each gives a line's beat length, caption times and audio clips.

``SilentVoice`` times a line by reading pace (engine "none", and every dry run);
``Narrator`` speaks it sentence by sentence, so each caption starts exactly where its
sentence's speech starts; ``recorded`` lines use the teacher's file for the whole line.
Clips live in a content-addressed cache: the file name is a hash of the words and the
engine's identity, so a changed line re-synthesises only itself.
"""

from __future__ import annotations

import atexit
import hashlib
import json
import os
from pathlib import Path

from scenes.kit.narration import Spoken, reading_time

from .audio import AudioError, decode, read_wav, seconds, trim, write_wav
from .captions import captions, shares
from .engines import Engine, SpeechError, make_engine
from .settings import DEFAULT_VOICES, MAX_RECORDING_BYTES, Narration
from .speakable import speakable

LEAD = 0.2  # seconds from a beat's start to its first word: the beat's animation starts a moment before
SENTENCE_GAP = 0.35  # between the sentences of one line
PAUSE = 0.6  # after a line's last word, before the next beat


def _timed(pieces_by_sentence: list[list[str]], spans: list[tuple[float, float]]) -> tuple:
    """Caption times: each sentence's span shared among its pieces by length."""
    timed = []
    for pieces, (start, length) in zip(pieces_by_sentence, spans):
        at = start
        for piece, share in zip(pieces, shares(pieces)):
            timed.append((round(at, 4), round(at + share * length, 4), piece))
            at += share * length
    return tuple(timed)


class SilentVoice:
    """No audio: a line lasts as long as it takes to read, its captions share that time."""

    def speak(self, cue_id: str, text: str) -> Spoken:
        need = reading_time((text,))
        split = captions(text)
        sizes = [sum(len(p) + 1 for p in pieces) for pieces in split] or [1]
        spans, at = [], 0.0
        for size in sizes:
            spans.append((at, need * size / sum(sizes)))
            at += need * size / sum(sizes)
        return Spoken(need, _timed(split, spans))


class Narrator:
    """Speech from an engine (and, for a recorded lesson, the teacher's files), through the clip cache."""

    def __init__(self, settings: Narration, engine: Engine | None) -> None:
        self.settings, self.engine = settings, engine
        self.cache = Path(settings.cache or "speech")
        self.cache.mkdir(parents=True, exist_ok=True)
        self._identity = json.dumps(engine.identity(), sort_keys=True) if engine else ""
        self.recordings = settings.recordings()

    def clip(self, words: str) -> tuple[str, float]:
        """The cached clip of ``words`` (synthesised on a miss): (file name, seconds)."""
        name = hashlib.sha256(f"{self._identity}\n{words}".encode()).hexdigest()[:24] + ".wav"
        path = self.cache / name
        try:
            return name, seconds(read_wav(path))
        except AudioError:
            pass  # not cached yet, or a damaged copy: made again
        if self.engine is None:
            raise SpeechError("no engine to speak this line")
        samples = trim(self.engine.synthesise(words))
        if not samples.size:
            raise SpeechError(f"the engine made no sound for {words!r}")
        write_wav(path, samples)
        return name, seconds(samples)

    def recorded(self, path: Path) -> tuple[str, float]:
        """A teacher's recording, decoded, trimmed and cached by its content: (file name, seconds)."""
        if path.stat().st_size > MAX_RECORDING_BYTES:
            raise AudioError(f"{path.name} is larger than {MAX_RECORDING_BYTES >> 20} MB")
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:24]
        name = f"rec-{digest}.wav"
        target = self.cache / name
        try:
            return name, seconds(read_wav(target))
        except AudioError:
            samples = trim(decode(path))
            if not samples.size:
                raise AudioError(f"{path.name} is silent") from None
            write_wav(target, samples)
            return name, seconds(samples)

    def speak(self, cue_id: str, text: str) -> Spoken:
        split = captions(text)
        if cue_id in self.recordings:
            name, length = self.recorded(self.recordings[cue_id])
            sizes = [sum(len(p) + 1 for p in pieces) for pieces in split] or [1]
            spans, at = [], LEAD
            for size in sizes:
                spans.append((at, length * size / sum(sizes)))
                at += length * size / sum(sizes)
            return Spoken(LEAD + length + PAUSE, _timed(split, spans), ((LEAD, name, length),))
        clips, spans, at = [], [], LEAD
        for pieces in split:
            words = speakable(" ".join(pieces))
            if not words.strip(" ,.;:!?'-"):
                spans.append((at, 0.4))  # nothing to say aloud (a lone symbol): shown briefly
                at += 0.4
                continue
            name, length = self.clip(words)
            clips.append((round(at, 4), name, length))
            spans.append((at, length))
            at += length + SENTENCE_GAP
        end = (at - SENTENCE_GAP if clips else at) + PAUSE
        return Spoken(max(end, LEAD + PAUSE), _timed(split, spans), tuple(clips))

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


def install_from_env() -> None:
    """In a render process: speak with the settings in LESSON_NARRATION (the pipeline sets it)."""
    text = os.environ.get("LESSON_NARRATION")
    if not text:
        return
    from scenes.kit import narration

    voice = narrator(Narration.from_json(text))
    narration.install(voice)
    if isinstance(voice, Narrator):
        atexit.register(voice.close)
