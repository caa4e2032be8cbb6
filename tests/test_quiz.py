"""The web page's questions: answers computed for the config's own numbers (checked against plain-float
computations written here), the config's [quiz] and [site] tables, and what reaches CSV, LaTeX and the page."""

from __future__ import annotations

import json

import pytest

from pipeline.config import ConfigError, parse_config
from pipeline.quiz import Question, questions
from pipeline.site.data import Video
from pipeline.tables import cell
from pipeline.worksheet import tex_text

ALL = ("valley-step", "bowl-direction", "most-blame", "batch-error")


def asked(table: dict) -> dict[str, Question]:
    config = parse_config(table, "test")
    return {q.key: q for q in questions(config.params, config.page.asked)}


def forward(w, x1, x2):
    """The lesson's 2-2-1 network in floats, written out: h1 = (x1 + w1 x2)^2, h2 = w2 x1 x2."""
    h1, h2 = (x1 + w[0] * x2) ** 2, w[1] * x1 * x2
    return w[2] * h1 + w[3] * h2 + w[4]


def total_error(w, data):
    return sum((t - forward(w, x1, x2)) ** 2 for x1, x2, t in data)


def gradient(f, w, h=1e-6):
    return [(f([*w[:i], w[i] + h, *w[i + 1:]]) - f([*w[:i], w[i] - h, *w[i + 1:]])) / (2 * h) for i in range(len(w))]


def test_the_lessons_answers_worked_by_hand():
    found = asked({})
    assert list(found) == list(ALL)
    assert found["valley-step"].answer == "2.4"  # 3 - 0.1 * (2 * 3)
    assert found["bowl-direction"].answer == "x2 gets smaller"  # x2 - 0.1 * 4 * 2 = 1.2
    assert "−0.8" in found["bowl-direction"].explanation
    assert found["most-blame"].answer == "w3"  # dE/dw3 = 2 * (37 - 24) * h1 = 26 * 25 = 650
    data = [(3, 2, 24), (1, 4, 14), (2, 1, 11)]  # y = 2 x1^2 + 3 x2
    w = [1.0, 2.0, 1.0, 1.0, 0.0]
    g = gradient(lambda v: total_error(v, data), w)
    after = total_error([wi - 0.0001 * gi for wi, gi in zip(w, g)], data)
    assert total_error(w, data) == 534
    assert found["batch-error"].value == pytest.approx(after, abs=1e-4) and found["batch-error"].answer == "85.421"


@pytest.mark.parametrize("formula, start, rate", [("x**2", 3, "0.1"), ("x**4/4 - x", -2, "0.05"),
                                                  ("(x - 1)**2 + 3", 0.5, "0.3"), ("x**2", -4, "0.8")])
def test_one_step_of_other_valleys(formula, start, rate):
    question = asked({"valley": {"formula": formula, "start": [start], "learning_rate": rate}})["valley-step"]
    h = 1e-6
    f = eval("lambda x: " + formula)  # the test's own formulas, not a config's
    slope = (f(start + h) - f(start - h)) / (2 * h)
    assert question.value == pytest.approx(start - float(rate) * slope, abs=1e-6)
    assert question.accepts(f"{start - float(rate) * slope:.3f}")
    assert not question.accepts(f"{start - float(rate) * slope + 0.002:.3f}")


def test_which_way_and_who_is_blamed_in_another_lesson():
    found = asked({"bowl": {"formula": "x1**2 + 3*x2**2", "start": [2, -1]},
                   "network": {"initial_weights": {"w1": 1, "w2": 2, "w3": 0, "w4": 1, "w5": 0}}})
    assert found["bowl-direction"].answer == "x2 gets larger"  # slope 6 * (-1) = -6: x2 moves up by 0.6
    data = [(3, 2, 24)]
    w = [1.0, 2.0, 0.0, 1.0, 0.0]
    g = gradient(lambda v: total_error(v, data), w)
    assert found["most-blame"].answer == f"w{max(range(5), key=lambda i: abs(g[i])) + 1}"


