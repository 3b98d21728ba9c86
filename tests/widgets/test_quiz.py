"""The quiz widget, driven from its Python side as the browser would (no kernel, no browser).

Messages go in through ``_handle_custom_msg``, exactly the path a comm message from
the page takes; state comes out through ``get_state``, exactly what the page is sent.
"""

from __future__ import annotations

import json
import logging

import pytest

from metsedu.content import Urgency, load_library
from metsedu.widgets import AnswerEvents, Quiz
from tests.conftest import VALID
from tests.content.quiz_kinds.items import ORDERING
from tests.helpers import bones_with_more_kinds, bones_with_ordering, right_order, send

LIBRARY = load_library(root=VALID)
BONES = LIBRARY.lessons["bones"]


@pytest.fixture
def events():
    return AnswerEvents()


@pytest.fixture
def heard(events):
    got = []
    events.connect(got.append)
    return got


@pytest.fixture
def quiz(events):
    return Quiz(BONES, LIBRARY.ui, events)


def sent_state(quiz: Quiz) -> str:
    state = quiz.get_state()
    state.pop("_esm", None)
    state.pop("_css", None)
    return json.dumps(state)


# -- the answer key stays in Python ---------------------------------------------------------


def test_nothing_secret_is_sent_before_a_check(quiz):
    for index, item in enumerate(BONES.quiz):
        state = sent_state(quiz)
        assert item.explanation not in state
        assert '"correct"' not in state and 'urgency": "line_now"' not in state.replace(" ", "")
        for option in getattr(item, "options", []):
            assert option.feedback not in state
        for card in getattr(item, "cards", []):
            assert card.feedback not in state
        if item.type == "true_false":
            assert item.feedback_if_true not in state and item.feedback_if_false not in state
        assert quiz.item["id"] == item.id and quiz.number == index + 1
        send(quiz, "next")


def test_a_wrong_answer_does_not_reveal_the_right_one(quiz):
    send(quiz, "check", answer="b")
    state = sent_state(quiz)
    assert "A bruise that fades" in state  # the option label, always visible
    assert "Yes. New pain that stays" not in state  # the right option's feedback
    assert "answer" not in quiz.result


# -- single choice ---------------------------------------------------------------------------


def test_right_answer(quiz, heard):
    send(quiz, "check", answer="a")
    assert quiz.stage == "checked"
    assert quiz.result["status"] == "right"
    assert quiz.result["headline"] == "Right"
    assert quiz.result["marks"] == {
        "a": {"correct": True, "feedback": "Yes. New pain that stays is worth a call."}
    }
    assert quiz.result["explanation"] == "New pain that does not go away needs a check."
    assert quiz.result["answer"] == ["a"]
    (event,) = heard
    assert (event.item_id, event.attempt, event.status, event.score, event.answer) == (
        "q-pain",
        1,
        "right",
        1.0,
        ("a",),
    )


def test_wrong_then_try_again_then_right(quiz, heard):
    send(quiz, "check", answer="b")
    assert quiz.result["status"] == "not_quite"
    assert quiz.result["marks"]["b"]["correct"] is False
    assert quiz.result["marks"]["b"]["feedback"].startswith("Not quite.")
    send(quiz, "retry")
    assert quiz.stage == "answering" and quiz.result == {}
    send(quiz, "check", answer="a")
    assert quiz.result["status"] == "right"
    assert [(e.attempt, e.status) for e in heard] == [(1, "not_quite"), (2, "right")]


def test_show_answer(quiz, heard):
    send(quiz, "check", answer="b")
    send(quiz, "show")
    assert quiz.result["status"] == "shown"
    assert quiz.result["answer"] == ["a"]
    assert quiz.result["marks"]["a"]["correct"] is True
    assert quiz.result["chosen"] == ["b"]
    assert heard[-1].status == "shown" and heard[-1].score == 0.0


# -- true / false and triage -------------------------------------------------------------


def test_true_false(quiz):
    send(quiz, "next")
    assert [o["text"] for o in quiz.item["options"]] == ["True", "False"]
    send(quiz, "check", answer=False)
    assert quiz.result["status"] == "not_quite"
    assert quiz.result["feedback"] == "Not quite. It is still breast cancer."
    send(quiz, "retry")
    send(quiz, "check", answer=True)
    assert quiz.result["status"] == "right"
    assert quiz.result["answer"] == ["true"]


