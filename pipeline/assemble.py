"""From rendered segments to a lesson: one MP4 with chapters and its voice, captions, a manifest.

Every final file is written whole or not at all (``pipeline.files``), so a run stopped
half-way never leaves a truncated lesson behind.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, replace
from fractions import Fraction
from pathlib import Path
from typing import Iterator, Sequence

import av

from .files import atomic, write_text
from .records import dumps
from .records.manifest import NAMES as MANIFESTS
from .records.manifest import Manifest
from .video import Piece, packets_in_order


@dataclass(frozen=True)
class Part(Piece):
    """A segment of the joined video: its file, its captions on its own clock, and its voice track."""

    video: Path = Path()
    cues: tuple[tuple[float, float, str], ...] = ()  # captions
    audio: Path | None = None  # the segment's voice track (None: a silent segment)
    words: tuple[tuple[float, float, str], ...] = ()  # every written word of the narration, when it is said


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
                video = packets_in_order(parts, inputs, stream, first, chapters)
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


def _copied(container, stream) -> Iterator:
    """The container's audio packets, re-addressed to ``stream`` of the output."""
    for packet in container.demux(container.streams.audio[0]):
        if packet.dts is None:
            continue
        packet.stream = stream
        yield packet


def _interleave(output, *streams: Iterator) -> None:
    """Mux packets from several streams in time order (players read an interleaved file without seeking)."""
    def when(packet) -> Fraction:
        return Fraction(packet.dts if packet.dts is not None else packet.pts or 0) * Fraction(packet.time_base)

    heads = [next(s, None) for s in streams]
    while any(h is not None for h in heads):
        i = min((i for i, h in enumerate(heads) if h is not None), key=lambda i: when(heads[i]))
        output.mux(heads[i])
        heads[i] = next(streams[i], None)


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


def timed_words(parts: Sequence[Part]) -> list[tuple[float, float, str]]:
    """Every segment's words on the lesson's clock (each inside its segment)."""
    found, offset = [], 0.0
    for part in parts:
        found += [(round(offset + start, 3), round(offset + min(end, part.seconds), 3), text)
                  for start, end, text in part.words if start < part.seconds]
        offset += part.seconds
    return found


def words_file(words: Sequence[tuple[float, float, str]]) -> str:
    """The words file beside the captions: every word of the narration and when it is said, for the page and
    for any tool (a karaoke view, a search by word)."""
    return dumps("words", 1, {"words": [[start, end, text] for start, end, text in words]})


def _no_blank_lines(text: str) -> str:
    """A caption's lines (it has at most two), none of them blank: a blank line ends a cue, and would let the rest
    of a title or a teacher's line be read as a cue of its own."""
    return "\n".join(" ".join(line.split()) for line in text.splitlines() if line.strip())


def srt(cues: Sequence[tuple[float, float, str]]) -> str:
    """SubRip: no blank line in a cue's text, and its arrows written as an arrow sign (players read "-->" as a
    timing)."""
    blocks = [f"{i}\n{_stamp(a, ',')} --> {_stamp(b, ',')}\n{_no_blank_lines(text).replace('-->', '→')}\n"
              for i, (a, b, text) in enumerate(cues, 1)]
    return "\n".join(blocks)


def vtt_text(text: str) -> str:
    """A WebVTT cue's text: no blank line, and &, < and > as character references (WebVTT reads < as a tag and
    forbids "-->" in cue text), so "00:00:00.000 --> 99:59:59.999" in a title stays words."""
    return _no_blank_lines(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def vtt(cues: Sequence[tuple[float, float, str]]) -> str:
    blocks = [f"{_stamp(a, '.')} --> {_stamp(b, '.')}\n{vtt_text(text)}\n" for a, b, text in cues]
    return "WEBVTT\n\n" + "\n".join(blocks)


def write_lesson(parts: Sequence[Part], folder: Path, manifest: Manifest, stem: str = "lesson") -> dict[str, Path]:
    """The joined MP4, its captions and its manifest, each written atomically (the manifest last)."""
    files = {"video": folder / f"{stem}.mp4", "srt": folder / f"{stem}.srt", "vtt": folder / f"{stem}.vtt",
             "words": folder / f"{stem}.words.json", "manifest": folder / MANIFESTS[stem]}
    began = time.perf_counter()
    sound = join(parts, files["video"], manifest.title)
    joined = time.perf_counter() - began
    cues = timed_cues(parts)
    write_text(files["srt"], srt(cues))
    write_text(files["vtt"], vtt(cues))
    write_text(files["words"], words_file(timed_words(parts)))
    manifest = replace(manifest, duration=sum(p.seconds for p in parts), join_seconds=joined, audio=sound or None,
                       files={k: v.name for k, v in files.items()})
    write_text(files["manifest"], manifest.to_json())  # last: marks completion
    return files
