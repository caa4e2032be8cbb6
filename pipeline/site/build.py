"""Write ``<render folder>/site/``: the lesson as a static site that works from file:// or any host.

One Jinja2 template makes every page (the lesson, the answer key, or a selection), filled from
the manifests and cue files the render wrote; the JavaScript and CSS are static files. Videos are
hard-linked (copied where links are impossible), so the folder can be copied anywhere as it is.
The site is built in a fresh folder and swapped in whole: a half-built site is never left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Callable

import jinja2

from ..config import LessonConfig
from ..records import RecordError
from ..records.manifest import NAMES as MANIFESTS
from ..records.manifest import Manifest
from ..tables import lesson_tables, render_tables
from .data import Video, read_video
from .webm import encode_webm, up_to_date

PAGES = {"lesson": ("index.html", "Lesson"), "selection": ("index.html", "Selection"),
         "answer-key": ("answer-key.html", "Worksheet answer key")}


class SiteError(Exception):
    """The render folder cannot make a site (no joined video in it, or a file missing)."""


@dataclass(frozen=True)
class SiteReport:
    folder: Path
    pages: tuple[Path, ...]
    webm_seconds: float  # time spent encoding WebM renditions (0 when reused or not asked for)
    seconds: float


def stems_in(folder: Path) -> list[str]:
    """The videos a render folder holds: the lesson and its answer key, or else a selection."""
    found = [stem for stem in ("lesson", "answer-key") if (folder / MANIFESTS[stem]).is_file()]
    if not found and (folder / MANIFESTS["selection"]).is_file():
        found = ["selection"]
    return found


def site_folder(folder: Path, stems: list[str]) -> Path:
    """``site/`` for the lesson (and its answer key); ``site-selection/`` for a selection, so previewing a
    few segments never replaces the page of the whole lesson."""
    return folder / ("site-selection" if stems == ["selection"] else "site")


def clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def _link(source: Path, target: Path) -> None:
    """``target`` the same file as ``source``: a hard link when possible, else a copy."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("pipeline.site", "templates"),
                              autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined)


def build_site(folder: Path, config: LessonConfig, *, stems: list[str] | None = None, webm: bool = True,
               worksheets: Callable[[Path], dict[str, Path]] | None = None,
               report: Callable[[str], None] = lambda line: None) -> SiteReport:
    """Build ``folder/site`` (``folder/site-selection`` for a selection) from the render in ``folder``.

    ``stems`` are the videos to give pages (default: what the folder holds); ``worksheets(out)``
    writes worksheet.pdf and answer-key.pdf into ``out`` (the site reuses them while the config
    is unchanged); ``webm`` adds the VP9 + Opus rendition as a second source.
    """
    began = time.perf_counter()
    stems = stems or stems_in(folder)
    if not stems:
        raise SiteError(f"{folder}: no rendered lesson here (run `lesson render` first)")
    try:
        manifests = {stem: Manifest.read(folder / MANIFESTS[stem]) for stem in stems}
        videos = {stem: read_video(folder, stem) for stem in stems}
    except RecordError as error:
        raise SiteError(str(error)) from None
    site = site_folder(folder, stems)
    fresh = folder / f".site-{os.getpid()}"
    shutil.rmtree(fresh, ignore_errors=True)
    (fresh / "static").mkdir(parents=True)
    try:
        for name in ("lesson.js", "lesson.css"):
            (fresh / "static" / name).write_bytes(resources.files("pipeline.site").joinpath("static", name)
                                                  .read_bytes())
        encoded = 0.0
        for stem in stems:
            encoded += _media(folder, site, fresh, stem, manifests[stem], webm, report)
        downloads = _files(folder, site, fresh, config, stems, worksheets, report)
        environment = _environment()
        template = environment.get_template("page.html")
        pages = []
        for stem, video in videos.items():
            page, _ = PAGES[stem]
            links = [{"href": PAGES[s][0], "label": PAGES[s][1], "current": s == stem} for s in stems]
            html = template.render(
                video=video, pages=links if len(links) > 1 else [], theme=dict(config.theme.items()),
                description=_description(video), poster=f"{stem}-poster.png", clock=clock,
                files={"mp4": f"{stem}.mp4", "vtt": f"{stem}.vtt",
                       "webm": f"{stem}.webm" if (fresh / f"{stem}.webm").exists() else None},
                downloads=[*_video_links(videos, fresh), *downloads],
                vtt_text=(folder / f"{stem}.vtt").read_text(encoding="utf-8"))
            (fresh / page).write_text(html, encoding="utf-8")
            pages.append(site / page)
        seconds = round(time.perf_counter() - began, 2)
        sizes = {f.name: f.stat().st_size for f in sorted(fresh.iterdir()) if f.suffix in (".mp4", ".webm")}
        (fresh / "site.json").write_text(json.dumps(
            {"seconds": seconds, "webm_seconds": round(encoded, 2), "sizes": sizes,
             "durations": {stem: video.duration for stem, video in videos.items()}}, indent=1), encoding="utf-8")
        _swap(fresh, site)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)
        raise
    return SiteReport(site, tuple(pages), round(encoded, 2), seconds)


