"""The copy-free fades draw what Manim's own fades draw, frame by frame."""

from __future__ import annotations

import numpy as np
import pytest
from manim import DOWN, UP, Circle, Square, VGroup
from manim import FadeIn as ManimFadeIn
from manim import FadeOut as ManimFadeOut

from scenes.kit.fades import FadeIn, FadeOut, _OpacityFade


def shape() -> VGroup:
    group = VGroup(Square(1.5).set_fill("#4CAF50", 0.8), Circle(0.6).shift(UP * 2).set_stroke("#ff6b6b", 4, 0.7))
    return group.shift(DOWN * 0.5)


def state(mobject: VGroup) -> list[np.ndarray]:
    return [array.copy() for m in mobject.family_members_with_points()
            for array in (m.points, m.fill_rgbas, m.stroke_rgbas)]


@pytest.mark.parametrize("ours, theirs, kwargs", [
    (FadeIn, ManimFadeIn, {}),
    (FadeIn, ManimFadeIn, {"shift": UP * 0.3, "lag_ratio": 0.5}),
    (FadeOut, ManimFadeOut, {"scale": 1.4}),
    (FadeOut, ManimFadeOut, {"shift": DOWN, "lag_ratio": 0.3}),
])
def test_each_moment_matches_manims_fade(ours, theirs, kwargs):
    mine, reference = shape(), shape()
    fast, manim = ours(mine, **kwargs), theirs(reference, **kwargs)
    assert isinstance(fast, _OpacityFade)
    fast.begin()
    manim.begin()
    for alpha in (0.0, 0.25, 0.5, 0.9):
        fast.interpolate(alpha)
        manim.interpolate(alpha)
        for a, b in zip(state(mine), state(reference)):
            np.testing.assert_allclose(a, b, atol=1e-9)


def test_a_faded_out_mobject_comes_back_whole():
    group = shape()
    before = state(group)
    fade = FadeOut(group, shift=UP)
    fade.begin()
    fade.interpolate(0.7)
    assert not all(np.allclose(a, b) for a, b in zip(state(group), before))
    fade.finish()
    fade.clean_up_from_scene(type("Scene", (), {"remove": lambda self, *m: None})())
    for a, b in zip(state(group), before):
        np.testing.assert_array_equal(a, b)


def test_what_follows_a_fade_in_in_a_succession_is_kept():
    """A card fades in, then its marker moves: the fade's clean-up must not put the marker back."""
    from manim import RIGHT, Succession

    group = shape()
    marker = group[1]
    moves = Succession(FadeIn(group, shift=UP * 0.2), marker.animate.shift(RIGHT * 3), run_time=2)
    from manim import Scene

    scene = Scene()
    moves._setup_scene(scene)
    moves.begin()
    for alpha in (0.3, 0.6, 1.0):
        moves.interpolate(alpha)
    moves.finish()
    moved = marker.get_center().copy()
    moves.clean_up_from_scene(scene)
    np.testing.assert_allclose(marker.get_center(), moved)
    assert moved[0] == pytest.approx(shape()[1].get_center()[0] + 3)