def to_triage(quiz):
    send(quiz, "next")
    send(quiz, "next")
    assert quiz.item["type"] == "triage"
    assert [c["id"] for c in quiz.item["choices"]] == [
        "emergency",
        "line_now",
        "call_today",
        "next_visit",
    ]


def test_triage_partly_right(quiz, heard):
    to_triage(quiz)
    send(quiz, "check", answer={"legs": "line_now", "ache": "call_today"})
    assert quiz.result["status"] == "partly"
    assert quiz.result["headline"] == "Partly right"
    assert quiz.result["marks"]["legs"]["correct"] is True
    assert quiz.result["marks"]["ache"]["correct"] is False
    assert heard[-1].score == 0.5
    assert heard[-1].answer == ("ache=call_today", "legs=line_now")


def test_triage_needs_every_card(quiz, heard):
    to_triage(quiz)
    send(quiz, "check", answer={"legs": "line_now"})
    assert quiz.notice == "Please choose an answer for each one."
    assert quiz.stage == "answering" and not heard


def test_nothing_chosen(quiz, heard):
    send(quiz, "check", answer=None)
    assert quiz.notice == "Please choose an answer first."
    assert quiz.stage == "answering" and not heard


# -- summary -------------------------------------------------------------------------------


def test_summary_counts_first_tries_and_points_to_sections(quiz):
    send(quiz, "check", answer="b")  # wrong first time
    send(quiz, "retry")
    send(quiz, "check", answer="a")
    send(quiz, "next")
    send(quiz, "check", answer=True)  # right
    send(quiz, "next")
    send(quiz, "show")  # shown counts as not right the first time
    send(quiz, "finish")
    assert quiz.stage == "summary"
    assert quiz.summary["score"] == "You got 1 of 3 right the first time."
    assert quiz.summary["review"][0] == {
        "question": "Which pain should you tell your team about?",
        "section": "What you may notice",
        "anchor": "bones-notice",
    }
    assert len(quiz.summary["review"]) == 2
    send(quiz, "restart")
    assert quiz.stage == "answering" and quiz.number == 1 and quiz.summary == {}


def test_summary_when_all_right(quiz):
    send(quiz, "check", answer="a")
    send(quiz, "next")
    send(quiz, "check", answer=True)
    send(quiz, "next")
    send(quiz, "check", answer={"legs": "line_now", "ache": "next_visit"})
    send(quiz, "finish")
    assert quiz.summary == {
        "score": "You got every question right the first time. Well done.",
        "review": [],
        "right": 3,
        "total": 3,
    }


def test_previous_and_next_stay_in_range(quiz):
    send(quiz, "previous")
    assert quiz.number == 1
    for _ in range(5):
        send(quiz, "next")
    assert quiz.number == 3 == quiz.total
    assert quiz.labels["progress"] == "Question {number} of {total}"


# -- forged input from the browser is refused, logged, and the quiz goes on -------------------

FORGED = [
    pytest.param({"action": "check", "answer": "z"}, id="unknown option id"),
    pytest.param({"action": "check", "answer": 0}, id="option index instead of id"),
    pytest.param({"action": "check", "answer": ["a"]}, id="list for a single choice"),
    pytest.param({"action": "check", "answer": "a" * 10_000}, id="huge string"),
    pytest.param({"action": "check", "answer": {"a": 1}}, id="mapping for a single choice"),
    pytest.param({"action": "check", "answer": "nope"}, id="an option that does not exist"),
    pytest.param({"action": "check", "item": "q-tf", "answer": True}, id="not the current item"),
    pytest.param({"action": "check", "item": "nope", "answer": "a"}, id="unknown item id"),
    pytest.param({"action": "delete_everything"}, id="unknown action"),
    pytest.param("check", id="not a mapping"),
    pytest.param({"action": ["check"]}, id="action of the wrong type"),
]


@pytest.mark.parametrize("content", FORGED)
def test_forged_messages_are_refused_and_logged(quiz, heard, content, caplog):
    if isinstance(content, dict):
        content = {"item": quiz.item["id"], **content}
    with caplog.at_level(logging.WARNING, logger="metsedu"):
        quiz._handle_custom_msg(content, [])
    assert "refused input from the browser" in caplog.text
    assert quiz.notice == "Sorry, that answer could not be read. Please choose again."
    assert "delete_everything" not in caplog.text and "nope" not in caplog.text
    assert quiz.stage == "answering" and not heard
    send(quiz, "check", answer="a")  # still usable
    assert quiz.result["status"] == "right" and quiz.notice == ""


