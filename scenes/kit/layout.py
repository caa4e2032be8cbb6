"""What a viewer sees at the end of a beat and inside every animation, and what is wrong with it: off the frame,
too close to its edge, overlapping, too small, empty, or words alone where a picture should be.

Scenes record a `Snapshot` after every narrated beat when built in a dry run (nothing is
rendered, positions are final), and a moving one inside every animation (a quarter, half and
three quarters through) and at its end; the tests check every snapshot of every segment, for
the default lesson and for generated configs. At rest everything is checked; in motion, only
that everything stays inside the safe area (things pass over each other as they move). Text and
formulas are checked as whole pieces (a Text, a MathTex), never letter by letter.

A drawn part is *decoration* when it only frames or lines words: a table's rules, a code
card's panel, a frame around a box of text, a box marking a line. A beat whose end shows
words and decoration only ends on text alone (``Snapshot.text_only``): the lesson keeps those few.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from manim import (
    BackgroundRectangle,
    Code,
    MathTex,
    Mobject,
    MobjectTable,
    SurroundingRectangle,
    Tex,
    Text,
    Underline,
    ValueTracker,
    VMobject,
    config,
)

SAFE_MARGIN = 0.2  # units kept clear at every edge of the frame
EDGE_TOLERANCE = 0.02  # units: a stroke's half width, drawn outside the points a box is measured by
RULES = ("Line", "DashedLine", "Underline")  # drawn parts that are straight rules
RULE_CLEAR = 0.03  # scene units: a rule nearer a text's box than this (its stroke's half width) touches it
CROSSING = 0.3  # ... and crosses it when it runs along more than this share of its width
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
    moving: bool = False  # a frame inside an animation: checked for staying inside the safe area only
    drawn: int = 0  # visible drawn parts that are not decoration: curves, dots, arrows, nodes, surfaces
    solid: bool = False  # something drawn in 3D (a surface, a 3D dot) is on screen: a picture

    @property
    def text_only(self) -> bool:
        """Words (and their frames) are all there is to see."""
        return bool(self.pieces) and self.drawn == 0 and not self.solid


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


DECORATION = (MobjectTable, Code, SurroundingRectangle, BackgroundRectangle, Underline)


def decorative(mobject: Mobject) -> Mobject:
    """Mark ``mobject`` (and all it holds that is not text) as decoration: it frames or lines words."""
    mobject.decoration = True
    return mobject


def snapshot(beat: str, mobjects: list[Mobject], title: Mobject | None, flat: bool = True,
             moving: bool = False) -> Snapshot:
    """The visible text pieces, drawn parts and the count of visible things, read from the scene's mobjects."""
    pieces, shapes, visible, seen = [], [], 0, set()
    drawn, solid = 0, False

    def walk(mobject: Mobject, decoration: bool = False) -> None:
        nonlocal visible, drawn, solid
        if id(mobject) in seen:
            return
        seen.add(id(mobject))
        decoration = decoration or isinstance(mobject, DECORATION) or getattr(mobject, "decoration", False)
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
        if not isinstance(mobject, VMobject) and mobject.has_points() and _visible(mobject):
            solid = True  # a 3D dot, an image: a picture
        if not mobject.submobjects and mobject.has_points() and _visible(mobject):
            shapes.append(Piece(type(mobject).__name__, _box(mobject)))
            drawn += not decoration
        for child in mobject.submobjects:
            walk(child, decoration)

    for mobject in mobjects:
        if mobject is title:
            continue
        if any(_visible(part) for part in mobject.family_members_with_points()):
            visible += 1
        walk(mobject)
    return Snapshot(beat, tuple(pieces), tuple(shapes), visible, flat, moving, drawn, solid)


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
    if shot.visible == 0 and not shot.moving:
        found.append(f"beat {shot.beat!r}: an empty frame while the narration talks")
    if not shot.flat:
        return found
    found += outside(shot)
    if shot.moving:
        return found
    for piece in shot.pieces:
        if 0 < piece.px < MIN_TEXT_PX - 0.05:
            found.append(f"beat {shot.beat!r}: {piece.text!r} is {piece.px:.1f} px high at 480p "
                         f"(at least {MIN_TEXT_PX:.0f} px to be read on a projector)")
    for i, a in enumerate(shot.pieces):
        for b in shot.pieces[i + 1:]:
            shared = _shared(a.box, b.box)
            smaller = min(_area(a.box), _area(b.box))
            if a.text == b.text and shared > 0.9 * max(_area(a.box), _area(b.box)):
                continue  # a highlight drawn over its own label: one piece to the eye
            if smaller > 0 and shared / smaller > OVERLAP:
                found.append(f"beat {shot.beat!r}: {a.text!r} overlaps {b.text!r}")
    found += crossed(shot)
    return found


def crossed(shot: Snapshot) -> list[str]:
    """Every text a straight horizontal rule (an underline, a sum's rule, a table's line) runs through or touches:
    within ``RULE_CLEAR`` of its box, along more than a ``CROSSING`` share of its width. A rule on a row's top
    edge cut the tops of its digits."""
    found = []
    rules = [s for s in shot.shapes if s.text in RULES and s.box[3] - s.box[1] < 1e-3 and s.box[2] - s.box[0] > 0]
    for rule in rules:
        left, y, right = rule.box[0], rule.box[1], rule.box[2]
        for piece in shot.pieces:
            p_left, bottom, p_right, top = piece.box
            along = min(right, p_right) - max(left, p_left)
            if bottom - RULE_CLEAR < y < top + RULE_CLEAR and along > CROSSING * (p_right - p_left):
                found.append(f"beat {shot.beat!r}: a rule runs through {piece.text!r} (y {y:.2f} inside "
                             f"{bottom:.2f}..{top:.2f})")
    return found


def outside(shot: Snapshot) -> list[str]:
    """Every text and drawn part that comes within ``SAFE_MARGIN`` of the frame's edge (a hair of tolerance for
    strokes: a box's outline is drawn half outside its points)."""
    half_w, half_h = config.frame_width / 2 - SAFE_MARGIN, config.frame_height / 2 - SAFE_MARGIN
    found = []
    for piece in (*shot.pieces, *shot.shapes):
        left, bottom, right, top = piece.box
        if left < -half_w - EDGE_TOLERANCE or right > half_w + EDGE_TOLERANCE \
                or bottom < -half_h - EDGE_TOLERANCE or top > half_h + EDGE_TOLERANCE:
            what = repr(piece.text) if piece.px else f"a {piece.text}"
            found.append(f"beat {shot.beat!r}: {what} leaves the frame's safe area "
                         f"(x {left:.2f}..{right:.2f}, y {bottom:.2f}..{top:.2f})")
    return found


def _area(box: tuple[float, float, float, float]) -> float:
    return max(0.0, box[2] - box[0]) * max(0.0, box[3] - box[1])


def _shared(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> float:
    return _area((max(a[0], b[0]), max(a[1], b[1]), min(a[2], b[2]), min(a[3], b[3])))
