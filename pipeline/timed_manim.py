"""Run Manim's command line with timers on where a render spends its time, and one LaTeX compile per formula.

``python -m pipeline.timed_manim render ...`` is ``manim render ...`` plus three things:

* each formula's LaTeX-to-SVG conversion holds a lock named after the formula, so
  parallel renders sharing one Tex cache compile a formula once (the others wait,
  then find the SVG) and never read an SVG that dvisvgm is still writing;
* if ``LESSON_TIMINGS`` names a file, a JSON record of the run is written there:
  start-up (importing Manim and the scene), LaTeX (compiles, their time and the
  formulas' hashes), frame drawing, encoding (on Manim's encoder threads, so it
  overlaps drawing), combining the partial movies, and the rest of the scene's
  own work (building mobjects, mathcore); and each play call's time, frames and the
  scene's work before it (``plays``: what a split render is planned from);
* with ``LESSON_PROGRESS``, the frames done so far, rewritten after each play call;
* the speed-ups of ``pipeline.manim_speedups`` (converted SVGs shared between processes
  through ``LESSON_SVG_CACHE``, a repeated frame converted once), which change no pixel.
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import json
import os
import subprocess
import sys
import threading
import time
from collections import defaultdict
from contextlib import contextmanager
from pathlib import Path

STARTED = time.perf_counter()


class Timings:
    """Seconds and counts per part, safe to add to from Manim's encoder threads."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = defaultdict(float)
        self.counts: dict[str, int] = defaultdict(int)
        self.formulas: list[str] = []
        self.plays: list[dict] = []  # per play call: the scene's own work before it, its own time, frames, skipped
        self._lock = threading.Lock()

    def add(self, part: str, seconds: float, count: int = 1) -> None:
        with self._lock:
            self.seconds[part] += seconds
            self.counts[part] += count

    def timed(self, part: str, count=None):
        """Wrap a function so each call adds its wall time (and ``count(args)`` items) to ``part``."""

        def wrap(function):
            @functools.wraps(function)
            def timed_call(*args, **kwargs):
                began = time.perf_counter()
                try:
                    return function(*args, **kwargs)
                finally:
                    self.add(part, time.perf_counter() - began, count(*args, **kwargs) if count else 1)

            return timed_call

        return wrap

    def record(self) -> dict:
        return {"seconds": {k: round(v, 3) for k, v in sorted(self.seconds.items())},
                "counts": dict(sorted(self.counts.items())), "formulas": self.formulas, "plays": self.plays}


@contextmanager
def file_lock(path: Path):
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


class _HardenedSubprocess:
    """Stands in for the ``subprocess`` module inside Manim's tex_file_writing: every run goes through safe_tex."""

    def __init__(self, config) -> None:
        self.config = config

    def __getattr__(self, name: str):
        return getattr(subprocess, name)

    def run(self, command, **kwargs):
        from pipeline.processes import die_with_parent
        from pipeline.safe_tex import run

        try:
            return run(command, output_dir=self.config.get_dir("tex_dir"), preexec_fn=die_with_parent, **kwargs)
        except RuntimeError as error:  # TexTimeout: Manim reports a failed formula as a ValueError
            raise ValueError(f"{error}: {' '.join(map(str, command))[-200:]}") from None


def instrument(timings: Timings) -> None:
    """Patch Manim's LaTeX, drawing and encoding entry points with timers (and the LaTeX lock)."""
    from manim import config
    from manim.mobject.text import tex_mobject
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene
    from manim.scene.scene_file_writer import SceneFileWriter
    from manim.scene.video_segment_encoder import VideoSegmentEncoder
    from manim.utils import tex_file_writing as tex

    original_svg = tex.tex_to_svg_file
    compile_tex, convert_to_svg = tex.compile_tex, tex.convert_to_svg

    def counted_compile(tex_file, *args, **kwargs):
        if not tex_file.with_suffix(".svg").exists():
            timings.formulas.append(tex_file.stem)
        return timings.timed("latex")(compile_tex)(tex_file, *args, **kwargs)

    tex.compile_tex = counted_compile
    tex.convert_to_svg = timings.timed("dvisvgm")(convert_to_svg)
    tex.subprocess = _HardenedSubprocess(config)  # latex and dvisvgm: no shell escape, paranoid files, time limit

    @functools.wraps(original_svg)
    def locked_svg(expression, environment=None, tex_template=None):
        template = tex_template or config["tex_template"]
        name = hashlib.sha256(repr((expression, environment, template.body)).encode()).hexdigest()[:16]
        folder = Path(config.get_dir("tex_dir"))
        folder.mkdir(parents=True, exist_ok=True)
        with file_lock(folder / f"{name}.lock"):
            svg = original_svg(expression, environment, tex_template)
            for leftover in (".dvi", ".xdv", ".pdf", ".log", ".aux"):  # this formula's own, nobody else's
                svg.with_suffix(leftover).unlink(missing_ok=True)
            return svg

    # Manim's cleanup deletes every non-SVG file of the shared folder, including the .dvi another render is
    # converting at that moment (its dvisvgm then fails): each formula cleans up after itself instead.
    tex.delete_nonsvg_files = lambda *args, **kwargs: None
    from pipeline.manim_speedups import install

    svg_cache = os.environ.get("LESSON_SVG_CACHE")
    install(Path(svg_cache) if svg_cache else None)
    tex.tex_to_svg_file = locked_svg
    tex_mobject.tex_to_svg_file = locked_svg
    CairoRenderer.update_frame = timings.timed("drawing")(CairoRenderer.update_frame)
    VideoSegmentEncoder.write_frame = timings.timed("encoding", lambda self, pixels, repeat=1: repeat)(
        VideoSegmentEncoder.write_frame)
    VideoSegmentEncoder.finish = timings.timed("encoding_flush")(VideoSegmentEncoder.finish)
    SceneFileWriter.combine_to_movie = timings.timed("combining")(SceneFileWriter.combine_to_movie)
    Scene.render = timings.timed("scene")(Scene.render)


