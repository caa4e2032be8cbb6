"""A segment rendered in ranges of its play calls and joined is the same video, frame for frame, with the
same cues, as the segment rendered whole; a segment that cannot be split yet (the 3D bowl) is planned whole."""

from __future__ import annotations

import json
from pathlib import Path

import av
import numpy as np
import pytest
from configs import edited

from pipeline import render
from pipeline.chunks import costs_from, split
from pipeline.config import load_config
from pipeline.media import MediaLayout, RangeFiles
from pipeline.records.check import SegmentCheck
from pipeline.records.timings import TimingsRecord
from pipeline.render import snapshot
from pipeline.store import store_joined
from scenes.order import find

PIECES = 3


def frames(video: Path) -> list[tuple[float, np.ndarray]]:
    with av.open(str(video)) as container:
        return [(frame.time, frame.to_ndarray(format="rgb24")) for frame in container.decode(video=0)]


@pytest.mark.parametrize("key", ["ws-update"])  # the 3D bowl is rendered whole (scenes/order.py says why)
def test_ranges_joined_are_the_whole_render(tmp_path, key):
    # the bowl's descent shortened to a few steps: its 3D part is what is tested, not its length
    bowl = 'start = [3, 2]\nlearning_rate = 0.1\nsteps = 100\nshown_rows = [0, 1, 2, 3, 10]'
    config = load_config(edited(tmp_path, bowl, bowl.replace("steps = 100", "steps = 4").replace(", 3, 10", ", 3")))
    segment = find([key])[0]
    layout = MediaLayout(tmp_path, "lesson", "low")
    frozen = snapshot(config, layout)
    whole = layout.stored(segment.key, "whole")
    result = render.render_one(segment, layout, whole, frozen, limit=900)
    assert result.ok, result.log[-3000:]

    spans = split(costs_from(result.timings), PIECES)
    assert len(spans) == PIECES and spans[0][0] == 0
    assert all(a[1] + 1 == b[0] for a, b in zip(spans, spans[1:]))  # consecutive, nothing left out
    ranges = [RangeFiles(layout.chunks, i) for i in range(PIECES)]
    for span, files in zip(spans, ranges):
        part = render.render_one(segment, layout, files, frozen, limit=900, span=span)
        assert part.ok, part.log[-3000:]
    joined = layout.stored(segment.key, "joined")
    assert store_joined(joined, ranges, None)
    assert SegmentCheck.damage(joined) is None  # stored and recorded as a whole render is

    one, other = frames(whole.video), frames(joined.video)
    assert len(one) == len(other) > 100
    assert max(abs(a - b) for (a, _), (b, _) in zip(one, other)) < 0.5 / 15  # each frame at its time
    assert all(np.array_equal(a, b) for (_, a), (_, b) in zip(one, other))  # and the same pixels
    assert json.loads(joined.cues.read_text()) == json.loads(whole.cues.read_text())
    # the first ranges drew nothing they were not asked for
    first = frames(ranges[0].video)
    assert 0 < len(first) < len(one)
    # the joined record can plan the next split: every play call is in it, drawn once
    record = TimingsRecord.read(joined.timings)
    assert record.chunks == PIECES and len(record.plays) == len(result.timings.plays)
    assert costs_from(record) is not None


def test_a_plan_made_from_an_older_scene_with_fewer_play_calls_still_draws_every_one(tmp_path):
    """A split is planned from the segment's last render, which may be of an older version of the scene (every
    edit changes the key, not the name): planned from a record that knows only the first half of the play calls,
    the joined segment is still the whole scene, frame for frame (the last range runs to the scene's end)."""
    from pipeline.schedule import render_all
    from pipeline.tuning import Tuning

    config = load_config()
    layout = MediaLayout(tmp_path, "lesson", "low")
    segments = tuple(find(["ws-update"]))
    (whole,) = render_all(segments, config, layout, jobs=1, report=lambda _: None)
    assert whole.ok, whole.log[-3000:]
    expected, cues = frames(whole.video), json.loads(whole.video.with_suffix(".json").read_text())
    record = whole.timings
    older = layout.segments / "ws-update-0000000000000000.timings.json"  # an older scene's: half the play calls
    older.write_text(TimingsRecord(record.seconds, record.counts, record.formulas,
                                   record.plays[: len(record.plays) // 2]).to_json(), encoding="utf-8")
    for path in layout.segments.glob(f"{whole.video.stem}.*"):
        if path != older and not path.name.endswith(".timings.json"):
            path.unlink()  # the video gone: rendered again, in ranges planned from the older record
    for path in layout.segments.glob(f"{whole.video.stem}.timings.json"):
        path.unlink()
    (split_render,) = render_all(segments, config, layout, jobs=2, report=lambda _: None,
                                 tuning=Tuning(min_chunk_seconds=0.1))
    assert split_render.ok and len(split_render.ranges) == 2, split_render.log[-3000:]
    again = frames(split_render.video)
    assert len(again) == len(expected) and all(np.array_equal(a, b) for (_, a), (_, b) in zip(again, expected))
    assert json.loads(split_render.video.with_suffix(".json").read_text()) == cues


def test_a_segment_that_does_not_split_is_planned_whole_however_long(tmp_path, monkeypatch):
    """The bowl (see scenes/order.py) is rendered whole even where the plan would split it."""
    from pipeline.chunks import Costs
    from pipeline.schedule import _jobs
    from pipeline.tuning import Tuning

    layout = MediaLayout(tmp_path, "lesson", "low")
    costs = Costs(1.0, (0.1,) * 40, (2.0,) * 40, (30,) * 40)
    segments = find(["bowl", "ws-update"])
    assert not segments[0].splits and segments[1].splits
    todo = [(s, layout.stored(s.key, "k")) for s in segments]
    monkeypatch.setattr("pipeline.schedule.expected_costs", lambda _layout, key: costs)  # a long record for both
    jobs = _jobs(todo, layout, 4, Tuning(min_chunk_seconds=1))
    assert [j.span for j in jobs if j.segment.key == "bowl"] == [None]
    assert len([j for j in jobs if j.segment.key == "ws-update"]) > 1
