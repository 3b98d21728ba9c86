"""A learner's page in a nurse's group session: join by code, then count first answers.

The page's kernel sends the outcome of each question's first try to the shared store,
under a participant name that is a hash of the browser's seat (from the lesson server, see
``metsedu/server/join_guard.py``) with the session's code. So one browser counts once per
question per stage, however often it rejoins, reloads or opens the lesson again, and the
name links nothing across sessions. A page with no seat (no cookies) gets a random one: it
counts once for as long as it is open. Each answer also keeps the page's language (the
lesson's locale, ``es`` for ``02-bones.es.ipynb``), so the nurse sees how many answered in
each; the questions have the same ids in every language, so their counts merge. A store
that cannot be reached is logged and skipped: the learner's quiz goes on as if alone.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
import secrets
from functools import cache

from ..content import REFERENCE_LOCALE
from ..content.quiz_kinds import kind_of
from ..events import AnswerEvent
from ..names import DATABASE_URL_ENV
from .storage_problems import is_storage_error, storage_problem
from .store import LANGUAGE, SessionStore, UnknownCodeError

log = logging.getLogger("metsedu")


@cache
def _store(url: str) -> SessionStore:
    return SessionStore(url)


def participant(seat: str, code: str) -> str:
    """The name one browser's answers have in one session: neither can be read back from it."""
    digest = hashlib.sha256(f"{seat}\0{code}".encode()).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()


def language_of(locale: str) -> str:
    """The language a page's answers are kept under: its locale's primary code (``es``
    for ``es`` or ``es-MX``); English if the locale names none the store would take."""
    primary = str(locale).replace("_", "-").split("-")[0].lower()
    if LANGUAGE.fullmatch(primary):
        return primary
    log.warning("metsedu: a lesson locale %r is not a language code; answers count as en", locale)
    return REFERENCE_LOCALE


class GroupMember:
    """This page, joined to one live session for one of its lessons."""

    def __init__(
        self,
        store: SessionStore,
        code: str,
        lesson_id: str,
        seat: str | None = None,
        locale: str = REFERENCE_LOCALE,
    ) -> None:
        self.store = store
        self.code = code
        self.lesson_id = lesson_id
        self.token = participant(seat or secrets.token_urlsafe(18), code)
        self.language = language_of(locale)
        self._counted: set[tuple[str, str]] = set()

    @classmethod
    def join(
        cls, code: str, lesson_id: str, seat: str | None = None, locale: str = REFERENCE_LOCALE
    ) -> GroupMember:
        """Join the session ``code`` if it is live and teaches this lesson, else raise.

        ``locale`` is the lesson page's language; its answers are counted under it."""
        url = os.environ.get(DATABASE_URL_ENV)
        if not url:  # not started by `metsedu serve`: there are no group sessions here
            raise UnknownCodeError(code)
        store = _store(url)
        session = store.session(code)
        if lesson_id not in session.lessons:
            raise UnknownCodeError(code)
        return cls(store, session.code, lesson_id, seat, locale)

    def answered(self, event: AnswerEvent) -> None:
        """Count this page's first try at each question in each stage of the session.

        So before teaching and after it, the same questions are counted once each: a learner
        answers again after teaching (going back, or "Start again"), and that first new try
        is what the before-and-after change compares.
        """
        try:
            phase = self.store.session(self.code).phase
            if (event.item_id, phase) in self._counted:
                return
            choice = kind_of(event.item_type).tally_choice(event.status, event.answer)
            right = event.status == "right"
            self.store.record(
                self.code,
                self.token,
                event.lesson_id,
                event.item_id,
                choice,
                right,
                phase=phase,
                language=self.language,
            )
            self._counted.add((event.item_id, phase))
        except Exception as error:  # the count may miss one answer; the learner must not notice
            if is_storage_error(error):  # the folder or the disk: the log says which, and the fix
                log.warning(storage_problem(error, self.store.url))
            else:
                log.exception("a group session could not record an answer")
