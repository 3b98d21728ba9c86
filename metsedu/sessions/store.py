"""The shared store of group sessions and their anonymous answers.

Why SQLite in WAL mode by default: it needs no server on a nurse's laptop, and WAL lets one
writer and many readers work at once, so 30 learners' kernels can record answers while the
facilitator's page reads the counts. Each write is one short ``BEGIN IMMEDIATE`` transaction
with a busy timeout, so concurrent kernels queue instead of failing. A larger site points the
URL at PostgreSQL (``postgresql://user@host/db``, with psycopg installed); the same SQL runs
there. Every statement is parameterised.
"""

from __future__ import annotations

import re
import secrets
import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlparse

#: Join codes avoid letters and digits that look alike (0/O, 1/I/L), so they read aloud well.
ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 6
JOIN_CODE_PATTERN = re.compile(rf"^[{ALPHABET}]{{{CODE_LENGTH}}}$")
PHASES = ("pre", "teaching", "post")
_TOKEN = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
_ID = re.compile(r"^[a-z0-9][a-z0-9-]{0,63}$")
#: A page's language as the lesson folders name it: ``en``, ``es``.
LANGUAGE = re.compile(r"[a-z]{2}")  # whole text only (fullmatch): no "es\n"
_CHOICE_MAX = 200
NOTES_MAX = 5000

_SCHEMA = """
CREATE TABLE IF NOT EXISTS sessions (
    code        TEXT PRIMARY KEY,
    lessons     TEXT NOT NULL,
    created_at  DOUBLE PRECISION NOT NULL,
    expires_at  DOUBLE PRECISION NOT NULL,
    phase       TEXT NOT NULL DEFAULT 'teaching',
    notes       TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS answers (
    code        TEXT NOT NULL REFERENCES sessions(code) ON DELETE CASCADE,
    participant TEXT NOT NULL,
    lesson      TEXT NOT NULL,
    item        TEXT NOT NULL,
    phase       TEXT NOT NULL,
    choice      TEXT NOT NULL,
    correct     INTEGER NOT NULL,
    language    TEXT NOT NULL DEFAULT 'en',
    PRIMARY KEY (code, participant, lesson, item, phase)
);
CREATE TABLE IF NOT EXISTS meta (
    name        TEXT PRIMARY KEY,
    value       TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS sign_ins (
    digest      TEXT PRIMARY KEY,
    ends_at     DOUBLE PRECISION NOT NULL
);
"""
#: The shape of the tables above, kept in the database's ``meta`` table. ``CREATE TABLE IF
#: NOT EXISTS`` never changes an older database's tables: each change of shape raises this
#: number and adds, in :data:`_STEPS`, the step that brings a database from the one before.
SCHEMA_VERSION = 4

#: Version -> the statements that bring a database of that version to the next.
_STEPS: dict[int, list[str]] = {
    # 1 -> 2: an answer no longer keeps the moment it was given (counts need no time).
    1: ["ALTER TABLE answers DROP COLUMN answered_at"],
    # 2 -> 3: nurses' sign-ins live here (only a hash of each token), so that every server
    # sharing the database knows them: a nurse signed in on one replica is on all of them.
    2: [
        "CREATE TABLE IF NOT EXISTS sign_ins ("
        " digest TEXT PRIMARY KEY, ends_at DOUBLE PRECISION NOT NULL)"
    ],
    # 3 -> 4: each answer keeps the language of the page it was given on, so a session
    # where some learners read Spanish and some English says how many answered in each.
    # Every answer before then was given on an English page (the only language there was).
    3: ["ALTER TABLE answers ADD COLUMN language TEXT NOT NULL DEFAULT 'en'"],
}

#: Any number, the same in every metsedu: PostgreSQL's lock held while one server makes or
#: changes the tables, so replicas starting at once do not make the same table twice.
_SCHEMA_LOCK = 0x6D657473


class UnknownCodeError(LookupError):
    """A join code that is malformed, was never issued, or has expired."""


