"""Another page on this computer cannot drive a nurse's forms; a closed tab still frees its
kernel. In a real Chromium, with a second real web server on another port of the same host.

The other page is the same *site* as the lesson server (same host, another port), so the
nurse's ``SameSite=Strict`` sign-in cookie goes along with whatever it submits: only the
anti-forgery token and tornado's cross-origin check stand in its way. It also writes its own
``_xsrf`` cookie for this host and sends the same value in its form (cookies do not keep to
a port), the trick that beats a token check on its own.
"""

from __future__ import annotations

import html
import re
import sqlite3
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from conftest import Visit
from playwright.sync_api import Browser, Page, expect

from metsedu.content import load_library
from metsedu.names import notebook_name
from metsedu.sessions import SessionStore
from tests.helpers import FACILITATOR_KEY, Server, free_port

pytestmark = pytest.mark.browser

LIBRARY = load_library()
WORDS = LIBRARY.ui.facilitator
BONES = LIBRARY.lessons["bones"]
#: A made-up token in tornado's format, which the other page writes as this host's cookie.
TOSSED = "2|00000000|00112233445566778899aabbccddeeff|1700000000"


class OtherSite:
    """A second web server on another port of 127.0.0.1 that serves one page: a form that
    posts itself to the lesson server as soon as it loads."""

    def __init__(self) -> None:
        self.page = ""
        site = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                body = site.page.encode()
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.port = free_port()
        self.server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()
        self.url = f"http://127.0.0.1:{self.port}/"

    def serve_form(self, action: str, fields: dict[str, str], toss_cookie: bool) -> None:
        inputs = "".join(
            f'<input name="{html.escape(k)}" value="{html.escape(v)}">' for k, v in fields.items()
        )
        toss = f'document.cookie = "_xsrf={TOSSED}; path=/";' if toss_cookie else ""
        self.page = (
            f'<!doctype html><html lang="en"><title>other</title><form method="post" '
            f'action="{html.escape(action)}">{inputs}</form>'
            f"<script>{toss}document.forms[0].submit();</script></html>"
        )

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def other_site() -> Iterator[OtherSite]:
    site = OtherSite()
    yield site
    site.close()


def sign_in_and_start(page: Page, server: Server) -> str:
    page.goto(f"{server.url}/metsedu/facilitator")
    page.get_by_label(WORDS.key_label).fill(FACILITATOR_KEY)
    page.keyboard.press("Enter")
    page.get_by_label(BONES.title).check()
    page.get_by_role("button", name=WORDS.start_button).click()
    code = page.locator(".code").inner_text().rsplit(" ", 1)[1]
    page.get_by_label(WORDS.notes_label).fill("the nurse's own notes")
    page.get_by_role("button", name=WORDS.notes_button).click()
    expect(page.get_by_text(WORDS.notes_saved)).to_be_visible()
    return code


@pytest.mark.parametrize("toss_cookie", [False, True], ids=["no-token", "tossed-cookie"])
def test_a_page_on_another_port_cannot_plant_notes_change_the_stage_or_start_sessions(
    visit: Visit, other_site: OtherSite, toss_cookie: bool
):
    server = visit.server
    page = visit.page
    code = sign_in_and_start(page, server)
    database = Path(server.log).parent / "data" / "metsedu.db"
    store = SessionStore(f"sqlite:///{database}")
    with sqlite3.connect(database) as db:
        sessions = db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    facilitator = f"{server.url}/metsedu/facilitator"
    forged = [
        (f"{facilitator}/sessions/{code}/notes", {"notes": "planted"}),
        (f"{facilitator}/sessions/{code}/phase", {"phase": "post"}),
        (f"{facilitator}/sessions", {"lessons": "bones"}),
    ]
    for action, fields in forged:
        if toss_cookie:
            fields = {**fields, "_xsrf": TOSSED}
        other_site.serve_form(action, fields, toss_cookie)
        with page.expect_response(lambda r: r.request.method == "POST") as answer:
            page.goto(other_site.url)
        assert answer.value.status == 403, action
        expect(page.get_by_role("alert")).to_have_text(WORDS.form_refused)
    session = store.session(code)
    assert session.notes == "the nurse's own notes" and session.phase == "teaching"
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0] == sessions


def test_a_closed_tab_frees_its_kernel_with_its_token(browser: Browser, site: Server):
    """Voilà's page posts the shutdown as the tab closes, with the ``_xsrf`` cookie's value;
    the server refuses any POST without it, so the page must have been given the cookie."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{site.url}/voila/render/{notebook_name(BONES)}")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    kernel = page.evaluate(
        "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
    )
    assert any(c["name"] == "_xsrf" for c in context.cookies())
    page.close(run_before_unload=True)
    shutdown = re.compile(rf"Kernel shutdown: {kernel}")
    deadline = time.monotonic() + 60
    while not shutdown.search(site.log.read_text()) and time.monotonic() < deadline:
        time.sleep(0.25)
    context.close()
    assert shutdown.search(site.log.read_text()), "the closed tab's kernel is still running"
