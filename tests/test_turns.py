"""Steps started on a word inside a play (``kit.turns.Deferred``) leave the frame as they leave the scene."""

from __future__ import annotations

import numpy as np
from manim import RED, ReplacementTransform, Scene, Square, Succession, VGroup, Wait, tempconfig

from scenes.kit.fades import FadeOut
from scenes.kit.turns import Deferred


def frames_of(scene_class, tmp_path) -> list[np.ndarray]:
    frames: list[np.ndarray] = []
    settings = {"quality": "low_quality", "media_dir": str(tmp_path), "write_to_movie": True,
                "disable_caching": True, "verbosity": "ERROR", "progress_bar": "none"}
    with tempconfig(settings):
        scene = scene_class()
        keep = scene.renderer.add_frame

        def grab(frame: np.ndarray, num_frames: int = 1) -> None:
            frames.extend([frame.copy()] * num_frames)
            keep(frame, num_frames)

        scene.renderer.add_frame = grab
        scene.render()
    return frames


def test_a_name_faded_out_on_a_word_stays_gone_for_the_rest_of_the_line(tmp_path):
    """Manim's renderer draws, for a whole play, what it listed as moving when the play began; a fade's clean-up
    puts the faded mobject back at full opacity once it is off the scene. It must not come back on the frame."""

    class Probe(Scene):
        def construct(self) -> None:
            square = Square(2).set_fill(RED, 1)
            self.add(square)
            self.play(Succession(Wait(0.3), Deferred(FadeOut(square), run_time=0.3)), Wait(1.2))

    frames = frames_of(Probe, tmp_path)
    background = frames[0][0, 0]
    centre = [frame[frame.shape[0] // 2, frame.shape[1] // 2] for frame in frames]
    assert not np.array_equal(centre[0], background)  # the square is there at the start
    gone = [bool(np.array_equal(pixel, background)) for pixel in centre]
    assert gone[-1] and all(gone[gone.index(True):]), gone  # once faded, never drawn again in that play


def test_a_part_replaced_on_a_word_is_drawn_for_the_rest_of_the_line(tmp_path):
    """A node's name transformed into its value (``ReplacementTransform`` of a part of a group): the value takes the
    name's place inside the group, on no list of the renderer's; it must still be drawn once the step is done."""

    class Probe(Scene):
        def construct(self) -> None:
            node = VGroup(Square(3).set_stroke(width=2), Square(0.6).set_fill(RED, 0).set_stroke(width=0))
            self.add(node)
            value = Square(1.2).set_fill(RED, 1).set_stroke(width=0)
            self.play(Succession(Wait(0.3), Deferred(ReplacementTransform(node[1], value), run_time=0.3)), Wait(1.2))

    frames = frames_of(Probe, tmp_path)
    centre = [frame[frame.shape[0] // 2, frame.shape[1] // 2] for frame in frames]
    assert np.array_equal(centre[0], frames[0][0, 0])  # nothing at the centre at first
    assert not np.array_equal(centre[-2], frames[0][0, 0])  # the value, drawn before the play ends
