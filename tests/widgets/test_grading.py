"""Answer parsing and grading, independent of the widget."""

from __future__ import annotations

import pytest

from metsedu.content import Urgency, load_library
from metsedu.widgets.grading import AnswerRefusedError, answer_ids, grade, parse_answer
from tests.conftest import VALID

SINGLE, TRUE_FALSE, TRIAGE = load_library(root=VALID).lessons["bones"].quiz


def test_single_choice():
    assert grade(SINGLE, parse_answer(SINGLE, "a")).status == "right"
    result = grade(SINGLE, parse_answer(SINGLE, "b"))
    assert (result.status, result.score, result.marks["b"].correct) == ("not_quite", 0.0, False)


def test_true_false_feedback_follows_the_choice():
    assert grade(TRUE_FALSE, True).feedback.startswith("Yes.")
    assert grade(TRUE_FALSE, False).feedback.startswith("Not quite.")


def test_triage_scores_each_card():
    answer = parse_answer(TRIAGE, {"legs": "line_now", "ache": "line_now"})
    assert answer == {"legs": Urgency.LINE_NOW, "ache": Urgency.LINE_NOW}
    result = grade(TRIAGE, answer)
    assert (result.status, result.score) == ("partly", 0.5)


@pytest.mark.parametrize("raw", [None, 3, "", "zz", ["a"], True, "x" * 500])
def test_single_choice_refuses(raw):
    with pytest.raises(AnswerRefusedError):
        parse_answer(SINGLE, raw)


def test_answer_ids_are_plain():
    assert answer_ids(True) == ("true",)
    assert answer_ids("a") == ("a",)
    assert answer_ids(frozenset({"b", "a"})) == ("a", "b")
    assert answer_ids({"x": Urgency.NEXT_VISIT}) == ("x=next_visit",)
