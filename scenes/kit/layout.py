"""What a viewer sees at the end of a beat, and what is wrong with it: off the frame, overlapping, empty.

Scenes record a `Snapshot` after every narrated beat when built in a dry run
(nothing is rendered, positions are final); the tests check every snapshot of
every segment, for the default lesson and for generated configs. Text and
formulas are checked as whole pieces (a Text, a MathTex), never letter by letter.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import MathTex, Mobject, Tex, Text, ValueTracker, VMobject, config

SAFE_MARGIN = 0.2  # units kept clear at every edge of the frame
OVERLAP = 0.02  # two pieces of text overlap when their boxes share this much of the smaller one's area

# Readable on a projector: a text's em (its font size, as CSS measures it) at least 16 px in a 480p frame.
MIN_TEXT_PX = 16.0
PX_PER_UNIT_480P = 480 / 8.0  # 480 pixel rows over Manim's frame height of 8 units
# Manim's font_size maps to an em of font_size/72 units for Pango text; LaTeX's glyphs at the same
# font_size are drawn at 3/4 of that (measured: the capital H is 0.486 units as Text, 0.340 as MathTex at 48).
EM_PER_FONT_SIZE = {"text": 1 / 72, "tex": 1 / 96}


@dataclass(frozen=True)
class Piece:
    """One visible piece of text or formula: what it says, and its box (left, bottom, right, top)."""

    text: str
    box: tuple[float, float, float, float]
    px: float = 0.0  # its em in pixels at 480p (0 for drawn shapes)


@dataclass(frozen=True)
class Snapshot:
    beat: str
    pieces: tuple[Piece, ...]  # every visible text and formula
    shapes: tuple[Piece, ...]  # every other visible drawn part (dots, arrows, curves), named by its type
    visible: int  # visible mobjects other than the slide title
    flat: bool  # the camera looks straight at the frame (3D beats are checked only when flat)


def _visible(mobject: Mobject) -> bool:
    if isinstance(mobject, ValueTracker):
        return False
    if not isinstance(mobject, VMobject):
        return True  # images, 3D dots: drawn when present
    opacity = max(float(np.max(mobject.get_fill_opacities(), initial=0)),
                  float(np.max(mobject.get_stroke_opacities(), initial=0)) if mobject.get_stroke_width() > 0 else 0.0)
    return opacity > 0.05 and mobject.width + mobject.height > 0


def _label(mobject: Mobject) -> str:
    if isinstance(mobject, Text):
        return mobject.original_text
    if isinstance(mobject, (MathTex, Tex)):
        return mobject.tex_string
    return type(mobject).__name__


def snapshot(beat: str, mobjects: list[Mobject], title: Mobject | None, flat: bool = True) -> Snapshot:
    """The visible text pieces and the count of visible things, read from the scene's mobjects."""
    pieces, shapes, visible, seen = [], [], 0, set()

    def walk(mobject: Mobject) -> None:
        nonlocal visible
        if id(mobject) in seen:
            return
        seen.add(id(mobject))
        reading = getattr(mobject, "reading", None)  # a block drawn as one (code): its em and width when made
        if reading is not None:
            if any(_visible(part) for part in mobject.family_members_with_points()):
                px, width, text = reading
                pieces.append(Piece(text, _box(mobject), px * mobject.width / width))
            return
        if isinstance(mobject, (Text, MathTex, Tex)):
            if any(_visible(part) for part in mobject.family_members_with_points()):
                pieces.append(Piece(_label(mobject), _box(mobject), em_pixels(mobject)))
            return
        if not mobject.submobjects and mobject.has_points() and _visible(mobject):
            shapes.append(Piece(type(mobject).__name__, _box(mobject)))
        for child in mobject.submobjects:
            walk(child)

    for mobject in mobjects:
        if mobject is title:
            continue
        if any(_visible(part) for part in mobject.family_members_with_points()):
            visible += 1
        walk(mobject)
    return Snapshot(beat, tuple(pieces), tuple(shapes), visible, flat)


def em_pixels(mobject: Text | MathTex | Tex) -> float:
    """How tall the text's em is at 480p, after every scaling it went through (font_size follows its height)."""
    kind = "text" if isinstance(mobject, Text) else "tex"
    return float(mobject.font_size) * EM_PER_FONT_SIZE[kind] * PX_PER_UNIT_480P


def _box(mobject: Mobject) -> tuple[float, float, float, float]:
    left, bottom = mobject.get_corner(np.array([-1, -1, 0]))[:2]
    right, top = mobject.get_corner(np.array([1, 1, 0]))[:2]
    return float(left), float(bottom), float(right), float(top)


def problems(shot: Snapshot) -> list[str]:
    """What a viewer would call broken in this frame, each naming the beat and the text."""
    found = []
    if shot.visible == 0:
        found.append(f"beat {shot.beat!r}: an empty frame while the narration talks")
    if not shot.flat:
        return found
    half_w, half_h = config.frame_width / 2 - SAFE_MARGIN, config.frame_height / 2 - SAFE_MARGIN
    for piece in shot.pieces:
        left, bottom, right, top = piece.box
        if left < -half_w - 1e-6 or right > half_w + 1e-6 or bottom < -half_h - 1e-6 or top > half_h + 1e-6:
            found.append(f"beat {shot.beat!r}: {piece.text!r} leaves the frame's safe area "
                         f"(x {left:.2f}..{right:.2f}, y {bottom:.2f}..{top:.2f})")
    for piece in shot.pieces:
        if 0 < piece.px < MIN_TEXT_PX - 0.05:
            found.append(f"beat {shot.beat!r}: {piece.text!r} is {piece.px:.1f} px high at 480p "
                         f"(at least {MIN_TEXT_PX:.0f} px to be read on a projector)")
    for shape in shot.shapes:  # drawn parts may use the margin, not leave the frame
        left, bottom, right, top = shape.box
        if left < -half_w - SAFE_MARGIN - 0.05 or right > half_w + SAFE_MARGIN + 0.05 \
                or bottom < -half_h - SAFE_MARGIN - 0.05 or top > half_h + SAFE_MARGIN + 0.05:
            found.append(f"beat {shot.beat!r}: a {shape.text} leaves the frame "
                         f"(x {left:.2f}..{right:.2f}, y {bottom:.2f}..{top:.2f})")
    for i, a in enumerate(shot.pieces):
        for b in shot.pieces[i + 1:]:
            shared = _shared(a.box, b.box)
            smaller = min(_area(a.box), _area(b.box))
            if a.text == b.text and shared > 0.9 * max(_area(a.box), _area(b.box)):
                continue  # a highlight drawn over its own label: one piece to the eye
            if smaller > 0 and shared / smaller > OVERLAP:
                found.append(f"beat {shot.beat!r}: {a.text!r} overlaps {b.text!r}")
    return found


def _area(box: tuple[float, float, float, float]) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _shared(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))
