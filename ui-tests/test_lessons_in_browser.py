"""Every lesson, in a real Chromium, as a learner meets it: by mouse, by keyboard, and audited.

The server is the real ``metsedu serve`` (see conftest.py). A screenshot of every
page goes to test-artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

import pytest
from conftest import ARTIFACTS, Visit
from learner import (
    QUIZ,
    answer_all_by_keyboard,
    answer_all_by_mouse,
    sideways_overflow,
    tab_until,
    wcag_violations,
)
from playwright.sync_api import Page, expect

from metsedu.content import load_library
from metsedu.names import START_NOTEBOOK, notebook_name

pytestmark = pytest.mark.browser

LIBRARY = load_library()
UI = LIBRARY.ui
LESSONS = LIBRARY.ordered()
PAGES = [START_NOTEBOOK, *(notebook_name(lesson) for lesson in LESSONS)]


def by_lesson(test):
    return pytest.mark.parametrize("lesson", LESSONS, ids=[x.id for x in LESSONS])(test)


def open_quiz(visit: Visit, lesson) -> Page:
    page = visit.open(notebook_name(lesson))
    page.locator(QUIZ).scroll_into_view_if_needed()
    first = UI.quiz.progress.format(number=1, total=len(lesson.quiz))
    expect(page.locator(QUIZ).get_by_text(first)).to_be_visible()
    return page


def wait_for_question(page: Page, lesson, number: int) -> None:
    """The next question is drawn (a learner reads it before answering; so must the test)."""
    if number > len(lesson.quiz):
        return
    progress = UI.quiz.progress.format(number=number, total=len(lesson.quiz))
    expect(page.locator(f"{QUIZ} .metsedu-progress")).to_have_text(progress)


@pytest.mark.parametrize("notebook", PAGES)
def test_page_loads_with_no_errors_and_nothing_from_outside(visit: Visit, notebook: str):
    page = visit.open(notebook)
    expect(page.locator("h1").first).to_be_visible()
    assert page.locator(".metsedu-failed").count() == 0
    page.screenshot(path=ARTIFACTS / f"{notebook.removesuffix('.ipynb')}.png", full_page=True)
    assert visit.outside == []
    assert visit.errors == []


@by_lesson
def test_quiz_by_mouse(visit: Visit, lesson):
    """Every question right, the first one wrong first and then tried again; the summary."""
    answer_all_by_mouse(open_quiz(visit, lesson), lesson, UI)
    assert visit.errors == []


@by_lesson
def test_quiz_by_keyboard_alone(visit: Visit, lesson):
    """The same by keyboard alone; focus goes to the next useful step after every check."""
    page = open_quiz(visit, lesson)
    answer_all_by_keyboard(page, lesson, UI)
    # Not trapped: Tab leads on out of the quiz to the links between lessons.
    tab_until(page, ".metsedu-nav a")
    assert visit.errors == []


def test_body_map_by_click_and_by_keyboard(visit: Visit):
    page = visit.open(START_NOTEBOOK)
    body_map = page.locator(".metsedu-body-map")
    bones = next(x for x in LESSONS if x.site == "bone")
    body_map.get_by_role("button", name=UI.body_map.regions["bone"]).click()
    expect(body_map.get_by_text(bones.summary)).to_be_visible()
    link = body_map.get_by_role("link", name=UI.body_map.open_lesson.format(title=bones.title))
    expect(link).to_have_attribute("href", notebook_name(bones))

    brain = next(x for x in LESSONS if x.site == "brain")
    tab_until(page, ".metsedu-map-button.metsedu-site-brain")
    page.keyboard.press("Enter")
    expect(body_map.get_by_text(brain.summary)).to_be_visible()
    pressed = body_map.get_by_role("button", name=UI.body_map.regions["brain"])
    expect(pressed).to_have_attribute("aria-pressed", "true")


@by_lesson
def test_glossary_words_open_by_click_and_by_keyboard(visit: Visit, lesson):
    page = visit.open(notebook_name(lesson))
    words = page.locator("button[popovertarget]")
    if words.count() == 0:
        pytest.fail(f"{lesson.id}: no glossary word is marked in the text")
    first = words.first
    note = page.locator(f"#{first.get_attribute('popovertarget')}")
    first.click()
    expect(note).to_be_visible()
    page.keyboard.press("Escape")
    expect(note).to_be_hidden()
    page.evaluate("document.activeElement.blur()")
    tab_until(page, "button[popovertarget]")
    page.keyboard.press("Enter")
    opened = page.evaluate("document.activeElement.getAttribute('popovertarget')")
    expect(page.locator(f"#{opened}")).to_be_visible()


@pytest.mark.parametrize("notebook", PAGES)
def test_no_wcag_21_aa_violations(visit: Visit, notebook: str):
    page = visit.open(notebook)
    if page.locator(QUIZ).count():
        page.locator(QUIZ).scroll_into_view_if_needed()
        expect(page.locator(f"{QUIZ} .metsedu-progress")).to_be_visible()
    assert wcag_violations(page) == []


@pytest.mark.parametrize("visit", [(320, 800)], indirect=True, ids=["320px"])
@pytest.mark.parametrize("notebook", PAGES)
def test_reflows_at_320_css_pixels(visit: Visit, notebook: str):
    """320 CSS px wide is a 640 px window at 200% zoom: nothing may need sideways scrolling."""
    page = visit.open(notebook)
    overflow = sideways_overflow(page, "#rendered_cells *")
    assert overflow == {"scroll": 0, "cut": []}
    page.screenshot(path=ARTIFACTS / f"{notebook.removesuffix('.ipynb')}-320px.png")
