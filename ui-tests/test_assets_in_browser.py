"""A lesson page's assets on the wire (issue 15): compressed, cached for a year, only those needed.

Every script and stylesheet the page loads is compressed (gzip, or brotli once the server has
made its copy: Chromium takes both); each one's address names
its version, so it is cached for a year as immutable, and a second visit fetches none of
them; the lesson page itself is never cached. Headers are read as the server sent them.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Response, expect

from metsedu.server.assets import IMMUTABLE
from tests.browser import NetworkLog
from tests.helpers import Server

pytestmark = pytest.mark.browser

LESSON = "/voila/render/02-bones.ipynb"
TEXT = ("text/", "application/javascript", "application/json", "image/svg+xml")
#: Extensions a lesson page never needs: code highlighting, the JupyterLab preview.
UNNEEDED = ("jupyterlab_pygments", "jupyterlab-preview", "jupyterlab_preview")


def open_lesson(browser_page, server: Server) -> list[Response]:
    responses: list[Response] = []
    browser_page.on("response", lambda reply: responses.append(reply))
    browser_page.goto(server.url + LESSON)
    quiz = browser_page.locator(".metsedu-quiz .metsedu-progress")
    quiz.wait_for(state="attached", timeout=60_000)
    expect(quiz).to_have_count(1)
    browser_page.wait_for_load_state("networkidle")
    return responses


def test_assets_are_compressed_cached_for_a_year_and_the_page_never(browser: Browser, site: Server):
    context = browser.new_context()
    page = context.new_page()
    try:
        responses = open_lesson(page, site)
        lesson = next(r for r in responses if r.url == site.url + LESSON)
        assert "no-store" in lesson.all_headers()["cache-control"]
        assert lesson.all_headers().get("content-encoding") == "gzip"
        assets = [
            r
            for r in responses
            if r.url.startswith(site.url) and r.request.resource_type in ("script", "stylesheet")
        ]
        assert len(assets) > 50  # Voilà's bundle, the widget extensions, the template's files
        for reply in assets:
            headers = reply.all_headers()
            assert reply.status == 200, reply.url
            if headers.get("content-type", "").startswith(TEXT):
                assert headers.get("content-encoding") in ("gzip", "br"), reply.url
            assert headers.get("cache-control") == IMMUTABLE, reply.url
            assert not any(name in reply.url for name in UNNEEDED), reply.url

        # A second visit: the page again, and its kernel; no script or stylesheet.
        network = NetworkLog(context.new_cdp_session(page))
        open_lesson(page, site)
        assert any(LESSON in u for u in network.over_the_network())  # never from the cache
        fetched = [u for u in network.over_the_network() if LESSON not in u]
        assert [u for u in fetched if u.endswith((".js", ".css")) or "?v=" in u] == []
    finally:
        context.close()


@pytest.mark.parametrize(
    "notebook", ["00-start.ipynb", "02-bones.ipynb", "05-brain.ipynb", "02-bones.es.ipynb"]
)
def test_the_page_names_every_script_it_loads_and_each_comes_once(
    browser: Browser, site: Server, notebook: str
):
    """The page's head preloads exactly the scripts the page goes on to run (page_scripts.py):
    none missing (it would come a wave late), none unused (wasted bytes on a phone), and
    none fetched twice (a preload the page's own request did not match)."""
    context = browser.new_context()
    page = context.new_page()
    requested: list[str] = []
    warnings: list[str] = []
    page.on(
        "request",
        lambda request: (
            requested.append(request.url) if request.resource_type == "script" else None
        ),
    )
    page.on("console", lambda message: warnings.append(message.text))
    try:
        page.goto(f"{site.url}/voila/render/{notebook}")
        page.locator(".metsedu-quiz, .metsedu-body-map").first.wait_for(timeout=60_000)
        page.wait_for_load_state("networkidle")
        page.wait_for_timeout(4_000)  # Chromium names an unused preload 3 s after load
        preloaded = page.eval_on_selector_all(
            "link[rel=preload][as=script]", "links => links.map(link => link.href)"
        )
    finally:
        context.close()
    rerecord = "run tools/record_page_scripts.py and commit metsedu/server/page_scripts.json"
    scripts = [u for u in requested if "/voila/static/v-" in u or "/voila/labextensions/" in u]
    late = sorted({u for u in scripts if u not in preloaded and not u.endswith("/voila.js")})
    assert late == [], f"scripts the page loads but does not preload: {rerecord}"
    unused = [w for w in warnings if "preloaded" in w and "not used" in w]
    assert unused == [], f"preloaded scripts the page never ran: {rerecord}"
    twice = sorted({u for u in scripts if scripts.count(u) > 1})
    assert twice == []
    assert len(preloaded) > 50
