"""The split plan: ranges as equal as the play calls allow, only for segments that would finish last alone,
read from the previous render's record (or another quality's, scaled); and the progress display."""

from __future__ import annotations

import io
import json
import time

import pytest

from pipeline.chunks import Costs, costs_from, expected_costs, plan, split
from pipeline.media import MediaLayout
from pipeline.progress import JobState, LiveDisplay, PlainDisplay, Summary, display_for
from pipeline.records import RecordError
from pipeline.records.timings import Play, TimingsRecord


def record(plays: list[tuple[float, float, int]], startup: float = 2.0, skipped=()) -> TimingsRecord:
    rows = tuple(Play(g, s, f, i in skipped) for i, (g, s, f) in enumerate(plays))
    total = round(startup + sum(g + s for g, s, _ in plays), 3)
    return TimingsRecord({"total": total}, {}, (), rows)


def brute_force(costs: Costs, pieces: int) -> float:
    """The smallest possible largest range cost, by trying every set of cuts."""
    from itertools import combinations

    n = len(costs.plays)
    best = float("inf")
    for cuts in combinations(range(1, n), pieces - 1):
        bounds = [0, *cuts, n]
        spans = [(a, b - 1) for a, b in zip(bounds, bounds[1:])]
        best = min(best, max(costs.cost(s) for s in spans))
    return best


def test_costs_count_the_scene_work_before_a_range_and_its_own_plays():
    costs = costs_from(record([(1.0, 10.0, 30), (2.0, 20.0, 60), (0.5, 5.0, 15)], startup=3.0))
    assert costs.total == pytest.approx(3 + 3.5 + 35)
    # the last range: start-up, every gap up to it, the skipped plays at a small share, its own play
    assert costs.cost((2, 2)) == pytest.approx(3 + 3.5 + 0.05 * 30 + 5)
    assert costs.frames == (30, 60, 15)


@pytest.mark.parametrize("pieces", [2, 3, 4])
def test_split_finds_the_smallest_largest_range(pieces):
    plays = [(0.3, 4.0, 10), (1.0, 12.0, 40), (0.1, 1.0, 5), (2.0, 30.0, 90), (0.2, 3.0, 9), (0.5, 9.0, 30),
             (0.1, 18.0, 60), (0.4, 2.0, 8)]
    costs = costs_from(record(plays))
    spans = split(costs, pieces)
    assert len(spans) == pieces and spans[0][0] == 0 and spans[-1][1] == len(plays) - 1
    assert all(a[1] + 1 == b[0] for a, b in zip(spans, spans[1:]))
    assert max(costs.cost(s) for s in spans) == pytest.approx(brute_force(costs, pieces), abs=0.06)
    assert max(costs.cost(s) for s in spans) < costs.total


def test_split_never_makes_more_ranges_than_play_calls():
    costs = costs_from(record([(0.1, 5.0, 10), (0.1, 5.0, 10)]))
    assert split(costs, 5) == [(0, 0), (1, 1)]
    assert split(costs, 1) == [(0, 1)]


def test_plan_splits_only_what_would_finish_last_alone():
    long = costs_from(record([(1.0, 30.0, 100)] * 8))  # about 250 s
    short = costs_from(record([(0.5, 10.0, 30)] * 3))  # about 34 s
    expected = {"long": long, "short": short, "new": None}
    # two workers: the long one is more than half the work, so it is split; a never-rendered one is not
    two = plan(expected, 2)
    assert two["short"] is None and two["new"] is None and len(two["long"]) == 2
    eight = plan(expected, 8)
    assert 4 <= len(eight["long"]) <= 8 and eight["short"] is None
    # one worker: nothing to share the work with
    assert plan(expected, 1) == {"long": None, "short": None, "new": None}
    # a minimum range length that the segment cannot reach: left whole
    assert plan(expected, 8, min_chunk=1000)["long"] is None


def test_a_record_that_skipped_plays_does_not_plan():
    assert costs_from(record([(0.1, 1.0, 3), (0.1, 1.0, 3)], skipped={0})) is None
    assert costs_from(TimingsRecord({"total": 3})) is None


