"""The shared session store: join codes, bad input, expiry, and 30 kernels writing at once.

A real SQLite database in a temporary folder; the concurrency test starts 30 real processes,
as 30 learners' kernels would be.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
from pathlib import Path

import pytest

from metsedu.sessions import JOIN_CODE_PATTERN, SessionStore, UnknownCodeError, normalise_code
from metsedu.sessions.store import SCHEMA_VERSION, sqlite_path

NOW = 1_800_000_000.0
TOKEN = "page-0123456789"


def test_a_session_gets_a_readable_join_code(store: SessionStore):
    code = store.open_session(["bones", "lungs"], now=NOW)
    assert JOIN_CODE_PATTERN.match(code)
    assert not set(code) & set("0O1IL")
    assert store.lessons_of(code, now=NOW) == ["bones", "lungs"]


def test_a_typed_code_is_forgiving_about_case_and_spaces(store: SessionStore):
    code = store.open_session(["bones"], now=NOW)
    typed = f" {code[:3].lower()} {code[3:]} "
    assert normalise_code(typed) == code
    assert store.lessons_of(typed, now=NOW) == ["bones"]


@pytest.mark.parametrize("typed", ["", "ABC", "ABCDEFG", "ABC'; DROP TABLE answers; --", "ABCDE0"])
def test_a_malformed_code_is_refused_plainly(store: SessionStore, typed: str):
    with pytest.raises(UnknownCodeError):
        store.lessons_of(typed, now=NOW)


def test_an_unknown_or_expired_code_is_refused(store: SessionStore):
    code = store.open_session(["bones"], hours=1, now=NOW)
    with pytest.raises(UnknownCodeError):
        store.lessons_of("ABCDEF", now=NOW)
    with pytest.raises(UnknownCodeError):
        store.lessons_of(code, now=NOW + 3601)


def test_expired_sessions_are_removed_with_their_answers(store: SessionStore):
    old = store.open_session(["bones"], hours=1, now=NOW)
    store.record(old, TOKEN, "bones", "q-cord", "call-now", True, now=NOW)
    live = store.open_session(["bones"], hours=12, now=NOW)
    assert store.remove_expired(now=NOW + 7200) >= 1
    assert store.counts(old) == []
    assert store.lessons_of(live, now=NOW + 7200) == ["bones"]


def test_answers_are_counted_never_named(store: SessionStore):
    code = store.open_session(["bones"], now=NOW)
    store.record(code, "page-aaaaaaaa", "bones", "q-cord", "call-now", True, now=NOW)
    store.record(code, "page-bbbbbbbb", "bones", "q-cord", "wait", False, now=NOW)
    # The same browser answering again (a rejoin, a reload) changes nothing: its first try
    # is the one counted.
    store.record(code, "page-bbbbbbbb", "bones", "q-cord", "call-now", True, now=NOW)
    [count] = store.counts(code)
    assert (count.answered, count.right, count.choices) == (2, 1, {"call-now": 1, "wait": 1})
    assert store.participants(code) == 2


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("participant", "x"),
        ("participant", "<script>alert(1)</script>"),
        ("lesson", "Bones; DROP TABLE sessions"),
        ("item", "../../etc"),
        ("phase", "later"),
    ],
)
def test_forged_values_from_a_browser_are_refused(store: SessionStore, field: str, value: str):
    code = store.open_session(["bones"], now=NOW)
    answer = {"participant": TOKEN, "lesson": "bones", "item": "q-cord", "phase": "teaching"}
    answer[field] = value
    with pytest.raises(ValueError):
        store.record(code, choice="call-now", correct=True, now=NOW, **answer)
    assert store.counts(code) == []


def test_odd_text_is_stored_as_text_not_run_as_sql(store: SessionStore):
    code = store.open_session(["bones"], now=NOW)
    odd = "x'); DELETE FROM sessions; --" + "y" * 500
    store.record(code, TOKEN, "bones", "q-cord", odd, False, now=NOW)
    [count] = store.counts(code)
    assert list(count.choices) == [odd[:200]]
    assert store.lessons_of(code, now=NOW) == ["bones"]


def test_an_answer_for_a_lesson_outside_the_session_is_refused(store: SessionStore):
    code = store.open_session(["bones"], now=NOW)
    with pytest.raises(UnknownCodeError):
        store.record(code, TOKEN, "liver", "q-x", "a", True, now=NOW)


def test_sqlite_urls_name_a_file_and_other_kinds_are_refused_plainly():
    assert sqlite_path("sqlite:////var/lib/metsedu/m.db") == Path("/var/lib/metsedu/m.db")
    assert sqlite_path("sqlite:///data/m.db") == Path("data/m.db")
    with pytest.raises(ValueError, match="postgresql://user@host/database"):
        SessionStore("mysql://nurse@db/metsedu")


def _learner(url: str, code: str, number: int, items: int) -> None:
    store = SessionStore(url)
    for item in range(items):
        store.record(code, f"page-{number:08d}", "bones", f"q-{item}", "a", item % 2 == 0)


def test_thirty_kernels_answering_at_once_lose_no_answer(database_url: str):
    url = database_url
    code = SessionStore(url).open_session(["bones"])
    learners, items = 30, 10
    spawn = multiprocessing.get_context("spawn")
    workers = [spawn.Process(target=_learner, args=(url, code, n, items)) for n in range(learners)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(120)
        assert worker.exitcode == 0
    counts = SessionStore(url).counts(code)
    assert len(counts) == items
    assert all(c.answered == learners for c in counts)
    assert sum(c.right for c in counts) == learners * (items // 2)
    assert SessionStore(url).participants(code) == learners


def test_answers_are_kept_per_stage_for_the_before_and_after_check(store: SessionStore):
    code = store.open_session(["bones"], now=NOW)
    store.set_phase(code, "pre")
    store.record(code, TOKEN, "bones", "q-cord", "wait", False, now=NOW)
    store.set_phase(code, "post")
    store.record(code, TOKEN, "bones", "q-cord", "call-now", True, now=NOW)
    found = {c.phase: (c.answered, c.right) for c in store.counts(code)}
    assert found == {"pre": (1, 0), "post": (1, 1)}
    with pytest.raises(ValueError):
        store.set_phase(code, "later")


def test_notes_are_kept_as_text_and_cut_to_length(store: SessionStore):
    code = store.open_session(["bones"], now=NOW)
    store.set_notes(code, "<script>alert(1)</script>" + "n" * 6000)
    notes = store.session(code).notes
    assert notes.startswith("<script>alert(1)</script>") and len(notes) == 5000


def test_a_database_keeps_its_shape_and_one_from_a_newer_metsedu_is_refused(tmp_path: Path):
    """``CREATE TABLE IF NOT EXISTS`` never changes an old table: the stored schema number
    is what a future change of shape will read, and an older metsedu must not write into a
    database whose tables it does not know."""
    url = f"sqlite:///{tmp_path}/metsedu.db"
    code = SessionStore(url).open_session(["bones"])

    def stored_schema(number: int) -> None:  # as a newer metsedu would leave it
        with sqlite3.connect(tmp_path / "metsedu.db") as db:
            db.execute("UPDATE meta SET value = ? WHERE name = 'schema'", (str(number),))

    stored_schema(SCHEMA_VERSION + 1)
    with pytest.raises(ValueError, match="made by a newer metsedu"):
        SessionStore(url)
    stored_schema(SCHEMA_VERSION)
    assert SessionStore(url).session(code).lessons == ["bones"]  # opened again, kept


VERSION_1 = """
CREATE TABLE sessions (code TEXT PRIMARY KEY, lessons TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
    phase TEXT NOT NULL DEFAULT 'teaching', notes TEXT NOT NULL DEFAULT '');
