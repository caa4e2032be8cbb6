"""Every blank of the worksheet, recomputed (answers worked by hand in comments)."""

from fractions import Fraction as F

import pytest

from mathcore import LessonParams, ParameterError, worksheet_answers
from mathcore.lesson import WorksheetParams


def test_worksheet_answer_key():
    a = worksheet_answers(LessonParams().worksheet)
    # h = 3*2 + 1 = 7, y = 2*7 + 3 = 17, E = 1/2 (17 - 20)^2 = 4.5
    assert (a.forward["h"], a.forward["y"], a.forward["E"]) == (7, 17, F("4.5"))
    w2, w1 = a.nudges
    # w2 = 3.1: y = 17.1, E = 1/2 * 2.9^2 = 4.205; w2 = 2.9: E = 1/2 * 3.1^2 = 4.805
    assert [r.output for r in w2.rows] == [F("4.5"), F("4.205"), F("4.805")]
    assert [r.change for r in w2.rows] == [None, F("-0.295"), F("0.305")]
    # w1 = 1.1: h = 7.1, y = 17.2, E = 3.92; w1 = 0.9: E = 1/2 * 3.2^2 = 5.12
    assert [r.output for r in w1.rows] == [F("4.5"), F("3.92"), F("5.12")]
    assert w2.slope_estimate == -3 and w1.slope_estimate == -6
    # dE/dy = y - 20 = -3; dE/dw2 = -3 * 1; dE/dw1 = -3 * 2 * 1
    assert [b.total for b in a.blames] == [-3, -6]
    assert [f.value for f in a.blames[1].paths[0].factors] == [-3, 2, 1]
    # w2 = 3 + 0.3 = 3.3, w1 = 1 + 0.6 = 1.6; h = 7.6, y = 18.5, E = 1.125
    assert [r.new for r in a.update.rows] == [F("3.3"), F("1.6")]
    assert (a.after["h"], a.after["y"], a.after["E"]) == (F("7.6"), F("18.5"), F("1.125"))


def test_sigmoid_extension_gradient_is_tiny_because_sigmoid_saturates():
    a = worksheet_answers(LessonParams().worksheet)
    import math

    assert a.sigmoid_input == 7  # z = 3 * 2 + 1
    s = 1 / (1 + math.exp(-7))
    y = 2 * s + 3
    assert float(a.sigmoid_forward["h"]) == pytest.approx(s)
    assert float(a.sigmoid_blame.total) == pytest.approx((y - 20) * 2 * s * (1 - s))
    assert abs(float(a.sigmoid_blame.total)) < 0.03


def test_changed_worksheet_parameters_change_every_answer():
    a = worksheet_answers(WorksheetParams(x="1.5", w1="-2", w2="0", y_target="10", hidden_multiplier="4"))
    # h = 4*1.5 - 2 = 4, y = 8, E = 1/2 * 4 = 2, dE/dw1 = (8 - 10) * 2 * 1 = -4
    assert (a.forward["h"], a.forward["y"], a.forward["E"]) == (4, 8, 2)
    assert [b.total for b in a.blames] == [-2, -4]


@pytest.mark.parametrize("rate", ["0", "-1", "nan", "fast"])
def test_bad_worksheet_learning_rate(rate):
    with pytest.raises(ParameterError, match="learning rate"):
        worksheet_answers(WorksheetParams(learning_rate=rate))
