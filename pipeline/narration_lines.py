"""The config's ``[narration.lines]``: a teacher's own words for chosen narration lines, by cue id.

    [narration.lines]
    "valley-04-slope" = "Feel the ground: here it slopes by {slope}."

Each id names a segment, the beat's position in it and the line (as ``lesson narration script``
lists them); the text is checked against the line it replaces (`scenes.kit.lines.check_line`:
only that line's slots and bookmarks). The position is checked by building the segment (a dry run,
`unsaid`), since how many beats a segment has depends on the config. The truth of the new words is
the teacher's: the lesson's own lines are chosen from mathcore's facts, a replaced one is not.
"""

from __future__ import annotations

from typing import Any

from scenes.kit.lines import LINE_ID, LineError, check_line
from scenes.order import every_segment

from .suggest import did_you_mean

MAX_LINES = 400  # replaced lines in one config: more than the lesson has


class LinesError(ValueError):
    """A [narration.lines] entry that cannot be used; the message names the key."""


def parse_lines(table: Any, name: str) -> tuple[tuple[str, str], ...]:
    """The replaced lines, (cue id, text) sorted by id, each checked against the line it replaces."""
    if not isinstance(table, dict):
        raise LinesError(f'{name}: [narration.lines] must be a table of "cue id" = "the new line"')
    if len(table) > MAX_LINES:
        raise LinesError(f"{name}: [narration.lines] replaces {len(table)} lines; at most {MAX_LINES}")
    by_key = {s.key: s for s in every_segment()}
    found = []
    for cue_id, text in table.items():
        where = f'{name}: narration.lines."{cue_id}"'
        match = LINE_ID.fullmatch(cue_id)
        if not match:
            raise LinesError(f'{where}: not a cue id like "valley-04-slope" (`lesson narration script` lists them)')
        segment = by_key.get(match["segment"])
        if segment is None:
            raise LinesError(f"{where}: no segment {match['segment']!r}{did_you_mean(match['segment'], by_key)}")
        own = dict(segment.load().NARRATION)
        if match["key"] not in own:
            raise LinesError(f"{where}: segment {segment.key!r} has no line {match['key']!r}"
                             f"{did_you_mean(match['key'], own)} (its lines: {', '.join(own)})")
        try:
            found.append((cue_id, check_line(text, own[match["key"]])))
        except LineError as error:
            raise LinesError(f"{where}: the new line {error}") from None
    return tuple(sorted(found))


def of_segment(lines: tuple[tuple[str, str], ...], segment: str) -> tuple[tuple[str, str], ...]:
    """The replaced lines of one segment (what its cache key must see)."""
    return tuple((cue_id, text) for cue_id, text in lines
                 if (match := LINE_ID.fullmatch(cue_id)) and match["segment"] == segment)


def unsaid(lines: tuple[tuple[str, str], ...], scenes: dict[str, Any]) -> list[str]:
    """The replaced lines that no beat said, in the segments built (``scenes``: key to a scene built in a dry run):
    the id's position names no beat of that line."""
    missing = []
    for cue_id, _ in lines:
        match = LINE_ID.fullmatch(cue_id)
        scene = scenes.get(match["segment"]) if match else None
        if scene is not None and cue_id not in scene.replaced:
            said = [c.id for c in scene.cues if c.id.endswith(f"-{match['key']}")]
            missing.append(f'narration.lines."{cue_id}": segment {match["segment"]!r} says line {match["key"]!r} as '
                           f"{', '.join(said) or 'no beat'}, not as {cue_id}")
    return missing
