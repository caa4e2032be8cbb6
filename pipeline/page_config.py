"""The config's [quiz] and [site] tables: which questions the lesson page asks, where, and what it publishes.

[quiz] questions   the questions, by key (see `mathcore.quiz.QUESTIONS`); [] for none
       ask         whether the page stops to ask them (presenter mode asks only when turned on in class)
       [quiz.chapters]  a question's chapter, by key, where it differs from its own (`mathcore.quiz.CHAPTERS`)
[site] answers     whether the student page also carries the answer key (its page, PDF and answer tables)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from mathcore.quiz import CHAPTERS, QUESTIONS, NotAskable, quiz_facts

from .suggest import did_you_mean, refuse_unknown


class PageConfigError(ValueError):
    """A [quiz] or [site] table that cannot be used; the message names the key."""


@dataclass(frozen=True)
class PageSettings:
    asked: tuple[tuple[str, str], ...] = tuple((key, CHAPTERS[key]) for key in QUESTIONS)  # (question, chapter)
    ask: bool = True
    answers: bool = False  # the answer key on the student page too
    chosen: bool = False  # the config named its questions (so one that cannot be asked is an error, not dropped)


def _unknown(table: dict, known: set[str], where: str) -> None:
    refuse_unknown(table, known, where, PageConfigError)


def _flag(table: dict, key: str, where: str, default: bool) -> bool:
    value = table.get(key, default)
    if not isinstance(value, bool):
        raise PageConfigError(f"{where}{key} must be true or false, got {value!r}")
    return value


def parse_page(quiz: Any, site: Any, name: str, segments: tuple[str, ...], known: tuple[str, ...]) -> PageSettings:
    """The page settings from the [quiz] and [site] tables; ``segments`` are the lesson's, ``known`` every segment
    there is. A question whose chapter the lesson leaves out is an error when the config chose the questions, and
    is dropped from the default list otherwise."""
    for table, label in ((quiz, "quiz"), (site, "site")):
        if not isinstance(table, dict):
            raise PageConfigError(f"{name}: [{label}] must be a table")
    _unknown(quiz, {"questions", "ask", "chapters"}, f"{name}: [quiz]")
    _unknown(site, {"answers"}, f"{name}: [site]")
    chosen = "questions" in quiz
    keys = quiz.get("questions", list(QUESTIONS))
    if not isinstance(keys, list) or not all(isinstance(k, str) for k in keys):
        raise PageConfigError(f"{name}: quiz.questions must be a list of question names, such as {list(QUESTIONS)}")
    for key in keys:
        if key not in QUESTIONS:
            raise PageConfigError(f"{name}: quiz.questions: unknown question {key!r}{did_you_mean(key, QUESTIONS)}"
                                  f" (there are {', '.join(QUESTIONS)})")
    if len(set(keys)) != len(keys):
        raise PageConfigError(f"{name}: quiz.questions names a question twice")
    places = quiz.get("chapters", {})
    if not isinstance(places, dict):
        raise PageConfigError(f"{name}: [quiz.chapters] must be a table of question = \"segment\"")
    for key, chapter in places.items():
        if key not in keys:
            raise PageConfigError(f"{name}: quiz.chapters.{key}: not one of the questions asked ({', '.join(keys)})")
        if not isinstance(chapter, str) or chapter not in known:
            raise PageConfigError(f"{name}: quiz.chapters.{key}: unknown segment {chapter!r}"
                                  f"{did_you_mean(str(chapter), known)}")
    asked = []
    for key in keys:
        chapter = places.get(key, CHAPTERS[key])
        if chapter not in segments:
            if chosen:
                raise PageConfigError(f"{name}: quiz.questions: {key} is asked after {chapter!r}, which this lesson "
                                      f"leaves out; set quiz.chapters.{key} to one of its segments")
            continue
        asked.append((key, chapter))
    return PageSettings(tuple(asked), _flag(quiz, "ask", f"{name}: quiz.", True),
                        _flag(site, "answers", f"{name}: site.", False), chosen)


def check_askable(settings: PageSettings, params, name: str) -> PageSettings:
    """The settings with the questions this lesson's numbers can answer: one that cannot (two weights tie for
    the most blame) is an error naming it when the config chose it, and is dropped from the default list."""
    kept = []
    for key, chapter in settings.asked:
        try:
            quiz_facts(params, [key])
        except NotAskable as error:
            if settings.chosen:
                raise PageConfigError(f"{name}: quiz.questions: {error}; leave it out") from None
            continue
        kept.append((key, chapter))
    return PageSettings(tuple(kept), settings.ask, settings.answers, settings.chosen)