def _description(video: Video) -> str:
    chapters = ", ".join(c.title for c in video.chapters[:6])
    more = "" if len(video.chapters) <= 6 else ", ..."
    return f"An animated lesson, {clock(video.duration)} long: {chapters}{more}."


def _media(folder: Path, site: Path, fresh: Path, stem: str, manifest: Manifest, webm: bool,
           report: Callable[[str], None]) -> float:
    """The video, its captions and its poster; the WebM reused from the last site while the MP4 is the same."""
    source = folder / f"{stem}.mp4"
    if not source.is_file():
        raise SiteError(f"{source}: missing (render again)")
    _link(source, fresh / source.name)
    _link(folder / f"{stem}.vtt", fresh / f"{stem}.vtt")
    if (folder / f"{stem}.words.json").is_file():  # every word's time, beside the captions
        _link(folder / f"{stem}.words.json", fresh / f"{stem}.words.json")
    posters = [folder / s.poster for s in manifest.segments if (folder / s.poster).is_file()]
    if posters:
        _link(posters[min(1, len(posters) - 1)], fresh / f"{stem}-poster.png")  # past the title card if any
    if not webm:
        return 0.0
    kept, target = folder / f"{stem}.webm", fresh / f"{stem}.webm"  # kept beside the MP4, across sites
    if up_to_date(source, kept):
        report(f"site: {stem}.webm unchanged")
        seconds = 0.0
    else:
        report(f"site: encoding {stem}.webm (VP9 + Opus, for browsers without H.264) ...")
        seconds = encode_webm(source, kept)
        report(f"site: {stem}.webm in {seconds:.0f} s")
    _link(kept, target)
    return seconds


def _files(folder: Path, site: Path, fresh: Path, config: LessonConfig, stems: list[str],
           worksheets: Callable[[Path], dict[str, Path]] | None, report: Callable[[str], None]) -> list[dict]:
    """The lesson's tables (CSV, JSON), the config it was rendered from, and the worksheet PDFs."""
    tables = lesson_tables(config.params)
    (fresh / "tables.csv").write_text(render_tables(tables, "csv"), encoding="utf-8")
    (fresh / "tables.json").write_text(render_tables(tables, "json"), encoding="utf-8")
    (fresh / "lesson.toml").write_text(config.source, encoding="utf-8")
    links = [{"href": "tables.csv", "label": "Every table of the lesson (CSV)", "download": True,
              "note": f"{len(tables)} tables"},
             {"href": "tables.json", "label": "Every table of the lesson (JSON)", "download": True},
             {"href": "lesson.toml", "label": "The config this lesson was rendered from", "download": True}]
    if worksheets is None:
        return links
    stamp = {"config": config.digest}
    kept = site / "worksheets.json"
    names = ("worksheet.pdf", "answer-key.pdf")
    try:
        reuse = json.loads(kept.read_text(encoding="utf-8")) == stamp and all((site / n).is_file() for n in names)
    except (OSError, ValueError):
        reuse = False
    if reuse:
        for name in names:
            _link(site / name, fresh / name)
    else:
        report("site: writing worksheet.pdf and answer-key.pdf ...")
        worksheets(fresh)
    (fresh / "worksheets.json").write_text(json.dumps(stamp), encoding="utf-8")
    return [{"href": "worksheet.pdf", "label": "Student worksheet (PDF)", "download": False},
            {"href": "answer-key.pdf", "label": "Worksheet answer key (PDF)", "download": False}, *links]


def _video_links(videos: dict[str, Video], fresh: Path) -> list[dict]:
    links = []
    for stem, video in videos.items():
        links.append({"href": f"{stem}.mp4", "label": f"{video.title} (MP4)", "download": True,
                      "note": clock(video.duration)})
        if (fresh / f"{stem}.webm").exists():
            links.append({"href": f"{stem}.webm", "label": f"{video.title} (WebM)", "download": True})
        links.append({"href": f"{stem}.vtt", "label": f"{video.title}: captions (WebVTT)", "download": True})
    return links


def _swap(fresh: Path, site: Path) -> None:
    """Put the new site in place of the old in two renames; the old one is deleted after."""
    old = site.with_name(f".site-old-{os.getpid()}")
    if site.exists():
        site.rename(old)
    fresh.rename(site)
    shutil.rmtree(old, ignore_errors=True)
