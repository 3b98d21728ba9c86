"""True or false: a boolean from the browser, feedback for the choice made."""

from __future__ import annotations

import pytest

from metsedu.content.quiz_kinds import AnswerRefusedError, kind_of
from tests.content.quiz_kinds.items import TRUE_FALSE, UI, public_json

KIND = kind_of(TRUE_FALSE)


def test_feedback_follows_the_choice():
    assert KIND.grade(TRUE_FALSE, True).feedback.startswith("Yes.")
    assert KIND.grade(TRUE_FALSE, False).feedback.startswith("Not quite.")
    assert KIND.grade(TRUE_FALSE, KIND.parse(TRUE_FALSE, True)).status == "right"


@pytest.mark.parametrize("raw", ["true", 1, 0, None, [True], {"answer": True}])
def test_refuses_anything_but_a_boolean(raw):
    with pytest.raises(AnswerRefusedError):
        KIND.parse(TRUE_FALSE, raw)


def test_public_view_has_only_the_two_labels():
    view = KIND.public_view(TRUE_FALSE, UI)
    assert [o["text"] for o in view["options"]] == [UI.quiz.true_label, UI.quiz.false_label]
    sent = public_json(TRUE_FALSE)
    assert TRUE_FALSE.feedback_if_true not in sent and TRUE_FALSE.feedback_if_false not in sent


def test_ids_key_and_count():
    assert KIND.answer_ids(True) == ("true",)
    assert KIND.answer_key(TRUE_FALSE) == ["true"]
    assert KIND.tally_choice("right", ("true",)) == "true"
    assert KIND.feedback_texts(TRUE_FALSE)
