"""Multiple select: a set of option ids; a wrong choice cancels a right one."""

from __future__ import annotations

import pytest

from metsedu.content.quiz_kinds import AnswerRefusedError, kind_of
from tests.content.quiz_kinds.items import MULTI, UI, public_json

KIND = kind_of(MULTI)


@pytest.mark.parametrize(
    ("raw", "status", "score"),
    [
        (["a", "b"], "right", 1.0),
        (["b", "a"], "right", 1.0),
        (["a"], "partly", 0.5),
        (["a", "b", "c"], "partly", 0.5),
        (["a", "c"], "not_quite", 0.0),
        (["c"], "not_quite", 0.0),
    ],
)
def test_grading(raw, status, score):
    result = KIND.grade(MULTI, KIND.parse(MULTI, raw))
    assert (result.status, result.score) == (status, score)
    every = len(raw) == len(MULTI.options) and status != "right"  # marks would be the key
    assert set(result.marks) == (set() if every else set(raw))


@pytest.mark.parametrize(
    "raw",
    [None, "a", [], ["a", "a"], [1, 2], ["z"], [["a"]], ["a"] * 10_000, {"a": True}],
)
def test_refuses_forged_values(raw):
    with pytest.raises(AnswerRefusedError):
        KIND.parse(MULTI, raw)


def test_public_view_never_says_which_are_right():
    sent = public_json(MULTI)
    assert "correct" not in sent and "Yes," not in sent


def test_the_group_encoding_is_joined_and_split_here_only():
    stored = KIND.tally_choice("partly", KIND.answer_ids(KIND.parse(MULTI, ["c", "a"])))
    assert stored == "a+c"
    assert KIND.tally_counts({"a+c": 2, "a": 1, "shown": 1}) == {"a": 3, "c": 2, "shown": 1}
    assert set(KIND.tally_labels(MULTI, UI)) == {"a", "b", "c", "shown"}


def test_several_right_options_are_allowed():
    assert list(KIND.problems(MULTI)) == []
    assert KIND.answer_key(MULTI) == ["a", "b"] == KIND.right_answer(MULTI)