def normalise_code(text: str) -> str:
    """What a learner typed (spaces, lower case) as a join code; raise if it cannot be one."""
    code = re.sub(r"[\s-]", "", str(text)).upper()
    if not JOIN_CODE_PATTERN.match(code):
        raise UnknownCodeError(text)
    return code


def sqlite_path(url: str) -> Path:
    """The file behind ``sqlite:///relative.db`` or ``sqlite:////absolute/path.db``."""
    parsed = urlparse(url)
    if parsed.scheme != "sqlite":
        raise ValueError(
            f"unsupported database URL {url!r}: use sqlite:///path/to/metsedu.db "
            "or postgresql://user@host/database"
        )
    path = unquote(parsed.path)
    if not path or path == "/":
        raise ValueError(f"database URL {url!r} names no file")
    return Path(path[1:])  # sqlite:///relative.db and sqlite:////absolute.db, as SQLAlchemy


def _is_postgres(url: str) -> bool:
    return urlparse(url).scheme in {"postgresql", "postgres"}


@dataclass(frozen=True)
class SessionInfo:
    """One live session as the facilitator sees it."""

    code: str
    lessons: list[str]
    phase: str
    notes: str
    created_at: float
    expires_at: float


@dataclass(frozen=True)
class ItemCount:
    """How one question was answered in one phase: totals and the split, never who."""

    lesson: str
    item: str
    phase: str
    answered: int
    right: int
    choices: dict[str, int]


class _Db:
    """One connection, taking SQL written with ``?`` placeholders on either database."""

    def __init__(self, connection: Any, placeholder: str) -> None:
        self.connection = connection
        self.placeholder = placeholder

    def execute(self, sql: str, parameters: tuple = ()) -> Any:
        if self.placeholder != "?":
            sql = sql.replace("?", self.placeholder)
        return self.connection.execute(sql, parameters)


def _live(db: _Db, code: str, now: float) -> SessionInfo:
    """The live session ``code`` (already normalised), read on ``db``; else UnknownCodeError."""
    row = db.execute(
        "SELECT lessons, phase, notes, created_at, expires_at FROM sessions"
        " WHERE code = ? AND expires_at > ?",
        (code, now),
    ).fetchone()
    if row is None:
        raise UnknownCodeError(code)
    lessons, phase, notes, created, expires = row
    return SessionInfo(code, lessons.split(","), phase, notes, created, expires)


