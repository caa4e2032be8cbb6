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

SHORT = ["ws-update", "ws-forward"]  # the two quickest segments to render


def parse_srt(text: str) -> list[tuple[float, float, str]]:
    def seconds(stamp: str) -> float:
        h, m, rest = stamp.split(":")
        s, ms = rest.split(",")
        return int(h) * 3600 + int(m) * 60 + int(s) + int(ms) / 1000

    cues = []
    for block in text.strip().split("\n\n"):
        number, times, *lines = block.split("\n")
        start, end = times.split(" --> ")
        cues.append((seconds(start), seconds(end), "\n".join(lines)))
        assert int(number) == len(cues)
    return cues


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    media = tmp_path_factory.mktemp("media")
    began = time.perf_counter()
    result = CliRunner().invoke(main, ["render", *SHORT, "--media", str(media), "--jobs", "2"])
    assert result.exit_code == 0, result.output
    return media / "lesson" / "low", time.perf_counter() - began, media


def manifest_of(folder):
    return json.loads((folder / "selection.manifest.json").read_text())


def test_the_lesson_video_joins_the_segments_with_a_chapter_each(rendered):
    folder, _, _ = rendered
    manifest = manifest_of(folder)
    assert [s["key"] for s in manifest["segments"]] == SHORT
    with av.open(str(folder / "selection.mp4")) as container:
        stream = container.streams.video[0]
        seconds = float(stream.frames / stream.base_rate)
        chapters = container.chapters()
    parts = []
    for segment in manifest["segments"]:
        with av.open(str(folder / segment["video"])) as part:
            parts.append(float(part.streams.video[0].frames / part.streams.video[0].base_rate))
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

    parts = [Part("a", "A", Path("a.mp4"), ((0.0, 1.5, "one"),), 2.0),
             Part("b", "B", Path("b.mp4"), ((0.25, 3.0, "two"),), 2.5)]
    cues = timed_cues(parts)
    assert cues == [(0.0, 1.5, "one"), (2.25, 4.5, "two")]  # the second cue is cut at its segment's end
    assert "00:00:02,250 --> 00:00:04,500\ntwo" in srt(cues)
    assert "00:00:02.250 --> 00:00:04.500\ntwo" in vtt(cues)


def test_a_killed_render_leaves_no_truncated_final_file(tmp_path):
    command = [sys.executable, "-m", "pipeline.cli", "render", "valley", "--media", str(tmp_path)]
    process = subprocess.Popen(command, cwd=Path(__file__).parent.parent, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    while time.time() < deadline and not list((tmp_path / "lesson").glob("work/runs/*/videos/*/*/partial_movie_files/*/*.mp4")):
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


def test_a_dask_cluster_renders_the_same_video_as_local_processes(rendered, tmp_path):
    from distributed import LocalCluster

    folder, _, _ = rendered
    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None) as cluster:
        result = CliRunner().invoke(main, ["render", *SHORT, "--media", str(tmp_path),
                                           "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    assert "rendering 2 at low quality with 2 processes" in result.output
    remote, local = tmp_path / "lesson" / "low", folder
    assert not any(s["reused"] for s in manifest_of(remote)["segments"])  # rendered there, not copied
    ours, theirs = frames_of(remote / "selection.mp4"), frames_of(local / "selection.mp4")
    assert len(ours) == len(theirs) > 100
    assert all((a == b).all() for a, b in zip(ours, theirs))


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
