"""Triage: a level for every card; the right level is the sign table's."""

from __future__ import annotations

import pytest

from metsedu.content import Urgency
from metsedu.content.quiz_kinds import AnswerRefusedError, kind_of
from tests.content.quiz_kinds.items import LIBRARY, TRIAGE, UI, public_json

KIND = kind_of(TRIAGE)


def test_scores_each_card():
    answer = KIND.parse(TRIAGE, {"legs": "line_now", "ache": "line_now"})
    assert answer == {"legs": Urgency.LINE_NOW, "ache": Urgency.LINE_NOW}
    result = KIND.grade(TRIAGE, answer)
    assert (result.status, result.score) == ("partly", 0.5)
    assert KIND.answer_ids(answer) == ("ache=line_now", "legs=line_now")


@pytest.mark.parametrize(
    "raw",
    [
        ["line_now"],
        {"legs": "soon", "ache": "line_now"},
        {"legs": "line_now"},
        {"legs": "line_now", "ache": "line_now", "x": "line_now"},
        {"legs": 1, "ache": "line_now"},
        {"legs": "line_now", "ache": "x" * 10_000},
    ],
)
def test_refuses_forged_values(raw):
    with pytest.raises(AnswerRefusedError):
        KIND.parse(TRIAGE, raw)


def test_missing_levels_get_their_own_notice():
    assert KIND.missing(TRIAGE, {}) == "choose_first"
    assert KIND.missing(TRIAGE, {"legs": "line_now"}) == "choose_each"
    assert KIND.missing(TRIAGE, {"legs": "soon"}) is None  # not missing: forged, refused later


def test_public_view_has_no_level():
    sent = public_json(TRIAGE)
    assert "urgency" not in sent and not any(c.feedback in sent for c in TRIAGE.cards)


def test_reveal_names_each_signs_level_in_the_page_words():
    reveal = KIND.reveal(TRIAGE, UI)
    for card in TRIAGE.cards:
        assert f"{card.text}: {UI.urgency.of(card.urgency).label}." in reveal


def test_a_card_that_disagrees_with_the_table_is_a_problem():
    other = next(u for u in Urgency if u is not TRIAGE.cards[0].urgency)
    cards = [TRIAGE.cards[0].model_copy(update={"urgency": other}), *TRIAGE.cards[1:]]
    wrong = TRIAGE.model_copy(update={"cards": cards})
    assert [loc for loc, _ in KIND.sign_problems(wrong, LIBRARY.signs)] == [("cards", 0, "urgency")]
    assert list(KIND.sign_problems(TRIAGE, LIBRARY.signs)) == []


def test_group_session_counts_the_outcome():
    assert KIND.tally_choice("partly", ("ache=line_now",)) == "partly"
    assert set(KIND.tally_labels(TRIAGE, UI)) == {"right", "partly", "not_quite", "shown"}


def test_names_each_card_sign_and_teaches_the_table_level():
    assert list(KIND.signs_named(TRIAGE)) == [
        (("cards", j, "sign"), card.sign) for j, card in enumerate(TRIAGE.cards)
    ]
    assert dict(KIND.levels_taught(TRIAGE)) == {
        card.sign: LIBRARY.signs[card.sign].urgency for card in TRIAGE.cards
    }


def test_cards_are_filled_from_the_sign_table():
    bare = TRIAGE.model_copy(
        update={"cards": [c.model_copy(update={"urgency": None}) for c in TRIAGE.cards]}
    )
    filled = KIND.with_signs(bare, LIBRARY.signs, None)
    assert [c.urgency for c in filled.cards] == [LIBRARY.signs[c.sign].urgency for c in bare.cards]
