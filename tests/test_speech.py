"""The voice: speakable words, captions, the engines, the clip cache, recordings, loudness and the narrator's timing.

The fast tests use the tone double (a tone of known length per line); one test per installed
engine synthesises a real line. Loudness figures are checked against FFmpeg's EBU R128 meter.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from pipeline.speech.align import align
from pipeline.speech.audio import RATE, AudioError, decode, read_wav, trim, write_wav
from pipeline.speech.engines import EspeakEngine, PiperEngine, SpeechError, ToneEngine
from pipeline.speech.loudness import CEILING, integrated, normalise, true_peak
from pipeline.speech.narrator import LEAD, PAUSE, SENTENCE_GAP, Narrator
from pipeline.speech.script import ScriptLine, check_recordings
from pipeline.speech.settings import Narration, NarrationError, parse_narration
from pipeline.speech.speakable import ALLOWED, number_words, speakable, unspoken
from pipeline.speech.sync import ebur128
from scenes.kit import captions as cap
from scenes.kit.narration import SilentVoice

# ------------------------------------------------------------------------------------------- speakable


@pytest.mark.parametrize("caption, spoken", [
    ("∂E/∂w₁ = 520", "the partial derivative of E with respect to w one equals five hundred twenty"),
    ("∂Error/∂y_pred = 26", "the partial derivative of Error with respect to y pred equals twenty-six"),
    ("So d E by d w1 is -0.0273.", "So d E by d w one is minus zero point zero two seven three."),
    ("dE/dw2", "the derivative of E with respect to w two"),
    ("η = 0.1", "eta equals zero point one"),
    ("x²", "x squared"),
    ("2*x2**2 becomes a constant", "two times x two squared becomes a constant"),
    ("f = v**3", "f equals v cubed"),
    ("x**0.5", "x to the power zero point five"),
    ("12u·v²", "twelve u times v squared"),
    ("(3v²)·(2u + 6x2)", "three v squared times two u plus six x two"),
    ("σ(x)(1 − σ(x))", "sigma of x times one minus sigma of x"),
    ("f'(3) = 6", "f prime of three equals six"),
    ("At x = -2, the slope is -4.", "At x equals minus two, the slope is minus four."),
    ("by +0.305", "by plus zero point three zero five"),
    ("1,760,000,000,000 weights", "one point seven six trillion weights"),
    ("GPT-4: 1.76 trillion weights", "G P T four: one point seven six trillion weights"),
    ("the new x is 2.400", "the new x is two point four"),
    ("(0.258, 0.0073)", "zero point two five eight, zero point zero zero seven three"),
    ("90% × 80% × 50% = 36%", "ninety percent times eighty percent times fifty percent equals thirty-six percent"),
    ("Error ← y_pred ← w5", "Error, back to y pred, back to w five"),
    ("1.0e-09", "one times ten to the minus nine"),
    ("3D and AI", "three D and A I"),
    ("the 1st and 22nd", "the first and twenty-second"),
    ("You click on a video... and", "You click on a video, and"),
    ("It's 'Aha!'", "It's 'Aha!'"),
    ("café", "cafe"),
])
def test_speakable_says_the_math_as_a_teacher_would(caption, spoken):
    assert speakable(caption) == spoken
    assert ALLOWED.match(speakable(caption))
    assert unspoken(caption) == set()


@pytest.mark.parametrize("written, words", [
    ("0", "zero"), ("7", "seven"), ("19", "nineteen"), ("40", "forty"), ("101", "one hundred one"),
    ("2064", "two thousand sixty-four"), ("534", "five hundred thirty-four"), ("85.421", "eighty-five point four two one"),
    ("1,000,000", "one million"), ("2500000", "two point five million"), ("1234567", "one million two hundred "
     "thirty-four thousand five hundred sixty-seven"), ("2.5e+3", "two point five times ten to the three"),
])
def test_number_words(written, words):
    assert number_words(written) == words


def test_symbols_no_rule_knows_are_reported_not_sent():
    assert unspoken("a ∮ b") == {"∮"}
    assert ALLOWED.match(speakable("a ∮ b ✗ 😀"))


# -------------------------------------------------------------------------------------------- captions

def test_captions_split_at_sentences_but_not_at_decimal_points():
    assert cap.sentences("η = 0.1 here. Then x = 2.4! Why? Done") == ["η = 0.1 here.", "Then x = 2.4!", "Why?", "Done"]
    assert cap.sentences("You open a textbook... you click") == ["You open a textbook... you click"]


def test_a_long_sentence_becomes_even_captions_of_two_lines_of_42_characters():
    sentence = ("The universal pattern: forward pass, make a guess; loss function, measure how wrong it is; "
                "backpropagation, the blame for every weight; gradient descent, nudge every weight; repeat, "
                "millions of times.")
    pieces = cap.pieces(sentence)
    assert len(pieces) >= 3
    assert " ".join(pieces) == sentence
    for piece in pieces:
        lines = cap.wrap(piece)
        assert len(lines) <= 2 and all(len(line) <= 42 for line in lines), piece
    sizes = [len(p) for p in pieces]
    assert max(sizes) - min(sizes) < 45  # even, not one long and one stub
    assert cap.pieces("Short.") == ["Short."]


# ----------------------------------------------------------------------------------------------- audio

def test_trim_keeps_the_speech_and_a_short_margin():
    silence = np.zeros(RATE // 2, np.float32)
    tone = ToneEngine().synthesise("one two three").samples
    trimmed = trim(np.concatenate([silence, tone, silence]))
    assert len(tone) <= len(trimmed) <= len(tone) + int(0.06 * RATE)


def test_a_truncated_clip_is_refused(tmp_path):
    clip = tmp_path / "c.wav"
    write_wav(clip, ToneEngine().synthesise("one two").samples)
    assert len(read_wav(clip)) == int(round(ToneEngine.length("one two") * RATE))
    clip.write_bytes(clip.read_bytes()[:-100])
    with pytest.raises(AudioError, match="truncated"):
        read_wav(clip)


def test_recordings_in_any_format_decode_to_mono_at_the_track_rate(tmp_path):
    import av

    seconds = 1.5
    for ext, codec in (("flac", "flac"), ("m4a", "aac"), ("mp3", "libmp3lame")):
        path = tmp_path / f"take.{ext}"
        with av.open(str(path), "w") as out:
            stream = out.add_stream(codec, rate=44100, layout="stereo")
            t = np.arange(int(44100 * seconds)) / 44100
            data = np.stack([0.3 * np.sin(2 * np.pi * 300 * t)] * 2).astype(np.float32)
            convert = av.AudioResampler(format=stream.codec_context.format.name, layout="stereo", rate=44100)
            for start in range(0, data.shape[1], 1152):
                frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(data[:, start:start + 1152]), format="fltp",
                                                   layout="stereo")
                frame.sample_rate = 44100
                for converted in convert.resample(frame):
                    for packet in stream.encode(converted):
                        out.mux(packet)
            for packet in stream.encode(None):
                out.mux(packet)
        samples = decode(path)
        assert abs(len(samples) / RATE - seconds) < 0.1, ext
    (tmp_path / "bad.mp3").write_bytes(b"not audio at all" * 100)
    with pytest.raises(AudioError):
        decode(tmp_path / "bad.mp3")


# -------------------------------------------------------------------------------------------- loudness

def _speechlike(seconds: float, seed: int = 0) -> np.ndarray:
    """Noise bursts with pauses: speech's gating behaviour without a voice."""
    rng = np.random.default_rng(seed)
    t = np.arange(int(seconds * RATE)) / RATE
    envelope = (np.sin(2 * np.pi * 0.7 * t) > -0.2) * (0.5 + 0.5 * np.sin(2 * np.pi * 3 * t) ** 2)
    return (0.1 * rng.standard_normal(len(t)) * envelope).astype(np.float32)


