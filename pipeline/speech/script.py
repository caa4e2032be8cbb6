"""The narration script a teacher records from, and the check that every line has a recording.

Lines come from a dry run of the segments (``lines``) in a separate process, with the
config's snapshot as LESSON_CONFIG: the scenes read it at import time, and nothing is
rendered. Each line has a cue id (segment, position, beat), which names its recording.
"""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

from ..processes import die_with_parent
from .audio import AudioError, decode
from .settings import EXTENSIONS, MAX_RECORDING_BYTES, Narration

ROOT = Path(__file__).resolve().parents[2]
COLLECT_TIMEOUT = 900.0  # seconds: a dry run of the whole lesson takes about two minutes here


class ScriptError(RuntimeError):
    pass


def collect_lines(keys: list[str], config_path: Path | None) -> list[dict]:
    """Every line of segments ``keys`` in order: {id, segment, text, seconds}."""
    env = dict(os.environ)
    env.pop("LESSON_CONFIG", None)
    env.pop("LESSON_NARRATION", None)
    if config_path is not None:
        env["LESSON_CONFIG"] = str(config_path)
    try:
        done = subprocess.run([sys.executable, "-m", "pipeline.speech.lines", *keys], capture_output=True, env=env,
                              cwd=ROOT, timeout=COLLECT_TIMEOUT, preexec_fn=die_with_parent)
    except subprocess.TimeoutExpired:
        raise ScriptError(f"collecting the narration took longer than {COLLECT_TIMEOUT:.0f} s") from None
    if done.returncode != 0:
        raise ScriptError("collecting the narration failed:\n" + done.stderr.decode("utf-8", "replace")[-3000:])
    return [json.loads(line) for line in done.stdout.decode().splitlines() if line.strip()]


def markdown(lines: list[dict], title: str) -> str:
    out = [f"# {title}: narration script", "",
           "Record one file per line, named by its cue id (for example `hook-02-feel.wav`); wav, flac, mp3 and m4a "
           "are read. Put them in the folder that `[narration] folder` names, set `engine = \"recorded\"`, and "
           "render. Lines you do not record are said by `fallback` (piper or espeak), or, with `fallback = "
           "\"none\"`, the render lists them and stops.", ""]
    segment = None
    for line in lines:
        if line["segment"] != segment:
            segment = line["segment"]
            out += ["", f"## {segment}", "", "| cue id | line | about |", "|---|---|---|"]
        text = line["text"].replace("|", "\\|").replace("\n", " ")
        out.append(f"| `{line['id']}` | {text} | {line['seconds']:.0f} s |")
    total = sum(line["seconds"] for line in lines)
    out += ["", f"{len(lines)} lines, about {total / 60:.0f} minutes at a steady reading pace.", ""]
    return "\n".join(out)


def table(lines: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["cue_id", "segment", "line", "expected_seconds"])
    for line in lines:
        writer.writerow([line["id"], line["segment"], line["text"], f"{line['seconds']:.1f}"])
    return buffer.getvalue()


def check_recordings(lines: list[dict], narration: Narration) -> tuple[list[str], list[str], list[str]]:
    """(missing cue ids, unreadable "id: why", unused file names) for a recorded lesson."""
    found = narration.recordings()
    wanted = {line["id"] for line in lines}
    missing = [line["id"] for line in lines if line["id"] not in found]
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


__all__ = ["EXTENSIONS", "ScriptError", "check_recordings", "collect_lines", "markdown", "table"]
