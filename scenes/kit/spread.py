"""An animation started on a word lasts as long as the words it illustrates, not one second of a long sentence.

A beat's picture moves when its bookmark's word is said (``{@mark}``); left at its own length (a second, a second
and a half) the motion is over long before the words about it are, and the rest of the sentence is said over a
still picture. Spread over the words it belongs to (up to the next bookmark, or the end of the line), a curve is
drawn while it is described and a dot walks while its walk is told: the motion keeps the voice's pace.

Only motion is spread. A gesture in place (an indicate, a flash round a thing, a glow) has its own pace and is
never slowed, nor is anything played with it; a fade is how a thing arrives or leaves, so an animation that only
fades keeps its pace (slowed, it would only delay the picture the word names), while a fade played with motion (a
value appearing as the pulse carrying it arrives) keeps in step with it. A pulse running along an edge is motion:
the value or the blame travels. An animation is spread at most ``MOST`` times its own length, so nothing turns
into a crawl.
"""

from __future__ import annotations

from typing import Iterator

from manim import (
    Animation,
    ApplyWave,
    Circumscribe,
    FadeIn,
    FadeOut,
    Flash,
    FocusOn,
    Indicate,
    Wait,
    Wiggle,
    there_and_back,
)

from .fades import _OpacityFade
from .travel import Reveal

MOST = 3.0  # times its own length: an animation spread further reads as slow motion
CLEAR = 0.2  # seconds: a spread animation ends this long before the next word that starts something
GESTURES = (ApplyWave, Circumscribe, Flash, FocusOn, Indicate, Wiggle)  # in place, at their own pace
NOT_MOTION = (FadeIn, FadeOut, _OpacityFade, Reveal, Wait)  # arrivals, departures and pauses


def parts(animation: Animation) -> Iterator[Animation]:
    """``animation`` and every animation inside it (groups, successions, deferred steps)."""
    yield animation
    for inner in getattr(animation, "animations", ()):
        yield from parts(inner)


def spreads(animation: Animation) -> bool:
    """Whether ``animation`` is motion that may keep the voice's pace: something in it moves (or is drawn), and
    nothing in it is a gesture in place (a kit gesture, such as a ring round a node, says so: ``gesture = True``)."""
    found = list(parts(animation))
    if any(isinstance(part, GESTURES) or getattr(part, "gesture", False)
           or getattr(part, "rate_func", None) is there_and_back for part in found):
        return False
    leaves = [part for part in found if not getattr(part, "animations", None)]
    return any(not isinstance(part, NOT_MOTION) for part in leaves)


def spread(animation: Animation, room: float) -> Animation:
    """``animation`` lengthened to fill ``room`` seconds (less ``CLEAR``), at most ``MOST`` times its own length;
    unchanged when it is not motion or already fills the room."""
    own = animation.get_run_time()
    fill = room - CLEAR
    if own > 0 and fill > own and spreads(animation):
        animation.run_time = min(fill, own * MOST)
    return animation


def rooms(mark_times: dict[str, float], end: float) -> dict[str, float]:
    """For each bookmark, the seconds from its word to the next bookmark's word (a later one) or to ``end``."""
    times = sorted(set(mark_times.values()))
    found = {}
    for name, at in mark_times.items():
        later = [t for t in times if t > at]
        found[name] = (later[0] if later else end) - at
    return found
