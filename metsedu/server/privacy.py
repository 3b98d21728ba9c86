"""What the lesson server keeps about its visitors: no identifier cookie, and a log without
addresses, join codes or anything a learner typed.

* jupyter_server gives every browser an identity cookie (``username-<host>-<port>``, signed,
  for 30 days) so its collaborative tools can tell users apart. A lesson page has no users:
  :class:`NoIdentityCookie` makes the same anonymous visitor for each request and stores
  nothing in the browser. (The ``_xsrf`` anti-forgery cookie stays, for the browser's
  session only; see ``anti_forgery.py``.)
* tornado logs each failed request with the visitor's address and the full address of the
  page, query string and join code included. :func:`log_request` logs the method, the path
  with any session code replaced, the status and the time: enough to see what fails.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from jupyter_server.auth.identity import PasswordIdentityProvider

access_log = logging.getLogger("tornado.access")

#: A group session's code in a facilitator page's path.
_SESSION_IN_PATH = re.compile(r"(/sessions/)[^/?]+")


class NoIdentityCookie(PasswordIdentityProvider):
    """Voilà's identity provider, minus the cookie that names a browser for 30 days."""

    def set_login_cookie(self, handler: Any, user: Any) -> None:
        """Nothing: a lesson page needs no identity, and none is kept in the browser."""


def log_request(handler: Any) -> None:
    """Tornado's request log, without the visitor's address, query string or session code.

    Requests that went well are not logged (as before): a class of 30 would fill the log.
    """
    status = handler.get_status()
    if status < 400:
        return
    request = handler.request
    log = access_log.warning if status < 500 else access_log.error
    log(
        "%d %s %s %.0f ms",
        status,
        request.method,
        safe_path(request.path),
        1000 * request.request_time(),
    )


def safe_path(path: str) -> str:
    """``path`` with any group session's code replaced, so the log holds no join code."""
    return _SESSION_IN_PATH.sub(r"\1<code>", path)


#: tornado's request summary ("GET /path?query (address)") inside its other log lines.
_QUERY = re.compile(r"(\s/[^\s?]*)\?[^\s]*")
_ADDRESS = re.compile(r"\((?:\d{1,3}(?:\.\d{1,3}){3}|[0-9A-Fa-f:]*:[0-9A-Fa-f:.]*)\)")


def without_visitors(text: str) -> str:
    """``text`` with request addresses, query strings and session codes taken out."""
    text = _ADDRESS.sub("(a visitor)", _QUERY.sub(r"\1", text))
    return _SESSION_IN_PATH.sub(r"\1<code>", text)


class _WithoutVisitors(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = without_visitors(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


#: The loggers tornado and jupyter_server write request summaries to.
REQUEST_LOGGERS = ("tornado.access", "tornado.general", "tornado.application", "LessonServer")


def keep_visitors_out_of_the_log() -> None:
    """Filter every logger that may name a request: no address, query string or code."""
    for name in REQUEST_LOGGERS:
        logger = logging.getLogger(name)
        if not any(isinstance(f, _WithoutVisitors) for f in logger.filters):
            logger.addFilter(_WithoutVisitors())
