"""A quiz page joining a group session: by code, only for its lesson, first tries counted."""

from __future__ import annotations

from pathlib import Path

import pytest

import metsedu
from metsedu.content import load_library
from metsedu.names import CONTENT_ENV, DATABASE_URL_ENV
from metsedu.sessions import SessionStore
from metsedu.widgets import AnswerEvents, Quiz
from tests.conftest import VALID
from tests.helpers import bones_with_more_kinds, bones_with_ordering, right_order, send

LIBRARY = load_library(root=VALID)
BONES = LIBRARY.lessons["bones"]
GROUP = LIBRARY.ui.group


@pytest.fixture
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SessionStore:
    url = f"sqlite:///{tmp_path}/metsedu.db"
    monkeypatch.setenv(DATABASE_URL_ENV, url)
    return SessionStore(url)


@pytest.fixture
def quiz(monkeypatch: pytest.MonkeyPatch) -> Quiz:
    """The bones quiz as its lesson page makes it, wired to the group sessions."""
    monkeypatch.setenv(CONTENT_ENV, str(VALID))
    made = metsedu.page("bones").quiz(AnswerEvents())
    assert isinstance(made, Quiz)
    return made


def test_joining_with_the_code_counts_first_tries_only(store: SessionStore, quiz: Quiz):
    code = store.open_session(["bones"])
    send(quiz, "join", code=code.lower())
    assert quiz.group["state"] == "joined"
    assert quiz.group["message"] == GROUP.joined.format(code=code)
    first = quiz.item["id"]
    send(quiz, "check", answer="b")  # not right
    send(quiz, "retry")
    send(quiz, "check", answer="a")  # right on the second try: not counted again
    [count] = store.counts(code)
    assert (count.item, count.answered, count.right, count.choices) == (first, 1, 0, {"b": 1})
    assert store.participants(code) == 1


@pytest.mark.parametrize("typed", ["NOPE99", "", "<script>", "x" * 500, None, 42])
def test_a_bad_code_gets_plain_words_and_the_quiz_goes_on(store, quiz: Quiz, typed):
    store.open_session(["bones"])
    send(quiz, "join", code=typed)
    assert (quiz.group["state"], quiz.group["message"]) == ("refused", GROUP.unknown_code)
    send(quiz, "check", answer="a")
    assert quiz.stage == "checked"


def test_a_session_for_other_lessons_is_refused(store: SessionStore, quiz: Quiz):
    code = store.open_session(["liver"])
    send(quiz, "join", code=code)
    assert quiz.group["state"] == "refused"


def test_without_the_lesson_server_there_are_no_sessions(monkeypatch, quiz: Quiz):
    monkeypatch.delenv(DATABASE_URL_ENV, raising=False)
    send(quiz, "join", code="ABCDEF")
    assert quiz.group["state"] == "refused"


def test_a_broken_store_never_breaks_the_quiz(store: SessionStore, quiz: Quiz, caplog):
    code = store.open_session(["bones"])
    send(quiz, "join", code=code)
    store.path.unlink()
    store.path.mkdir()  # the database file is gone and cannot be made again
    send(quiz, "check", answer="a")
    assert quiz.stage == "checked"
    # The log names the database and the fix, never the join code or a traceback.
    assert f"the database {store.path}" in caplog.text and "--data-dir" in caplog.text
    assert code not in caplog.text and "Traceback" not in caplog.text


def test_after_teaching_the_same_questions_count_again(store: SessionStore, quiz: Quiz):
    code = store.open_session(["bones"])
    store.set_phase(code, "pre")
    send(quiz, "join", code=code)
    send(quiz, "check", answer="b")
    store.set_phase(code, "post")
    send(quiz, "retry")
    send(quiz, "check", answer="b")  # still wrong: the first try after teaching
    send(quiz, "retry")
    send(quiz, "check", answer="a")  # right, but not the first try in this stage
    found = {c.phase: (c.answered, c.right) for c in store.counts(code)}
    assert found == {"pre": (1, 0), "post": (1, 0)}


def test_each_kind_stores_its_own_choice(store: SessionStore):
    """A multiple-select page stores every option it chose; an ordering page right or not yet."""
    from metsedu.lesson.lesson_page import join_group

    code = store.open_session(["bones"])
    multi = Quiz(bones_with_more_kinds(), LIBRARY.ui, AnswerEvents(), join=join_group)
    send(multi, "join", code=code)
    for _ in range(3):
        send(multi, "next")
    send(multi, "check", answer=["c", "a"])
    ordering = Quiz(bones_with_ordering(), LIBRARY.ui, AnswerEvents(), join=join_group)
    send(ordering, "join", code=code)
    send(ordering, "check", answer=right_order()[::-1])
    counts = {c.item: c.choices for c in store.counts(code)}
    assert counts == {"q-multi": {"a+c": 1}, "q-order": {"not_yet": 1}}


def test_a_spanish_page_and_an_english_page_count_in_one_session(
    store: SessionStore, monkeypatch: pytest.MonkeyPatch
):
    """The lesson page gives the quiz its language: the Spanish page's answers are kept as
    ``es``, the English page's as ``en``, and the question's counts merge."""
    monkeypatch.setenv(CONTENT_ENV, str(VALID))
    english = metsedu.page("bones").quiz(AnswerEvents())
    spanish = metsedu.page("bones", "es").quiz(AnswerEvents())
    assert isinstance(english, Quiz) and isinstance(spanish, Quiz)
    code = store.open_session(["bones"])
    send(english, "join", code=code, seat="seat-english-0001")
    send(spanish, "join", code=code, seat="seat-spanish-0001")
    assert english.group["state"] == spanish.group["state"] == "joined"
    send(english, "check", answer="a")
    send(spanish, "check", answer="b")
    [count] = store.counts(code)
    assert (count.item, count.answered, count.right, count.choices) == (
        BONES.quiz[0].id,
        2,
        1,
        {"a": 1, "b": 1},
    )
    assert store.languages(code) == {"en": 1, "es": 1}


@pytest.mark.parametrize(("locale", "kept"), [("es", "es"), ("es-MX", "es"), ("pt_BR", "pt")])
def test_a_page_language_is_kept_as_its_two_letter_code(store: SessionStore, locale, kept):
    from metsedu.sessions.member import GroupMember

    code = store.open_session(["bones"])
    member = GroupMember.join(code, "bones", "seat-0000000001", locale)
    assert member.language == kept
