"""Who may open the facilitator pages: the key, sign-ins that end, and slowed key guessing.

Why sign-ins and not the key itself in a cookie: a cookie derived from the key would be the
same in every browser, valid for as long as the server runs, and could not be taken back. A
nurse who types the key gets a random token instead, which this process remembers until it
expires (``--facilitator-sign-in-hours``) or the nurse signs out; the cookie that carries it
is signed by tornado with the server's ``cookie_secret`` (new random bytes at every start,
Voilà's default), so it cannot be made up or altered, and a restart signs everyone out. Only
this process holds the tokens, so a copied cookie stops working at sign-out.

Why slow wrong keys: the key is short enough to read aloud, so a page that could try it
hundreds of times a second would find it. After :data:`WRONG_KEY_LIMIT` wrong keys in
:data:`WRONG_KEY_WINDOW` seconds a browser waits, and the server log says so for the nurse
(never the key that was typed).
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import time
from collections import OrderedDict, deque
from collections.abc import Callable

#: Wrong keys one browser may type in :data:`WRONG_KEY_WINDOW` seconds before it must wait.
WRONG_KEY_LIMIT = 5
WRONG_KEY_WINDOW = 60.0
#: Sign-ins and guessing browsers remembered at most (the oldest are forgotten first).
REMEMBERED = 1000

Clock = Callable[[], float]


def key_matches(typed: str, key: str) -> bool:
    """Whether ``typed`` is the key, in time that does not depend on how much of it is right."""
    return hmac.compare_digest(typed.encode(), key.encode())


class SignIns:
    """The tokens of the nurses signed in now, each with the moment it ends."""

    def __init__(self, hours: float, clock: Clock = time.monotonic) -> None:
        self.seconds = hours * 3600
        self.clock = clock
        self._ends: OrderedDict[str, float] = OrderedDict()

    def start(self) -> str:
        """A new sign-in: a random token no other sign-in has, remembered until it ends."""
        now = self.clock()
        for token in [t for t, end in self._ends.items() if end <= now]:
            del self._ends[token]
        while len(self._ends) >= REMEMBERED:
            self._ends.popitem(last=False)
        token = secrets.token_urlsafe(32)
        self._ends[token] = now + self.seconds
        return token

    def valid(self, token: str | None) -> bool:
        """Whether ``token`` was given by :meth:`start`, has not ended and was not signed out."""
        end = self._ends.get(token or "")
        if end is None:
            return False
        if end <= self.clock():
            del self._ends[token or ""]
            return False
        return True

    def end(self, token: str | None) -> None:
        """Sign out: the token is forgotten, so its cookie opens nothing any more."""
        self._ends.pop(token or "", None)


class WrongKeys:
    """Wrong keys per browser in the last minute; a browser over the limit waits."""

    def __init__(
        self,
        limit: int = WRONG_KEY_LIMIT,
        window: float = WRONG_KEY_WINDOW,
        clock: Clock = time.monotonic,
    ) -> None:
        self.limit = limit
        self.window = window
        self.clock = clock
        self._tries: OrderedDict[str, deque[float]] = OrderedDict()
        # Logs name a browser by a keyed hash of its address, never the address itself.
        self._salt = secrets.token_bytes(16)

    def _recent(self, client: str) -> deque[float]:
        tries = self._tries.get(client, deque())
        now = self.clock()
        while tries and tries[0] <= now - self.window:
            tries.popleft()
        return tries

    def wait(self, client: str) -> float:
        """Seconds ``client`` must wait before its next try is heard; 0 if it may try now."""
        tries = self._recent(client)
        if len(tries) < self.limit:
            return 0.0
        return max(0.0, tries[0] + self.window - self.clock())

    def wrong(self, client: str) -> int:
        """Count one wrong key from ``client``; returns its wrong keys in the window."""
        tries = self._recent(client)
        tries.append(self.clock())
        self._tries[client] = tries
        self._tries.move_to_end(client)
        while len(self._tries) > REMEMBERED:
            self._tries.popitem(last=False)
        return len(tries)

    def right(self, client: str) -> None:
        """The key was right: the browser's earlier mistakes are forgotten."""
        self._tries.pop(client, None)

    def label(self, client: str) -> str:
        """A short name for ``client`` in the log: the same browser reads the same, but the
        address cannot be read back from it."""
        return hmac.new(self._salt, client.encode(), hashlib.sha256).hexdigest()[:8]