FORGED_ANSWERS = [
    pytest.param("multi", ["a", "a"], id="repeated option"),
    pytest.param("multi", "a", id="string for a multiple select"),
    pytest.param("multi", [1, 2], id="numbers for ids"),
    pytest.param("tf", "true", id="string for true/false"),
    pytest.param("tf", 1, id="number for true/false"),
    pytest.param("triage", {"legs": "soon", "ache": "line_now"}, id="unknown urgency"),
    pytest.param(
        "triage", {"legs": "line_now", "ache": "line_now", "x": "line_now"}, id="extra card"
    ),
    pytest.param("triage", ["line_now"], id="list for triage"),
]


@pytest.mark.parametrize(("kind", "answer"), FORGED_ANSWERS)
def test_forged_answers_for_each_type(kind, answer, events, heard):
    quiz = Quiz(MIXED, LIBRARY.ui, events)
    while (
        quiz.item["type"]
        != {"multi": "multiple_select", "tf": "true_false", "triage": "triage"}[kind]
    ):
        send(quiz, "next")
    send(quiz, "check", answer=answer)
    assert quiz.notice.startswith("Sorry") and quiz.stage == "answering" and not heard


def test_forged_state_updates_are_refused(quiz, caplog):
    quiz.set_state({"stage": "summary", "number": 99, "result": {"status": "right"}})
    assert quiz.stage == "answering" and quiz.number == 1 and quiz.result == {}
    assert "refused a state change from the browser" in caplog.text


def test_a_listener_that_fails_does_not_break_the_quiz(quiz, events):
    def broken(_event):
        raise RuntimeError("recorder down")

    events.connect(broken)
    send(quiz, "check", answer="a")
    assert quiz.result["status"] == "right"


def test_lesson_without_quiz_is_refused_clearly():
    empty = BONES.model_copy(update={"quiz": []})
    with pytest.raises(ValueError, match="has no quiz items"):
        Quiz(empty, LIBRARY.ui)


# A lesson with every item type, for the multiple-select and scenario cases.
MIXED = bones_with_more_kinds()


def multiple_select_quiz(events):
    quiz = Quiz(MIXED, LIBRARY.ui, events)
    for _ in range(3):
        send(quiz, "next")
    assert quiz.item["type"] == "multiple_select"
    return quiz


def test_multiple_select_right_partly_and_not(events, heard):
    quiz = multiple_select_quiz(events)
    send(quiz, "check", answer=["a"])
    assert quiz.result["status"] == "partly" and heard[-1].score == 0.5
    send(quiz, "retry")
    send(quiz, "check", answer=["a", "b", "c"])  # everything chosen is not "right"
    assert quiz.result["status"] == "partly" and heard[-1].score == 0.5
    send(quiz, "retry")
    send(quiz, "check", answer=["c"])
    assert quiz.result["status"] == "not_quite" and heard[-1].score == 0.0
    send(quiz, "retry")
    send(quiz, "check", answer=["b", "a"])
    assert quiz.result["status"] == "right" and quiz.result["answer"] == ["a", "b"]


def test_scenario_shows_its_situation_and_grades_like_single_choice(events, heard):
    quiz = Quiz(MIXED, LIBRARY.ui, events)
    for _ in range(4):
        send(quiz, "next")
    assert quiz.item["situation"] == "It is late at night and your legs feel weak."
    assert quiz.labels["progress"].format(number=quiz.number, total=quiz.total) == (
        "Question 5 of 5"
    )
    send(quiz, "check", answer="b")
    assert quiz.result["status"] == "not_quite"
    send(quiz, "show")
    assert quiz.result["answer"] == ["a"]


def test_a_quiz_with_no_way_to_join_refuses_every_code(quiz):
    """Outside the lesson page (no group sessions wired in) a code is simply not known."""
    send(quiz, "join", code="ABCDEF")
    assert (quiz.group["state"], quiz.group["message"]) == (
        "refused",
        LIBRARY.ui.group.unknown_code,
    )


# -- ordering: the whole order comes back, right only when every step is in place -----------

ORDERED = bones_with_ordering()
RIGHT_ORDER = right_order()


@pytest.fixture
def ordering_quiz(events):
    return Quiz(ORDERED, LIBRARY.ui, events)


