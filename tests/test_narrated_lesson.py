"""The whole lesson, narrated, stays in sync from the first chapter to the last.

Rendered once with the tone double (a tone per sentence, of known length, with a sharp
onset), so the figure measures the pipeline (beat timing, segment tracks, the join, AAC
priming), not a voice: every sentence's speech onset in the final ``lesson.mp4`` lies within
60 ms of its caption. The real voice's figures come from ``make bench`` and the README.
"""

from __future__ import annotations

import json

import av
import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.speech.engines import ToneEngine
from pipeline.speech.speakable import speakable
from pipeline.speech.sync import caption_starts, decoded_audio, ebur128, onsets
from scenes.kit.captions import captions


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    folder = tmp_path_factory.mktemp("narrated")
    config = folder / "toned.toml"
    config.write_text('[lesson]\nanswer_key = []\n[narration]\nengine = "tone"\n')
    result = CliRunner().invoke(main, ["render", "--config", str(config), "--media", str(folder / "media"),
                                       "--jobs", "2", "--no-webm"])  # the page's WebM is tested in test_site
    assert result.exit_code == 0, result.output
    out = next((folder / "media").glob("toned-*/low"))
    return out, json.loads((out / "manifest.json").read_text())


def test_the_whole_lessons_page_lists_every_chapter_and_line(lesson):
    from pipeline.site.data import read_video

    folder, manifest = lesson
    html = (folder / "site" / "index.html").read_text(encoding="utf-8")
    video = read_video(folder, "lesson")
    assert len(video.chapters) == len(manifest["segments"]) and html.count('data-index=') == \
        len(video.chapters) + len(video.beats)
    assert not (folder / "site" / "lesson.webm").exists()  # --no-webm


def test_every_sentence_of_the_whole_lesson_starts_within_60_ms_of_its_caption(lesson):
    folder, manifest = lesson
    assert manifest["duration"] > 600  # the whole lesson, not a part
    samples, _ = decoded_audio(folder / "lesson.mp4")
    starts, offset, lengths = [], 0.0, []
    for segment in manifest["segments"]:
        for cue in json.loads((folder / segment["video"]).with_suffix(".json").read_text()):
            for at, _, seconds in cue["clips"]:
                starts.append(offset + at)
                lengths.append(seconds)
        offset += segment["duration"]
    captions = caption_starts((folder / "lesson.srt").read_text())
    assert all(min(abs(c - s) for c in captions) < 0.002 for s in starts)  # a caption at every sentence
    found = onsets(samples, 48000, starts)
    offsets = [abs(o - s) for o, s in zip(found, starts)]
    assert None not in found
    assert max(offsets) <= 0.060, max(offsets)
    last = manifest["segments"][-1]["duration"]
    assert starts[-1] > manifest["duration"] - last  # the last chapter is measured too
    assert len(samples) / 48000 == pytest.approx(manifest["duration"], abs=0.05)


def test_each_beat_lasts_as_long_as_its_tones(lesson):
    folder, manifest = lesson
    checked = 0
    for segment in manifest["segments"]:
        for cue in json.loads((folder / segment["video"]).with_suffix(".json").read_text()):
            expected = [ToneEngine.length(speakable(" ".join(pieces))) for pieces in captions(cue["text"])]
            assert [round(seconds, 2) for _, _, seconds in cue["clips"]] == pytest.approx(expected, abs=0.011)
            spoken_end = cue["clips"][-1][0] + cue["clips"][-1][2]
            assert cue["end"] >= spoken_end + 0.5, cue["id"]  # the line ends, with a pause, before its beat does
            checked += 1
    assert checked > 150


def test_the_whole_lesson_is_at_minus_16_lufs(lesson):
    folder, manifest = lesson
    samples, _ = decoded_audio(folder / "lesson.mp4")
    measured = ebur128(samples, 48000)
    assert measured["integrated"] == pytest.approx(-16, abs=1)
    assert measured["true_peak"] < -1
    with av.open(str(folder / "lesson.mp4")) as container:
        assert len(container.chapters()) == len(manifest["segments"])
