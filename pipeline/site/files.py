"""The files a lesson page offers for download, chosen by audience: a student's page carries no answer.

The CSV is escaped for spreadsheets where it is written (`pipeline.tables.cell`).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from ..config import LessonConfig
from ..quiz import Question, quiz_table
from ..tables import Table, lesson_tables, render_tables
from .data import Video


def clock(seconds: float) -> str:
    minutes, rest = divmod(int(seconds), 60)
    return f"{minutes}:{rest:02d}"


def link(source: Path, target: Path) -> None:
    """``target`` the same file as ``source``: a hard link when possible, else a copy."""
    target.unlink(missing_ok=True)
    try:
        os.link(source, target)
    except OSError:
        shutil.copyfile(source, target)


def transcript_text(video: Video) -> str:
    """The narration as plain text, a heading for each chapter, each line with its time."""
    out = [video.title, "=" * len(video.title), ""]
    for index, chapter in enumerate(video.chapters):
        out += [f"{chapter.title} ({clock(chapter.start)})", "-" * len(chapter.title), ""]
        out += [f"[{clock(b.start)}] {b.text}" for b in video.beats if b.chapter == index]
        out.append("")
    return "\n".join(out)


def played_uses(config: LessonConfig) -> set[str]:
    """The parameter tables the lesson's segments read: the site carries the tables of those alone."""
    from scenes.order import find

    return {used for segment in find(list(config.segments) + list(config.answer_key)) for used in segment.uses}


def own_tables(config: LessonConfig) -> list[Table]:
    """A lesson folder's own tables for the site (its modules' ``EXPORT``), every cell as text."""
    from ..lesson_folder import exports

    found = []
    for export in exports():
        for name, header, rows in export(dict(config.tables)):
            found.append(Table(str(name), tuple(map(str, header)), tuple(tuple(map(str, row)) for row in rows)))
    return found


def write_tables(out: Path, config: LessonConfig, questions: tuple[Question, ...], answers: bool) -> list[dict]:
    """tables.csv and tables.json (with the worksheet's answers and the questions' only when ``answers``), the
    config the lesson was rendered from, and quiz.json for a quiz tool (teacher only); their download links."""
    tables = lesson_tables(config.params, answers, played_uses(config)) + own_tables(config)
    if answers and questions:
        tables.append(quiz_table(questions))
    (out / "tables.csv").write_text(render_tables(tables, "csv"), encoding="utf-8")
    (out / "tables.json").write_text(render_tables(tables, "json"), encoding="utf-8")
    (out / "lesson.toml").write_text(config.source, encoding="utf-8")
    links = [{"href": "tables.csv", "label": "Every table of the lesson (CSV)", "download": True,
              "note": f"{len(tables)} tables"},
             {"href": "tables.json", "label": "Every table of the lesson (JSON)", "download": True},
             {"href": "lesson.toml", "label": "The config this lesson was rendered from", "download": True}]
    if answers and questions:
        (out / "quiz.json").write_text(json.dumps([q.as_dict() for q in questions], indent=1, ensure_ascii=False),
                                       encoding="utf-8")
        links.append({"href": "quiz.json", "label": "The page's questions with their answers (JSON)",
                      "download": True, "note": f"{len(questions)} questions"})
    return links
