"""Join codes typed on lesson pages: which browser typed them, and slowed guessing.

A page joins a nurse's group session through its quiz, in the page's own kernel. Two things
only the server can know are added to that message on its way (see
:mod:`metsedu.server.kernel_channels`), and the browser's own values for them are dropped:

* **the seat**: one browser, while it stays open. It is a hash of the browser's anti-forgery
  cookie (``_xsrf``, which lasts only while the browser is open and says nothing about
  anyone), so rejoining, reloading or opening the lesson again in that browser counts its
  answers once per question per stage (:mod:`metsedu.sessions.member`). The kernel keeps
  only a hash of the seat with the session's code, so the database cannot link one browser
  across sessions.
* **slowed**: after :data:`JOIN_CODE_LIMIT` codes that name no live session within a
  minute, a browser's address waits (the quiz says so in plain words) before its next code
  is tried. Join codes are six characters from 31, so guessing at a few a minute finds
  nothing; at the 312 a second measured without this, a live code could be found. The log
  tells the nurse, naming neither the codes nor the address.
"""

from __future__ import annotations

import base64
import hashlib
import logging
import os
from typing import Any

from ..names import DATABASE_URL_ENV
from ..sessions.store import SessionStore, UnknownCodeError
from .facilitator_access import WrongKeys

#: Codes naming no live session that one address may type in a minute before it waits.
#: A learner mistypes once or twice; a class shares no address on a clinic's network.
JOIN_CODE_LIMIT = 10
JOIN_CODE_WINDOW = 60.0


class JoinGuard:
    """Vouches for a page's join: its seat, and whether its address must wait."""

    def __init__(self, store: SessionStore | None = None) -> None:
        self._store = store
        self.wrong_codes = WrongKeys(limit=JOIN_CODE_LIMIT, window=JOIN_CODE_WINDOW)

    @property
    def store(self) -> SessionStore | None:
        """The server's session store (``metsedu serve`` names it in the environment).

        Opened on first use; a database that cannot be opened now is tried again next time.
        """
        if self._store is None:
            url = os.environ.get(DATABASE_URL_ENV)
            try:
                self._store = SessionStore(url) if url else None
            except Exception:  # the database is failing: the kernels say so; no one is slowed
                return None
        return self._store

    def vouch(self, action: dict, handler: Any, log: logging.Logger) -> None:
        """Add ``seat`` and, for an address that guessed too often, ``slowed`` to ``action``."""
        seat = seat_of(handler.get_cookie("_xsrf") or "")
        if seat:
            action["seat"] = seat
        client = handler.request.remote_ip or ""
        if self.wrong_codes.wait(client):
            action["slowed"] = True
            return
        if self._names_a_session(str(action.get("code", ""))):
            return
        tries = self.wrong_codes.wrong(client)
        if tries == JOIN_CODE_LIMIT:
            log.warning(
                "metsedu: browser %s typed %d join codes that name no group session within a "
                "minute, so its next codes wait a minute. If no learner was mistyping, someone "
                "may be guessing codes (what was typed is not logged).",
                self.wrong_codes.label(client),
                tries,
            )

    def _names_a_session(self, code: str) -> bool:
        store = self.store
        if store is None:
            return False
        try:
            store.session(code)
        except UnknownCodeError:
            return False
        except Exception:  # the store is failing: the kernel logs it; no one is slowed for it
            return True
        return True


def seat_of(cookie: str) -> str:
    """An opaque name for the browser that holds ``cookie``; ``""`` without one."""
    if not cookie:
        return ""
    digest = hashlib.sha256(b"metsedu seat\0" + cookie.encode()).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode()
