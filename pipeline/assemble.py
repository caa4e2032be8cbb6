"""From rendered segments to a lesson: posters, one MP4 with chapters, captions, a manifest.

Every final file is written to a temporary name and renamed, so a run stopped
half-way never leaves a truncated lesson behind.
"""

from __future__ import annotations

import json
import os
import time
from contextlib import contextmanager
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Iterator, Sequence

import av


@contextmanager
def atomic(path: Path, suffix: str | None = None) -> Iterator[Path]:
    """Yield a temporary path beside ``path``; rename it into place only on success."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.stem}.{os.getpid()}.partial{suffix or path.suffix}")
    try:
        yield temporary
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)


def write_text(path: Path, text: str) -> None:
    with atomic(path) as temporary:
        temporary.write_text(text, encoding="utf-8")


class PacketSpan:
    """The earliest start and the latest end of the packets added: a video's span on its clock.

    Read from the packets' times, not from how many there are: a frame held still is encoded
    once and lasts until the hold's last frame (``pipeline.manim_speedups``), so frames on the
    clock outnumber the pictures in the file.
    """

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


@dataclass(frozen=True)
class Part:
    key: str
    title: str
    video: Path
    cues: tuple[tuple[float, float, str], ...]
    seconds: float
    audio: Path | None = None  # the segment's voice track (None: a silent segment)


def join(parts: Sequence[Part], target: Path, title: str) -> dict:
    """Concatenate the segments by copying packets (no re-encoding), one chapter per segment.

    When every segment has a voice track, the lesson's track is assembled from them (each
    exactly as long as its video), normalised as a whole (``speech.loudness``) and encoded
    once as AAC, interleaved with the video. Returns the loudness figures (empty when silent).
    """
    voiced = bool(parts) and all(p.audio for p in parts)
    with atomic(target) as temporary:
        figures: dict = {}
        sound = temporary.with_name(temporary.stem + ".voice.m4a")
        inputs = [av.open(str(part.video)) for part in parts]
        try:
            if voiced:
                from .speech.voice_track import lesson_audio  # scipy: only for a voiced lesson

                figures = lesson_audio(parts, sound)
            first = inputs[0].streams.video[0]
            with av.open(str(temporary), "w", format="mp4", options={"movflags": "+faststart"}) as output:
                stream = output.add_stream_from_template(first)
                output.metadata["title"] = title
                chapters: list[dict] = []
                video = _video_packets(parts, inputs, stream, first, chapters)
                if not voiced:
                    for packet in video:
                        output.mux(packet)
                else:
                    with av.open(str(sound)) as voice:
                        audio = output.add_stream_from_template(voice.streams.audio[0])
                        _interleave(output, video, _copied(voice, audio))
                output.set_chapters(chapters)
        finally:
            for container in inputs:
                container.close()
            sound.unlink(missing_ok=True)
    return figures


def concatenate(videos: Sequence[Path], target: Path) -> None:
    """Join silent videos of one format by copying their packets (no re-encoding): a segment's chunks."""
    inputs = [av.open(str(video)) for video in videos]
    try:
        first = inputs[0].streams.video[0]
        parts = [Part(f"chunk {i + 1}", "", video, (), duration(video)) for i, video in enumerate(videos)]
        with atomic(target) as temporary:
            with av.open(str(temporary), "w", format="mp4") as output:
                stream = output.add_stream_from_template(first)
                for packet in _video_packets(parts, inputs, stream, first, []):
                    output.mux(packet)
    finally:
        for container in inputs:
            container.close()


def _copied(container, stream) -> Iterator:
    """The container's audio packets, re-addressed to ``stream`` of the output."""
    for packet in container.demux(container.streams.audio[0]):
        if packet.dts is None:
            continue
        packet.stream = stream
        yield packet


def _video_packets(parts, inputs, stream, first, chapters: list) -> Iterator:
    """Every segment's video packets on the lesson's clock (chapters filled in as segments pass)."""
    offset = 0  # in the output stream's time base
    for i, (part, container) in enumerate(zip(parts, inputs)):
        source = container.streams.video[0]
        _same_format(first, source, part.key)
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
        length = int(round(part.seconds / first.time_base))
        chapters.append({"id": i + 1, "start": offset, "end": offset + length,
                         "time_base": Fraction(first.time_base), "metadata": {"title": part.title}})
        offset += max(length, last - offset)


def _interleave(output, *streams: Iterator) -> None:
    """Mux packets from several streams in time order (players read an interleaved file without seeking)."""
    def when(packet) -> Fraction:
        return Fraction(packet.dts if packet.dts is not None else packet.pts or 0) * Fraction(packet.time_base)

    heads = [next(s, None) for s in streams]
    while any(h is not None for h in heads):
        i = min((i for i, h in enumerate(heads) if h is not None), key=lambda i: when(heads[i]))
        output.mux(heads[i])
        heads[i] = next(streams[i], None)


def _same_format(first, other, key: str) -> None:
    a, b = first.codec_context, other.codec_context
    if (a.name, a.width, a.height, first.base_rate) != (b.name, b.width, b.height, other.base_rate):
        raise ValueError(f"segment {key!r} was rendered in another format; render all at one quality")


def _stamp(seconds: float, separator: str) -> str:
    millis = int(round(seconds * 1000))
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    secs, millis = divmod(rest, 1000)
    return f"{hours:02d}:{minutes:02d}:{secs:02d}{separator}{millis:03d}"


def timed_cues(parts: Sequence[Part]) -> list[tuple[float, float, str]]:
    """Every segment's cues on the lesson's clock."""
    cues, offset = [], 0.0
    for part in parts:
        cues += [(offset + start, offset + min(end, part.seconds), text) for start, end, text in part.cues]
        offset += part.seconds
    return cues


def srt(cues: Sequence[tuple[float, float, str]]) -> str:
    blocks = [f"{i}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n{text}\n" for i, (a, b, text) in enumerate(cues, 1)]
    return "\n".join(blocks)


def vtt(cues: Sequence[tuple[float, float, str]]) -> str:
    blocks = [f"{_stamp(a, '.')} --> {_stamp(b, '.')}\n{text}\n" for a, b, text in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def write_lesson(parts: Sequence[Part], folder: Path, title: str, manifest: dict, stem: str = "lesson"
                 ) -> dict[str, Path]:
    """The joined MP4, its captions and its manifest, each written atomically (the manifest last)."""
    files = {"video": folder / f"{stem}.mp4", "srt": folder / f"{stem}.srt", "vtt": folder / f"{stem}.vtt",
             "manifest": folder / ("manifest.json" if stem == "lesson" else f"{stem}.manifest.json")}
    began = time.perf_counter()
    sound = join(parts, files["video"], title)
    joined = time.perf_counter() - began
    cues = timed_cues(parts)
    write_text(files["srt"], srt(cues))
    write_text(files["vtt"], vtt(cues))
    manifest = {**manifest, "duration": round(sum(p.seconds for p in parts), 3), "join_seconds": round(joined, 3),
                **({"audio": sound} if sound else {}),
                "files": {k: v.name for k, v in files.items()}}
    write_text(files["manifest"], json.dumps(manifest, indent=2, ensure_ascii=False))  # last: marks completion
    return files
