"""``lesson preview``: every beat's last frame with its line under it, for each segment, without rendering video.

The segments are built as ``lesson check`` builds them (a dry run, read silently); at the end of each
beat the frame on screen is drawn once (``RenderContext.preview``). For each segment this writes
``<segment>.png`` (a contact sheet: the frames in reading order, each with its cue id and line) and
its frames as ``<segment>/<cue id>.png``; ``index.html`` lays every segment's beats out on one page.
A teacher who changed a number or a word sees the result in seconds.
"""

from __future__ import annotations

import html
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from PIL import Image, ImageDraw, ImageFont

from scenes.order import Segment

from .config import LessonConfig
from .files import atomic

THUMB = (480, 270)  # each frame on the sheet, 16:9
COLUMNS = 3
LINE_CHARS = 62  # characters of a line of text under a frame
TEXT_LINES = 4  # lines of text under a frame (a longer line ends in "...")
FONT_SIZE = 15
PAD = 12
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # Debian's fonts-dejavu-core, which Manim's text uses


@dataclass(frozen=True)
class SegmentPreview:
    key: str
    sheet: Path
    beats: int
    seconds: float  # to build and draw this segment


def _font(size: int) -> ImageFont.ImageFont:
    try:
        return ImageFont.truetype(FONT, size)
    except OSError:
        return ImageFont.load_default()


def caption_lines(cue_id: str, text: str) -> list[str]:
    """The text under a frame: the cue id, then the line wrapped, cut with "..." past TEXT_LINES lines."""
    wrapped = textwrap.wrap(text, LINE_CHARS) or [""]
    if len(wrapped) > TEXT_LINES:
        wrapped = wrapped[:TEXT_LINES]
        wrapped[-1] = wrapped[-1][: LINE_CHARS - 3].rstrip() + "..."
    return [cue_id, *wrapped]


def sheet(frames: list[tuple[str, str, Image.Image]], title: str) -> Image.Image:
    """A contact sheet: each frame with its cue id and line under it, COLUMNS to a row."""
    font, bold = _font(FONT_SIZE), _font(FONT_SIZE + 5)
    text_height = (TEXT_LINES + 1) * (FONT_SIZE + 4)
    cell = (THUMB[0] + PAD, THUMB[1] + text_height + PAD)
    rows = max(1, -(-len(frames) // COLUMNS))
    top = FONT_SIZE + 5 + 2 * PAD
    page = Image.new("RGB", (PAD + COLUMNS * cell[0], top + rows * cell[1]), "white")
    draw = ImageDraw.Draw(page)
    draw.text((PAD, PAD), title, fill="black", font=bold)
    for index, (cue_id, text, frame) in enumerate(frames):
        x = PAD + (index % COLUMNS) * cell[0]
        y = top + (index // COLUMNS) * cell[1]
        page.paste(frame.resize(THUMB), (x, y))
        for row, line in enumerate(caption_lines(cue_id, text)):
            draw.text((x, y + THUMB[1] + 4 + row * (FONT_SIZE + 4)), line, fill="#555" if row == 0 else "black",
                      font=font)
    return page


def _save(image: Image.Image, path: Path) -> None:
    with atomic(path) as partial:
        image.save(partial, format="PNG", compress_level=1)  # fast: a preview is looked at once


def write_segment(key: str, title: str, frames: list, out: Path) -> Path:
    """``out/<key>.png`` and ``out/<key>/<cue id>.png`` from a built scene's frames (cue id, line, pixels)."""
    images = [(cue_id, text, Image.fromarray(pixels).convert("RGB")) for cue_id, text, pixels in frames]
    (out / key).mkdir(parents=True, exist_ok=True)
    for old in (out / key).glob("*.png"):  # a beat the config no longer has
        old.unlink()
    for cue_id, _, image in images:
        _save(image.resize(THUMB), out / key / f"{cue_id}.png")
    _save(sheet(images, f"{key}: {title}"), out / f"{key}.png")
    return out / f"{key}.png"


def write_index(out: Path, config: LessonConfig, shown: dict[str, list[tuple[str, str]]]) -> Path:
    """``out/index.html``: every previewed segment's beats, each frame with its line (all text escaped)."""
    parts = ["<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">",
             f"<title>Preview: {html.escape(config.title)}</title>",
             "<style>body{font:16px/1.4 sans-serif;margin:1.5rem}figure{display:inline-block;width:480px;"
             "margin:0 12px 18px 0;vertical-align:top}img{width:480px;height:270px;display:block}"
             "figcaption code{color:#555}</style></head><body>",
             f"<h1>Preview: {html.escape(config.title)}</h1>"]
    for key, beats in shown.items():
        parts.append(f"<h2 id=\"{html.escape(key)}\">{html.escape(key)} "
                     f"<a href=\"{html.escape(key)}.png\">(sheet)</a></h2>")
        for cue_id, text in beats:
            parts.append(f"<figure><img src=\"{html.escape(key)}/{html.escape(cue_id)}.png\" alt=\"\">"
                         f"<figcaption><code>{html.escape(cue_id)}</code> {html.escape(text)}</figcaption></figure>")
    parts.append("</body></html>")
    with atomic(out / "index.html") as partial:
        partial.write_text("\n".join(parts), encoding="utf-8")
    return out / "index.html"


_SHARED: dict = {}  # what forked preview workers read: the segments and the config, never pickled


def _one(index: int) -> tuple[SegmentPreview, list[tuple[str, str]]]:
    """Build and draw one segment (in a worker, or here), write its files; its summary and its beats."""
    from .dry_run import built

    segments, config, out, tex_dir = _SHARED["job"]
    segment = segments[index]
    began = time.perf_counter()
    (scene,) = built((segment,), config, tex_dir, preview=True)
    path = write_segment(segment.key, segment.title, scene.frames, out)
    made = SegmentPreview(segment.key, path, len(scene.frames), round(time.perf_counter() - began, 2))
    return made, [(cue_id, text) for cue_id, text, _ in scene.frames]


def preview(segments: tuple[Segment, ...], config: LessonConfig, out: Path, tex_dir: Path | None = None,
            report: Callable[[str], None] = lambda line: None, jobs: int = 1) -> list[SegmentPreview]:
    """Build and draw ``segments`` (on ``jobs`` processes, forked from this one: Manim and the scenes are imported
    once); write their sheets and the index into ``out``; report each file written, as it is written."""
    out.mkdir(parents=True, exist_ok=True)
    _SHARED["job"] = (tuple(segments), config, out, tex_dir)
    results: dict[int, tuple[SegmentPreview, list]] = {}
    try:
        if jobs > 1 and len(segments) > 1:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor, as_completed

            with ProcessPoolExecutor(min(jobs, len(segments)), mp_context=multiprocessing.get_context("fork")) as pool:
                futures = {pool.submit(_one, i): i for i in range(len(segments))}
                for future in as_completed(futures):
                    results[futures[future]] = made = future.result()
                    report(f"{made[0].sheet} ({made[0].beats} beats, {made[0].seconds:.1f} s)")
        else:
            for i in range(len(segments)):
                results[i] = made = _one(i)
                report(f"{made[0].sheet} ({made[0].beats} beats, {made[0].seconds:.1f} s)")
    finally:
        _SHARED.clear()
    ordered = [results[i] for i in range(len(segments))]
    report(str(write_index(out, config, {m.key: beats for m, beats in ordered})))
    return [m for m, _ in ordered]
