"""Where a render spends its time, and what a skipped play call leaves behind: the render process's renderer.

``TimedRenderer`` is Manim's Cairo renderer with timers (drawing, each play call and the
scene's work before it), the progress file rewritten after each play call, the segment
encoder that encodes holds once (``HoldingFileWriter``), and the skipping that a split render
needs (``SkipLikeDrawing``). All are subclasses handed to Manim (``Scene(renderer=...)``),
never assigned over Manim's own classes.
"""

from __future__ import annotations

import functools
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Callable, Iterator

import numpy as np
from manim.renderer.cairo_renderer import CairoRenderer
from manim.scene.scene_file_writer import SceneFileWriter

from .manim_speedups import HoldingEncoder
from .records.progress import Progress
from .records.timings import Play, TimingsRecord


class Timings:
    """Seconds and counts per part, safe to add to from Manim's encoder threads."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self.formulas: list[str] = []
        self.plays: list[Play] = []
        self._lock = threading.Lock()

    def add(self, part: str, seconds: float, count: int = 1) -> None:
        with self._lock:
            self.seconds[part] += seconds
            self.counts[part] += count

    @contextmanager
    def measure(self, part: str, count: int = 1) -> Iterator[None]:
        """Add the block's wall time (and ``count`` items) to ``part``, however the block ends."""
        began = time.perf_counter()
        try:
            yield
        finally:
            self.add(part, time.perf_counter() - began, count)

    def timed(self, part: str) -> Callable:
        """Wrap a function so each call's wall time is added to ``part``."""

        def wrap(function: Callable) -> Callable:
            @functools.wraps(function)
            def timed_call(*args: Any, **kwargs: Any) -> Any:
                with self.measure(part):
                    return function(*args, **kwargs)

            return timed_call

        return wrap

    def record(self) -> TimingsRecord:
        return TimingsRecord(dict(self.seconds), dict(self.counts), tuple(self.formulas), tuple(self.plays))


class TimedEncoder(HoldingEncoder):
    """The holding encoder, timed (its writes run on Manim's encoder threads, overlapping the drawing)."""

    timings: Timings

    def write_frame(self, pixels, *, repeat: int = 1) -> None:
        with self.timings.measure("encoding", repeat):
            super().write_frame(pixels, repeat=repeat)

    def finish(self) -> None:
        with self.timings.measure("encoding_flush"):
            super().finish()


class HoldingFileWriter(SceneFileWriter):
    """Manim's file writer, making timed holding encoders and timing the join of partial movies."""

    timings: Timings

    def _create_segment_encoder(self, target: Path) -> HoldingEncoder:
        encoder = TimedEncoder(target=target, spec=self.video_encoder)
        encoder.timings = self.timings
        return encoder

    def combine_to_movie(self) -> None:
        with self.timings.measure("combining"):
            super().combine_to_movie()


def time_based(scene) -> bool:
    """Whether anything in the scene changes with the time between frames (an updater that takes dt)."""
    return bool(scene.updaters) or any(m.has_time_based_updater() for m in scene.get_mobject_family_members())


class TimedRenderer(CairoRenderer):
    """Manim's Cairo renderer, timed per play call, reporting progress, and skipping as drawing would.

    A skipped play (before a range: ``from_animation_number``) draws nothing (Manim drew one
    frame per skipped play, for nothing), and advances the clock as drawing would have: a wait
    of still frames by its whole frames, an animation a frame at a time. So a render of a range
    times its narration as the whole render does, and its first frame is the whole render's.
    """

    def __init__(self, timings: Timings, progress: Path | None = None, started: float = 0.0, **kwargs: Any) -> None:
        super().__init__(file_writer_class=HoldingFileWriter, **kwargs)
        self.timings, self.progress, self.started = timings, progress, started or time.time()
        self._last = time.perf_counter()
        self._frames_done = 0
        self._frozen = False

    def init_scene(self, scene, session_spec, file_writer_settings) -> None:
        super().init_scene(scene, session_spec, file_writer_settings)
        self.file_writer.timings = self.timings

    def update_frame(self, scene, *args: Any, **kwargs: Any) -> None:
        if self.skip_animations:
            return
        with self.timings.measure("drawing"):
            super().update_frame(scene, *args, **kwargs)

    def render(self, scene, *args: Any, **kwargs: Any) -> None:
        if not self.skip_animations:  # a skipped play may step through frames' times, for its updaters only
            super().render(scene, *args, **kwargs)

    def freeze_current_frame(self, duration: float) -> None:
        self._frozen = True  # called for a wait of unchanging frames, skipped or not
        super().freeze_current_frame(duration)

    def play(self, scene, *args: Any, **kwargs: Any) -> None:
        began, clock = time.perf_counter(), self.time
        self._frozen = False
        try:
            super().play(scene, *args, **kwargs)
            if self.skip_animations:
                self.time = self._skipped_clock(clock, scene.duration, 1 / self.camera.frame_rate)
                if time_based(scene):
                    scene.update_mobjects(0)  # as a drawn play ends
        finally:
            ended = time.perf_counter()
            frames = round((scene.duration or 0.0) * self.camera.frame_rate)
            skipped = bool(self.skip_animations)
            self.timings.plays.append(Play(round(began - self._last, 4), round(ended - began, 4), frames, skipped))
            self._last = ended
            if self.progress is not None and not skipped:
                self._frames_done += frames
                Progress(self.started, self._frames_done, len(self.timings.plays)).write(self.progress)

    def _skipped_clock(self, clock: float, duration: float, dt: float) -> float:
        """The scene's clock after a skipped play, added up as drawing it would have (Manim adds the exact
        run time instead)."""
        if self._frozen:
            return clock + int(duration / dt) * dt
        for _ in np.arange(0, duration, dt):
            clock += dt
        return clock


class SkipLikeDrawing:
    """Mixed into the scene class by the render process: a skipped play with updaters that take the time
    since the last frame (the bowl's turning camera) steps through the frames' times as drawing does.

    Manim moves a skipped animation to its end in one step, so such an updater got one step of
    the exact run time where drawing gives it one step per frame, a whole number of frames: the
    bowl's camera ended a skipped wait at another angle than the whole render's.
    """

    def get_time_progression(self, run_time, description="", n_iterations=None, override_skip_animations=False):
        if self.renderer.skip_animations and time_based(self):
            override_skip_animations = True  # the frames' times, as drawing steps through them
        return super().get_time_progression(run_time, description, n_iterations, override_skip_animations)
