"""Every word's time: from the written word to the spoken ones, from the engine's phonemes to words, captions
starting on their word, bookmarks starting animations on their word's frame."""

from __future__ import annotations

import numpy as np
import pytest

from pipeline.speech.narrator import LEAD, Narrator
from pipeline.speech.piper_server import word_times
from pipeline.speech.settings import Narration
from pipeline.speech.speakable import spoken_words
from scenes.kit.captions import captions
from scenes.kit.narration import MarkError, SilentVoice, marked, protect


@pytest.mark.parametrize("line, expected", [
    # each written word and the first of the words said for it
    ("curve: h = 0.9991 and the slope is 0.000.",
     [("curve:", "curve:"), ("h", "h"), ("=", "equals"), ("0.9991", "zero"), ("and", "and"), ("the", "the"),
      ("slope", "slope"), ("is", "is"), ("0.000.", "zero.")]),
    ("∂E/∂w₁ = 520, and σ(z) = 0.070",
     [("∂E/∂w₁", "the"), ("=", "equals"), ("520,", "five"), ("and", "and"), ("σ(z)", "sigma"), ("=", "equals"),
      ("0.070", "zero")]),
    ("90% × 80% × 50% = 36%",
     [("90%", "ninety"), ("×", "times"), ("80%", "eighty"), ("×", "times"), ("50%", "fifty"), ("=", "equals"),
      ("36%", "thirty-six")]),
    ("f(x₁, x₂) = x₁² + 2x₂² with η = 0.1",
     [("f(x₁,", "f"), ("x₂)", "x"), ("=", "equals"), ("x₁²", "x"), ("+", "plus"), ("2x₂²", "two"), ("with", "with"),
      ("η", "eta"), ("=", "equals"), ("0.1", "zero")]),
    ("1,760,000,000,000 weights — GPT-4", [("1,760,000,000,000", "one"), ("weights", "weights,"), ("—", "G"),
                                          ("GPT-4", "G")]),  # "—" is said as nothing: the next word's time
])
def test_each_written_word_maps_to_the_first_word_said_for_it(line, expected):
    written = line.split()
    spoken, first = spoken_words(written)
    assert [(w, spoken[i]) for w, i in zip(written, first)] == expected
    assert first == sorted(first) and first[-1] < len(spoken)


def _alignments(runs: list[list[tuple[str, float]]]) -> list[dict]:
    """Piper's alignment list for runs of (phoneme, seconds), words separated by a space phoneme."""
    found = [{"phoneme": "^", "seconds": 0.05}]
    for index, run in enumerate(runs):
        if index:
            found.append({"phoneme": " ", "seconds": 0.02})
        found += [{"phoneme": p, "seconds": s} for p, s in run]
    return found + [{"phoneme": ".", "seconds": 0.1}, {"phoneme": "$", "seconds": 0.0}]


def test_piper_phoneme_runs_give_each_word_its_time():
    runs = [[("ð", 0.05), ("ə", 0.05)], [("s", 0.1), ("l", 0.05), ("ˈ", 0.0), ("oʊ", 0.1), ("p", 0.1)]]
    times = word_times(_alignments(runs), ["the", "slope."])
    assert times == ((0.05, 0.15), (0.17, 0.52))


def test_words_espeak_joins_into_one_run_share_its_time():
    # "found with the derivative": espeak says "with the" as one run (wɪððə)
    runs = [[("f", 0.1), ("a", 0.1), ("ʊ", 0.1), ("n", 0.05), ("d", 0.05)],
            [("w", 0.05), ("ɪ", 0.05), ("ð", 0.05), ("ð", 0.05), ("ə", 0.05)],
            [("d", 0.05), ("ɪ", 0.05), ("ɹ", 0.05), ("ɪ", 0.05), ("v", 0.05), ("ə", 0.05), ("t", 0.05), ("ɪ", 0.05),
             ("v", 0.05)]]
    times = word_times(_alignments(runs), ["found", "with", "the", "derivative."])
    assert len(times) == 4
    (_, found_end), (with_start, with_end), (the_start, the_end), (derivative_start, _) = times
    assert with_start == pytest.approx(0.47) and the_end == pytest.approx(0.72)  # the run they share
    assert with_end == the_start and with_end - with_start > the_end - the_start  # shared by letters
    assert derivative_start == pytest.approx(0.74)


def test_a_split_captions_start_is_its_first_words_time_from_the_engine(tmp_path):
    from pipeline.speech.engines import ToneEngine

    line = ("The partial derivative of E with respect to w one equals five hundred and twenty, "
            "and the one of the error with respect to w two is much smaller than that.")
    voice = Narrator(Narration(engine="tone", cache=str(tmp_path)), ToneEngine())
    spoken = voice.speak("a-01-x", line)
    pieces = [piece for sentence in captions(line) for piece in sentence]
    assert len(pieces) >= 2 and len(spoken.captions) == len(pieces)
    at = 0
    for (start, _, text), piece in zip(spoken.captions, pieces):
        assert text == piece and start == spoken.words[at][0]  # on its word
        at += len(piece.split())
    for (_, end, _), (start, _, _) in zip(spoken.captions, spoken.captions[1:]):
        assert end == start  # up until the next caption: never over it, never a gap within a line
    # the tone engine spreads its words evenly: the second piece's first word is where its share says
    assert spoken.words[0][0] == pytest.approx(LEAD)
    assert spoken.timing == "engine"
    # the same text, the same times, from the cache
    again = Narrator(Narration(engine="tone", cache=str(tmp_path)), ToneEngine()).speak("a-01-x", line)
    assert again == spoken


