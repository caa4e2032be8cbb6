"""What a teacher's own segment is written with: one import for the pieces the lesson's segments use.

A segment of your own is a file in a lesson folder (``my-lesson/segments/recap.py``) that declares
``SEGMENT = segment(...)`` and defines its scene: a `LessonScene` whose ``NARRATION`` lists its lines
(templates with ``{slots}`` and ``{@bookmarks}``) and whose ``construct`` plays them with ``self.beat``.
Its numbers come from mathcore, computed from ``self.params`` (the config's parameters); its places
from `regions`; its colours from ``self.theme``. ``docs/authoring.md`` walks through one.
"""

from __future__ import annotations

from mathcore import fmt, gradient_descent
from scenes.kit import phrases, regions
from scenes.kit.base import LessonScene, LessonScene3D
from scenes.kit.fades import FadeIn, FadeOut
from scenes.kit.narration import bookmark
from scenes.kit.plots import Walker, curve_axes, on_axes, tangent_line, visited
from scenes.kit.said import seconds_after
from scenes.kit.style import BODY_SIZE, GAP, MATH_DISPLAY, MATH_SIZE, NEAR, SMALL_SIZE, TIGHT
from scenes.order import segment

__all__ = ["BODY_SIZE", "FadeIn", "FadeOut", "GAP", "LessonScene", "LessonScene3D", "MATH_DISPLAY", "MATH_SIZE",
           "NEAR", "SMALL_SIZE", "TIGHT", "Walker", "bookmark", "curve_axes", "fmt", "gradient_descent", "on_axes",
           "phrases", "regions", "seconds_after", "segment", "tangent_line", "visited"]
