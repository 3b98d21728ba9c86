"""What every response tells the browser about where its page may load from and be shown.

Why: a group session's join code sits in the lesson's address, and a nurse's facilitator
pages hold the session's controls. So, on every response the server sends (a tornado output
transform sees them all, Voilà's own pages, assets and error pages included):

- ``Referrer-Policy: same-origin``: the browser never tells another site the address a
  learner came from, join code and all (see :data:`REFERRER_POLICY` for why not
  ``no-referrer``);
- a lesson page (the start page, the notebook list, ``voila/render/...``, an error page) may
  load scripts, styles, pictures and fonts, and connect (the kernel websocket included), only
  to this server: nothing from outside, even if a lesson's words or a package asked for it.
  :data:`LESSON_POLICY` says why each part is there; each was shown needed in Chromium with
  every lesson's page and quiz (``ui-tests/test_security_headers_in_browser.py``), and the
  browser suite fails on any page that breaks the policy;
- a facilitator page may not be shown inside another page at all (``frame-ancestors
  'none'`` and, for older browsers, ``X-Frame-Options: DENY``), so no page can overlay the
  nurse's buttons; otherwise its policy is the lesson pages'.

One place sets these headers: the transform replaces jupyter_server's default
``frame-ancestors 'self'`` (with a ``report-uri`` that Voilà does not serve) on Voilà's pages,
and the ``Referrer-Policy`` the facilitator pages set themselves.
"""

from __future__ import annotations

from tornado import httputil
from tornado.web import OutputTransform

from ..names import FACILITATOR

#: No address of this server's pages ever goes to another site. Not ``no-referrer``: with it,
#: a browser sends ``Origin: null`` with a form the page posts to its own server, and on a
#: classroom network (http://192.168..., where Chromium sends no ``Sec-Fetch-Site``) tornado's
#: cross-origin protection then refuses it: the facilitator key form answered "refused" to
#: a nurse on a tablet. ``same-origin`` sends the address only back to this server.
REFERRER_POLICY = "same-origin"


def _policy(*parts: str) -> str:
    return "; ".join(parts)


#: Lesson pages: Voilà's page, its bundle, ipywidgets and anywidget, all from this server.
#: Each exception to "this server only" was shown needed in Chromium: without it the page
#: logs a violation and a widget or the page's start-up fails. Not needed, so not here:
#: 'unsafe-eval' (no bundle evaluates strings), blob: pictures and data: fonts.
LESSON_POLICY = _policy(
    # Everything not named below comes from this server only: scripts and styles in files,
    # fonts, workers, and every connection, the kernel's websocket (ws:// to this same host
    # and port) included: Chromium counts that as 'self'.
    "default-src 'self'",
    # 'unsafe-inline': Voilà's page is started by inline scripts (its loader, the page's
    # start-up, the kernel heartbeat), which differ per page, so no hash can name them.
    # blob:: anywidget imports each widget's module (the quiz, the body map) from a blob:
    # address it makes in the page.
    "script-src 'self' 'unsafe-inline' blob:",
    # The page's own <style>, and the <style> elements and style attributes that Voilà's
    # bundle, ipywidgets and anywidget add as they draw.
    "style-src 'self' 'unsafe-inline'",
    # The page's empty icon is a data: address (so the browser asks no one for one).
    "img-src 'self' data:",
    # Only this server may show a lesson inside a frame.
    "frame-ancestors 'self'",
    # Neither of these falls back to default-src, so each is said here: no <base> may send
    # the page's relative addresses elsewhere, and a form posts only back here.
    "base-uri 'self'",
    "form-action 'self'",
    # No plugins at all (default-src alone would allow this server's).
    "object-src 'none'",
)

#: Facilitator pages: the lesson policy, and never in a frame, not even one of this server's.
#: (They need less: no inline script, no blob:. But the browser suite's accessibility audit
#: adds its script to the page inline, so that tightening waits on the audit being injected
#: as DevTools does, which a page's policy does not govern.)
FACILITATOR_POLICY = LESSON_POLICY.replace("frame-ancestors 'self'", "frame-ancestors 'none'")


def security_headers(server_url: str) -> type[OutputTransform]:
    """The output transform for a server whose routes start at ``server_url``."""
    facilitator = server_url.rstrip("/") + "/" + FACILITATOR

    class SecurityHeaders(OutputTransform):
        def __init__(self, request: httputil.HTTPServerRequest) -> None:
            path = request.path
            self.facilitator = path == facilitator or path.startswith(facilitator + "/")

        def transform_first_chunk(
            self,
            status_code: int,
            headers: httputil.HTTPHeaders,
            chunk: bytes,
            finishing: bool,
        ) -> tuple[int, httputil.HTTPHeaders, bytes]:
            headers["Referrer-Policy"] = REFERRER_POLICY
            if self.facilitator:
                headers["Content-Security-Policy"] = FACILITATOR_POLICY
                headers["X-Frame-Options"] = "DENY"
            else:
                headers["Content-Security-Policy"] = LESSON_POLICY
            return status_code, headers, chunk

    return SecurityHeaders
