"""Every POST needs the page's anti-forgery token and must come from the server's own pages.

A signed-in nurse's browser sends the sign-in cookie with any form a page on another port of
the same computer submits (same site); these are the requests such a page could make. The
browser suite drives a real one (``ui-tests/test_forgery_in_browser.py``).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from metsedu.content import load_library
from metsedu.sessions import SessionStore
from tests.helpers import Nurse, Server, kernel_id, xsrf_cookie

WORDS = load_library().ui.facilitator


def store_of(server: Server) -> SessionStore:
    return SessionStore(f"sqlite:///{Path(server.log).parent / 'data'}/metsedu.db")


def sessions_in(server: Server) -> int:
    with sqlite3.connect(Path(server.log).parent / "data" / "metsedu.db") as db:
        return db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]


@pytest.fixture
def signed_in(lesson_server) -> tuple[Nurse, str]:
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones")
    assert nurse.call(f"/metsedu/facilitator/sessions/{code}/notes", {"notes": "mine"})[0] == 302
    return nurse, code


@pytest.mark.parametrize(
    "token", [None, "2|00000000|0123456789abcdef0123456789abcdef|1700000000"], ids=["none", "other"]
)
def test_a_form_without_the_pages_token_changes_nothing(lesson_server, signed_in, token):
    nurse, code = signed_in
    before = sessions_in(lesson_server)
    session = f"/metsedu/facilitator/sessions/{code}"
    forged = [
        (session + "/notes", {"notes": "planted"}),
        (session + "/phase", {"phase": "post"}),
        ("/metsedu/facilitator/sessions", {"lessons": "bones"}),
        ("/metsedu/facilitator/sign-out", {}),
    ]
    for path, form in forged:
        fields = {**form, "_xsrf": token} if token else form
        status, _, body = nurse.call(path, fields, token=False)
        assert status == 403 and WORDS.form_refused in body, path
        assert "Internal Server Error" not in body and "XSRF" not in body
    session_now = store_of(lesson_server).session(code)
    assert session_now.notes == "mine" and session_now.phase == "teaching"
    assert sessions_in(lesson_server) == before
    _, _, body = nurse.call("/metsedu/facilitator")
    assert WORDS.start_button in body  # still signed in


def test_a_form_the_browser_says_came_from_another_origin_is_refused(lesson_server, signed_in):
    """Even with a token that matches the cookie: a page on a sibling port can write this
    host's cookies, so tornado's cross-origin check (Origin, Sec-Fetch-Site) stops it."""
    nurse, code = signed_in
    here = lesson_server.url.rsplit(":", 1)[0]
    sibling = {"Origin": f"{here}:1", "Sec-Fetch-Site": "same-site"}
    path = f"/metsedu/facilitator/sessions/{code}/notes"
    form = {"notes": "planted", "_xsrf": xsrf_cookie(nurse.cookies)}
    status, _, _ = nurse.call(path, form, token=False, headers=sibling)
    assert status == 403
    assert store_of(lesson_server).session(code).notes == "mine"
    own = {"Origin": lesson_server.url, "Sec-Fetch-Site": "same-origin"}
    status, _, _ = nurse.call(path, {"notes": "mine too"}, headers=own)
    assert status == 302 and store_of(lesson_server).session(code).notes == "mine too"


def test_a_lesson_page_gives_its_tab_the_token_its_close_sends(lesson_server):
    tab = Server(lesson_server.url, lesson_server.process, lesson_server.log, [])  # new cookies
    page = tab.get("/voila/render/01-overview.ipynb").body
    assert xsrf_cookie(tab.cookies)
    kernel = kernel_id(page)
    assert tab.post(f"/voila/api/shutdown/{kernel}", token=False) == 403
    assert tab.post(f"/voila/api/shutdown/{kernel}") == 204


def test_a_page_problem_report_needs_the_token(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.call("/metsedu/facilitator")  # any of the server's pages gives the cookie
    report = json.dumps({"page": "00-start.ipynb", "reason": "kernel-gone"}).encode()
    status, _, _ = nurse.call("/metsedu/page-problem", report, token=False)
    assert status == 403
    token = {"X-XSRFToken": xsrf_cookie(nurse.cookies)}
    status, _, _ = nurse.call("/metsedu/page-problem", report, token=False, headers=token)
    assert status == 204