def test_ordering_is_sent_shuffled_with_no_key(ordering_quiz):
    shown = [step["id"] for step in ordering_quiz.item["steps"]]
    assert sorted(shown) == sorted(RIGHT_ORDER) and shown != RIGHT_ORDER
    state = sent_state(ordering_quiz)
    assert ORDERING.explanation not in state and '"correct"' not in state
    assert ordering_quiz.labels["ordering"]["move_up"] == LIBRARY.ui.quiz.ordering.move_up


def test_ordering_partly_then_right(ordering_quiz, heard):
    swapped = [RIGHT_ORDER[1], RIGHT_ORDER[0], *RIGHT_ORDER[2:]]
    send(ordering_quiz, "check", answer=swapped)
    result = ordering_quiz.result
    assert result["status"] == "partly" and "answer" not in result
    assert result["chosen"] == swapped
    assert [result["marks"][s]["correct"] for s in swapped] == [False, False, True, True]
    assert heard[-1].answer == tuple(swapped) and heard[-1].item_type == "ordering"
    send(ordering_quiz, "retry")
    send(ordering_quiz, "check", answer=RIGHT_ORDER)
    assert ordering_quiz.result["status"] == "right"
    assert ordering_quiz.result["answer"] == RIGHT_ORDER
    assert heard[-1].score == 1.0


def test_ordering_show_answer(ordering_quiz, heard):
    send(ordering_quiz, "show")
    assert ordering_quiz.result["answer"] == RIGHT_ORDER
    assert set(ordering_quiz.result["marks"]) == set(RIGHT_ORDER)
    assert heard[-1].status == "shown"


@pytest.mark.parametrize(
    "answer",
    [
        pytest.param(None, id="nothing"),
        pytest.param(RIGHT_ORDER[:-1], id="a step missing"),
        pytest.param([*RIGHT_ORDER[:-1], RIGHT_ORDER[0]], id="a step twice"),
        pytest.param([*RIGHT_ORDER[:-1], "jump"], id="unknown step"),
        pytest.param([1, 2, 3, 4], id="numbers"),
        pytest.param({"look": 1}, id="a mapping"),
        pytest.param(["look"] * 100_000, id="a huge list"),
    ],
)
def test_ordering_refuses_forged_orders(ordering_quiz, heard, answer):
    send(ordering_quiz, "check", answer=answer)
    assert ordering_quiz.notice == LIBRARY.ui.quiz.not_accepted
    assert ordering_quiz.stage == "answering" and not heard
    send(ordering_quiz, "check", answer=RIGHT_ORDER)  # still usable
    assert ordering_quiz.result["status"] == "right"


# -- "Start again" lets the learner practise, but never launders the first try -------------


def answer_every_item_right(quiz):
    from metsedu.content.quiz_kinds import kind_of

    for index, item in enumerate(quiz._lesson.quiz):
        send(quiz, "check", answer=kind_of(item).right_answer(item))
        assert quiz.result["status"] == "right"
        if index + 1 < quiz.total:
            send(quiz, "next")


def test_start_again_after_showing_every_answer_does_not_count_as_right_first_time(quiz):
    for index in range(quiz.total):
        send(quiz, "show")
        if index + 1 < quiz.total:
            send(quiz, "next")
    send(quiz, "restart")
    assert quiz.stage == "answering" and quiz.number == 1 and quiz.result == {}
    answer_every_item_right(quiz)
    send(quiz, "finish")
    assert quiz.summary["right"] == 0
    assert quiz.summary["score"].startswith("You got 0 of 3 right the first time.")
    assert len(quiz.summary["review"]) == 3


def test_start_again_after_a_wrong_first_try_keeps_it_wrong(quiz):
    send(quiz, "check", answer="b")  # the first item, wrong at the first try
    send(quiz, "restart")  # at any point, even mid-item: it cannot change the first try
    answer_every_item_right(quiz)
    send(quiz, "finish")
    assert quiz.summary["right"] == 2
    assert [r["question"] for r in quiz.summary["review"]] == [BONES.quiz[0].prompt]


def test_start_again_from_the_summary_keeps_the_first_tries(quiz):
    send(quiz, "show")
    send(quiz, "finish")
    assert quiz.summary["right"] == 0
    send(quiz, "restart")
    answer_every_item_right(quiz)
    send(quiz, "finish")
    assert (quiz.summary["right"], quiz.summary["again"], quiz.summary["total"]) == (2, 3, 3)
    assert [r["question"] for r in quiz.summary["review"]] == [BONES.quiz[0].prompt]


def test_attempts_keep_counting_after_start_again(quiz, heard):
    send(quiz, "check", answer="b")
    send(quiz, "restart")
    send(quiz, "check", answer="a")
    assert [(e.attempt, e.status) for e in heard] == [(1, "not_quite"), (2, "right")]


