"""A real render through the CLI: joined video, chapters, captions, reuse, a killed run, and a Dask cluster."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import av
import pytest
from click.testing import CliRunner

from pipeline.assemble import srt, timed_cues, vtt
from pipeline.cli import main
from pipeline.speech.sync import parse_srt

SHORT = ["ws-update", "ws-forward"]  # the two quickest segments to render


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    began = time.perf_counter()
    result = CliRunner().invoke(main, ["render", *SHORT, "--media", str(media), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return media / "lesson" / "low", time.perf_counter() - began, media


def manifest_of(folder):
    return json.loads((folder / "selection.manifest.json").read_text())


def clock_seconds(video: Path) -> float:
    """Where the last decoded picture ends: its time plus one frame (a held frame is one picture that
    lasts until the hold's last frame, which is a picture of its own)."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        last = max(frame.time for frame in container.decode(stream))
        return float(last + 1 / stream.base_rate)


def test_the_lesson_video_joins_the_segments_with_a_chapter_each(rendered):
    folder, _, _ = rendered
    manifest = manifest_of(folder)
    assert [s["key"] for s in manifest["segments"]] == SHORT
    with av.open(str(folder / "selection.mp4")) as container:
        chapters = container.chapters()
    seconds = clock_seconds(folder / "selection.mp4")
    parts = [clock_seconds(folder / segment["video"]) for segment in manifest["segments"]]
    assert seconds == pytest.approx(sum(parts), abs=0.07)
    assert manifest["duration"] == pytest.approx(sum(parts), abs=0.01)
    assert [c["metadata"]["title"] for c in chapters] == [s["title"] for s in manifest["segments"]]
    assert float(chapters[1]["start"] * chapters[1]["time_base"]) == pytest.approx(parts[0], abs=0.07)
    assert all((folder / s["poster"]).stat().st_size > 1000 for s in manifest["segments"])


def test_captions_parse_and_lie_within_the_video(rendered):
    folder, _, _ = rendered
    manifest = manifest_of(folder)
    cues = parse_srt((folder / "selection.srt").read_text())
    assert cues[0][2] == "Worksheet phase 5: the update."  # the chapter card is read first
    assert cues[1][2].startswith("Phase five: make it better.")
    assert all(0 <= a < b <= manifest["duration"] + 1e-6 for a, b, _ in cues)
    assert [a for a, _, _ in cues] == sorted(a for a, _, _ in cues)
    assert any(a >= manifest["segments"][0]["duration"] for a, _, _ in cues)  # the second segment's cues
    first = cues[0][0]
    assert (folder / "selection.vtt").read_text().startswith(f"WEBVTT\n\n00:00:{first:06.3f} --> ")


def test_a_second_render_with_nothing_changed_renders_nothing(rendered):
    folder, first, media = rendered
    began = time.perf_counter()
    result = CliRunner().invoke(main, ["render", *SHORT, "--media", str(media)])
    second = time.perf_counter() - began
    assert result.exit_code == 0, result.output
    assert "2 of 2 segment(s) unchanged; rendering 0" in result.output
    manifest = manifest_of(folder)
    assert all(s["reused"] for s in manifest["segments"])
    assert second < first / 4


def test_caption_formats_agree():
    from pipeline.assemble import Part

    parts = [Part("a", "A", 2.0, Path("a.mp4"), ((0.0, 1.5, "one"),)),
             Part("b", "B", 2.5, Path("b.mp4"), ((0.25, 3.0, "two"),))]
    cues = timed_cues(parts)
    assert cues == [(0.0, 1.5, "one"), (2.25, 4.5, "two")]  # the second cue is cut at its segment's end
    assert "00:00:02,250 --> 00:00:04,500\ntwo" in srt(cues)
    assert "00:00:02.250 --> 00:00:04.500\ntwo" in vtt(cues)


def test_a_killed_render_leaves_no_truncated_final_file(tmp_path):
    command = [sys.executable, "-m", "pipeline.cli", "render", "valley", "--media", str(tmp_path)]
    process = subprocess.Popen(command, cwd=Path(__file__).parent.parent, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list((tmp_path / "lesson").glob("work/runs/*/manim/videos/*/*/partial_movie_files/*/*.mp4")):
        time.sleep(0.5)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    folder = tmp_path / "lesson" / "low"
    assert not list(folder.glob("*.mp4")) and not list(folder.glob("*manifest.json"))
    for video in folder.glob("segments/*.mp4"):  # any final file that exists must be whole
        with av.open(str(video)) as container:
            assert sum(1 for _ in container.decode(video=0)) == container.streams.video[0].frames


def frames_of(video: Path) -> list:
    with av.open(str(video)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


def test_a_dask_cluster_renders_the_same_video_as_local_processes(rendered, tmp_path, monkeypatch):
    from distributed import LocalCluster

    folder, _, _ = rendered
    remote, local = tmp_path / "lesson" / "low", folder
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
        result = CliRunner().invoke(main, ["render", *SHORT, "--media", str(tmp_path),
                                           "--scheduler", cluster.scheduler_address])
        assert result.exit_code == 0, result.output
        assert "rendering 2 at low quality with 2 processes" in result.output
        assert not any(s["reused"] for s in manifest_of(remote)["segments"])  # rendered there, not copied
        ours, theirs = frames_of(remote / "selection.mp4"), frames_of(local / "selection.mp4")
        assert len(ours) == len(theirs) > 100
        assert all((a == b).all() for a, b in zip(ours, theirs))

        # again, split: the plan made from that render's timings sends ranges of each segment to the workers
        for video in (remote / "segments").glob("*.mp4"):
            video.unlink()
        monkeypatch.setenv("LESSON_MIN_CHUNK_SECONDS", "1")
        monkeypatch.setenv("LESSON_PLAN_SLOTS", "4")  # planned for 4 slots: each segment is over a slot's share
        result = CliRunner().invoke(main, ["render", *SHORT, "--media", str(tmp_path),
                                           "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "split into" in result.output
    segments = manifest_of(remote)["segments"]
    assert any(len(s["ranges"]) >= 2 for s in segments)
    split = frames_of(remote / "selection.mp4")
    assert len(split) == len(theirs) and all((a == b).all() for a, b in zip(split, theirs))
    for segment in segments:  # the same cues (and so the same voice track) as the local render's
        cues = (remote / segment["video"]).with_suffix(".json").read_text()
        assert cues == (local / segment["video"]).with_suffix(".json").read_text()


def test_an_unreachable_or_empty_scheduler_is_a_clear_error():
    from distributed import LocalCluster

    from pipeline.cluster import ClusterError, cluster_executor

    with pytest.raises(ClusterError, match="cannot reach the Dask scheduler at tcp://127.0.0.1:9"):
        with cluster_executor("tcp://127.0.0.1:9", timeout=2):
            pass
    with LocalCluster(n_workers=0, host="127.0.0.1", dashboard_address=None) as cluster:
        with pytest.raises(ClusterError, match="has no workers; start some with `dask worker"):
            with cluster_executor(cluster.scheduler_address):
                pass


# ------------------------------------------------------------------------------------------ the voice

def sentence_starts(folder: Path, manifest: dict) -> list[float]:
    """When each spoken sentence's first word is said on the lesson's clock (from the stored cues: the first
    word at or after each clip's start)."""
    starts, offset = [], 0.0
    for segment in manifest["segments"]:
        for cue in json.loads((folder / segment["video"]).with_suffix(".json").read_text()):
            for at, _, _ in cue["clips"]:
                starts.append(offset + min(a for a, _, _ in cue["words"] if a >= at - 1e-6))
        offset += segment["duration"]
    return starts


def test_the_lesson_is_narrated_in_sync_and_at_broadcast_loudness(rendered):
    from pipeline.speech.sync import decoded_audio, ebur128, onsets

    folder, _, _ = rendered
    manifest = manifest_of(folder)
    assert manifest["narration"]["engine"] == "piper" and manifest["narration"]["model_sha256"]
    with av.open(str(folder / "selection.mp4")) as container:
        audio = container.streams.audio[0]
        assert (audio.codec_context.name, audio.rate, audio.channels) == ("aac", 48000, 1)
    samples, _ = decoded_audio(folder / "selection.mp4")
    assert len(samples) / 48000 == pytest.approx(manifest["duration"], abs=0.05)
    # every sentence's caption appears as its first word is said, and the voice is heard then
    captions = [a for a, _, _ in parse_srt((folder / "selection.srt").read_text())]
    starts = sentence_starts(folder, manifest)
    assert len(starts) >= 10
    assert all(min(abs(c - s) for c in captions) < 0.002 for s in starts)
    found = onsets(samples, 48000, starts, before=0.1)
    assert None not in found
    worst = max(abs(o - s) for o, s in zip(found, starts))
    assert worst <= 0.060, worst
    measured = ebur128(samples, 48000)
    assert measured["integrated"] == pytest.approx(-16, abs=1)
    assert measured["true_peak"] < -1
    assert manifest["audio"]["loudness_lufs"] == pytest.approx(-16, abs=0.3)


def test_captions_are_at_most_two_lines_of_42_characters(rendered):
    folder, _, _ = rendered
    for _, _, text in parse_srt((folder / "selection.srt").read_text()):
        lines = text.split("\n")
        assert len(lines) <= 2 and max(map(len, lines)) <= 42, text


def test_a_silent_preview_has_no_sound_and_keeps_the_reading_pace(tmp_path):
    result = CliRunner().invoke(main, ["render", "ws-update", "--media", str(tmp_path), "--narration", "none"])
    assert result.exit_code == 0, result.output
    folder = tmp_path / "lesson" / "low"
    with av.open(str(folder / "selection.mp4")) as container:
        assert not container.streams.audio
    assert manifest_of(folder)["narration"] == {"engine": "none"}


def test_the_narration_script_lists_every_line_by_cue_id(tmp_path):
    config = tmp_path / "short.toml"
    config.write_text('[lesson]\nsegments = ["title"]\nanswer_key = ["ws-update"]\n')
    result = CliRunner().invoke(main, ["narration", "script", "--config", str(config), "--out", str(tmp_path / "n")])
    assert result.exit_code == 0, result.output
    rows = (tmp_path / "n" / "script.csv").read_text().splitlines()
    assert rows[0] == "cue_id,segment,line,expected_seconds,slots,replaced"
    assert rows[1].startswith("title-01-")
    assert any(r.startswith("ws-update-01-chapter,ws-update,Worksheet phase 5: the update.,") for r in rows)
    assert "`ws-update-02-" in (tmp_path / "n" / "script.md").read_text()


def test_a_recorded_lesson_lists_every_missing_recording_before_rendering(tmp_path):
    takes = tmp_path / "takes"
    takes.mkdir()
    (takes / "ws-update-02-rule.mp3").write_bytes(b"\x00" * 4000)  # unreadable
    config = tmp_path / "rec.toml"
    config.write_text('[lesson]\nsegments = ["title"]\nanswer_key = []\n'
                      '[narration]\nengine = "recorded"\nfolder = "takes"\n')
    result = CliRunner().invoke(main, ["render", "ws-update", "--config", str(config), "--media", str(tmp_path / "m")])
    assert result.exit_code == 2, result.output
    assert "unreadable: ws-update-02-rule" in result.output
    assert "missing (3): ws-update-01-chapter, ws-update-03-new, ws-update-04-verdict" in result.output
    assert not (tmp_path / "m" / config.stem).exists() or not list((tmp_path / "m").rglob("*.mp4"))


def test_a_clip_removed_from_the_speech_cache_mid_run_is_spoken_again(tmp_path, monkeypatch):
    """Issue 32: deleting the speech cache during a render aborted the whole run ("unexpected error: AudioError" and
    a traceback). The segment renders once more instead, its lines spoken anew. (The pool's workers are forked:
    they carry this patch.)"""
    import shutil as shell

    from click.testing import CliRunner

    from pipeline import render
    from pipeline.cli import main

    real, calls = render.store, []

    def clearing(stored, video, cues, record, frames, narration):
        calls.append(stored.video.name)
        if len(calls) == 1:  # someone clears the clip cache between the render and the mix
            shell.rmtree(narration.cache)
        return real(stored, video, cues, record, frames, narration)

    monkeypatch.setattr(render, "store", clearing)
    config = tmp_path / "toned.toml"
    config.write_text('[narration]\nengine = "tone"\n')
    done = CliRunner().invoke(main, ["render", "title", "--config", str(config), "--media", str(tmp_path / "m"),
                                     "--jobs", "1", "--no-webm", "--no-site"])
    assert done.exit_code == 0, done.output
    (render_folder,) = (tmp_path / "m").glob("toned-*/low")
    assert (render_folder / "selection.mp4").is_file()


def test_a_recorded_lesson_with_a_relative_folder_renders_with_its_recordings(tmp_path, monkeypatch):
    """Issue 32: README's own form, `folder = "takes"`, failed every segment: the render processes resolved it from
    the frozen config copy in work/configs, not from the config's folder. Rendered here from another folder."""
    import wave

    import numpy as np

    lesson = tmp_path / "teacher"
    takes = lesson / "takes"
    takes.mkdir(parents=True)
    tone = (0.3 * np.sin(2 * np.pi * 220 * np.arange(int(1.2 * 24000)) / 24000) * 32767).astype("<i2")
    with wave.open(str(takes / "title-01-title.wav"), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(24000)
        out.writeframes(tone.tobytes())
    config = lesson / "rec.toml"
    config.write_text('[lesson]\nsegments = ["title"]\nanswer_key = []\n'
                      '[narration]\nengine = "recorded"\nfolder = "takes"\n', encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)  # "takes" is not here: only the config's folder has it
    result = CliRunner().invoke(main, ["render", "title", "--config", str(config), "--media", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    folder = next((tmp_path / "m").glob("rec-*/low"))
    assert manifest_of(folder)["narration"]["engine"] == "recorded"
    with av.open(str(folder / "selection.mp4")) as container:
        assert container.streams.audio
