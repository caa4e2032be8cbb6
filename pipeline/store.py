"""Keep a rendered segment under its key: its cues, voice track, timings, poster, a check record, and the video.

What is stored here is part of what a segment's key covers (``pipeline.imports``): the voice
track is mixed and the poster drawn by this module, so a change to how either is made
changes the key and is stored anew.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .files import atomic, write_text
from .media import RangeFiles, StoredSegment
from .records.check import SegmentCheck
from .records.cues import SegmentCues
from .records.timings import TimingsRecord
from .speech.audio import write_wav
from .speech.mix import segment_track
from .speech.settings import Narration
from .video import concatenate, duration, frame_count, poster


def store(stored: StoredSegment, video: Path, cues: Path, record: TimingsRecord, frames: int,
          narration: Narration | None) -> None:
    """Keep a rendered segment: cues, voice track, timings, poster, a record of every file's size and hash,
    and the video last (its presence means the segment is whole)."""
    stored.discard()  # whatever an earlier, damaged copy left
    segment_cues = SegmentCues.read(cues)
    write_text(stored.cues, segment_cues.to_json())
    if narration is not None and not narration.silent:
        write_wav(stored.audio, segment_track(segment_cues.cues, duration(video), Path(narration.cache)))
    write_text(stored.timings, record.to_json())
    poster(video, stored.poster)
    staged = stored.video.with_name(stored.video.name + ".new")
    with atomic(staged) as temporary:
        shutil.copyfile(video, temporary)
    write_text(stored.check, SegmentCheck.of(stored, staged, frames).to_json())
    os.replace(staged, stored.video)


def store_joined(stored: StoredSegment, ranges: list[RangeFiles], narration: Narration | None) -> int:
    """Join a segment's ranges (in order) into the stored segment, as ``store`` keeps a whole render:
    the videos by copying packets, the cues of the last range (its scene ran every beat), the ranges'
    timings merged. Returns the frames joined (0: the joined video does not decode)."""
    joined = ranges[-1].video.with_name("joined.mp4")
    concatenate([r.video for r in ranges], joined)
    frames = frame_count(joined)
    if frames:
        records = [TimingsRecord.read(r.timings) or TimingsRecord() for r in ranges]
        store(stored, joined, ranges[-1].cues, TimingsRecord.merged(records), frames, narration)
    return frames
