"""The printable worksheet: the key holds mathcore's values, the student copy holds none."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mathcore.lesson import WorksheetParams
from pipeline.cli import main
from pipeline.worksheet import WorksheetError, answers, build


def text_of(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout


@pytest.fixture(scope="module")
def default_pdfs(tmp_path_factory):
    return build(WorksheetParams(), tmp_path_factory.mktemp("worksheet"))


def test_answer_key_holds_every_computed_answer(default_pdfs):
    key = text_of(default_pdfs["answer-key"])
    # h = 7, y = 17, E = 4.5; the nudges 4.205 / 4.805 / 3.92 / 5.12; dE/dw2 = -3, dE/dw1 = -6;
    # w2 3.3, w1 1.6, h 7.6, y 18.5, E 1.125 (worked by hand in tests/test_worksheet_math.py)
    for value in ("4.5", "4.205", "4.805", "3.92", "5.12", "−0.295", "+0.305", "−0.58", "+0.62", "3.3", "1.6",
                  "7.6", "18.5", "1.125", "the chain rule", "Answer key"):
        assert value in key, value


def test_student_copy_has_blanks_not_answers(default_pdfs):
    student = text_of(default_pdfs["worksheet"])
    assert "Task 8" in student and "Answer key" not in student
    for answer in ("4.205", "1.125", "18.5", "Its chain is longer", "saturated"):
        assert answer not in student, answer


def test_changed_parameters_change_the_key(tmp_path):
    files = build(WorksheetParams(x="1.5", w1="-2", w2="0", y_target="10", hidden_multiplier="4"), tmp_path)
    key = text_of(files["answer-key"])
    # h = 4*1.5 - 2 = 4, y = 2*4 + 0 = 8, E = 1/2 (8 - 10)^2 = 2; dE/dw1 = -2*2*1 = -4
    assert "×4, then add" in key.replace(" ", "") or "[×4" in key
    assert "−4" in key and "4.205" not in key


@pytest.mark.parametrize(
    "params, message",
    [
        (WorksheetParams(learning_rate="0"), "learning rate must be greater than 0"),
        (WorksheetParams(x="two"), "must be numbers"),
        (WorksheetParams(nudge="-0.1"), "nudge must be greater than 0"),
        (WorksheetParams(w1=0.1), "exact number"),
    ],
)
def test_bad_parameters_fail_before_latex(tmp_path, params, message):
    with pytest.raises(WorksheetError, match=message):
        build(params, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_every_placeholder_is_computed():
    from pipeline.worksheet import PLACEHOLDER, template_text

    wanted = set(PLACEHOLDER.findall(template_text())) - {"key_switch", "page_questions"}  # the page's: build()
    assert wanted <= set(answers(WorksheetParams()))


def test_worksheet_command(tmp_path):
    result = CliRunner().invoke(main, ["worksheet", "--media", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "lesson" / "worksheet" / "answer-key.pdf").stat().st_size > 10_000
    # the web page's questions, with their answers, are in the answer key and not in the worksheet
    import subprocess

    key, sheet = (subprocess.run(["pdftotext", "-layout", str(tmp_path / "lesson" / "worksheet" / f"{n}.pdf"), "-"],
                                 capture_output=True, text=True, check=True).stdout for n in ("answer-key", "worksheet"))
    assert "Questions on the lesson page" in key and "Questions on the lesson page" not in sheet
    assert "3 − 0.1 × 6 = 2.4" in key and "w3 gets the most blame" in key
