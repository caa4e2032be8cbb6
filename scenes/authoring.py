"""What a teacher's own segment is written with: one import for the pieces the lesson's segments use.

A segment of your own is a file in a lesson folder (``my-lesson/segments/recap.py``) that declares
``SEGMENT = segment(...)`` and defines its scene: a `LessonScene` whose ``NARRATION`` lists its lines
(templates with ``{slots}`` and ``{@bookmarks}``) and whose ``construct`` plays them with ``self.beat``.
Its numbers come from mathcore, computed from ``self.params`` (the config's parameters); its places
from `regions`; its colours from ``self.theme``. ``docs/authoring.md`` walks through one.
"""

from __future__ import annotations

from mathcore import fmt, gradient_descent
from scenes import wording
from scenes.kit import regions
from scenes.kit.base import LessonScene, LessonScene3D
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.plots import Walker, curve_axes, on_axes, tangent_line, visited
from scenes.kit.said import seconds_after
from scenes.kit.style import BODY_SIZE, GAP, MATH_DISPLAY, MATH_SIZE, NEAR, SMALL_SIZE, TIGHT
from scenes.order import Segment


def segment(key: str, title: str, scene: str, uses: tuple[str, ...] = (), chapter: bool = True) -> Segment:
    """A segment of a lesson folder: its ``key`` (its cue ids and files start with it; the config's ``[lesson]
    segments`` names it), the ``title`` its chapter shows, the name of its ``scene`` class in the same file, and
    the config tables it reads (``uses``: a change to another leaves its render in the cache)."""
    return Segment(key, "", scene, title, tuple(uses), chapter)


__all__ = ["BODY_SIZE", "FadeIn", "FadeOut", "GAP", "LessonScene", "LessonScene3D", "MATH_DISPLAY", "MATH_SIZE",
           "NEAR", "SMALL_SIZE", "TIGHT", "Walker", "bookmark", "curve_axes", "fmt", "gradient_descent", "on_axes",
           "regions", "seconds_after", "segment", "tangent_line", "visited", "wording"]
