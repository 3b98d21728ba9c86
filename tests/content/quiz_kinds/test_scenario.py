"""A scenario: a single choice with its situation shown first."""

from __future__ import annotations

from metsedu.content.quiz_kinds import kind_of
from tests.content.quiz_kinds.items import SCENARIO, UI, public_json

KIND = kind_of(SCENARIO)


def test_the_situation_is_public_and_read_by_the_checks():
    assert KIND.public_view(SCENARIO, UI)["situation"] == SCENARIO.situation
    assert SCENARIO.situation in list(KIND.learner_texts(SCENARIO))


def test_grades_like_a_single_choice_and_hides_the_key():
    assert KIND.grade(SCENARIO, KIND.parse(SCENARIO, "a")).status == "right"
    assert KIND.grade(SCENARIO, KIND.parse(SCENARIO, "b")).status == "not_quite"
    assert "correct" not in public_json(SCENARIO)
