"""The narration script a teacher records from, and the check that every line has a recording.

Lines come from a dry run of the segments (``pipeline.dry_run``: nothing is drawn), built
from the config as a render builds them. Each line has a cue id (segment, position, beat),
which names its recording.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from scenes.kit.narration import reading_time
from scenes.order import find

from ..tables import cell
from .audio import AudioError, decode
from .settings import EXTENSIONS, MAX_RECORDING_BYTES, Narration


class ScriptError(RuntimeError):
    pass


@dataclass(frozen=True)
class ScriptLine:
    id: str  # the cue id, which names the line's recording, and the key that replaces it ([narration.lines])
    segment: str
    text: str
    seconds: float  # its reading time
    slots: tuple[tuple[str, str], ...] = ()  # what a replacement may write as {name}, and what it is filled with
    replaced: bool = False  # the config's words, not the lesson's


def collect_lines(keys: list[str], config, tex_dir: Path | None = None) -> list[ScriptLine]:
    """Every line of segments ``keys`` of the lesson ``config``, in order (a dry run of each), with the slots each
    may use; a replaced line ([narration.lines]) whose id names no beat is an error naming it."""
    from ..dry_run import built
    from ..narration_lines import unsaid

    segments = find(keys)
    lines, scenes = [], {}
    try:
        for segment, scene in zip(segments, built(segments, config, tex_dir)):
            scenes[segment.key] = scene
            lines += [ScriptLine(cue.id, segment.key, cue.text, round(reading_time((cue.text,)), 1),
                                 tuple(scene.slots.get(cue.id, {}).items()), cue.id in scene.replaced)
                      for cue in scene.cues]
    except (ValueError, RuntimeError, OSError) as error:
        raise ScriptError(f"collecting the narration failed: {type(error).__name__}: {error}") from None
    missing = unsaid(config.lines, scenes)
    if missing:
        raise ScriptError("; ".join(missing))
    return lines


def markdown(lines: list[ScriptLine], title: str) -> str:
    out = [f"# {title}: narration script", "",
           "Record one file per line, named by its cue id (for example `hook-02-feel.wav`); wav, flac, mp3 and m4a "
           "are read. Put them in the folder that `[narration] folder` names, set `engine = \"recorded\"`, and "
           "render. Lines you do not record are said by `fallback` (piper or espeak), or, with `fallback = "
           "\"none\"`, the render lists them and stops.", ""]
    segment = None
    for line in lines:
        if line.segment != segment:
            segment = line.segment
            out += ["", f"## {segment}", "", "| cue id | line | slots it may use | about |", "|---|---|---|---|"]
        text = line.text.replace("|", "\\|").replace("\n", " ")
        slots = "<br>".join(f"`{{{name}}}` = {value}".replace("|", "\\|") for name, value in line.slots)
        mark = " *(yours)*" if line.replaced else ""
        out.append(f"| `{line.id}` | {text}{mark} | {slots} | {line.seconds:.0f} s |")
    total = sum(line.seconds for line in lines)
    out += ["", f"{len(lines)} lines, about {total / 60:.0f} minutes at a steady reading pace.", ""]
    return "\n".join(out)


def table(lines: list[ScriptLine]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["cue_id", "segment", "line", "expected_seconds", "slots", "replaced"])
    for line in lines:
        slots = "; ".join(f"{{{name}}} = {value}" for name, value in line.slots)
        writer.writerow([cell(line.id), cell(line.segment), cell(line.text), f"{line.seconds:.1f}", cell(slots),
                         "yes" if line.replaced else ""])
    return buffer.getvalue()


def check_recordings(lines: list[ScriptLine], narration: Narration) -> tuple[list[str], list[str], list[str]]:
    """(missing cue ids, unreadable "id: why", unused file names) for a recorded lesson."""
    found = narration.recordings()
    wanted = {line.id for line in lines}
    missing = [line.id for line in lines if line.id not in found]
    unreadable = []
    for cue_id, path in found.items():
        if cue_id not in wanted:
            continue
        try:
            if path.stat().st_size > MAX_RECORDING_BYTES:
                raise AudioError(f"larger than {MAX_RECORDING_BYTES >> 20} MB")
            decode(path)
        except (AudioError, OSError) as error:
            unreadable.append(f"{cue_id}: {error}")
    unused = sorted(path.name for cue_id, path in found.items() if cue_id not in wanted)
    return missing, unreadable, unused


__all__ = ["EXTENSIONS", "ScriptError", "ScriptLine", "check_recordings", "collect_lines", "markdown", "table"]
