"""Build segments without drawing a frame (Manim's dry run): their narration and layout, in this process.

Everything a scene decides is decided (its mobjects, its beats, its cues, the snapshot at the
end of each beat for the layout check), and nothing is drawn or encoded. Used for the
narration script and the recordings check; the scene gets its context as in a render, and
every formula it typesets goes through the hardened LaTeX (``pipeline.manim_tex``).
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Iterator

from scenes.kit.context import lesson_context
from scenes.order import Segment

from .config import LessonConfig

_PRIVATE_PARSES: list[bool] = []  # svg_cache.install(None) done in this process (once: it wraps Manim's classes)


def built(segments: tuple[Segment, ...], config: LessonConfig, tex_dir: Path | None = None,
          preview: bool = False) -> Iterator:
    """Each segment's scene, built in a dry run from ``config`` (read silently), in order; with ``preview``, each
    beat's last frame drawn too (``scene.frames``)."""
    from manim import tempconfig

    from . import manim_tex, svg_cache
    from .instrument import Timings

    with tempfile.TemporaryDirectory(prefix="lesson-dry-") as media:
        tex = tex_dir or Path(media) / "Tex"
        settings = {"dry_run": True, "from_animation_number": 10**6, "quality": "low_quality", "media_dir": media,
                    "tex_dir": str(tex), "verbosity": "ERROR", "progress_bar": "none", "no_latex_cleanup": True}
        for segment in segments:
            with tempconfig(settings):
                manim_tex.install(Timings())
                if not _PRIVATE_PARSES:  # each SVG parsed through a copy of its own: several builds share one Tex
                    svg_cache.install(None)
                    _PRIVATE_PARSES.append(True)
                scene = segment.load()(context=lesson_context(segment.scene, config.params, config.theme,
                                                              lines=config.lines, preview=preview,
                                                              tables=config.tables))
                scene.render()
            yield scene
