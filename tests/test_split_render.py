"""A segment rendered in ranges of its play calls and joined is the same video, frame for frame, with the
same cues, as the segment rendered whole: a 2D segment and the 3D bowl (on a short descent)."""

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


@pytest.mark.parametrize("key", ["ws-update", "bowl"])
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
