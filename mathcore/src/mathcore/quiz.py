"""The facts behind the lesson page's questions: each answer computed from the lesson's own parameters.

A question is asked at the end of a chapter; its answer is a number of this config's lesson (x after
one step from the configured start, the total error after the batch update) or a choice among things
the lesson names (which weight gets the most blame, which way a variable moves). This module returns
the facts only; the words of each question are written from them by whoever shows it.

>>> from mathcore import LessonParams
>>> facts = quiz_facts(LessonParams(), QUESTIONS)
>>> [f.key for f in facts], str(facts[0].answer), facts[2].answer
(['valley-step', 'bowl-direction', 'most-blame', 'batch-error'], '12/5', 'w3')
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from .evaluate import Number, exact
from .lesson import LessonParams, crime_scene

QUESTIONS = ("valley-step", "bowl-direction", "most-blame", "batch-error")  # in the lesson's order
CHAPTERS = {"valley-step": "valley", "bowl-direction": "bowl", "most-blame": "crime-scene",
            "batch-error": "batch"}  # where each is asked unless the config says otherwise


class NotAskable(ValueError):
    """This config's lesson gives the question no single answer (two weights tie for the most blame)."""


@dataclass(frozen=True)
class StepFacts:
    """valley-step: one gradient-descent step from the configured start."""

    key: str
    formula: str
    variable: str
    start: Number
    slope: Number
    learning_rate: Number
    answer: Number  # start - learning_rate * slope


@dataclass(frozen=True)
class DirectionFacts:
    """bowl-direction: which way one variable moves on the bowl's first step (+1, -1 or 0)."""

    key: str
    formula: str
    variable: str
    point: tuple[Number, ...]
    variables: tuple[str, ...]
    slope: Number  # the partial slope along ``variable`` at ``point``
    learning_rate: Number
    change: Number  # -learning_rate * slope
    answer: int


@dataclass(frozen=True)
class BlameFacts:
    """most-blame: the weight whose dError/dw is largest in size on the crime scene's example."""

    key: str
    example: int  # 1-based, as the lesson says it
    blames: tuple[tuple[str, Number], ...]  # every weight's dError/dw, in the network's order
    answer: str


@dataclass(frozen=True)
class BatchFacts:
    """batch-error: the total error over the data set before and after one batch update."""

    key: str
    learning_rate: Number
    examples: int
    before: Number
    answer: Number  # the total after


Facts = StepFacts | DirectionFacts | BlameFacts | BatchFacts


def _valley_step(params: LessonParams) -> StepFacts:
    valley = params.valley
    step = valley.run().steps[0]
    return StepFacts("valley-step", valley.formula, valley.variables[0], step.point[0], step.gradient[0],
                     exact(valley.learning_rate), step.new_point[0])


def _bowl_direction(params: LessonParams) -> DirectionFacts:
    bowl = params.bowl
    run = bowl.run()
    step, which = run.steps[0], len(bowl.variables) - 1  # the last variable: x2 in the lesson's bowl
    change = step.new_point[which] - step.point[which]
    return DirectionFacts("bowl-direction", bowl.formula, bowl.variables[which], step.point, bowl.variables,
                          step.gradient[which], exact(bowl.learning_rate), change, (change > 0) - (change < 0))


def _most_blame(params: LessonParams) -> BlameFacts:
    scene = crime_scene(params.network)
    blames = tuple((b.variable, scene.backward.gradient(b.variable)) for b in scene.blames)
    largest = max(abs(value) for _, value in blames)
    leaders = [name for name, value in blames if abs(value) == largest]
    if len(leaders) > 1:
        raise NotAskable(f"{', '.join(leaders[:-1])} and {leaders[-1]} tie for the most blame")
    return BlameFacts("most-blame", params.network.crime_example + 1, blames, leaders[0])


def _batch_error(params: LessonParams) -> BatchFacts:
    net = params.network
    update = net.trainer.batch_update(net.weights, net.learning_rate)
    check = net.trainer.verify(net.weights, update.new_weights)
    return BatchFacts("batch-error", update.learning_rate, len(check.rows), check.total_before, check.total_after)


BUILDERS: dict[str, Callable[[LessonParams], Facts]] = {
    "valley-step": _valley_step, "bowl-direction": _bowl_direction, "most-blame": _most_blame,
    "batch-error": _batch_error}


def quiz_facts(params: LessonParams, keys: tuple[str, ...] | list[str]) -> tuple[Facts, ...]:
    """The facts of each question in ``keys`` (from `QUESTIONS`), in that order.

    Raises `NotAskable` naming the question when this lesson gives it no single answer, and ``KeyError``
    for a key that is not a question.
    """
    found = []
    for key in keys:
        try:
            found.append(BUILDERS[key](params))
        except NotAskable as error:
            raise NotAskable(f"{key}: {error}") from None
    return tuple(found)
