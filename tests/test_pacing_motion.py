"""Motion keeps the voice's pace: a walker's walk takes the time it is given, step by step, and an animation started
on a word is spread over the words it belongs to (``kit.spread``), while gestures and fades keep their own pace."""

from __future__ import annotations

import numpy as np
import pytest
from manim import Axes, Create, Indicate, Line, Scene, Succession, Write

from scenes.kit.fades import FadeIn
from scenes.kit.plots import Walker
from scenes.kit.spread import CLEAR, MOST, rooms, spread


def walker_on_a_parabola() -> Walker:
    axes = Axes(x_range=[-4, 4], y_range=[0, 16])
    return Walker(axes, lambda x: x * x, lambda x: 2 * x, 3.0, "#ffffff", "#ff0000")


def positions(animation, walker: Walker, alphas) -> list[float]:
    animation._setup_scene(Scene())
    animation.begin()
    found = []
    for alpha in alphas:
        animation.interpolate(alpha)
        found.append(walker.x.get_value())
    return found


def test_a_walk_takes_its_whole_time_one_step_after_another():
    """Steps of a run x <- x - 0.25 * 2x from 3 (each half the one before), each taking its share of the time by its
    length on screen: when the first step's share is over the walker stands at its end (1.5), not at the bottom."""
    walker = walker_on_a_parabola()
    xs = [1.5, 0.75, 0.375, 0.1875]
    chords = [np.linalg.norm(walker.where_at(b) - walker.where_at(a)) for a, b in zip([3.0, *xs], xs)]
    first = chords[0] / sum(chords)
    walk = walker.walk(xs, run_time=3.0)
    assert walk.get_run_time() == pytest.approx(3.0)
    quarter, half, end = positions(walk, walker, [first / 2, first, 1.0])
    assert 1.5 < quarter < 3.0  # still inside the first step, halfway through its time
    assert half == pytest.approx(1.5, abs=1e-6)
    assert end == pytest.approx(0.1875)


def test_a_walk_inside_a_succession_keeps_its_pace():
    walker = walker_on_a_parabola()
    walk = Succession(walker.walk([1.5, 0.75], run_time=2.0), Create(Line()))
    at_a_third = positions(walk, walker, [1 / 3])[0]
    assert 1.5 < at_a_third < 3.0  # the first step (2/3 of the walk by length) is not over at a third of the play


def test_motion_fills_its_room_and_no_more_than_its_limit():
    drawn = spread(Create(Line(), run_time=1.0), room=2.0)
    assert drawn.get_run_time() == pytest.approx(2.0 - CLEAR)
    long_room = spread(Write(Line(), run_time=1.0), room=60.0)
    assert long_room.get_run_time() == pytest.approx(MOST)


@pytest.mark.parametrize("kind", [lambda: Indicate(Line()), lambda: FadeIn(Line())])
def test_gestures_and_fades_keep_their_own_pace(kind):
    animation = kind()
    own = animation.get_run_time()
    assert spread(animation, room=10.0).get_run_time() == pytest.approx(own)


def test_a_fade_played_with_motion_keeps_in_step_with_it():
    from manim import AnimationGroup, ShowPassingFlash
    group = AnimationGroup(ShowPassingFlash(Line()), FadeIn(Line()))
    assert spread(group, room=10.0).get_run_time() == pytest.approx(MOST * 1.0)


def test_a_glow_in_place_keeps_its_pace():
    from manim import there_and_back
    glow = Line().animate(rate_func=there_and_back).set_color("#ff0000")
    from manim.animation.animation import prepare_animation
    animation = prepare_animation(glow)
    assert spread(animation, room=10.0).get_run_time() == pytest.approx(1.0)


def test_a_group_holding_a_gesture_is_not_slowed():
    from manim import AnimationGroup
    group = AnimationGroup(Create(Line()), Indicate(Line()))
    own = group.get_run_time()
    assert spread(group, room=10.0).get_run_time() == pytest.approx(own)


def test_each_bookmark_gets_the_time_to_the_next_one_that_starts_something():
    found = rooms({"a": 1.0, "b": 3.5, "c": 3.5, "d": 6.0}, end=9.0)
    assert found == {"a": 2.5, "b": 2.5, "c": 2.5, "d": 3.0}
    assert np.isclose(rooms({}, end=4.0).get("x", 0.0), 0.0)


def test_animations_that_would_not_move_as_written_are_named():
    """Several ``.animate`` of one mobject written before they are built all move it to the last one's place; an
    animation played twice in one play begins twice. The dry run names both (``kit.tracked.miswritten``)."""
    from manim import Dot, Succession

    from scenes.kit.tracked import built, miswritten

    dot = Dot()
    late = Succession(*(dot.animate.shift([x, 0, 0]) for x in (1, 2)))
    assert any("shared" in problem for problem in miswritten([late]))
    early = Succession(*(built(dot.animate.shift([x, 0, 0])) for x in (1, 2)))
    assert miswritten([early]) == []
    once = Create(Line())
    assert any("twice" in problem for problem in miswritten([Succession(once, once)]))