class SessionStore:
    """Sessions and answers in one database shared by every kernel of one server."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.postgres = _is_postgres(url)
        self.path = None if self.postgres else sqlite_path(url)
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connection() as db:
            if not self.postgres:
                db.execute("PRAGMA journal_mode=WAL")
            else:  # released when this connection closes
                db.execute("SELECT pg_advisory_lock(?)", (_SCHEMA_LOCK,))
            for statement in filter(str.strip, _SCHEMA.split(";")):
                db.execute(statement)
            row = db.execute("SELECT value FROM meta WHERE name = 'schema'").fetchone()
            if row is None:  # a new database (written only then: one may be read-only later)
                row = (str(SCHEMA_VERSION),)
                db.execute(
                    "INSERT INTO meta (name, value) VALUES ('schema', ?)"
                    " ON CONFLICT (name) DO NOTHING",
                    row,
                )
            version = int(row[0])
            while version < SCHEMA_VERSION:
                for statement in _STEPS[version]:
                    db.execute(statement)
                version += 1
                db.execute("UPDATE meta SET value = ? WHERE name = 'schema'", (str(version),))
        if int(row[0]) > SCHEMA_VERSION:
            raise ValueError(
                f"the group-session database was made by a newer metsedu (schema {row[0]}; "
                f"this one knows {SCHEMA_VERSION}): update metsedu, or use another "
                "--database-url or --data-dir"
            )

    @contextmanager
    def _connection(self) -> Iterator[_Db]:
        if self.postgres:
            try:
                import psycopg
            except ImportError as error:  # pragma: no cover - depends on the install
                raise ValueError(
                    "a postgresql:// database needs psycopg: pip install 'psycopg[binary]'"
                ) from error
            connection = psycopg.connect(self.url, autocommit=True, connect_timeout=30)
            try:
                yield _Db(connection, "%s")
            finally:
                connection.close()
            return
        connection = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        try:
            connection.execute("PRAGMA busy_timeout=30000")
            connection.execute("PRAGMA foreign_keys=ON")
            yield _Db(connection, "?")
        finally:
            connection.close()

    @contextmanager
    def _writing(self) -> Iterator[_Db]:
        with self._connection() as db:
            db.execute("BEGIN" if self.postgres else "BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    # --- sessions -------------------------------------------------------------------------

    def open_session(self, lessons: list[str], hours: float = 12, now: float | None = None) -> str:
        """Start a session for ``lessons``; returns its new join code."""
        if not lessons or not all(_ID.match(x) for x in lessons):
            raise ValueError(f"lesson ids must be short lower-case ids, not {lessons!r}")
        now = time.time() if now is None else now
        with self._writing() as db:
            while True:
                code = "".join(secrets.choice(ALPHABET) for _ in range(CODE_LENGTH))
                taken = db.execute("SELECT 1 FROM sessions WHERE code = ?", (code,)).fetchone()
                if not taken:
                    break
            db.execute(
                "INSERT INTO sessions (code, lessons, created_at, expires_at) VALUES (?, ?, ?, ?)",
                (code, ",".join(lessons), now, now + hours * 3600),
            )
        return code

    def session(self, code: str, now: float | None = None) -> SessionInfo:
        """A live session; :class:`UnknownCodeError` if the code is odd, unknown or expired."""
        code = normalise_code(code)
        now = time.time() if now is None else now
        with self._connection() as db:
            return _live(db, code, now)

    def lessons_of(self, code: str, now: float | None = None) -> list[str]:
        """The lessons of a live session; :class:`UnknownCodeError` if there is none."""
        return self.session(code, now).lessons

    def set_phase(self, code: str, phase: str) -> None:
        """Move the session to before, during or after teaching (answers are kept per stage)."""
        if phase not in PHASES:
            raise ValueError(f"phase must be one of {PHASES}")
        self.session(code)
        with self._writing() as db:
            db.execute(
                "UPDATE sessions SET phase = ? WHERE code = ?", (phase, normalise_code(code))
            )

    def set_notes(self, code: str, notes: str) -> None:
        """Keep the nurse's notes for the teaching record (plain text, shown escaped)."""
        self.session(code)
        text = str(notes)[:NOTES_MAX]
        with self._writing() as db:
            db.execute("UPDATE sessions SET notes = ? WHERE code = ?", (text, normalise_code(code)))

    def remove_expired(self, now: float | None = None) -> int:
        """Delete sessions past their time, and their answers; returns how many went."""
        now = time.time() if now is None else now
        with self._writing() as db:
            db.execute("DELETE FROM sign_ins WHERE ends_at <= ?", (now,))
            return db.execute("DELETE FROM sessions WHERE expires_at <= ?", (now,)).rowcount

    # --- nurses' sign-ins -----------------------------------------------------------------
    # Only a digest of each token is kept (see facilitator_access.py): whoever reads the
    # database cannot sign in with what it holds.

    def add_sign_in(self, digest: str, ends_at: float, now: float) -> None:
        """Remember a new sign-in until ``ends_at``; ended ones are forgotten meanwhile."""
        with self._writing() as db:
            db.execute("DELETE FROM sign_ins WHERE ends_at <= ?", (now,))
            db.execute("INSERT INTO sign_ins (digest, ends_at) VALUES (?, ?)", (digest, ends_at))

    def sign_in_live(self, digest: str, now: float) -> bool:
        """Whether the sign-in ``digest`` was added, has not ended and was not signed out."""
        with self._connection() as db:
            row = db.execute(
                "SELECT 1 FROM sign_ins WHERE digest = ? AND ends_at > ?", (digest, now)
            ).fetchone()
        return row is not None

    def end_sign_in(self, digest: str) -> None:
        """Sign out: the sign-in is forgotten by every server that shares this database."""
        with self._writing() as db:
            db.execute("DELETE FROM sign_ins WHERE digest = ?", (digest,))

    # --- answers --------------------------------------------------------------------------

    def record(
        self,
        code: str,
        participant: str,
        lesson: str,
        item: str,
        choice: str,
        correct: bool,
        phase: str | None = None,
        now: float | None = None,
        language: str = "en",
    ) -> None:
        """Keep one answer, in the session's current stage unless ``phase`` is given.

        The first answer of a participant to a question in a stage is the one kept: a later
        one (a rejoin, a reload, the same question on the page in another language) is
        ignored, so one browser counts once and its first try is what the before-and-after
        change compares. ``language`` is the page's (``en``, ``es``): the questions have the
        same ids in every language, so their counts merge, and :meth:`languages` says how
        many answered in each. No time is kept: counts need none. Everything arrives from a
        browser, so everything is checked.
        """
        code = normalise_code(code)
        if not _TOKEN.match(str(participant)):
            raise ValueError("participant token is not one this app makes")
        if not (_ID.match(str(lesson)) and _ID.match(str(item))):
            raise ValueError("lesson and item must be short lower-case ids")
        if phase is not None and phase not in PHASES:
            raise ValueError(f"phase must be one of {PHASES}")
        if not (isinstance(language, str) and LANGUAGE.fullmatch(language)):
            raise ValueError("language must be two lower-case letters, such as en or es")
        choice = str(choice)[:_CHOICE_MAX]
        now = time.time() if now is None else now
        # One connection for the check and the answer (each is a TCP connect on PostgreSQL),
        # and one transaction, so a session that expires in between takes no answer.
        with self._writing() as db:
            live = _live(db, code, now)
            if lesson not in live.lessons:
                raise UnknownCodeError(code)
            phase = phase or live.phase
            db.execute(
                "INSERT INTO answers"
                " (code, participant, lesson, item, phase, choice, correct, language)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                " ON CONFLICT (code, participant, lesson, item, phase) DO NOTHING",
                (code, participant, lesson, item, phase, choice, int(bool(correct)), language),
            )

    def counts(self, code: str) -> list[ItemCount]:
        """Per question and phase: how many answered, how many right, how the choices split."""
        code = normalise_code(code)
        with self._connection() as db:
            rows = db.execute(
                "SELECT lesson, item, phase, choice, COUNT(*), SUM(correct) FROM answers"
                " WHERE code = ? GROUP BY lesson, item, phase, choice"
                " ORDER BY lesson, item, phase, choice",
                (code,),
            ).fetchall()
        found: dict[tuple[str, str, str], ItemCount] = {}
        for lesson, item, phase, choice, number, right in rows:
            number, right = int(number), int(right or 0)
            key = (lesson, item, phase)
            old = found.get(key) or ItemCount(lesson, item, phase, 0, 0, {})
            found[key] = ItemCount(
                lesson,
                item,
                phase,
                old.answered + number,
                old.right + right,
                {**old.choices, choice: number},
            )
        return list(found.values())

    def participants(self, code: str) -> int:
        """How many different pages answered at least once (a count, never who)."""
        code = normalise_code(code)
        with self._connection() as db:
            row = db.execute(
                "SELECT COUNT(DISTINCT participant) FROM answers WHERE code = ?", (code,)
            ).fetchone()
        return int(row[0])

    def languages(self, code: str) -> dict[str, int]:
        """How many different pages answered in each language (counts, never who), most
        first. A learner who changed language part way counts once in each they answered in,
        so these may add up to more than :meth:`participants`."""
        code = normalise_code(code)
        with self._connection() as db:
            rows = db.execute(
                "SELECT language, COUNT(DISTINCT participant) FROM answers WHERE code = ?"
                " GROUP BY language ORDER BY COUNT(DISTINCT participant) DESC, language",
                (code,),
            ).fetchall()
        return {language: int(number) for language, number in rows}