CREATE TABLE answers (code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
    participant TEXT NOT NULL, lesson TEXT NOT NULL, item TEXT NOT NULL, phase TEXT NOT NULL,
    choice TEXT NOT NULL, correct INTEGER NOT NULL, answered_at DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (code, participant, lesson, item, phase));
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
INSERT INTO meta VALUES ('schema', '1');
INSERT INTO sessions VALUES ('ABCDEF', 'bones', 0, 1e12, 'teaching', '');
INSERT INTO answers VALUES ('ABCDEF', 'page-aaaaaaaa', 'bones', 'q-cord', 'teaching',
    'call-now', 1, 1796537502.123456);
"""


def test_an_older_database_is_brought_up_to_date_and_keeps_no_answer_times(tmp_path: Path):
    """Counts need no time: a database from before keeps its answers and loses their times."""
    with sqlite3.connect(tmp_path / "metsedu.db") as db:
        db.executescript(VERSION_1)
    store = SessionStore(f"sqlite:///{tmp_path}/metsedu.db")
    with sqlite3.connect(tmp_path / "metsedu.db") as db:
        columns = {row[1] for row in db.execute("PRAGMA table_info(answers)")}
        version = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()[0]
    assert columns == {
        "code",
        "participant",
        "lesson",
        "item",
        "phase",
        "choice",
        "correct",
        "language",
    }
    assert version == str(SCHEMA_VERSION) == "4"
    [count] = store.counts("ABCDEF")
    assert (count.answered, count.right) == (1, 1)


def test_an_answer_keeps_only_what_the_counts_need(store: SessionStore):
    code = store.open_session(["bones"], now=NOW)
    store.record(code, "page-aaaaaaaa", "bones", "q-cord", "call-now", True, now=NOW)
    with store._connection() as db:
        [row] = db.execute("SELECT * FROM answers WHERE code = ?", (code,)).fetchall()
    assert len(row) == 8 and NOW not in row
    assert row[-1] == "en"  # the page's language, not the learner's


def test_each_answer_keeps_its_language_and_the_counts_merge_across_them(store: SessionStore):
    """Some learners read the lesson in Spanish, some in English: the questions have the same
    ids in both, so each question's counts hold both; the languages are counted apart."""
    code = store.open_session(["bones"], now=NOW)
    store.record(code, "page-aaaaaaaa", "bones", "q-cord", "call-now", True, now=NOW)
    store.record(code, "page-bbbbbbbb", "bones", "q-cord", "wait", False, now=NOW, language="es")
    store.record(code, "page-cccccccc", "bones", "q-cord", "call-now", True, now=NOW, language="es")
    store.record(code, "page-cccccccc", "bones", "q-back", "a", True, now=NOW, language="es")
    # The same browser on the English page of the same question later: its first try stays.
    store.record(code, "page-bbbbbbbb", "bones", "q-cord", "call-now", True, now=NOW)
    counts = {c.item: (c.answered, c.right, c.choices) for c in store.counts(code)}
    assert counts["q-cord"] == (3, 2, {"call-now": 2, "wait": 1})
    assert store.participants(code) == 3
    assert store.languages(code) == {"es": 2, "en": 1}  # people, never answers; most first
    assert list(store.languages(code)) == ["es", "en"]
    # Only counts come back: nothing about who answered in which language.
    assert all(isinstance(v, int) for v in store.languages(code).values())
    assert store.languages(store.open_session(["bones"], now=NOW)) == {}


