"""A reply that is not right says nothing about what the learner did not choose.

Feedback and marks are for the learner's own choices; the rest of the answer key comes
only when the answer is right or the learner asks to see it. These are the kinds' grades;
``tests/widgets/test_quiz.py`` checks what the widget sends, for every item of every lesson.
"""

from __future__ import annotations

from itertools import combinations

import pytest

from metsedu.content import Urgency
from metsedu.content.quiz_kinds import kind_of
from tests.content.quiz_kinds.items import MULTI, ORDERING, SCENARIO, SINGLE, TRIAGE, TRUE_FALSE


@pytest.mark.parametrize("item", [SINGLE, SCENARIO], ids=lambda item: item.type)
def test_a_wrong_single_choice_marks_only_the_chosen_option(item):
    kind = kind_of(item)
    for option in item.options:
        if option.correct:
            continue
        grade = kind.grade(item, kind.parse(item, option.id))
        assert grade.status == "not_quite"
        assert set(grade.marks) == {option.id}


def test_a_multiple_select_marks_only_what_was_chosen():
    kind = kind_of(MULTI)
    ids = [o.id for o in MULTI.options]
    for size in range(1, len(ids)):
        for chosen in combinations(ids, size):
            grade = kind.grade(MULTI, kind.parse(MULTI, list(chosen)))
            assert set(grade.marks) <= set(chosen), chosen


def test_choosing_every_option_does_not_mark_every_option():
    """Marks for every option would be the whole key after one try: none are given
    until the answer is right or shown."""
    kind = kind_of(MULTI)
    grade = kind.grade(MULTI, kind.parse(MULTI, [o.id for o in MULTI.options]))
    assert grade.status != "right"
    assert grade.marks == {}


def test_a_wrong_triage_card_gets_no_feedback_that_names_its_level():
    """A card's feedback starts with its right level's label: it is given only for a card
    placed right, so a wrong card says "not this one" and nothing more."""
    kind = kind_of(TRIAGE)
    for level in Urgency:
        answer = {card.id: level.value for card in TRIAGE.cards}
        grade = kind.grade(TRIAGE, kind.parse(TRIAGE, answer))
        for card in TRIAGE.cards:
            mark = grade.marks[card.id]
            assert mark.correct is (card.urgency is level)
            assert mark.feedback == (card.feedback if mark.correct else "")


def test_a_true_false_reply_is_only_about_the_choice():
    kind = kind_of(TRUE_FALSE)
    grade = kind.grade(TRUE_FALSE, kind.parse(TRUE_FALSE, kind.wrong_answer(TRUE_FALSE)))
    assert grade.status == "not_quite" and grade.marks == {}
    wanted = TRUE_FALSE.feedback_if_false if TRUE_FALSE.answer else TRUE_FALSE.feedback_if_true
    assert grade.feedback == wanted


def test_an_ordering_reply_says_only_which_steps_are_in_place():
    kind = kind_of(ORDERING)
    grade = kind.grade(ORDERING, kind.parse(ORDERING, kind.wrong_answer(ORDERING)))
    assert grade.status == "partly"
    assert all(mark.feedback == "" for mark in grade.marks.values())
