"""Write ``<render folder>/site/`` (the student page) and ``site-teacher/`` (the teacher's): the lesson as a
static site that works from file:// or any host.

One Jinja2 template makes every page (the lesson, the answer key, or a selection), filled from
the manifests and cue files the render wrote; the JavaScript and CSS are static files. The student
site carries no answer (no answer-key page, PDF or answer tables) unless the config's ``[site] answers``
says so; the teacher's has everything. Videos are hard-linked (copied where links are impossible), so
a folder can be copied anywhere as it is. Each site is built in a fresh folder and swapped in whole: a
half-built site is never left behind.
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
from ..quiz import Question, questions
from ..records import RecordError
from ..records.manifest import NAMES as MANIFESTS
from ..records.manifest import Manifest, within
from .data import Video, read_video
from .files import clock, link, played_uses, transcript_text, write_tables
from .scorm import write_package
from .webm import encode_webm, up_to_date

PAGES = {"lesson": ("index.html", "Lesson"), "selection": ("index.html", "Selection"),
         "answer-key": ("answer-key.html", "Worksheet answer key")}


class SiteError(Exception):
    """The render folder cannot make a site (no joined video in it, or a file missing)."""


AUDIENCES = ("student", "teacher")
STATIC = ("lesson.css", "player.js", "address.js", "presenter.js", "quiz.js", "scorm.js", "notes.js", "favicon.svg")


@dataclass(frozen=True)
class SiteReport:
    folder: Path  # the student site
    teacher: Path  # the teacher's site
    pages: tuple[Path, ...]  # the student site's pages
    webm_seconds: float  # time spent encoding WebM renditions (0 when reused or not asked for)
    seconds: float
    questions: tuple[Question, ...] = ()
    scorm: Path | None = None


def stems_in(folder: Path) -> list[str]:
    """The videos a render folder holds: the lesson and its answer key, or else a selection."""
    found = [stem for stem in ("lesson", "answer-key") if (folder / MANIFESTS[stem]).is_file()]
    if not found and (folder / MANIFESTS["selection"]).is_file():
        found = ["selection"]
    return found


def site_folder(folder: Path, stems: list[str], audience: str = "student") -> Path:
    """``site/`` for the lesson (and its answer key); ``site-selection/`` for a selection, so previewing a
    few segments never replaces the page of the whole lesson; ``-teacher`` after either for the teacher's."""
    base = "site-selection" if stems == ["selection"] else "site"
    return folder / (base if audience == "student" else f"{base}-teacher")


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("pipeline.site", "templates"),
                              autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined)


def build_site(folder: Path, config: LessonConfig, *, stems: list[str] | None = None, webm: bool = True,
               worksheets: Callable[[Path], dict[str, Path]] | None = None, scorm: bool = False,
               report: Callable[[str], None] = lambda line: None) -> SiteReport:
    """Build the student and teacher sites (``folder/site``, ``folder/site-teacher``; ``site-selection...`` for a
    selection) from the render in ``folder``.

    ``stems`` are the videos to give pages (default: what the folder holds); ``worksheets(out)``
    writes worksheet.pdf and answer-key.pdf into ``out`` (reused while the config is unchanged);
    ``webm`` adds the VP9 + Opus rendition as a second source; ``scorm`` also zips the student site
    as a SCORM 1.2 package (``lesson-scorm.zip`` beside it).
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
    asked = questions(config.params, config.page.asked)
    encoded, made = 0.0, {}
    for audience in AUDIENCES:
        answers = audience == "teacher" or config.page.answers
        shown = [stem for stem in stems if answers or stem != "answer-key"]
        site = site_folder(folder, stems, audience)
        fresh = folder / f".site-{audience}-{os.getpid()}"
        shutil.rmtree(fresh, ignore_errors=True)
        (fresh / "static").mkdir(parents=True)
        try:
            for name in STATIC:
                (fresh / "static" / name).write_bytes(
                    resources.files("pipeline.site").joinpath("static", name).read_bytes())
            for stem in shown:
                encoded += _media(folder, fresh, stem, manifests[stem], webm, report)
            downloads = [*_video_links({s: videos[s] for s in shown}, fresh),
                         *_worksheets(folder, fresh, config, worksheets if "worksheet" in played_uses(config)
                                      else None, answers, report),
                         *write_tables(fresh, config, asked, answers)]
            pages = _pages(fresh, site, config, {s: videos[s] for s in shown}, asked, downloads, audience)
            (fresh / "site.json").write_text(json.dumps(
                {"audience": audience, "seconds": round(time.perf_counter() - began, 2),
                 "webm_seconds": round(encoded, 2),
                 "sizes": {f.name: f.stat().st_size for f in sorted(fresh.iterdir()) if f.suffix in (".mp4", ".webm")},
                 "durations": {stem: videos[stem].duration for stem in shown}}, indent=1), encoding="utf-8")
            _swap(fresh, site)
        except BaseException:
            shutil.rmtree(fresh, ignore_errors=True)
            raise
        made[audience] = (site, pages)
    package = None
    if scorm:
        student = made["student"][0]
        package = write_package(student, student.with_name(f"{student.name}-scorm.zip"),
                                f"lesson-{config.digest}", videos[stems[0]].title)
        report(f"site: SCORM 1.2 package {package}")
    return SiteReport(made["student"][0], made["teacher"][0], made["student"][1], round(encoded, 2),
                      round(time.perf_counter() - began, 2), asked, package)


def _pages(fresh: Path, site: Path, config: LessonConfig, videos: dict[str, Video], asked: tuple[Question, ...],
           downloads: list[dict], audience: str) -> tuple[Path, ...]:
    """Each video's page (and its transcript as text), linked to each other."""
    template = _environment().get_template("page.html")
    pages = []
    for stem, video in videos.items():
        page, _ = PAGES[stem]
        links = [{"href": PAGES[s][0], "label": PAGES[s][1], "current": s == stem} for s in videos]
        keys = [c.key for c in video.chapters]
        quiz = [{**q.as_dict(), "chapterIndex": keys.index(q.chapter)} for q in asked
                if stem != "answer-key" and q.chapter in keys]
        transcript = f"{stem}-transcript.txt"
        (fresh / transcript).write_text(transcript_text(video), encoding="utf-8")
        extra = {"quiz": quiz, "ask": config.page.ask, "audience": audience}
        html = template.render(
            video=video, pages=links if len(links) > 1 else [], theme=dict(config.theme.items()),
            description=_description(video), poster=f"{stem}-poster.png", clock=clock, audience=audience,
            files={"mp4": f"{stem}.mp4", "vtt": f"{stem}.vtt", "transcript": transcript,
                   "webm": f"{stem}.webm" if (fresh / f"{stem}.webm").exists() else None},
            downloads=[{"href": transcript, "label": f"{video.title}: transcript (text)", "download": True},
                       *downloads],
            data=video.as_json((fresh / f"{stem}.vtt").read_text(encoding="utf-8"), extra))
        (fresh / page).write_text(html, encoding="utf-8")
        pages.append(site / page)
    return tuple(pages)


