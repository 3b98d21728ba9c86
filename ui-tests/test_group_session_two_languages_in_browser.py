"""One group session in two languages, in a real Chromium (issue 17).

A nurse switches the facilitator pages to Spanish with the keyboard and starts a session;
the join address opens the lesson in Spanish. One learner answers there; the other opens the
same address and switches the lesson to English with the page's own language link, which
keeps the join code. The nurse's page counts both answers for the one question and says how
many answered in each language, in Spanish; so do the downloaded records. Nothing is mocked:
real server, real kernels, real database.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from conftest import Visit
from learner import QUIZ, click_answer, right_answer, tab_until, wrong_answer
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader
from test_group_session_in_browser import axe_violations

from metsedu.content import UiText, load_library
from tests.helpers import FACILITATOR_KEY, Server

pytestmark = pytest.mark.browser

LIBRARY = {locale: load_library(locale) for locale in ("en", "es")}
EN = LIBRARY["en"].ui
ES = LIBRARY["es"].ui
WORDS = ES.facilitator  # the nurse reads Spanish
BONES = LIBRARY["es"].lessons["bones"]
FIRST = BONES.quiz[0]  # the same id, options and answer in both languages
BY_LANGUAGE = WORDS.languages_line.format(
    languages=", ".join(
        WORDS.language_count.format(language=ui.language_name, count=1) for ui in (EN, ES)
    )
)


def open_lesson(browser: Browser, address: str) -> Page:
    """A learner's own browser (its own cookies, so its own seat) on ``address``."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(address)
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    page.locator(QUIZ).scroll_into_view_if_needed()
    return page


def answer_first(page: Page, ui: UiText, right: bool) -> None:
    click_answer(page, FIRST, right_answer(FIRST) if right else wrong_answer(FIRST))
    page.locator(QUIZ).get_by_role("button", name=ui.quiz.check, exact=True).click()
    expect(page.locator(f"{QUIZ} .metsedu-headline")).to_be_visible()


def test_a_spanish_and_an_english_learner_in_one_session(
    visit: Visit, browser: Browser, site: Server
):
    nurse = visit.page
    nurse.goto(f"{site.url}/metsedu/facilitator")
    expect(nurse.locator("html")).to_have_attribute("lang", "en")
    languages = nurse.get_by_role("navigation", name=EN.app.languages)
    expect(languages.get_by_role("link", name=ES.language_name)).to_have_attribute("hreflang", "es")
    # The language link by keyboard alone (focus visible at every stop on the way).
    tab_until(nurse, 'a[hreflang="es"]')
    nurse.keyboard.press("Enter")
    expect(nurse.locator("html")).to_have_attribute("lang", "es")
    assert axe_violations(nurse) == []
    nurse.get_by_label(WORDS.key_label).fill(FACILITATOR_KEY)
    nurse.keyboard.press("Enter")
    nurse.get_by_label(BONES.title).check()  # the lessons by their Spanish titles
    nurse.get_by_role("button", name=WORDS.start_button).click()
    code = nurse.locator(".code").inner_text().rsplit(" ", 1)[1]
    expect(
        nurse.get_by_role("heading", name=WORDS.session_heading.format(code=code))
    ).to_be_visible()
    expect(nurse.locator("html")).to_have_attribute("lang", "es")
    [address] = re.findall(r"http://[^\s<\"]+\?join=" + code, nurse.locator("main").inner_text())
    assert "/02-bones.es.ipynb?join=" in address  # the lesson in the nurse's language

    spanish = open_lesson(browser, address)
    expect(spanish.locator("html")).to_have_attribute("lang", "es")
    status = spanish.locator(".metsedu-group-status")
    expect(status).to_have_text(ES.group.joined.format(code=code))
    answer_first(spanish, ES, right=True)

    english = open_lesson(browser, address)
    english.get_by_role("link", name=EN.language_name, exact=True).click()
    english.wait_for_url(re.compile(r"/02-bones\.ipynb\?join=" + code))  # the code goes along
    english.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    english.locator(QUIZ).scroll_into_view_if_needed()
    expect(english.locator("html")).to_have_attribute("lang", "en")
    status = english.locator(".metsedu-group-status")
    expect(status).to_have_text(EN.group.joined.format(code=code))
    answer_first(english, EN, right=False)

    # One question, both answers; how many in each language; all in the nurse's Spanish.
    participants = WORDS.participants.format(count=2)
    expect(nurse.locator("#participants")).to_have_text(f"{participants} {BY_LANGUAGE}")
    card = nurse.locator(".item").first
    expect(card.locator("h3")).to_have_text(FIRST.prompt)
    expect(card.locator(".summary")).to_have_text(
        WORDS.answered.format(answered=2) + ". " + WORDS.right.format(right=1) + "."
    )
    assert axe_violations(nurse) == []

    with nurse.expect_download() as waiting:
        nurse.get_by_role("link", name=WORDS.record_csv).click()
    rows = list(csv.reader(io.StringIO(Path(waiting.value.path()).read_text("utf-8"))))
    column = WORDS.record_columns.language
    assert [r for r in rows if r[:1] == [column]] == [
        [column, EN.language_name, "1"],
        [column, ES.language_name, "1"],
    ]
    [first] = [r for r in rows if r[:2] == ["bones", FIRST.id]]
    assert first[2] == FIRST.prompt and first[5:7] == ["2", "1"]  # 2 answered, 1 right
    with nurse.expect_download() as waiting:
        nurse.get_by_role("link", name=WORDS.record_pdf).click()
    reader = PdfReader(waiting.value.path())
    text = re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))
    assert BY_LANGUAGE in text and WORDS.record_title in text  # accents and ñ printed

    assert visit.outside == [] and visit.errors == []
    for page in (spanish, english):
        page.context.close()