def test_a_learner_who_changes_language_counts_once_in_each(store: SessionStore):
    code = store.open_session(["bones"], now=NOW)
    store.record(code, TOKEN, "bones", "q-cord", "call-now", True, now=NOW)
    store.record(code, TOKEN, "bones", "q-back", "a", True, now=NOW, language="es")
    assert store.participants(code) == 1
    assert store.languages(code) == {"en": 1, "es": 1}


@pytest.mark.parametrize(
    "language", ["EN", "eng", "e", "", "es\n", "es-MX", "<b>", "é", "1a", None, 42, ["es"]]
)
def test_a_forged_language_is_refused(store: SessionStore, language):
    code = store.open_session(["bones"], now=NOW)
    with pytest.raises(ValueError):
        store.record(code, TOKEN, "bones", "q-cord", "call-now", True, now=NOW, language=language)
    assert store.counts(code) == [] and store.languages(code) == {}


VERSION_3 = """
CREATE TABLE sessions (code TEXT PRIMARY KEY, lessons TEXT NOT NULL,
    created_at DOUBLE PRECISION NOT NULL, expires_at DOUBLE PRECISION NOT NULL,
    phase TEXT NOT NULL DEFAULT 'teaching', notes TEXT NOT NULL DEFAULT '');
CREATE TABLE answers (code TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
    participant TEXT NOT NULL, lesson TEXT NOT NULL, item TEXT NOT NULL, phase TEXT NOT NULL,
    choice TEXT NOT NULL, correct INTEGER NOT NULL,
    PRIMARY KEY (code, participant, lesson, item, phase));
CREATE TABLE meta (name TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE sign_ins (digest TEXT PRIMARY KEY, ends_at DOUBLE PRECISION NOT NULL);
INSERT INTO meta VALUES ('schema', '3');
INSERT INTO sessions VALUES ('ABCDEF', 'bones', 0, 1e12, 'teaching', '');
INSERT INTO answers VALUES ('ABCDEF', 'page-aaaaaaaa', 'bones', 'q-cord', 'teaching',
    'call-now', 1);
INSERT INTO answers VALUES ('ABCDEF', 'page-bbbbbbbb', 'bones', 'q-cord', 'teaching',
    'wait', 0)
"""


def _version_3_keeps_its_answers_as_english(url: str) -> None:
    store = SessionStore(url)  # brought up to schema 4
    with store._connection() as db:
        version = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()[0]
        rows = db.execute("SELECT participant, language FROM answers ORDER BY 1").fetchall()
    assert version == str(SCHEMA_VERSION) == "4"
    assert [tuple(r) for r in rows] == [("page-aaaaaaaa", "en"), ("page-bbbbbbbb", "en")]
    [count] = store.counts("ABCDEF")
    assert (count.answered, count.right, count.choices) == (2, 1, {"call-now": 1, "wait": 1})
    assert store.languages("ABCDEF") == {"en": 2}
    store.record("ABCDEF", "page-cccccccc", "bones", "q-cord", "call-now", True, language="es")
    assert store.languages("ABCDEF") == {"en": 2, "es": 1}
    assert SessionStore(url).languages("ABCDEF") == {"en": 2, "es": 1}  # opened again: kept


def test_a_version_3_sqlite_database_keeps_its_answers_as_english(tmp_path: Path):
    """The answers from before languages were kept were all given on English pages."""
    with sqlite3.connect(tmp_path / "metsedu.db") as db:
        db.executescript(VERSION_3)
    _version_3_keeps_its_answers_as_english(f"sqlite:///{tmp_path}/metsedu.db")


def test_a_version_3_postgresql_database_keeps_its_answers_as_english(postgres_url: str):
    import psycopg

    name = "metsedu_v3"
    with psycopg.connect(postgres_url, autocommit=True) as db:
        db.execute(f"DROP DATABASE IF EXISTS {name}")
        db.execute(f"CREATE DATABASE {name}")
    url = postgres_url.rsplit("/", 1)[0] + "/" + name
    with psycopg.connect(url, autocommit=True) as db:
        for statement in filter(str.strip, VERSION_3.split(";")):
            db.execute(statement)
    _version_3_keeps_its_answers_as_english(url)
