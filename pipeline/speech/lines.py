"""Every line a lesson says, in order, without rendering a frame (a dry run of each segment).

Run as ``python -m pipeline.speech.lines KEY...`` with ``LESSON_CONFIG`` naming the
config (the scenes read it at import time, so each collection is its own process);
prints one JSON object per line: cue id, segment, text, expected seconds.
"""

from __future__ import annotations

import json
import sys
import tempfile


def collect(keys: list[str]) -> list[dict]:
    """The lines of segments ``keys``, each with its cue id (segment, position, beat key)."""
    from manim import tempconfig

    from scenes.kit.narration import reading_time
    from scenes.order import find

    lines = []
    with tempfile.TemporaryDirectory() as media:
        settings = {"dry_run": True, "from_animation_number": 10**6, "quality": "low_quality", "media_dir": media,
                    "verbosity": "ERROR", "progress_bar": "none"}
        for segment in find(keys):
            with tempconfig(settings):
                scene = segment.load()()
                scene.render()
            for cue in scene.cues:
                lines.append({"id": cue.id, "segment": segment.key, "text": cue.text,
                              "seconds": round(reading_time((cue.text,)), 1)})
    return lines


if __name__ == "__main__":
    for line in collect(sys.argv[1:]):
        print(json.dumps(line, ensure_ascii=False))
