"""How long an animation may run from a bookmark and still end before its line does.

A beat waits for its animations (silence) when they outlast the line, and a line's length is
known only to the voice, inside the beat. A motion meant to last for the rest of a sentence (a
dot walking its step while the step is read) takes its length from the words left after its
bookmark, read faster than the narration ever reads them: it ends a little before the line, on
any voice and for any config's words.
"""

from __future__ import annotations

from .narration import marked, protect

FAST_PACE = 4.5  # written words a second: faster than the narrator reads any line (3.8 at most, measured)
SHORTEST = 0.6  # seconds: an animation shorter than this reads as a jump


def words_after(template: str, mark: str | None, **facts: object) -> int:
    """The written words of the filled ``template`` from bookmark ``mark`` (its word included) to the end; the
    whole line when ``mark`` is None, or when a teacher's line leaves the bookmark out (its animation then starts
    with the line: ``LessonScene.beat``)."""
    text, marks = marked(protect(template).format(**facts))
    count = len(text.split())
    if mark is None or mark not in marks:
        return count
    return count - marks[mark]


def until_end(template: str, mark: str | None = None, share: float = 1.0, **facts: object) -> float:
    """Seconds an animation starting at ``mark`` (the line's start when None) can run, ``share`` of the time left,
    and still end before the line does."""
    return max(SHORTEST, share * words_after(template, mark, **facts) / FAST_PACE)