def _description(video: Video) -> str:
    chapters = ", ".join(c.title for c in video.chapters[:6])
    more = "" if len(video.chapters) <= 6 else ", ..."
    return f"An animated lesson, {clock(video.duration)} long: {chapters}{more}."


def _media(folder: Path, fresh: Path, stem: str, manifest: Manifest, webm: bool,
           report: Callable[[str], None]) -> float:
    """The video, its captions and its poster; the WebM reused from the last site while the MP4 is the same."""
    source = folder / f"{stem}.mp4"
    if not source.is_file():
        raise SiteError(f"{source}: missing (render again)")
    link(source, fresh / source.name)
    link(folder / f"{stem}.vtt", fresh / f"{stem}.vtt")
    if (folder / f"{stem}.words.json").is_file():  # every word's time, beside the captions
        link(folder / f"{stem}.words.json", fresh / f"{stem}.words.json")
    try:
        posters = [path for path in (within(folder, s.poster) for s in manifest.segments) if path.is_file()]
    except RecordError as error:
        raise SiteError(f"{folder / MANIFESTS[stem]}: {error}") from None
    if posters:
        link(posters[min(1, len(posters) - 1)], fresh / f"{stem}-poster.png")  # past the title card if any
    kept = folder / f"{stem}.webm"  # kept beside the MP4, across sites
    if not webm:
        if up_to_date(source, kept):  # made for the student site: the teacher's links the same file
            link(kept, fresh / kept.name)
        return 0.0
    if up_to_date(source, kept):
        report(f"site: {stem}.webm unchanged")
        seconds = 0.0
    else:
        report(f"site: encoding {stem}.webm (VP9 + Opus, for browsers without H.264) ...")
        seconds = encode_webm(source, kept)
        report(f"site: {stem}.webm in {seconds:.0f} s")
    link(kept, fresh / kept.name)
    return seconds


def _worksheets(folder: Path, fresh: Path, config: LessonConfig, worksheets: Callable[[Path], dict[str, Path]] | None,
                answers: bool, report: Callable[[str], None]) -> list[dict]:
    """worksheet.pdf, and answer-key.pdf when ``answers``: written once into ``folder/worksheets`` while the config
    is the same, and linked into each site from there."""
    if worksheets is None:
        return []
    kept, stamp = folder / "worksheets", {"config": config.digest, "page": repr(config.page)}
    names = ("worksheet.pdf", "answer-key.pdf")
    try:
        reuse = json.loads((kept / "stamp.json").read_text(encoding="utf-8")) == stamp and all(
            (kept / n).is_file() for n in names)
    except (OSError, ValueError):
        reuse = False
    if not reuse:
        report("site: writing worksheet.pdf and answer-key.pdf ...")
        shutil.rmtree(kept, ignore_errors=True)
        kept.mkdir()
        worksheets(kept)
        (kept / "stamp.json").write_text(json.dumps(stamp), encoding="utf-8")
    links = [{"href": "worksheet.pdf", "label": "Student worksheet (PDF)", "download": False}]
    link(kept / "worksheet.pdf", fresh / "worksheet.pdf")
    if answers:
        link(kept / "answer-key.pdf", fresh / "answer-key.pdf")
        links.append({"href": "answer-key.pdf", "label": "Worksheet answer key (PDF)", "download": False})
    return links


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
