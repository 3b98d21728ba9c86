"""The ordering item in a real Chromium: by mouse, by keyboard alone, its spoken words,
an axe audit, thumb-sized buttons, and no sideways scrolling on a phone or at 200% zoom.

The item is the brain lesson's seizure first aid. The page shows its steps in an order
that is never the right one; the learner moves them with "Move up" and "Move down".
"""

from __future__ import annotations

import pytest
from conftest import Visit
from learner import (
    AXE,
    QUIZ,
    WCAG_21_AA,
    click,
    click_answer,
    focused_text,
    headline,
    key_answer,
    key_press_button,
    right_answer,
    shown_order,
    tab_until,
    wrong_answer,
)
from playwright.sync_api import Page, expect
from test_lessons_in_browser import open_quiz, wait_for_question

from metsedu.content import load_library
from metsedu.content.model import Ordering

pytestmark = pytest.mark.browser

LIBRARY = load_library()
UI = LIBRARY.ui
WORDS = UI.quiz.ordering
WITH_ORDERING = [x for x in LIBRARY.ordered() if any(isinstance(i, Ordering) for i in x.quiz)]


def by_lesson(test):
    return pytest.mark.parametrize("lesson", WITH_ORDERING, ids=[x.id for x in WITH_ORDERING])(test)


def to_ordering(visit: Visit, lesson) -> tuple[Page, Ordering]:
    """Open the lesson's quiz and go (by its own Next button) to the ordering item."""
    page = open_quiz(visit, lesson)
    number, item = next((n, i) for n, i in enumerate(lesson.quiz, 1) if isinstance(i, Ordering))
    for here in range(1, number):
        click(page, UI.quiz.next)
        wait_for_question(page, lesson, here + 1)
    expect(page.locator(f"{QUIZ} .metsedu-question")).to_have_text(item.prompt)
    return page, item


def live_words(page: Page) -> str:
    return page.locator(f"{QUIZ} .metsedu-order-live").inner_text()


def marks(page: Page) -> list[str]:
    return page.locator(f"{QUIZ} .metsedu-step .metsedu-mark strong").all_inner_texts()


def axe_violations(page: Page) -> list[dict]:
    page.add_script_tag(content=AXE)
    return page.evaluate(
        "tags => axe.run(document.querySelector('.metsedu-quiz'),"
        " {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
        WCAG_21_AA,
    )


@by_lesson
def test_ordering_by_mouse(visit: Visit, lesson):
    page, item = to_ordering(visit, lesson)
    right = [step.id for step in item.steps]
    assert shown_order(page) != right  # the page never starts with the answer
    steps = page.get_by_role("list").filter(has=page.locator(".metsedu-step"))
    expect(steps.get_by_role("listitem")).to_have_count(len(item.steps))

    click_answer(page, item, wrong_answer(item))
    click(page, UI.quiz.check)
    assert headline(page) == UI.quiz.partly
    # Words say which steps are in place, beside an icon: never colour alone.
    assert marks(page) == [WORDS.not_in_place] * 2 + [WORDS.in_place] * (len(right) - 2)
    placed = WORDS.placed.format(right=len(right) - 2, total=len(right))
    expect(page.locator(QUIZ).get_by_text(placed)).to_be_visible()

    click(page, UI.quiz.try_again)
    assert shown_order(page) == wrong_answer(item).raw  # the learner's order is kept
    click_answer(page, item, right_answer(item))
    click(page, UI.quiz.check)
    assert headline(page) == UI.quiz.right
    assert marks(page) == [WORDS.in_place] * len(right)
    assert visit.errors == []


@by_lesson
def test_ordering_by_keyboard_alone_with_its_spoken_words(visit: Visit, lesson):
    page, item = to_ordering(visit, lesson)
    text = {step.id: step.text for step in item.steps}
    page.locator(f"{QUIZ} .metsedu-question").focus()

    # One move, by Enter on a focused "Move down": the live region says where it went.
    tab_until(page, f'{QUIZ} .metsedu-step:first-child [data-move="down"]')
    first = shown_order(page)[0]
    page.keyboard.press("Enter")
    assert shown_order(page)[1] == first
    assert page.evaluate("document.activeElement.closest('.metsedu-step').dataset.step") == first
    expect(page.locator(f"{QUIZ} .metsedu-order-live")).to_have_text(
        WORDS.moved.format(position=2, total=len(item.steps), step=text[first])
    )
    live = page.locator(f"{QUIZ} .metsedu-order-live")
    assert live.get_attribute("role") == "status" and live.get_attribute("aria-live") == "polite"
    # The top step's "Move up" says it cannot move, and stays in the Tab order.
    top_up = page.locator(f'{QUIZ} .metsedu-step:first-child [data-move="up"]')
    expect(top_up).to_have_attribute("aria-disabled", "true")
    # Each button is described by its step's place and words, for a screen reader.
    described = page.evaluate(
        "el => el.getAttribute('aria-describedby').split(' ')"
        ".map(id => document.getElementById(id).textContent).join(' ')",
        top_up.element_handle(),
    )
    assert text[shown_order(page)[0]] in described and WORDS.place.format(position=1) in described

    page.locator(f"{QUIZ} .metsedu-question").focus()
    key_answer(page, item, wrong_answer(item))
    key_press_button(page, UI.quiz.check)
    assert headline(page) == UI.quiz.partly
    assert focused_text(page) == UI.quiz.try_again
    page.keyboard.press("Enter")
    key_answer(page, item, right_answer(item))
    key_press_button(page, UI.quiz.check)
    assert headline(page) == UI.quiz.right
    assert focused_text(page) == UI.quiz.next
    assert visit.errors == []


@by_lesson
def test_ordering_has_no_wcag_21_aa_violations(visit: Visit, lesson):
    page, item = to_ordering(visit, lesson)
    page.locator(f'{QUIZ} .metsedu-step:first-child [data-move="down"]').click()
    assert axe_violations(page) == []
    click(page, UI.quiz.check)
    expect(page.locator(f"{QUIZ} .metsedu-headline")).to_be_visible()
    assert axe_violations(page) == []
    click(page, UI.quiz.show_answer)
    expect(page.locator(f"{QUIZ} .metsedu-headline strong")).to_have_text(UI.quiz.shown)
    assert shown_order(page) == [step.id for step in item.steps]
    assert axe_violations(page) == []


SIZES = [(390, 844), (320, 800)]


@pytest.mark.parametrize("visit", SIZES, indirect=True, ids=["390px phone", "200% zoom"])
@by_lesson
def test_ordering_fits_a_phone_and_200_percent_zoom(visit: Visit, lesson):
    page, _item = to_ordering(visit, lesson)
    sizes = page.locator(f"{QUIZ} .metsedu-move").evaluate_all(
        "buttons => buttons.map(b => [b.offsetWidth, b.offsetHeight])"
    )
    assert sizes and all(w >= 44 and h >= 44 for w, h in sizes), sizes
    overflow = page.evaluate(
        """() => {
          const width = document.documentElement.clientWidth;
          const cut = [...document.querySelectorAll('.metsedu-quiz *')]
            .filter(el => el.getBoundingClientRect().right > width + 1)
            .map(el => el.tagName + '.' + el.className);
          return {scroll: document.documentElement.scrollWidth - width, cut: cut.slice(0, 5)};
        }"""
    )
    assert overflow == {"scroll": 0, "cut": []}
