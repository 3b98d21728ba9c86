"""Who may open the facilitator pages: the key, sign-ins that end, and slowed key guessing.

Why sign-ins and not the key itself in a cookie: a cookie derived from the key would be the
same in every browser, valid for as long as the server runs, and could not be taken back. A
nurse who types the key gets a random token instead, remembered until it expires
(``--facilitator-sign-in-hours``) or the nurse signs out; the cookie that carries it is signed
by tornado with the server's ``cookie_secret``, so it cannot be made up or altered.

Where the sign-ins are remembered: in the group-session database (:class:`SignIns`), as a
SHA-256 digest of each token only, so that every server sharing the database
(replicas behind a load balancer, see deploy/) knows a nurse signed in on any of them, and a
sign-out on one is a sign-out on all. Whoever reads the database gets digests, never a token
a cookie could carry. The replicas must also sign cookies alike: ``--cookie-secret-file``
gives them one secret (without it each start makes new random bytes, Voila's default, and a
restart signs everyone out).

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
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..sessions import SessionStore

#: Wrong keys one browser may type in :data:`WRONG_KEY_WINDOW` seconds before it must wait.
WRONG_KEY_LIMIT = 5
WRONG_KEY_WINDOW = 60.0
#: Guessing browsers remembered at most (the oldest are forgotten first).
REMEMBERED = 1000

Clock = Callable[[], float]


#: Where a server may find the facilitator key when no option names it (systemd's
#: ``EnvironmentFile=`` sets it without the key showing in the process list).
KEY_ENV = "METSEDU_FACILITATOR_KEY"
#: The fewest bytes a cookie secret file may hold (tornado signs with HMAC-SHA256).
SECRET_BYTES = 32


def facilitator_key(option: str, file: str, environ: dict[str, str]) -> tuple[str, str]:
    """The facilitator key and where it came from: ``--facilitator-key`` (which ``ps`` shows
    to everyone on the computer: fine on a nurse's laptop), else ``--facilitator-key-file``,
    else the environment; ``("", "")`` when none is given (the server then makes one)."""
    if option:
        return option, ""
    if file:
        try:
            key = Path(file).read_text(encoding="utf-8").strip()
        except (OSError, UnicodeDecodeError) as error:
            raise ValueError(f"--facilitator-key-file {file}: cannot be read ({error})") from None
        if not key:
            raise ValueError(f"--facilitator-key-file {file}: the file is empty")
        return key, file
    key = environ.get(KEY_ENV, "").strip()
    return (key, KEY_ENV) if key else ("", "")


def cookie_secret(file: str) -> bytes:
    """The bytes every replica signs its cookies with, from ``--cookie-secret-file``."""
    try:
        secret = Path(file).read_bytes().strip()
    except OSError as error:
        raise ValueError(f"--cookie-secret-file {file}: cannot be read ({error})") from None
    if len(secret) < SECRET_BYTES:
        raise ValueError(
            f"--cookie-secret-file {file}: holds {len(secret)} bytes; make one of at least "
            f"{SECRET_BYTES} random bytes (openssl rand -hex 32 > {file})"
        )
    return secret


def key_matches(typed: str, key: str) -> bool:
    """Whether ``typed`` is the key, in time that does not depend on how much of it is right."""
    return hmac.compare_digest(typed.encode(), key.encode())


def token_digest(token: str) -> str:
    """What the database keeps of a sign-in token: its SHA-256 (the token is 256 random
    bits, so the digest cannot be walked back to it)."""
    return hashlib.sha256(token.encode()).hexdigest()


class SignIns:
    """The nurses signed in now: each a random token, kept in the session database as a
    digest with the moment it ends, for every server that shares the database.

    ``clock`` is wall-clock time (the database's ends are compared across processes).
    """

    def __init__(self, hours: float, store: SessionStore, clock: Clock = time.time) -> None:
        self.seconds = hours * 3600
        self.store = store
        self.clock = clock

    def start(self) -> str:
        """A new sign-in: a random token no other sign-in has, remembered until it ends."""
        now = self.clock()
        token = secrets.token_urlsafe(32)
        self.store.add_sign_in(token_digest(token), now + self.seconds, now)
        return token

    def valid(self, token: str | None) -> bool:
        """Whether ``token`` was given by :meth:`start`, has not ended and was not signed out."""
        return bool(token) and self.store.sign_in_live(token_digest(token or ""), self.clock())

    def end(self, token: str | None) -> None:
        """Sign out: the token is forgotten, so its cookie opens nothing any more."""
        if token:
            self.store.end_sign_in(token_digest(token))


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
