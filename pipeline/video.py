"""Facts about a rendered video file, read by time, and joining videos of one format without re-encoding.

A held frame is one picture lasting many frames (``pipeline.manim_speedups``), so durations,
frame counts and posters are read from the packets' times, never from how many pictures
there are.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Iterator, Sequence

import av

from .files import atomic


class PacketSpan:
    """The earliest start and the latest end of the packets added: a video's span on its clock."""

    def __init__(self) -> None:
        self.start: int | None = None
        self.end: int | None = None

    def add(self, packet) -> None:
        if packet.pts is None:
            return
        ends = packet.pts + (packet.duration or 0)
        self.start = packet.pts if self.start is None else min(self.start, packet.pts)
        self.end = ends if self.end is None else max(self.end, ends)

    def seconds(self, time_base) -> Fraction | None:
        return None if self.start is None or self.end is None else (self.end - self.start) * Fraction(time_base)


def end_time(video: Path) -> Fraction | None:
    """Seconds from the first video stream's first frame to its last frame's end (None: no timed packet)."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        span = PacketSpan()
        for packet in container.demux(stream):
            span.add(packet)
        return span.seconds(stream.time_base)


def duration(video: Path) -> float:
    """Seconds of video: from its first frame's start to its last frame's end."""
    seconds = end_time(video)
    if seconds is not None:
        return float(seconds)
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        return float((stream.duration or 0) * stream.time_base)


def frame_count(video: Path) -> int:
    """Frames on the video's clock (0 when it does not open as a video, or its key frames do not decode).

    Counted from the packets' times, not their number. Every packet is read; only the key
    frames are decoded (each starts a group of pictures). Decoding every frame cost 3.3 ms a
    frame at 1080p: 27 s for a 137 s segment.
    """
    try:
        with av.open(str(video)) as container:
            stream = container.streams.video[0]
            rate = stream.base_rate or stream.average_rate
            stream.codec_context.skip_frame = "NONKEY"
            span, decoded = PacketSpan(), 0
            for packet in container.demux(stream):
                if packet.size:
                    span.add(packet)
                decoded += sum(1 for _ in packet.decode())
            seconds = span.seconds(stream.time_base)
            if not decoded or seconds is None or not rate:
                return 0
            return round(seconds * Fraction(rate))
    except (av.error.FFmpegError, OSError, IndexError):
        return 0


def poster(video: Path, target: Path, at: float = 0.4) -> None:
    """A PNG of the frame on screen ``at`` of the way through (past the opening fade-ins)."""
    wanted = duration(video) * at
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        image = None
        for frame in container.decode(stream):
            if image is not None and frame.time is not None and frame.time > wanted:
                break
            image = frame.to_image()
    with atomic(target) as temporary:
        image.save(temporary, format="PNG")


def same_format(first, other, key: str) -> None:
    """Refuse to join a video of another codec, size or frame rate (one segment rendered at another quality)."""
    a, b = first.codec_context, other.codec_context
    if (a.name, a.width, a.height, first.base_rate) != (b.name, b.width, b.height, other.base_rate):
        raise ValueError(f"segment {key!r} was rendered in another format; render all at one quality")


@dataclass(frozen=True)
class Piece:
    """One video of a join: its name in messages, its chapter's title, and its length."""

    key: str
    title: str
    seconds: float


def packets_in_order(pieces: Sequence[Piece], inputs, stream, first, chapters: list) -> Iterator:
    """Every piece's packets (``inputs``, opened) on one clock, each after the one before it; a chapter per
    piece is added to ``chapters`` as it passes."""
    offset = 0  # in the output stream's time base
    for i, (piece, container) in enumerate(zip(pieces, inputs)):
        source = container.streams.video[0]
        same_format(first, source, piece.key)
        scale = Fraction(source.time_base) / Fraction(first.time_base)
        last = 0
        for packet in container.demux(source):
            if packet.dts is None:
                continue
            packet.pts = int(packet.pts * scale) + offset
            packet.dts = int(packet.dts * scale) + offset
            last = max(last, packet.pts + int((packet.duration or 0) * scale))
            packet.stream = stream
            yield packet
        length = int(round(piece.seconds / first.time_base))
        chapters.append({"id": i + 1, "start": offset, "end": offset + length,
                         "time_base": Fraction(first.time_base), "metadata": {"title": piece.title}})
        offset += max(length, last - offset)


def concatenate(videos: Sequence[Path], target: Path) -> None:
    """Join silent videos of one format by copying their packets (no re-encoding): a segment's ranges."""
    inputs = [av.open(str(video)) for video in videos]
    try:
        first = inputs[0].streams.video[0]
        parts = [Piece(f"range {i + 1}", "", duration(video)) for i, video in enumerate(videos)]
        with atomic(target) as temporary:
            with av.open(str(temporary), "w", format="mp4") as output:
                stream = output.add_stream_from_template(first)
                for packet in packets_in_order(parts, inputs, stream, first, []):
                    output.mux(packet)
    finally:
        for container in inputs:
            container.close()