def test_tolerance_follows_the_places_asked():
    question = asked({})["valley-step"]
    assert question.places == 3 and "(to 3 decimal places)" in question.prompt
    assert question.accepts("2.4") and question.accepts("2.4004") and question.accepts("2,4")
    assert not question.accepts("2.4006") and not question.accepts("abc") and not question.accepts("")
    small = asked({"valley": {"start": [0.004], "learning_rate": "0.1"}})["valley-step"]  # 0.0032
    assert small.places == 4 and small.answer == "0.0032"


def test_a_tie_for_the_most_blame_is_an_error_only_when_asked_for():
    tie = {"network": {"nodes": [["h1", "w1*x1 + w2*x1"], ["y_pred", "w3*h1"], ["Error", "(y_true - y_pred)**2"]],
                       "initial_weights": {"w1": 1, "w2": 1, "w3": 2}}}  # dE/dw1 = dE/dw2 = dE/dw3 = dE/dy * 2 x1
    assert "most-blame" not in asked(dict(tie))
    with pytest.raises(ConfigError, match=r"quiz.questions: most-blame: w1, w2 and w3 tie for the most blame"):
        parse_config({**tie, "quiz": {"questions": ["most-blame"]}}, "test")


@pytest.mark.parametrize("table, message", [
    ({"quiz": {"questions": ["valley-stp"]}}, "quiz.questions: unknown question 'valley-stp' (did you mean 'valley-step'?)"),
    ({"quiz": {"questions": ["valley-step", "valley-step"]}}, "names a question twice"),
    ({"quiz": {"questions": "valley-step"}}, "quiz.questions must be a list"),
    ({"quiz": {"ask": "yes"}}, "quiz.ask must be true or false, got 'yes'"),
    ({"quiz": {"chapters": {"valley-step": "valey"}}}, "quiz.chapters.valley-step: unknown segment 'valey'"),
    ({"quiz": {"questions": ["bowl-direction"], "chapters": {"valley-step": "valley"}}},
     "quiz.chapters.valley-step: not one of the questions asked"),
    ({"quiz": {"questions": ["valley-step"]}, "lesson": {"segments": ["title", "bowl"]}},
     "valley-step is asked after 'valley', which this lesson leaves out"),
    ({"quiz": {"when": 1}}, "[quiz]: unknown key 'when'"),
    ({"site": {"answers": 1}}, "site.answers must be true or false"),
    ({"site": []}, "[site] must be a table"),
])
def test_bad_quiz_and_site_tables_are_one_message_naming_the_key(table, message):
    with pytest.raises(ConfigError) as error:
        parse_config(table, "test")
    assert message in str(error.value)


def test_questions_whose_chapter_is_left_out_are_dropped_from_the_default():
    config = parse_config({"lesson": {"segments": ["title", "valley", "batch"]}}, "test")
    assert config.page.asked == (("valley-step", "valley"), ("batch-error", "batch"))
    moved = parse_config({"quiz": {"questions": ["most-blame"], "chapters": {"most-blame": "title"}}}, "test")
    assert moved.page.asked == (("most-blame", "title"),)


def test_nothing_a_config_writes_becomes_a_formula_a_command_or_page_markup():
    assert cell("=HYPERLINK(\"http://x\")") == "'=HYPERLINK(\"http://x\")" and cell("+1+1") == "'+1+1"
    assert cell("@SUM(A1)") == "'@SUM(A1)" and cell("-0.8") == "-0.8" and cell("w1") == "w1"
    assert "\\input" not in tex_text("\\input{/etc/passwd} $x$ 50% #1 ~ ^ _ &")
    assert tex_text("η = −0.1 × x²") == r"$\eta$ = $-$0.1 $\times$ x$^2$"
    page = Video("s", "</script><!--<script>alert(1)", 1.0, (), (), False).as_json("a --> b", {"q": "&<>"})
    assert not set("<>&") & set(page) and json.loads(page)["title"] == "</script><!--<script>alert(1)"