def record_plays(timings: Timings, progress: Path | None) -> None:
    """Time each play call (and the scene's work since the previous one), the record a split render is
    planned from; after each, write the frames done so far to ``progress`` (read by the live display)."""
    import numpy as np
    from manim.renderer.cairo_renderer import CairoRenderer

    play, freeze = CairoRenderer.play, CairoRenderer.freeze_current_frame
    last = [time.perf_counter()]
    done = [0]
    frozen = [False]
    try:  # when the job started, as its launcher wrote it
        started = json.loads(progress.read_text(encoding="utf-8")).get("started") if progress else None
    except (OSError, ValueError):
        started = None

    @functools.wraps(freeze)
    def noted_freeze(self, duration):
        frozen[0] = True  # called for a wait of unchanging frames, skipped or not
        return freeze(self, duration)

    @functools.wraps(play)
    def timed_play(self, scene, *args, **kwargs):
        began, clock = time.perf_counter(), self.time
        frozen[0] = False
        try:
            result = play(self, scene, *args, **kwargs)
            if self.skip_animations:
                self.time = skipped_clock(clock, scene.duration, 1 / self.camera.frame_rate, frozen[0])
                if time_based(scene):
                    scene.update_mobjects(0)  # as a drawn play ends
            return result
        finally:
            ended = time.perf_counter()
            frames = round((scene.duration or 0.0) * self.camera.frame_rate)
            skipped = bool(self.skip_animations)
            timings.plays.append({"gap": round(began - last[0], 4), "seconds": round(ended - began, 4),
                                  "frames": frames, "skipped": skipped})
            last[0] = ended
            if progress is not None and not skipped:
                done[0] += frames
                temporary = progress.with_name(progress.name + ".tmp")
                temporary.write_text(json.dumps({"started": started or time.time(), "frames": done[0],
                                                "plays": len(timings.plays)}))
                temporary.replace(progress)

    def skipped_clock(clock: float, duration: float, dt: float, still: bool) -> float:
        """The scene's clock after a skipped play, added up as drawing it would have (Manim adds the exact
        run time instead): a wait of still frames adds its whole frames at once, an animation one frame at
        a time. So a render of a range of animations times its narration as the whole render does."""
        if still:
            return clock + int(duration / dt) * dt
        for _ in np.arange(0, duration, dt):
            clock += dt
        return clock

    CairoRenderer.play = timed_play
    CairoRenderer.freeze_current_frame = noted_freeze
    skip_like_drawing()


def time_based(scene) -> bool:
    """Whether anything in the scene changes with the time between frames (an updater that takes dt)."""
    return bool(scene.updaters) or any(m.has_time_based_updater() for m in scene.get_mobject_family_members())


def skip_like_drawing() -> None:
    """Make a skipped play call (before a range: ``-n first,last``) leave the scene as drawing it would have.

    Manim moves a skipped animation to its end in one step. Updaters that take the time
    since the last frame (the 3D camera's ambient rotation, say) then get one step of the
    exact run time, where drawing gives them one step per frame, a whole number of frames:
    the bowl's camera ended a skipped wait at another angle. With such updaters present, a
    skipped play steps through the frames' times as drawing does, without drawing; and
    nothing is drawn while skipping (Manim drew one frame per skipped play, for nothing).
    """
    from manim.renderer.cairo_renderer import CairoRenderer
    from manim.scene.scene import Scene

    progression = Scene.get_time_progression

    @functools.wraps(progression)
    def stepped(self, run_time, description="", n_iterations=None, override_skip_animations=False):
        if self.renderer.skip_animations and time_based(self):
            override_skip_animations = True  # the frames' times, as drawing steps through them
        return progression(self, run_time, description, n_iterations, override_skip_animations)

    update_frame, render = CairoRenderer.update_frame, CairoRenderer.render

    @functools.wraps(update_frame)
    def update_unless_skipping(self, scene, *args, **kwargs):
        if not self.skip_animations:
            update_frame(self, scene, *args, **kwargs)

    @functools.wraps(render)
    def render_unless_skipping(self, scene, *args, **kwargs):
        if not self.skip_animations:  # a skipped play may step through frames' times, for its updaters only
            render(self, scene, *args, **kwargs)

    Scene.get_time_progression = stepped
    CairoRenderer.update_frame = update_unless_skipping
    CairoRenderer.render = render_unless_skipping


def main() -> None:
    timings = Timings()
    target = os.environ.get("LESSON_TIMINGS")
    from manim.__main__ import main as manim_main

    instrument(timings)
    progress = os.environ.get("LESSON_PROGRESS")
    record_plays(timings, Path(progress) if progress else None)
    from pipeline.speech.narrator import install_from_env

    install_from_env()  # the voice (LESSON_NARRATION) that says each line; silent without it
    timings.add("import_manim", time.perf_counter() - STARTED)
    status = 0
    try:
        manim_main(standalone_mode=False)
    except SystemExit as exit_:
        status = exit_.code if isinstance(exit_.code, int) else 1
    finally:
        timings.add("total", time.perf_counter() - STARTED)
        if target:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            Path(target).write_text(json.dumps(timings.record(), indent=1), encoding="utf-8")
    sys.exit(status)


if __name__ == "__main__":
    main()
