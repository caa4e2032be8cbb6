"""The voices a scene speaks with: each gives a line's beat length, caption times and audio clips.

``SilentVoice`` times a line by reading pace (engine "none", and every dry run);
``Narrator`` speaks it sentence by sentence, so each caption starts exactly where its
sentence's speech starts; ``recorded`` lines use the teacher's file for the whole line.
Clips live in a content-addressed cache: the file name is a hash of the words and the
engine's identity, so a changed line re-synthesises only itself.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from scenes.kit.captions import captions
from scenes.kit.narration import SilentVoice, Spoken, shared_by_length, timed_pieces

from ..files import sha256_of
from .audio import AudioError, decode, read_wav, seconds, trim, write_wav
from .engines import Engine, SpeechError, make_engine
from .settings import DEFAULT_VOICES, MAX_RECORDING_BYTES, Narration
from .speakable import speakable

LEAD = 0.2  # seconds from a beat's start to its first word: the beat's animation starts a moment before
SENTENCE_GAP = 0.35  # between the sentences of one line
PAUSE = 0.6  # after a line's last word, before the next beat


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
        digest = sha256_of([path]).hexdigest()[:24]
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
        if cue_id in self.recordings:
            name, length = self.recorded(self.recordings[cue_id])
            return Spoken(LEAD + length + PAUSE, shared_by_length(text, LEAD, length), ((LEAD, name, length),))
        split = captions(text)
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
        return Spoken(max(end, LEAD + PAUSE), timed_pieces(split, spans), tuple(clips))

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
