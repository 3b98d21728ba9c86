"""Every lesson on a phone over clinic Wi-Fi (issue 15): the quiz becomes usable, answered by tap.

The phone is the one issue 15 measured with (tests/browser.py): a 390x844 touch screen,
the CPU 4x slower, 1.6 Mbit/s down and 150 ms round trips. The lessons share one phone, as
a learner going from lesson to lesson does: the first opens with an empty cache, the rest
with the assets already cached. Nothing is timed; the waits are generous (ui-tests/phone.py).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from phone import answer_first_question_by_tap, phone_context, wait_for_quiz
from playwright.sync_api import Browser, BrowserContext

from metsedu.content import load_library
from metsedu.names import notebook_name
from tests.browser import emulate_phone
from tests.helpers import Server

pytestmark = pytest.mark.browser

LIBRARY = load_library()
LESSONS = LIBRARY.ordered()
SPANISH = load_library("es")
#: Every English lesson, and one in Spanish (its words, its notebook, the same quiz).
PAGES = [(LIBRARY, x) for x in LESSONS] + [(SPANISH, SPANISH.lessons["bones"])]


@pytest.fixture(scope="module")
def phone(browser: Browser) -> Iterator[BrowserContext]:
    context = phone_context(browser)
    yield context
    context.close()


@pytest.mark.parametrize(
    ("library", "lesson"), PAGES, ids=[f"{lib.locale}-{x.id}" for lib, x in PAGES]
)
def test_quiz_is_usable_by_touch_on_a_slow_phone(
    phone: BrowserContext, site: Server, library, lesson
):
    page = phone.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    emulate_phone(page)
    try:
        page.goto(f"{site.url}/voila/render/{notebook_name(lesson)}")
        assert page.locator("html").get_attribute("lang") == library.locale
        wait_for_quiz(page, library.ui, lesson)
        answer_first_question_by_tap(page, library.ui, lesson)
        assert page.locator("#metsedu-recover").is_hidden()  # it never needed a fresh kernel
    finally:
        page.close()
    assert errors == []
