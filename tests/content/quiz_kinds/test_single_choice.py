"""Single choice: one option id, graded by that option's own mark and feedback."""

from __future__ import annotations

import pytest

from metsedu.content.quiz_kinds import AnswerRefusedError, kind_of
from tests.content.quiz_kinds.items import SINGLE, UI, public_json

KIND = kind_of(SINGLE)


def test_right_and_wrong():
    assert KIND.grade(SINGLE, KIND.parse(SINGLE, "a")).status == "right"
    result = KIND.grade(SINGLE, KIND.parse(SINGLE, "b"))
    assert (result.status, result.score, result.marks["b"].correct) == ("not_quite", 0.0, False)


@pytest.mark.parametrize("raw", [None, 3, "", "zz", ["a"], True, {"a": 1}, "x" * 500])
def test_refuses_what_is_not_one_known_option_id(raw):
    with pytest.raises(AnswerRefusedError):
        KIND.parse(SINGLE, raw)


def test_public_view_has_the_words_but_not_the_key():
    sent = public_json(SINGLE)
    assert all(o.text in sent for o in SINGLE.options)
    assert "correct" not in sent and SINGLE.explanation not in sent
    assert not any(o.feedback in sent for o in SINGLE.options)


def test_key_and_key_marks():
    assert KIND.answer_key(SINGLE) == ["a"]
    assert list(KIND.key_marks(SINGLE)) == ["a"]


def test_group_session_counts_the_chosen_option():
    assert KIND.tally_choice("not_quite", ("b",)) == "b"
    assert KIND.tally_counts({"a": 2, "b": 1}) == {"a": 2, "b": 1}
    assert KIND.tally_labels(SINGLE, UI) == {
        **{o.id: o.text for o in SINGLE.options},
        "shown": UI.quiz.shown,
    }


def test_content_problems():
    assert list(KIND.problems(SINGLE)) == []
    two = SINGLE.model_copy(
        update={"options": [o.model_copy(update={"correct": True}) for o in SINGLE.options]}
    )
    assert [loc for loc, _ in KIND.problems(two)] == [("options",)]
    none = SINGLE.model_copy(
        update={"options": [o.model_copy(update={"correct": False}) for o in SINGLE.options]}
    )
    assert [m for _, m in KIND.problems(none)] == ["no option is marked correct: true"]


def test_learner_texts_hold_prompt_options_and_feedback():
    texts = list(KIND.learner_texts(SINGLE))
    assert SINGLE.prompt in texts and SINGLE.explanation in texts
    assert all(o.text in texts and o.feedback in texts for o in SINGLE.options)
