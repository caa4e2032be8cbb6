"""Split long segments into ranges of animations, planned from the previous render's timings.

With one job per segment, the longest segment bounds the whole render however many
workers there are. A range of a scene's animations can be rendered on its own: Manim
runs the scene's code before the range but skips drawing and encoding it (``-n A,B``),
and the ranges' videos join without re-encoding into the same frames as one render.

What a range costs: starting Manim, the scene's own work (building mobjects) up to the
range's end, including the part before the range, and the drawing and encoding of its
animations. Each render records these per play call (``pipeline.timed_manim``); the
plan cuts a segment where the ranges' costs come out about equal. A segment never
rendered has no record: it is rendered whole, and split from the next render on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .media import MediaLayout
from .records.timings import TimingsRecord

MIN_CHUNK_SECONDS = 20.0  # a range shorter than this costs more in start-up and repeated work than it saves
SKIP_SHARE = 0.05  # a skipped play costs about this share of drawing it (its end state is still computed)
# how much longer drawing and encoding take at each quality than at low (the scene's own work does not change)
QUALITY_FACTOR = {"low": 1.0, "medium": 2.0, "high": 4.0, "4k": 12.0}
FPS = {"low": 15, "medium": 30, "high": 60, "4k": 60}

Range = tuple[int, int]  # first and last play call, both included (Manim's -n first,last)
TO_THE_END = -1  # as a range's last play call: every play call to the scene's end (Manim's own "no limit")


@dataclass(frozen=True)
class Costs:
    """What a segment's render cost, per play call, at the quality being planned."""

    startup: float  # importing Manim and the scene, writing the files
    gaps: tuple[float, ...]  # the scene's own work before each play call
    plays: tuple[float, ...]  # each play call's drawing and encoding
    frames: tuple[int, ...]  # each play call's frames

    @property
    def total(self) -> float:
        return self.cost((0, len(self.plays) - 1))

    def cost(self, span: Range) -> float:
        first, last = span
        return (self.startup + sum(self.gaps[: last + 1]) + SKIP_SHARE * sum(self.plays[:first])
                + sum(self.plays[first: last + 1]))


def costs_from(record: TimingsRecord, scale: float = 1.0, frame_scale: float = 1.0) -> Costs | None:
    """The per-play costs in a render's timings record (None when it has none, or is of a split render
    that did not cover every play). ``scale`` converts drawing and encoding to another quality, and
    ``frame_scale`` the frames to its frame rate."""
    if not record.plays or any(p.skipped for p in record.plays):
        return None
    return Costs(record.startup, tuple(p.gap for p in record.plays),
                 tuple(p.seconds * scale for p in record.plays),
                 tuple(round(p.frames * frame_scale) for p in record.plays))


def split(costs: Costs, pieces: int) -> list[Range]:
    """``pieces`` consecutive ranges (fewer if there are fewer plays) whose largest cost is as small as it
    can be: the smallest limit for which filling ranges greedily up to it needs no more than ``pieces``."""
    count = len(costs.plays)
    pieces = max(1, min(pieces, count))
    if pieces == 1:
        return [(0, count - 1)]

    def greedy(limit: float) -> list[Range] | None:
        ranges, first = [], 0
        while first < count:
            last = first
            while last + 1 < count and costs.cost((first, last + 1)) <= limit:
                last += 1
            ranges.append((first, last))
            first = last + 1
            if len(ranges) > pieces:
                return None
        return ranges

    low, high = max(costs.cost((i, i)) for i in range(count)), costs.total
    best = greedy(high) or [(0, count - 1)]
    for _ in range(40):  # bisection on the limit: to well under a second
        if high - low < 0.05:
            break
        middle = (low + high) / 2
        found = greedy(middle)
        if found is None:
            low = middle
        else:
            best, high = found, middle
    return best


def plan(expected: dict[str, Costs | None], slots: int, min_chunk: float = MIN_CHUNK_SECONDS
         ) -> dict[str, list[Range] | None]:
    """Ranges for each segment (None: render it whole), so that ``slots`` workers finish together.

    A job may be as long as the whole work shared by the slots (a longer one would finish last
    alone), and never shorter than ``min_chunk``. A segment longer than that is split into as
    many ranges as it needs, at most one per slot.
    """
    known = {key: c for key, c in expected.items() if c is not None}
    if not known or slots < 2:
        return {key: None for key in expected}
    share = max(sum(c.total for c in known.values()) / slots, min_chunk)
    result: dict[str, list[Range] | None] = {}
    for key, costs in expected.items():
        if costs is None or costs.total <= share * 1.1:
            result[key] = None
            continue
        ranges = split(costs, min(slots, math.ceil(costs.total / share)))
        result[key] = ranges if len(ranges) > 1 else None
    return result


def expected_costs(layout: MediaLayout, key: str) -> Costs | None:
    """The costs recorded by the segment's latest whole record at this quality; else at another quality
    of the same media folder, drawing and encoding scaled to this one."""
    def latest(at: MediaLayout) -> TimingsRecord | None:
        for path in reversed(at.earlier_timings(key)):
            record = TimingsRecord.read(path)
            if record is not None and costs_from(record) is not None:
                return record
        return None

    record = latest(layout)
    if record is not None:
        return costs_from(record)
    for other, factor in QUALITY_FACTOR.items():
        if other == layout.quality:
            continue
        record = latest(layout.at(other))
        if record is not None:
            return costs_from(record, QUALITY_FACTOR[layout.quality] / factor, FPS[layout.quality] / FPS[other])
    return None
