"""Every lesson, in a real Chromium, as a learner meets it: by mouse, by keyboard, and audited.

The server is the real ``metsedu serve`` (see conftest.py). A screenshot of every
page goes to test-artifacts/ (ignored by git) for a person to look at.
"""

from __future__ import annotations

from importlib import resources

import pytest
from conftest import ARTIFACTS, Visit
from learner import (
    QUIZ,
    click,
    click_answer,
    expected_summary,
    focused_text,
    headline,
    key_answer,
    key_press_button,
    right_answer,
    tab_until,
    wrong_answer,
)
from playwright.sync_api import Page, expect

from metsedu.content import load_library
from metsedu.names import START_NOTEBOOK, notebook_name

pytestmark = pytest.mark.browser

LIBRARY = load_library()
UI = LIBRARY.ui
LESSONS = LIBRARY.ordered()
PAGES = [START_NOTEBOOK, *(notebook_name(lesson) for lesson in LESSONS)]
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]


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
    page = open_quiz(visit, lesson)
    for number, item in enumerate(lesson.quiz, 1):
        if number == 1:  # wrong first, then try again
            click_answer(page, item, wrong_answer(item))
            click(page, UI.quiz.check)
            assert headline(page) in {UI.quiz.not_quite, UI.quiz.partly}
            expect(page.locator(f"{QUIZ} .metsedu-mark-not_quite").first).to_be_visible()
            click(page, UI.quiz.try_again)
        click_answer(page, item, right_answer(item))
        click(page, UI.quiz.check)
        assert headline(page) == UI.quiz.right
        click(page, UI.quiz.next if number < len(lesson.quiz) else UI.quiz.finish)
        wait_for_question(page, lesson, number + 1)
    summary = page.locator(QUIZ)
    expect(summary.get_by_role("heading", name=UI.quiz.summary_heading)).to_be_visible()
    expect(summary.get_by_text(expected_summary(UI, lesson, len(lesson.quiz) - 1))).to_be_visible()
    assert visit.errors == []


@by_lesson
def test_quiz_by_keyboard_alone(visit: Visit, lesson):
    page = open_quiz(visit, lesson)
    page.locator(f"{QUIZ} h2").first.evaluate("h => h.closest('section').scrollIntoView()")
    page.evaluate("document.activeElement.blur()")
    page.locator(f"{QUIZ} .metsedu-intro").click()  # a reading position just above the quiz
    for number, item in enumerate(lesson.quiz, 1):
        if number == 1:
            key_answer(page, item, wrong_answer(item))
            key_press_button(page, UI.quiz.check)
            assert headline(page) in {UI.quiz.not_quite, UI.quiz.partly}
            assert focused_text(page) == UI.quiz.try_again  # focus goes to the next useful step
            page.keyboard.press("Enter")
        key_answer(page, item, right_answer(item))
        key_press_button(page, UI.quiz.check)
        assert headline(page) == UI.quiz.right
        forward = UI.quiz.next if number < len(lesson.quiz) else UI.quiz.finish
        assert focused_text(page) == forward
        page.keyboard.press("Enter")
        wait_for_question(page, lesson, number + 1)
    expect(page.locator(QUIZ).get_by_role("heading", name=UI.quiz.summary_heading)).to_be_focused()
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


AXE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


@pytest.mark.parametrize("notebook", PAGES)
def test_no_wcag_21_aa_violations(visit: Visit, notebook: str):
    page = visit.open(notebook)
    if page.locator(QUIZ).count():
        page.locator(QUIZ).scroll_into_view_if_needed()
        expect(page.locator(f"{QUIZ} .metsedu-progress")).to_be_visible()
    page.add_script_tag(content=AXE)
    found = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
        WCAG_21_AA,
    )
    assert found == []


@pytest.mark.parametrize("visit", [(320, 800)], indirect=True, ids=["320px"])
@pytest.mark.parametrize("notebook", PAGES)
def test_reflows_at_320_css_pixels(visit: Visit, notebook: str):
    """320 CSS px wide is a 640 px window at 200% zoom: nothing may need sideways scrolling."""
    page = visit.open(notebook)
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const cut = [];
          for (const el of document.querySelectorAll('#rendered_cells *')) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 1) cut.push(el.tagName + '.' + el.className);
          }
          return {scroll: document.documentElement.scrollWidth - width, cut: cut.slice(0, 5)};
        }"""
    )
    assert overflow == {"scroll": 0, "cut": []}
    page.screenshot(path=ARTIFACTS / f"{notebook.removesuffix('.ipynb')}-320px.png")
