"""How long a line is as the scene's own voice says it, before its beat plays.

``pacing.until_end`` bounds a motion by the written words left in a line, read faster than any narrator reads
them: safe, but a line full of numbers ("(1.536, 0.432)" is two written words and eight spoken ones) then ends
seconds after its motion did, on a still picture. The voice knows better: it gives the line's length and every
word's time (a recorded or synthesised line is cached, so asking twice costs nothing). A motion meant to last for
the rest of a sentence takes its length from here.
"""

from __future__ import annotations

from .lines import line_id
from .narration import marked, protect
from .pacing import SHORTEST


def seconds_after(scene, key: str, mark: str | None = None, share: float = 1.0, **facts: object) -> float:
    """Seconds from bookmark ``mark``'s word (the line's start when None) to the end of line ``key`` as the voice
    of ``scene`` will say it in its next beat, times ``share``; at least ``pacing.SHORTEST``."""
    text, marks = marked(protect(scene.line(key)).format(**facts))
    cue_id = line_id(scene.segment_key, len(scene.cues) + 1, key)  # the id the next beat speaks the line under
    spoken = scene.context.voice.speak(cue_id, text)
    start = spoken.words[marks[mark]][0] if mark is not None and mark in marks else 0.0  # the teacher's may lack it
    return max(SHORTEST, share * (spoken.seconds - start))
