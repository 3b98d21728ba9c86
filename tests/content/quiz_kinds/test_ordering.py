"""Ordering: the whole order from the browser; right only when every step is in place."""

from __future__ import annotations

import pytest

from metsedu.content.model import Ordering
from metsedu.content.quiz_kinds import AnswerRefusedError, kind_of
from metsedu.content.quiz_kinds.ordering import shown_order
from tests.content.quiz_kinds.items import LIBRARY, ORDERING, UI, public_json

KIND = kind_of(ORDERING)
RIGHT = ["look", "clear", "roll", "stay"]


def test_right_only_in_the_full_order():
    result = KIND.grade(ORDERING, KIND.parse(ORDERING, RIGHT))
    assert (result.status, result.score) == ("right", 1.0)
    assert all(mark.correct for mark in result.marks.values())


def test_marks_say_which_steps_are_in_their_place():
    result = KIND.grade(ORDERING, KIND.parse(ORDERING, ["clear", "look", "roll", "stay"]))
    assert (result.status, result.score) == ("partly", 0.5)
    assert {k: m.correct for k, m in result.marks.items()} == {
        "clear": False,
        "look": False,
        "roll": True,
        "stay": True,
    }
    result = KIND.grade(ORDERING, KIND.parse(ORDERING, ["stay", "roll", "look", "clear"]))
    assert (result.status, result.score) == ("not_quite", 0.0)


@pytest.mark.parametrize(
    "raw",
    [
        pytest.param(None, id="nothing"),
        pytest.param("look", id="a string"),
        pytest.param({"look": 1}, id="a mapping"),
        pytest.param([1, 2, 3, 4], id="numbers"),
        pytest.param(["look", "clear", "roll"], id="a step missing"),
        pytest.param(["look", "clear", "roll", "roll"], id="a step twice"),
        pytest.param(["look", "clear", "roll", "stay", "stay"], id="one step too many"),
        pytest.param(["look", "clear", "roll", "jump"], id="unknown step"),
        pytest.param(["look", "clear", "roll", ["stay"]], id="a nested list"),
        pytest.param(["look", "clear", "roll", "x" * 10_000], id="a huge id"),
        pytest.param(["look"] * 1_000_000, id="a huge list"),
    ],
)
def test_refuses_forged_values(raw):
    with pytest.raises(AnswerRefusedError):
        KIND.parse(ORDERING, raw)


def test_never_unanswered():
    assert KIND.missing(ORDERING, None) is None  # refused by parse instead


def test_public_view_never_gives_the_order_away():
    view = KIND.public_view(ORDERING, UI)
    shown = [step["id"] for step in view["steps"]]
    assert sorted(shown) == sorted(RIGHT)
    assert all(a != b for a, b in zip(shown, RIGHT, strict=True))  # no step in its place
    assert set(view) == {"id", "type", "prompt", "steps"}
    assert ORDERING.explanation not in public_json(ORDERING)


def test_the_shown_order_is_the_same_every_time():
    assert shown_order(ORDERING) == shown_order(ORDERING.model_copy())
    three = ORDERING.model_copy(update={"steps": ORDERING.steps[:3]})
    assert all(a != b.id for a, b in zip(shown_order(three), three.steps, strict=True))


def test_the_order_is_kept_in_the_answer_ids():
    assert KIND.answer_ids(KIND.parse(ORDERING, RIGHT[::-1])) == tuple(RIGHT[::-1])
    assert KIND.chosen_view(tuple(RIGHT)) == RIGHT


def test_key_and_reveal():
    assert KIND.answer_key(ORDERING) == RIGHT == KIND.right_answer(ORDERING)
    assert set(KIND.key_marks(ORDERING)) == set(RIGHT)
    reveal = KIND.reveal(ORDERING, UI)
    assert reveal.startswith(ORDERING.explanation)
    assert "1. Look at the time. 2. Move sharp things away." in reveal


def test_group_session_counts_right_order_or_not_yet():
    assert KIND.tally_choice("right", tuple(RIGHT)) == "right"
    assert KIND.tally_choice("partly", tuple(RIGHT[::-1])) == "not_yet"
    assert KIND.tally_choice("not_quite", tuple(RIGHT[::-1])) == "not_yet"
    assert KIND.tally_choice("shown", ()) == "shown"
    assert KIND.tally_labels(ORDERING, UI) == {
        "right": UI.quiz.ordering.tally_right,
        "not_yet": UI.quiz.ordering.tally_not_yet,
        "shown": UI.quiz.shown,
    }


def test_content_problems():
    assert list(KIND.problems(ORDERING)) == []
    twice = ORDERING.model_copy(
        update={"steps": [*ORDERING.steps[:3], ORDERING.steps[0].model_copy(update={"id": "x"})]}
    )
    assert [loc for loc, _ in KIND.problems(twice)] == [("steps", 3, "text")]
    repeated = ORDERING.model_copy(update={"steps": [*ORDERING.steps[:3], ORDERING.steps[0]]})
    assert ("steps", 3, "id") in [loc for loc, _ in KIND.problems(repeated)]
    about_a_sign = ORDERING.model_copy(update={"sign": "cord"})
    assert [loc for loc, _ in KIND.sign_problems(about_a_sign, LIBRARY.signs)] == [("sign",)]


def test_the_schema_wants_three_to_eight_steps():
    data = ORDERING.model_dump()
    with pytest.raises(ValueError):
        Ordering.model_validate({**data, "steps": data["steps"][:2]})
    with pytest.raises(ValueError):
        Ordering.model_validate({**data, "steps": [{"id": f"s{i}", "text": "t"} for i in range(9)]})


def test_learner_texts_hold_every_step():
    texts = list(KIND.learner_texts(ORDERING))
    assert all(step.text in texts for step in ORDERING.steps)
    assert list(KIND.feedback_texts(ORDERING)) == []