def test_a_timings_record_reads_back_and_refuses_another_format_or_a_mistyped_field():
    written = record([(0.1, 1.0, 3), (0.2, 2.0, 6)], skipped={1})
    assert TimingsRecord.from_json(written.to_json()) == written
    data = json.loads(written.to_json())
    for broken in ({**data, "format": "timings/0"}, {**data, "plays": [{"gap": "x"}]}, {"seconds": {"total": 3}}):
        with pytest.raises(RecordError):
            TimingsRecord.from_json(json.dumps(broken))


def test_merged_ranges_plan_as_the_whole_render(tmp_path):
    plays = [(1.0, 10.0, 30), (2.0, 20.0, 60), (0.5, 5.0, 15)]
    whole = record(plays, startup=3.0)
    first = record([(1.0, 10.0, 30), (2.0, 20.0, 60)], startup=3.0)
    second = record([(1.0, 0.2, 30), (2.0, 0.2, 60), (0.5, 5.0, 15)], startup=3.0, skipped={0, 1})  # skipped: fast
    merged = TimingsRecord.merged([first, second])
    assert merged.chunks == 2 and len(merged.plays) == 3
    assert costs_from(merged) == costs_from(whole)


def test_expected_costs_come_from_this_quality_or_another_scaled(tmp_path):
    low = MediaLayout(tmp_path, "lesson", "low")
    low.segments.mkdir(parents=True)
    (low.segments / "bowl-aaaa.timings.json").write_text(record([(1.0, 10.0, 30)]).to_json())
    high = low.at("high")
    scaled = expected_costs(high, "bowl")
    assert scaled.plays == (40.0,) and scaled.frames == (120,) and scaled.gaps == (1.0,)
    assert expected_costs(low, "bowl").plays == (10.0,)
    assert expected_costs(low, "hook") is None
    high.segments.mkdir(parents=True)
    (high.segments / "bowl-bbbb.timings.json").write_text(record([(1.0, 33.0, 120)]).to_json())
    assert expected_costs(high, "bowl").plays == (33.0,)  # its own quality first


def test_plain_lines_when_not_a_terminal(tmp_path):
    lines: list[str] = []
    display = display_for(lines.append, io.StringIO())
    assert isinstance(display, PlainDisplay)
    job = JobState("bowl [1/2]", 100.0, 400, tmp_path / "p.json")
    display.begin([job], "rendering 1")
    job.progress.write_text(json.dumps({"started": time.time() - 20, "frames": 100}))
    job.poll()
    display.last = 0.0  # a heartbeat is due
    display.update()
    assert lines[-1].startswith("  rendering: bowl [1/2] 20 s (100/400 frames)")
    display.update()  # not again until the next heartbeat
    assert len(lines) == 2
    display.end([Summary("bowl", "rendered", 120.0, 2, 70.0), Summary("hook", "reused", 0.0)], 75.0)
    assert any("bowl" in line and "rendered" in line and "70.0" in line for line in lines)
    assert lines[-1].endswith("rendered 1, reused 1, failed 0; 75 s")


def test_the_live_display_follows_frames_and_ends_with_a_table(tmp_path):
    from rich.console import Console

    display = LiveDisplay(Console(file=io.StringIO(), width=120, force_terminal=False))
    job = JobState("crime-scene", 60.0, 200, tmp_path / "p.json")
    display.begin([job], "rendering 1")
    job.progress.write_text(json.dumps({"started": time.time(), "frames": 50}))
    job.poll()
    display.update()
    task = display.progress.tasks[-1]
    assert task.description == "crime-scene" and task.completed == 50 and task.total == 200
    assert display.progress.tasks[0].completed == 15  # a quarter of its 60 s of expected work
    job.seconds = 61.0
    display.finished(job, "[1/1] crime-scene: done")
    display.end([Summary("crime-scene", "rendered", 61.0)], 62.0)
    out = display.console.file.getvalue()
    assert "[1/1] crime-scene: done" in out and "rendered in 62 s" in out
