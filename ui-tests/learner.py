"""What a learner does on a lesson page, by mouse or by keyboard alone.

The answers come from the lesson content (the test knows the key; the page does
not). Keyboard moves are the ones a learner would use: Tab between controls,
arrow keys inside a radio group, Space to tick, Enter on a button.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.sync_api import Page

from metsedu.content.model import CHOICE_TYPES, Lesson, QuizItem, TrueFalse, UiText, Urgency

QUIZ = ".metsedu-quiz"


@dataclass(frozen=True)
class Answer:
    """The option ids to tick (choice items) or the urgency for each card (triage)."""

    options: tuple[str, ...] = ()
    cards: tuple[tuple[str, str], ...] = ()


def right_answer(item: QuizItem) -> Answer:
    if isinstance(item, CHOICE_TYPES):
        return Answer(options=tuple(o.id for o in item.options if o.correct))
    if isinstance(item, TrueFalse):
        return Answer(options=("true" if item.answer else "false",))
    return Answer(cards=tuple((c.id, c.urgency.value) for c in item.cards))


def wrong_answer(item: QuizItem) -> Answer:
    if isinstance(item, CHOICE_TYPES):
        return Answer(options=(next(o.id for o in item.options if not o.correct),))
    if isinstance(item, TrueFalse):
        return Answer(options=("false" if item.answer else "true",))
    first = item.cards[0]
    other = next(u.value for u in Urgency if u is not first.urgency)
    return Answer(cards=tuple((c.id, other if c is first else c.urgency.value) for c in item.cards))


def headline(page: Page) -> str:
    """The result words after a check (the icon beside them is hidden from screen readers)."""
    return page.locator(f"{QUIZ} .metsedu-headline strong").inner_text()


# --- by mouse ---------------------------------------------------------------------------


def click_answer(page: Page, item: QuizItem, answer: Answer) -> None:
    quiz = page.locator(QUIZ)
    if answer.cards:
        for index, (_card, urgency) in enumerate(answer.cards):
            quiz.locator("fieldset.metsedu-card").nth(index).locator(
                f'input[value="{urgency}"]'
            ).check()
        return
    for option in answer.options:
        quiz.locator(f'input[value="{option}"]').check()


def click(page: Page, name: str) -> None:
    page.locator(QUIZ).get_by_role("button", name=name, exact=True).click()


# --- by keyboard --------------------------------------------------------------------------

FOCUS_VISIBLE = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return true;
  const style = getComputedStyle(el);
  return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
      || style.boxShadow !== 'none';
}"""


def tab_until(page: Page, selector: str, limit: int = 400, backwards: bool = False) -> None:
    """Press Tab until focus is on ``selector``, checking focus is visible at every stop."""
    for _ in range(limit):
        page.keyboard.press("Shift+Tab" if backwards else "Tab")
        assert page.evaluate(FOCUS_VISIBLE), page.evaluate(
            "document.activeElement.outerHTML.slice(0, 200)"
        )
        if page.evaluate(f"!!document.activeElement.matches({selector!r})"):
            return
    raise AssertionError(f"Tab never reached {selector}")


def focused_text(page: Page) -> str:
    return page.evaluate("document.activeElement.textContent.trim()")


def _pick_in_radio_group(page: Page, value: str) -> None:
    """Focus is in a radio group: move with the arrow keys to ``value`` and select it."""
    values = page.evaluate(
        "[...document.querySelectorAll(`input[name='${document.activeElement.name}']`)]"
        ".map(i => i.value)"
    )
    here = values.index(page.evaluate("document.activeElement.value"))
    target = values.index(value)
    key = "ArrowDown" if target > here else "ArrowUp"
    for _ in range(abs(target - here)):
        page.keyboard.press(key)
    if not page.evaluate("document.activeElement.checked"):
        page.keyboard.press("Space")
    assert page.evaluate("document.activeElement.value") == value


def key_answer(page: Page, item: QuizItem, answer: Answer) -> None:
    """From the question heading, Tab into the answers and choose ``answer``."""
    tab_until(page, f"{QUIZ} input")
    if answer.cards:
        for index, (_card, urgency) in enumerate(answer.cards):
            if index:
                tab_until(page, f"{QUIZ} fieldset.metsedu-card:nth-of-type({index + 1}) input")
            _pick_in_radio_group(page, urgency)
    elif item.type == "multiple_select":
        count = page.locator(f"{QUIZ} input").count()
        for index in range(count):
            if index:
                page.keyboard.press("Tab")
            value = page.evaluate("document.activeElement.value")
            if (value in answer.options) != page.evaluate("document.activeElement.checked"):
                page.keyboard.press("Space")
    else:
        _pick_in_radio_group(page, answer.options[0])


def key_press_button(page: Page, name: str) -> None:
    """Tab to the quiz button called ``name`` (unless focus is already there), press Enter."""
    if focused_text(page) != name:
        tab_until(page, f"{QUIZ} button")
        while focused_text(page) != name:
            page.keyboard.press("Tab")
            assert page.evaluate(f"!!document.activeElement.closest({QUIZ!r})"), name
    page.keyboard.press("Enter")


def expected_summary(ui: UiText, lesson: Lesson, right_first_time: int) -> str:
    return ui.quiz.summary_score.format(right=right_first_time, total=len(lesson.quiz))