@pytest.mark.parametrize("signal", ["sine", "speechlike"])
def test_the_loudness_meter_agrees_with_ffmpegs_ebu_r128(signal):
    t = np.arange(RATE * 6) / RATE
    samples = (0.25 * np.sin(2 * np.pi * 997 * t)).astype(np.float32) if signal == "sine" else _speechlike(6)
    ours = integrated(samples, RATE)
    theirs = ebur128(samples, RATE)["integrated"]
    assert ours == pytest.approx(theirs, abs=0.15)
    if signal == "sine":
        assert ours == pytest.approx(-3.01 + 20 * np.log10(0.25), abs=0.05)  # a full-scale sine is -3.01 LUFS


def test_normalise_reaches_minus_16_lufs_with_true_peaks_held():
    loud = _speechlike(20, seed=1) * 6  # peaks far above full scale once normalised: the limiter must work
    loud[RATE * 5] = 0.99
    out = normalise(loud, RATE)
    measured = ebur128(out, RATE)
    assert measured["integrated"] == pytest.approx(-16, abs=0.5)
    assert measured["true_peak"] < -1.0
    assert true_peak(out) <= CEILING + 0.05
    assert np.allclose(normalise(np.zeros(RATE, np.float32), RATE), 0)  # silence stays silence


# ------------------------------------------------------------------------------------------- narrator

