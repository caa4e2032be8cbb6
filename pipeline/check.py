"""``lesson check``: build segments in a dry run and say what a viewer would find wrong, before any rendering.

Every beat's last frame and the frames inside every animation are looked at (``scenes.kit.layout``):
something off the frame or within its safe margin, text too small to read, text over text, a beat
that talks over an empty stage; a replaced narration line whose cue id names no beat; and how many beats
end on words alone. An educator who changed a line or a number sees here, in seconds, whether the lesson
still fits.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from scenes.order import Segment

from .config import LessonConfig

TEXT_ONLY_TARGET = 0.15  # at most this share of beats ends on words alone


@dataclass(frozen=True)
class SegmentCheck:
    key: str
    beats: int
    seconds: float  # at the reading pace (a dry run does not speak)
    problems: tuple[str, ...]  # each once, in the order met
    text_only: tuple[str, ...]  # the beats that end on words alone


def check_segments(segments: tuple[Segment, ...], config: LessonConfig, tex_dir: Path | None = None):
    """Each segment's check, in order, as it is built."""
    from scenes.kit.layout import problems

    from .dry_run import built
    from .narration_lines import unsaid

    for segment, scene in zip(segments, built(segments, config, tex_dir)):
        found = unsaid(config.lines, {segment.key: scene})  # a replaced line whose id names no beat
        found += [p for shot in (*scene.snapshots, *scene.passing) for p in problems(shot)]
        yield SegmentCheck(segment.key, len(scene.snapshots), round(sum(c.end - c.start for c in scene.cues), 1),
                           tuple(dict.fromkeys(found)), tuple(s.beat for s in scene.snapshots if s.text_only))


def summary(checks: list[SegmentCheck]) -> str:
    beats = sum(c.beats for c in checks)
    text_only = sum(len(c.text_only) for c in checks)
    broken = sum(len(c.problems) for c in checks)
    share = text_only / beats if beats else 0.0
    mark = "within" if share <= TEXT_ONLY_TARGET else "over"
    return (f"{len(checks)} segment(s), {beats} beats: {broken} problem(s); {text_only} beat(s) "
            f"({100 * share:.0f}%) end on words alone ({mark} the {100 * TEXT_ONLY_TARGET:.0f}% the lesson allows)")
