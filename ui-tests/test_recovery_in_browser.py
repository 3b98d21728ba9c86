"""A page never silently lacks its quiz (issue 15): it says so, and recovers on its own.

The page's kernel is shut down under it (as a cull or a server restart would leave it), or
a widget reports that its model could not load: the page shows the plain-words message from
ui.yaml, tells the server why (the log says so), and reloads into a fresh kernel at the
part the learner was reading, where the quiz works again.
"""

from __future__ import annotations

import re
import time

import pytest
from conftest import Visit
from learner import QUIZ, click, click_answer, headline, right_answer
from playwright.sync_api import Page, expect

from metsedu.content import load_library
from metsedu.names import notebook_name

pytestmark = pytest.mark.browser

LIBRARY = load_library()
UI = LIBRARY.ui
BONES = next(x for x in LIBRARY.ordered() if x.id == "bones")
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"


def quiz_ready(page: Page) -> None:
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    page.locator(QUIZ).scroll_into_view_if_needed()
    first = UI.quiz.progress.format(number=1, total=len(BONES.quiz))
    expect(page.locator(QUIZ).get_by_text(first)).to_be_visible(timeout=60_000)


def read_part(page: Page, index: int) -> str:
    """Scroll so that the learner is reading the ``index``-th part; its id."""
    return page.evaluate(
        """i => { const h = document.querySelectorAll('main .metsedu-part h2[id]')[i];
                  h.scrollIntoView({block: 'start'}); return h.id; }""",
        index,
    )


def recovers(visit: Visit, page: Page, before: str, part: str) -> None:
    """The message shows, the page reloads into a new kernel at ``part``, the quiz works."""
    expect(page.locator("#metsedu-recover")).to_have_text(UI.app.page_reloading, timeout=30_000)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if page.evaluate(
                f"document.getElementById('jupyter-config-data') && {KERNEL_ID}"
            ) not in (
                None,
                before,
            ):
                break
        except Exception:  # the page is between documents
            pass
        page.wait_for_timeout(250)
    else:
        raise AssertionError("the page never reloaded into a fresh kernel")
    assert page.url.endswith(f"{notebook_name(BONES)}#{part}")
    quiz_ready(page)
    expect(page.locator("#metsedu-recover")).to_be_hidden()
    item = BONES.quiz[0]
    click_answer(page, item, right_answer(item))
    click(page, UI.quiz.check)
    assert headline(page) == UI.quiz.right


def test_a_page_whose_kernel_was_shut_down_says_so_and_recovers(visit: Visit):
    page = visit.open(notebook_name(BONES))
    quiz_ready(page)
    before = page.evaluate(KERNEL_ID)
    part = read_part(page, 2)
    assert visit.server.post(f"/voila/api/shutdown/{before}") == 204
    page.locator(f"#{part}").click()  # the learner touches the page, and it looks at once
    recovers(visit, page, before, part)
    log = visit.server.log.read_text()
    assert re.search(
        rf"{notebook_name(BONES)} reloads into a fresh kernel: its kernel is gone .*{before}", log
    )


def test_a_widget_that_fails_to_load_says_so_and_recovers(visit: Visit):
    page = visit.open(notebook_name(BONES))
    quiz_ready(page)
    before = page.evaluate(KERNEL_ID)
    part = read_part(page, 1)
    page.evaluate(
        "console.error(new Error('widget model not found'))"
    )  # as the widget manager does
    recovers(visit, page, before, part)
    log = visit.server.log.read_text()
    assert re.search(rf"a widget failed to load \(widget model not found\); kernel {before}", log)
