"""One segment's render, in a process of its own: ``python -m pipeline.render_process JOB.json``.

The process reads its inputs once, here, into one ``RenderContext`` (the lesson's parameters
and theme from the frozen config, checked against the digest it was validated under; the
voice; the segment's place in the lesson) and constructs the scene with it. Manim's settings
are set here too (quality, folders, the range of play calls, the encoder's options), and the
scene is handed this project's renderer (``pipeline.instrument``). When the scene is done,
this process writes the segment's video, cues and timings where the job says; the scene
itself writes nothing.

Exit status 0 when every file was written, 1 otherwise (the log says why).
"""

from __future__ import annotations

import hashlib
import shutil
import sys
import time
import traceback
from contextlib import ExitStack
from pathlib import Path

STARTED = time.perf_counter()

QUALITY_NAMES = {"low": "low_quality", "medium": "medium_quality", "high": "high_quality", "4k": "fourk_quality"}


class JobError(RuntimeError):
    """A job this process cannot run as given (a config that is not the one validated, an unknown segment)."""


def _context(job, voice):
    """The segment's render context from the job: parameters and theme from the frozen config (verified)."""
    from scenes.kit.context import lesson_context
    from scenes.order import find

    from .lesson_folder import load_default

    load_default()  # the lesson's segments: their order and titles are the chapters

    from .config import default_config, parse_snapshot

    (segment,) = find([job.segment])
    if job.config is None:
        config = default_config()
    else:
        data = job.config.read_bytes()
        if hashlib.sha256(data).hexdigest() != job.config_sha256:
            raise JobError(f"{job.config} is not the config this render was asked for (its SHA-256 differs)")
        config = parse_snapshot(data.decode("utf-8"), str(job.config))
    return segment, lesson_context(segment.scene, config.params, config.theme, voice, config.lines,
                                    tables=config.tables)


def render(job) -> None:
    """Render ``job``'s segment (or range of it) and write its video, cues and timings."""
    from manim import ThreeDScene, tempconfig
    from manim.camera.camera import Camera

    from . import manim_tex, svg_cache
    from .files import write_text
    from .instrument import SkipLikeDrawing, TimedRenderer, Timings
    from .manim_speedups import ENCODER_OPTIONS, FastThreeDCamera, install_axis_shading
    from .records.cues import SegmentCues
    from .speech.narrator import narrator

    timings = Timings()
    timings.add("import_manim", time.perf_counter() - STARTED)
    with ExitStack() as stack:
        voice = narrator(job.narration) if job.narration else None
        if voice is not None and hasattr(voice, "close"):
            stack.callback(voice.close)
        segment, context = _context(job, voice)
        settings = {"quality": QUALITY_NAMES[job.quality], "media_dir": str(job.manim_media),
                    "tex_dir": str(job.tex), "input_file": str(segment.path), "disable_caching": True,
                    "progress_bar": "none", "no_latex_cleanup": True, "notify_outdated_version": False,
                    "video_encoder_options": ENCODER_OPTIONS}
        if job.span is not None:
            settings["from_animation_number"], settings["upto_animation_number"] = job.span
        with tempconfig(settings):
            manim_tex.install(timings)
            svg_cache.install(job.svg)
            install_axis_shading()
            scene_class = segment.load()
            drawn = type(scene_class.__name__, (SkipLikeDrawing, scene_class), {"__module__": scene_class.__module__})
            camera = FastThreeDCamera if issubclass(scene_class, ThreeDScene) else Camera
            renderer = TimedRenderer(timings, job.progress, job.started, camera_class=camera)
            scene = drawn(context=context, renderer=renderer)
            with timings.measure("scene"):
                scene.render()
            video = Path(scene.renderer.file_writer.movie_file_path)
        job.video.parent.mkdir(parents=True, exist_ok=True)
        shutil.move(video, job.video)
        write_text(job.cues, SegmentCues(tuple(scene.cues)).to_json())
    timings.add("total", time.perf_counter() - STARTED)
    write_text(job.timings, timings.record().to_json())


def main(argv: list[str] | None = None) -> int:
    from .processes import die_with_parent
    from .records.job import RenderJob

    die_with_parent()
    args = sys.argv[1:] if argv is None else argv
    lesson = None
    if len(args) == 3 and args[1] == "--lesson":  # the lesson folder the user named to the `lesson` command
        args, lesson = args[:1], Path(args[2])
    if len(args) != 1:
        print("usage: python -m pipeline.render_process JOB.json [--lesson DIR]", file=sys.stderr)
        return 2
    try:
        if lesson is not None:
            from .lesson_folder import load_folder

            load_folder(lesson)
        render(RenderJob.read(Path(args[0])))
    except Exception:  # noqa: BLE001 - the log is the parent's to show: the whole traceback goes there
        traceback.print_exc()
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