def test_the_summary_after_start_again_also_says_how_this_try_went(events):
    """The real lessons' words: the first-try score stays, and a line says how the questions
    went since the learner started again, so practice is seen but cannot raise the score."""
    library = load_library()
    lesson = library.lessons["bones"]
    quiz = Quiz(lesson, library.ui, events)
    send(quiz, "show")
    send(quiz, "restart")
    answer_every_item_right(quiz)
    send(quiz, "finish")
    total = len(lesson.quiz)
    words = library.ui.quiz
    assert quiz.summary["right"] == total - 1 and quiz.summary["again"] == total
    assert quiz.summary["score"] == " ".join(
        [
            words.summary_score.format(right=total - 1, total=total),
            words.summary_score_again.format(right=total, total=total),
        ]
    )


def test_no_start_again_means_no_line_about_it(quiz):
    answer_every_item_right(quiz)
    send(quiz, "finish")
    assert "again" not in quiz.summary


# -- a reply that is not right says nothing about what was not chosen, for every kind ------


def not_right_answers(item):
    """Raw answers a browser could send that are wrong or partly right."""
    from itertools import combinations

    from metsedu.content.quiz_kinds import kind_of
    from metsedu.content.quiz_kinds.ordering import shown_order

    kind = kind_of(item)
    if item.type in ("single_choice", "scenario"):
        return [o.id for o in item.options if not o.correct]
    if item.type == "multiple_select":
        ids = [o.id for o in item.options]
        key = set(kind.answer_key(item))
        subsets = (list(c) for n in range(1, len(ids) + 1) for c in combinations(ids, n))
        return [s for s in subsets if set(s) != key]
    if item.type == "true_false":
        return [kind.wrong_answer(item)]
    if item.type == "triage":
        same = [{c.id: level.value for c in item.cards} for level in Urgency]
        return [kind.wrong_answer(item), *same]
    if item.type == "ordering":
        return [kind.wrong_answer(item), shown_order(item), kind.answer_key(item)[::-1]]
    raise AssertionError(f"no not-right answers for the kind {item.type!r}: add them here")


def what_the_reply_may_not_say(item, raw):
    """Text from the key that a reply to ``raw`` must not hold: the feedback of every option
    not chosen, and for triage the feedback of every card placed wrong (it starts with the
    card's right level)."""
    if item.type == "triage":
        return [c.feedback for c in item.cards if raw[c.id] != c.urgency.value]
    if item.type == "true_false":
        return [item.feedback_if_true if not raw else item.feedback_if_false]
    if item.type in ("single_choice", "scenario", "multiple_select"):
        chosen = set(raw) if isinstance(raw, list) else {raw}
        said = {o.feedback for o in item.options if o.id in chosen}  # the same words may be
        return [o.feedback for o in item.options if o.id not in chosen and o.feedback not in said]
    return []


def every_item_of_every_lesson():
    library = load_library()
    for lesson in library.lessons.values():
        for index, item in enumerate(lesson.quiz):
            yield pytest.param(library, lesson, index, id=f"{lesson.id}-{item.id}")


@pytest.mark.parametrize(("library", "lesson", "index"), list(every_item_of_every_lesson()))
def test_a_reply_that_is_not_right_says_nothing_about_what_was_not_chosen(
    library, lesson, index, events
):
    quiz = Quiz(lesson, library.ui, events)
    for _step in range(index):
        send(quiz, "next")
    item = lesson.quiz[index]
    answers = not_right_answers(item)
    assert answers
    for raw in answers:
        send(quiz, "check", answer=raw)
        view = quiz.result
        assert view["status"] in ("partly", "not_quite"), raw
        assert "answer" not in view, raw
        if item.type in ("single_choice", "scenario", "multiple_select"):
            chosen = set(raw) if isinstance(raw, list) else {raw}
            assert set(view["marks"]) <= chosen, raw
            assert set(view["marks"]) != {o.id for o in item.options}, raw  # the whole key
        else:
            known = {getattr(x, "id", None) for x in [*getattr(item, "cards", [])]}
            known |= {s.id for s in getattr(item, "steps", [])}
            assert set(view["marks"]) <= known, raw
        sent = sent_state(quiz)
        for text in what_the_reply_may_not_say(item, raw):
            assert json.dumps(text)[1:-1] not in sent, (raw, text)
        send(quiz, "retry")
