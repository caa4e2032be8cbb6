"""The lesson page's questions in words: each one written from mathcore's facts for this config.

A number is asked to a stated number of decimals, and an answer is right within half a unit of the
last one asked for (2.4 is right for 2.4 asked to 3 places, and so are 2.4004 and 2.3996). The worked
explanation uses the same numbers the narration says (`scenes.kit.phrases.number`).
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass

from mathcore.evaluate import Number
from mathcore.fmt import fmt
from mathcore.quiz import BatchFacts, BlameFacts, DirectionFacts, Facts, StepFacts, quiz_facts
from scenes.kit.phrases import formula
from scenes.kit.phrases import number as _said

from .tables import Table

PLACES = 3  # decimals a number is asked to, unless it needs more to show two significant digits
MOVES = ("gets larger", "gets smaller", "stays where it is")


@dataclass(frozen=True)
class Question:
    key: str
    chapter: str  # the segment at whose end the page asks it
    prompt: str
    kind: str  # "number" or "choice"
    answer: str  # the right answer as shown: a choice, or the number to ``places`` decimals
    explanation: str
    choices: tuple[str, ...] = ()
    value: float | None = None  # a number question's exact answer, as a float
    places: int = 0
    tolerance: float = 0.0

    def as_dict(self) -> dict:
        return asdict(self)

    def accepts(self, given: str) -> bool:
        """Whether ``given`` (what a student typed or chose) is right: the page's rule, for the tests."""
        if self.kind == "choice":
            return given == self.answer
        try:
            typed = float(given.replace("−", "-").replace(",", "."))
        except ValueError:
            return False
        return self.value is not None and abs(typed - self.value) <= self.tolerance


def _places(value: Number) -> int:
    """PLACES, or as many as show two significant digits of a small value (0.0012 to 4 places)."""
    size = abs(float(value))
    if size == 0 or size >= 10 ** -PLACES * 10:
        return PLACES
    return min(12, 1 - math.floor(math.log10(size)))


def _numeric(key: str, chapter: str, prompt: str, value: Number, explanation: str) -> Question:
    places = _places(value)
    tolerance = 0.5 * 10 ** -places + 1e-9 * max(1.0, abs(float(value)))
    return Question(key, chapter, f"{prompt} (to {places} decimal places)", "number",
                    fmt(value, places, trim=True, digits=0), explanation, value=float(value), places=places,
                    tolerance=tolerance)


def number(value: Number, places: int = 6) -> str:
    """A value as the narration says it, with a real minus sign for the page."""
    return _said(value, places).replace("-", "−")


def _term(value: Number) -> str:
    """A number inside a sum: negative ones in brackets, as the narration writes them."""
    text = number(value, 6)
    return f"({text})" if text.startswith("−") else text


def _valley_step(facts: StepFacts, chapter: str) -> Question:
    x = facts.variable
    prompt = (f"Gradient descent on f({x}) = {formula(facts.formula)} starts at {x} = {number(facts.start, 6)} with "
              f"learning rate η = {number(facts.learning_rate, 6)}. Where is {x} after one step?")
    explanation = (f"The slope at {x} = {number(facts.start, 6)} is f′({number(facts.start, 6)}) = "
                   f"{number(facts.slope, 6)}. One step: {x} − η·f′({x}) = {number(facts.start, 6)} − "
                   f"{number(facts.learning_rate, 6)} × {_term(facts.slope)} = {number(facts.answer, 6)}.")
    return _numeric(facts.key, chapter, prompt, facts.answer, explanation)


def _bowl_direction(facts: DirectionFacts, chapter: str) -> Question:
    v, point = facts.variable, ", ".join(number(p, 6) for p in facts.point)
    names = ", ".join(facts.variables)
    prompt = (f"Gradient descent on the bowl f({names}) = {formula(facts.formula)} starts at ({point}) with "
              f"η = {number(facts.learning_rate, 6)}. On the first step, which way does {v} move?")
    choices = tuple(f"{v} {move}" for move in MOVES)
    answer = choices[{1: 0, -1: 1, 0: 2}[facts.answer]]
    explanation = (f"The slope along {v} at ({point}) is ∂f/∂{v} = {number(facts.slope, 6)}. The step changes "
                   f"{v} by −η × {_term(facts.slope)} = −{number(facts.learning_rate, 6)} × {_term(facts.slope)} = "
                   f"{number(facts.change, 6)}, so {answer}.")
    return Question(facts.key, chapter, prompt, "choice", answer, explanation, choices=choices)


def _most_blame(facts: BlameFacts, chapter: str) -> Question:
    names = tuple(name for name, _ in facts.blames)
    prompt = (f"On example {facts.example} of the crime scene, which weight gets the most blame for the error "
              f"(the largest dError/dw in size)?")
    listed = ", ".join(f"{name}: {number(value, 6)}" for name, value in facts.blames)
    largest = number(dict(facts.blames)[facts.answer], 6)
    explanation = (f"dError/dw for each weight: {listed}. The largest in size is {facts.answer}'s ({largest}), "
                   f"so {facts.answer} gets the most blame, and the update changes it the most.")
    return Question(facts.key, chapter, prompt, "choice", facts.answer, explanation, choices=names)


def _batch_error(facts: BatchFacts, chapter: str) -> Question:
    prompt = (f"Before the batch update, the total error over the {facts.examples} examples is "
              f"{number(facts.before, 6)}. What is it after one batch update with η = "
              f"{number(facts.learning_rate, 6)}?")
    explanation = (f"Add up each weight's gradient over all {facts.examples} examples, move every weight by −η × "
                   f"its total gradient, then run the examples again: their errors now add up to "
                   f"{number(facts.answer, 6)} (it was {number(facts.before, 6)}).")
    return _numeric(facts.key, chapter, prompt, facts.answer, explanation)


WRITERS = {StepFacts: _valley_step, DirectionFacts: _bowl_direction, BlameFacts: _most_blame,
           BatchFacts: _batch_error}


def quiz_table(questions: tuple[Question, ...]) -> Table:
    """The questions with their answers as one table, for a quiz tool (teacher only)."""
    return Table("page questions", ("question", "asked after", "prompt", "answer", "accepted within"),
                 tuple((q.key, q.chapter, q.prompt, q.answer, f"±{q.tolerance:.{q.places + 1}f}" if q.kind == "number"
                        else "exact choice") for q in questions))


def questions(params, asked: tuple[tuple[str, str], ...]) -> tuple[Question, ...]:
    """The questions ``asked`` ((key, chapter) pairs, as the config's [quiz] gives them) for these parameters."""
    facts: tuple[Facts, ...] = quiz_facts(params, [key for key, _ in asked])
    return tuple(WRITERS[type(f)](f, chapter) for f, (_, chapter) in zip(facts, asked))