class CountingTone(ToneEngine):
    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def synthesise(self, words: str):
        self.calls.append(words)
        return super().synthesise(words)


def test_a_line_lasts_its_speech_and_each_sentence_caption_starts_with_its_speech(tmp_path):
    engine = CountingTone()
    voice = Narrator(Narration(engine="tone", cache=str(tmp_path)), engine)
    spoken = voice.speak("valley-03-x", "At x = 3, the slope is 6. Positive slope means downhill is to the left.")
    first, second = ToneEngine.length(engine.calls[0]), ToneEngine.length(engine.calls[1])
    assert engine.calls == ["At x equals three, the slope is six.", "Positive slope means downhill is to the left."]
    assert [round(at, 3) for at, _, _ in spoken.clips] == [LEAD, round(LEAD + first + SENTENCE_GAP, 3)]
    assert [c[0] for c in spoken.captions] == pytest.approx([at for at, _, _ in spoken.clips], abs=1e-3)
    assert spoken.seconds == pytest.approx(LEAD + first + SENTENCE_GAP + second + PAUSE, abs=1e-3)
    assert [c[2] for c in spoken.captions] == ["At x = 3, the slope is 6.", "Positive slope means downhill is to the left."]


def test_the_clip_cache_synthesises_a_changed_line_only(tmp_path):
    engine = CountingTone()
    voice = Narrator(Narration(engine="tone", cache=str(tmp_path)), engine)
    voice.speak("a-01-x", "One line. Two lines.")
    voice.speak("a-02-y", "Three lines.")
    assert len(engine.calls) == 3
    again = Narrator(Narration(engine="tone", cache=str(tmp_path)), CountingTone())
    again.speak("a-01-x", "One line. Two lines.")
    again.speak("a-02-y", "Three lines, changed.")
    assert again.engine.calls == ["Three lines, changed."]
    for clip in tmp_path.glob("*.wav"):  # a damaged clip is made again, never used
        clip.write_bytes(clip.read_bytes()[:50])
    third = Narrator(Narration(engine="tone", cache=str(tmp_path)), CountingTone())
    third.speak("a-02-y", "Three lines.")
    assert third.engine.calls == ["Three lines."]


def test_silent_voice_keeps_the_reading_pace_and_splits_captions():
    spoken = SilentVoice().speak("x-01-y", "One two three four five six. Seven eight nine.")
    assert spoken.seconds == pytest.approx(9 / 2.7)
    assert [c[2] for c in spoken.captions] == ["One two three four five six.", "Seven eight nine."]
    assert spoken.clips == ()


def _tone_file(path: Path, seconds: float) -> None:
    t = np.arange(int(seconds * RATE)) / RATE
    write_wav(path, (0.3 * np.sin(2 * np.pi * 220 * t)).astype(np.float32))


def test_a_recorded_line_uses_the_teachers_take_and_the_fallback_says_the_rest(tmp_path):
    folder = tmp_path / "takes"
    folder.mkdir()
    _tone_file(folder / "ws-update-02-rule.wav", 3.0)
    settings = Narration(engine="recorded", folder=str(folder), fallback="tone", cache=str(tmp_path / "cache"))
    engine = CountingTone()
    voice = Narrator(settings, engine)
    recorded = voice.speak("ws-update-02-rule", "New weight equals old weight. Twice.")
    assert engine.calls == []
    assert recorded.seconds == pytest.approx(LEAD + 3.0 + PAUSE, abs=0.05)
    assert len(recorded.clips) == 1 and [c[2] for c in recorded.captions] == ["New weight equals old weight.", "Twice."]
    voice.speak("ws-update-03-after", "Not recorded.")
    assert engine.calls == ["Not recorded."]


