"""The browser suite: the real lesson server, driven in the system Chromium by playwright.

Chromium comes from the system package (``make test`` installs it when it can),
never from playwright's own browser download, which a closed network refuses.
If no Chromium is found the suite fails with one clear line: it never skips.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page, Request, sync_playwright

from tests.browser import CHROMIUM_ARGS, find_chromium
from tests.conftest import REPO
from tests.helpers import Server, start_server

ARTIFACTS = REPO / "test-artifacts"


def chromium_path() -> str:
    path = find_chromium()
    if path is None:
        pytest.fail(
            "No Chromium found: install the system package 'chromium' "
            "(make test does so when run as root on Debian) or set METSEDU_CHROMIUM.",
            pytrace=False,
        )
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def site(tmp_path_factory) -> Iterator[Server]:
    """The real notebooks behind a real server, culling off so kernels stay put."""
    folder = tmp_path_factory.mktemp("browser-site") / "notebooks"
    shutil.copytree(REPO / "notebooks", folder)
    yield from start_server(folder, "--cull-idle-seconds", "0")


@dataclass
class Visit:
    """One learner's tab, with what it asked the network for and what it logged."""

    page: Page
    server: Server
    outside: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    #: Everything the server's Content-Security-Policy blocked (each is in ``errors`` too).
    violations: list[str] = field(default_factory=list)

    def open(self, notebook: str) -> Page:
        self.page.goto(f"{self.server.url}/voila/render/{notebook}")
        self.page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
        self.page.wait_for_load_state("networkidle")
        return self.page


#: Runs in every page before its own scripts: tells the test of each thing the page's
#: Content-Security-Policy blocked (the browser also logs most of them to the console).
CSP_WATCH = """
document.addEventListener('securitypolicyviolation', (event) => {
  window.metsedu_csp_violation(
    `${event.effectiveDirective} blocked ${event.blockedURI || 'inline'}`
    + ` in ${event.sourceFile || event.documentURI}:${event.lineNumber}`);
});
"""


def _is_csp_violation(text: str) -> bool:
    return "Content Security Policy" in text or "Content-Security-Policy" in text


def _watch(visit: Visit) -> None:
    def request(req: Request) -> None:
        if not req.url.startswith((visit.server.url, "data:", "blob:")):
            visit.outside.append(req.url)

    def console(message: ConsoleMessage) -> None:
        if message.type == "error":
            visit.errors.append(message.text)
            if _is_csp_violation(message.text):
                visit.violations.append(message.text)

    def violation(text: str) -> None:
        visit.violations.append("CSP violation: " + text)
        visit.errors.append("CSP violation: " + text)

    visit.page.expose_function("metsedu_csp_violation", violation)
    visit.page.add_init_script(CSP_WATCH)
    visit.page.on("request", request)
    visit.page.on("console", console)
    visit.page.on("pageerror", lambda error: visit.errors.append(str(error)))


@pytest.fixture
def visit(browser: Browser, site: Server, request) -> Iterator[Visit]:
    width, height = getattr(request, "param", (1280, 900))
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    page.set_default_timeout(20_000)
    visit = Visit(page, site)
    _watch(visit)
    yield visit
    context.close()
    # Every test with a learner's tab fails on a page that broke the server's policy, even
    # one that does not look at visit.errors: the policy would be breaking the page.
    if visit.violations:
        pytest.fail("the page broke its Content-Security-Policy:\n" + "\n".join(visit.violations))
