"""The server's Content-Security-Policy, in a real Chromium: every page works under it.

The policy (metsedu/server/security_headers.py) lets a lesson page load and connect only to
its own server. Each exception in it was found here: take one out and a page below logs a
violation, or its quiz stops working. conftest.py fails any test whose page breaks the policy.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from conftest import Visit
from learner import QUIZ, click, click_answer, headline, right_answer
from playwright.sync_api import Browser, expect

from metsedu.content import load_library
from metsedu.names import START_NOTEBOOK, notebook_name
from metsedu.server.launch import _network_address
from metsedu.server.security_headers import FACILITATOR_POLICY, LESSON_POLICY, REFERRER_POLICY
from tests.helpers import FACILITATOR_KEY, Server, notebooks_folder, start_server

pytestmark = pytest.mark.browser

LIBRARY = load_library()
UI = LIBRARY.ui
LESSONS = {notebook_name(x): x for x in LIBRARY.ordered()}


@pytest.mark.parametrize("notebook", [START_NOTEBOOK, *LESSONS])
def test_every_page_works_under_its_policy(visit: Visit, notebook: str):
    response = visit.page.goto(f"{visit.server.url}/voila/render/{notebook}")
    assert response is not None
    assert response.headers["content-security-policy"] == LESSON_POLICY
    assert response.headers["referrer-policy"] == REFERRER_POLICY
    visit.page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    visit.page.wait_for_load_state("networkidle")
    page = visit.page
    expect(page.locator("h1").first).to_be_visible()
    lesson = LESSONS.get(notebook)
    if lesson is not None:  # the quiz: widgets drawn, the kernel's websocket answering
        page.locator(QUIZ).scroll_into_view_if_needed()
        item = lesson.quiz[0]
        click_answer(page, item, right_answer(item))
        click(page, UI.quiz.check)
        assert headline(page) == UI.quiz.right
    assert page.locator(".metsedu-failed").count() == 0
    assert visit.violations == []
    assert visit.outside == []
    assert visit.errors == []


def test_a_page_that_breaks_the_policy_is_caught(visit: Visit):
    """The watch in conftest.py works: a picture from outside is blocked, and reported."""
    page = visit.open(START_NOTEBOOK)
    page.evaluate(
        "document.body.insertAdjacentHTML('beforeend', '<img src=\"http://192.0.2.1/x.png\">')"
    )
    page.wait_for_timeout(500)
    assert any("192.0.2.1" in x for x in visit.violations)
    visit.violations.clear()  # shown caught; the fixture would fail the test otherwise


def test_the_facilitator_pages_work_under_their_policy(visit: Visit):
    page = visit.page
    response = page.goto(f"{visit.server.url}/metsedu/facilitator")
    assert response is not None
    assert response.headers["content-security-policy"] == FACILITATOR_POLICY
    assert response.headers["x-frame-options"] == "DENY"
    page.get_by_label(UI.facilitator.key_label).fill(FACILITATOR_KEY)
    page.keyboard.press("Enter")
    page.get_by_label(LIBRARY.lessons["bones"].title).check()
    page.get_by_role("button", name=UI.facilitator.start_button).click()
    code = page.locator(".code").inner_text().rsplit(" ", 1)[1]
    heading = UI.facilitator.session_heading.format(code=code)
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    page.wait_for_timeout(2_500)  # the page's script asks for the counts every second
    assert visit.violations == []
    assert visit.errors == []


def test_no_other_page_can_show_a_facilitator_page(browser: Browser, visit: Visit):
    """A page elsewhere cannot put the nurse's buttons in a frame under its own."""
    page = visit.page
    page.goto(f"{visit.server.url}/voila/render/{START_NOTEBOOK}")
    blocked = []
    page.on("console", lambda m: blocked.append(m.text) if "frame-ancestors" in m.text else None)
    page.evaluate(
        "url => { const f = document.createElement('iframe'); f.src = url;"
        " document.body.append(f); }",
        f"{visit.server.url}/metsedu/facilitator",
    )
    page.wait_for_timeout(1_000)
    assert len(page.frames) == 2  # the frame is there, but the key form never came into it
    assert not page.frames[1].url.endswith("/metsedu/facilitator")
    assert blocked  # Chromium says why: the facilitator page's frame-ancestors 'none'
    visit.violations.clear()
    visit.errors.clear()


@pytest.fixture(scope="module")
def shared_site(tmp_path_factory) -> Iterator[str]:
    """A server shared on the network, as for a class: its address on this computer's network."""
    address = _network_address()
    if address.startswith("127."):
        pytest.skip("this computer has no network address to serve on")
    folder = notebooks_folder(tmp_path_factory, "shared", START_NOTEBOOK)
    server: Server
    for server in start_server(folder, "--host", "0.0.0.0"):
        yield server.url.replace("127.0.0.1", address)


def test_a_nurse_signs_in_over_the_classroom_network(browser: Browser, shared_site: str):
    """On http://<network address> Chromium sends no Sec-Fetch-Site, and under
    ``Referrer-Policy: no-referrer`` it sent the key form with ``Origin: null``, which the
    server's cross-origin protection refused: the nurse on a tablet could not sign in."""
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{shared_site}/metsedu/facilitator")
    page.get_by_label(UI.facilitator.key_label).fill(FACILITATOR_KEY)
    page.keyboard.press("Enter")
    expect(page.get_by_label(LIBRARY.lessons["bones"].title)).to_be_visible()
    context.close()