def test_a_recorded_line_is_timed_by_aligning_its_words_to_the_take(tmp_path):
    from pipeline.speech.audio import write_wav
    from pipeline.speech.engines import EspeakEngine

    folder = tmp_path / "takes"
    folder.mkdir()
    line = "The slope is six, so downhill is to the left."
    write_wav(folder / "a-01-x.wav", EspeakEngine().synthesise("The slope is six, so downhill is to the left.").samples)
    voice = Narrator(Narration(engine="recorded", folder=str(folder), fallback="none", cache=str(tmp_path / "c")),
                     None)
    spoken = voice.speak("a-01-x", line)
    assert spoken.timing == "aligned" and [w for _, _, w in spoken.words] == line.split()
    starts = [a for a, _, _ in spoken.words]
    assert starts == sorted(starts) and starts[0] >= LEAD and spoken.words[-1][1] <= spoken.seconds
    assert starts[-1] - starts[0] > 1.0  # spread over the take, not piled at its start


def test_bookmarks_name_the_word_they_stand_before():
    assert marked(protect("At {@x}x = 3, the {@slope}slope is {value}.").format(value=6)) == \
        ("At x = 3, the slope is 6.", {"x": 1, "slope": 5})
    with pytest.raises(MarkError, match="twice"):
        marked(protect("{@a}one {@a}two"))
    with pytest.raises(MarkError, match="marks no word"):
        marked(protect("the end {@late}"))


def test_an_animation_at_a_bookmark_the_line_does_not_hold_is_refused_naming_segment_and_mark(construct):
    from manim import Circle, Create

    from scenes.kit.base import LessonScene

    class Probe(LessonScene):
        NARRATION = (("slope", "the {@slope}slope is steep"),)

        def construct(self):
            self.beat("slope", at={"steepness": Create(Circle())})

    with pytest.raises(MarkError, match=r"segment 'Probe', line 'slope' has no bookmark steepness "
                                        r"\(its bookmarks: slope\)"):
        construct(Probe)


def test_an_animation_at_a_bookmark_starts_on_the_frame_its_word_begins(tmp_path):
    """Rendered: the first frame the marked square shows is the first frame at or after its word's time."""
    from manim import Square, tempconfig

    from scenes.kit.base import LessonScene
    from scenes.kit.context import RenderContext
    from scenes.kit.fades import FadeIn

    class Probe(LessonScene):
        NARRATION = (("count", "one two three four five {@six}six seven eight nine ten"),)

        def construct(self):
            self.square = Square(side_length=4, fill_opacity=1, color="#FFFFFF")
            self.beat("count", at={"six": FadeIn(self.square, run_time=0.4)})

    with tempconfig({"quality": "low_quality", "media_dir": str(tmp_path), "progress_bar": "none",
                     "verbosity": "ERROR", "write_to_movie": False, "save_last_frame": False}):
        scene = Probe(context=RenderContext(voice=SilentVoice()))
        seen: list[tuple[float, float]] = []
        update = scene.renderer.update_frame

        def watched(s, *args, **kwargs):
            update(s, *args, **kwargs)
            shown = scene.square in scene.mobjects  # drawn: in the scene, and not faded to nothing
            seen.append((scene.renderer.time, float(np.max(scene.square.get_fill_opacities())) if shown else 0.0))

        scene.renderer.update_frame = watched
        scene.render()
    (cue,) = scene.cues
    ((name, at),) = cue.marks
    word = next(start for start, _, text in cue.words if text == "six")
    assert name == "six" and at == pytest.approx(word)
    frame = 1 / 15
    first = next(time for time, opacity in seen if opacity > 0.01)
    assert at - 1e-9 <= first + frame and first <= at + frame  # within one frame of the word
    assert all(opacity <= 0.01 for time, opacity in seen if time < at - frame)


def test_clips_timed_by_other_code_are_timed_anew(tmp_path, monkeypatch):
    from pipeline.speech import narrator
    from pipeline.speech.engines import ToneEngine

    class Counting(ToneEngine):
        calls = 0

        def synthesise(self, words):
            Counting.calls += 1
            return super().synthesise(words)

    narrator.Narrator(Narration(engine="tone", cache=str(tmp_path)), Counting()).speak("a-01-x", "One line.")
    narrator.Narrator(Narration(engine="tone", cache=str(tmp_path)), Counting()).speak("a-01-x", "One line.")
    assert Counting.calls == 1  # the same code: the cached clip and its times
    monkeypatch.setattr(narrator, "timing_code", lambda: "other code")
    narrator.Narrator(Narration(engine="tone", cache=str(tmp_path)), Counting()).speak("a-01-x", "One line.")
    assert Counting.calls == 2