def test_missing_and_unreadable_recordings_are_listed_all_at_once(tmp_path):
    _tone_file(tmp_path / "a-01-x.wav", 1.0)
    (tmp_path / "a-02-y.mp3").write_bytes(b"\x00" * 5000)
    _tone_file(tmp_path / "z-09-old.wav", 1.0)
    lines = [ScriptLine(i, "a", "t", 1) for i in ("a-01-x", "a-02-y", "a-03-z", "a-04-w")]
    missing, unreadable, unused = check_recordings(lines, Narration(engine="recorded", folder=str(tmp_path)))
    assert missing == ["a-03-z", "a-04-w"]
    assert [u.split(":")[0] for u in unreadable] == ["a-02-y"]
    assert unused == ["z-09-old.wav"]


# ------------------------------------------------------------------------------------------- settings

@pytest.mark.parametrize("table, message", [
    ({"engine": "festival"}, "narration.engine must be one of"),
    ({"rate": 5}, "narration.rate must be a number from 0.5 to 2"),
    ({"rate": "fast"}, "narration.rate"),
    ({"voice": "bob"}, "not an installed Piper voice"),
    ({"engine": "espeak", "voice": "en us; rm -rf /"}, "not an espeak-ng voice name"),
    ({"engine": "recorded"}, "narration.folder must name the folder"),
    ({"engine": "recorded", "folder": "nowhere"}, "no such folder"),
    ({"engine": "piper", "folder": "x"}, "only for engine = \"recorded\""),
    ({"engine": "recorded", "folder": ".", "fallback": "sam"}, "narration.fallback"),
    ({"speed": 1}, "has no key 'speed'"),
])
def test_bad_narration_settings_name_the_key(tmp_path, table, message):
    with pytest.raises(NarrationError, match=message):
        parse_narration(table, "c.toml", tmp_path)


def test_a_relative_recordings_folder_is_read_from_the_configs_folder(tmp_path):
    (tmp_path / "takes").mkdir()
    settings = parse_narration({"engine": "recorded", "folder": "takes", "fallback": "piper"}, "c.toml", tmp_path)
    assert settings.folder == str((tmp_path / "takes").resolve())
    assert settings.speaking == "piper"


# ------------------------------------------------------------------------------------------- real engines

LINE = "The partial derivative of E with respect to w one is five hundred twenty."


def test_piper_speaks_a_line_the_same_way_every_time():
    engine = PiperEngine()
    try:
        first = engine.synthesise(LINE)
        second = engine.synthesise(LINE)  # the same process: the model is loaded once
        assert engine.identity()["model_sha256"]
    finally:
        engine.close()
    other = PiperEngine()
    try:
        third = other.synthesise(LINE)  # a new process: still the same samples and times (noise scales 0)
    finally:
        other.close()
    assert 2.5 < len(first.samples) / RATE < 8.0  # 13 words
    assert np.array_equal(first.samples, second.samples) and np.array_equal(first.samples, third.samples)
    assert first.word_times == second.word_times == third.word_times
    assert integrated(first.samples, RATE) > -40  # speech, not silence
    # Piper's own word times: one per word, in order, inside the audio, each where an independent aligner hears it
    times = first.word_times
    assert len(times) == len(LINE.split()) and all(a < b <= c for (a, b), (c, _) in zip(times, times[1:]))
    heard = align(first.samples, LINE.split())
    assert max(abs(a - h) for (a, _), (h, _) in zip(times, heard)) < 0.15


def test_espeak_speaks_a_line():  # tools/setup_system.sh installs espeak-ng
    samples = EspeakEngine().synthesise(LINE).samples
    assert 2.0 < len(samples) / RATE < 8.0
    assert integrated(samples, RATE) > -40


def test_a_missing_engine_is_a_clear_error(monkeypatch):
    monkeypatch.setattr("shutil.which", lambda name: None)
    with pytest.raises(SpeechError, match="apt-get install espeak-ng"):
        EspeakEngine().synthesise("hello")
