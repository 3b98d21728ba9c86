"""What a learner does on a lesson page, by mouse or by keyboard alone.

The answers come from the lesson content (the test knows the key; the page does
not). Keyboard moves are the ones a learner would use: Tab between controls,
arrow keys inside a radio group, Space to tick, Enter on a button.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import resources
from typing import Any

from playwright.sync_api import Page, expect

from metsedu.content.model import Lesson, QuizItem, UiText
from metsedu.content.quiz_kinds import kind_of

QUIZ = ".metsedu-quiz"


@dataclass(frozen=True)
class Answer:
    """What the browser sends for an item (its kind's raw answer), to act out on the page."""

    type: str
    raw: Any

    @property
    def cards(self) -> tuple[tuple[str, str], ...]:
        """Triage: (card id, urgency) for each card."""
        return tuple(self.raw.items()) if isinstance(self.raw, dict) else ()

    @property
    def order(self) -> tuple[str, ...]:
        """Ordering: the step ids, first to last."""
        return tuple(self.raw) if self.type == "ordering" else ()

    @property
    def options(self) -> tuple[str, ...]:
        """Choice and true/false items: the values of the inputs to tick."""
        if self.cards or self.order:
            return ()
        if isinstance(self.raw, bool):
            return ("true" if self.raw else "false",)
        return tuple(self.raw) if isinstance(self.raw, list) else (self.raw,)


def right_answer(item: QuizItem) -> Answer:
    return Answer(item.type, kind_of(item).right_answer(item))


def wrong_answer(item: QuizItem) -> Answer:
    return Answer(item.type, kind_of(item).wrong_answer(item))


def headline(page: Page) -> str:
    """The result words after a check (the icon beside them is hidden from screen readers)."""
    return page.locator(f"{QUIZ} .metsedu-headline strong").inner_text()


# --- by mouse ---------------------------------------------------------------------------


def shown_order(page: Page) -> list[str]:
    """The step ids of an ordering item, as the page lists them now."""
    return page.locator(f"{QUIZ} .metsedu-step").evaluate_all(
        "steps => steps.map(step => step.dataset.step)"
    )


def click_answer(page: Page, item: QuizItem, answer: Answer) -> None:
    quiz = page.locator(QUIZ)
    if answer.order:
        for place, step in enumerate(answer.order):
            for _ in range(shown_order(page).index(step) - place):
                quiz.locator(f'[data-step="{step}"] [data-move="up"]').click()
        assert shown_order(page) == list(answer.order)
        return
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
    if answer.order:
        return _key_order(page, answer.order)
    tab_until(page, f"{QUIZ} input")
    if answer.cards:
        for index, (_card, urgency) in enumerate(answer.cards):
            if index:
                tab_until(page, f"{QUIZ} fieldset.metsedu-card:nth-of-type({index + 1}) input")
            _pick_in_radio_group(page, urgency)
    elif page.evaluate("document.activeElement.type") == "checkbox":  # tick each that fits
        count = page.locator(f"{QUIZ} input").count()
        for index in range(count):
            if index:
                page.keyboard.press("Tab")
            value = page.evaluate("document.activeElement.value")
            if (value in answer.options) != page.evaluate("document.activeElement.checked"):
                page.keyboard.press("Space")
    else:
        _pick_in_radio_group(page, answer.options[0])


def _key_order(page: Page, order: tuple[str, ...]) -> None:
    """Tab to each step's "Move up" in turn and press Enter until the step is in its place.

    Focus must stay on the moved step's button after every move (a learner who moves a
    step by keyboard should not have to find it again).
    """
    for place, step in enumerate(order):
        moves = shown_order(page).index(step) - place
        if not moves:
            continue
        tab_until(page, f'{QUIZ} [data-step="{step}"] [data-move="up"]')
        for _ in range(moves):
            page.keyboard.press("Enter")
            assert page.evaluate(
                f'document.activeElement.matches(\'[data-step="{step}"] [data-move="up"]\')'
            )
    expect(page.locator(f"{QUIZ} .metsedu-step")).to_have_count(len(order))
    assert shown_order(page) == list(order)


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


# --- a lesson's quiz, in the words of the page's language -----------------------------------


def show_quiz(page: Page, lesson: Lesson, ui: UiText) -> Page:
    """Scroll the quiz of an open lesson page into view and wait for its first question."""
    page.locator(QUIZ).scroll_into_view_if_needed()
    first = ui.quiz.progress.format(number=1, total=len(lesson.quiz))
    expect(page.locator(QUIZ).get_by_text(first)).to_be_visible()
    return page


def wait_for_question(page: Page, lesson: Lesson, number: int, ui: UiText) -> None:
    """The next question is drawn (a learner reads it before answering; so must the test)."""
    if number > len(lesson.quiz):
        return
    progress = ui.quiz.progress.format(number=number, total=len(lesson.quiz))
    expect(page.locator(f"{QUIZ} .metsedu-progress")).to_have_text(progress)


def answer_all_by_mouse(page: Page, lesson: Lesson, ui: UiText) -> None:
    """Every question right, the first one wrong first and then tried again; then the summary."""
    for number, item in enumerate(lesson.quiz, 1):
        if number == 1:
            click_answer(page, item, wrong_answer(item))
            click(page, ui.quiz.check)
            assert headline(page) in {ui.quiz.not_quite, ui.quiz.partly}
            expect(page.locator(f"{QUIZ} .metsedu-mark-not_quite").first).to_be_visible()
            click(page, ui.quiz.try_again)
        click_answer(page, item, right_answer(item))
        click(page, ui.quiz.check)
        assert headline(page) == ui.quiz.right
        click(page, ui.quiz.next if number < len(lesson.quiz) else ui.quiz.finish)
        wait_for_question(page, lesson, number + 1, ui)
    summary = page.locator(QUIZ)
    expect(summary.get_by_role("heading", name=ui.quiz.summary_heading)).to_be_visible()
    expect(summary.get_by_text(expected_summary(ui, lesson, len(lesson.quiz) - 1))).to_be_visible()


def answer_all_by_keyboard(page: Page, lesson: Lesson, ui: UiText) -> None:
    """As :func:`answer_all_by_mouse`, by keyboard alone, from a reading place above the quiz;
    focus goes to the next useful step after every check."""
    page.locator(f"{QUIZ} h2").first.evaluate("h => h.closest('section').scrollIntoView()")
    page.evaluate("document.activeElement.blur()")
    page.locator(f"{QUIZ} .metsedu-intro").click()
    for number, item in enumerate(lesson.quiz, 1):
        if number == 1:
            key_answer(page, item, wrong_answer(item))
            key_press_button(page, ui.quiz.check)
            assert headline(page) in {ui.quiz.not_quite, ui.quiz.partly}
            assert focused_text(page) == ui.quiz.try_again
            page.keyboard.press("Enter")
        key_answer(page, item, right_answer(item))
        key_press_button(page, ui.quiz.check)
        assert headline(page) == ui.quiz.right
        forward = ui.quiz.next if number < len(lesson.quiz) else ui.quiz.finish
        assert focused_text(page) == forward
        page.keyboard.press("Enter")
        wait_for_question(page, lesson, number + 1, ui)
    expect(page.locator(QUIZ).get_by_role("heading", name=ui.quiz.summary_heading)).to_be_focused()


def sideways_overflow(page: Page, scope: str = "#rendered_cells *") -> dict:
    """How far the page scrolls sideways, and the first elements past its right edge (among
    ``scope``): at 320 CSS px (a 640 px window at 200% zoom) both must be nothing."""
    return page.evaluate(
        """scope => {
          const width = document.documentElement.clientWidth;
          const cut = [];
          for (const el of document.querySelectorAll(scope)) {
            const box = el.getBoundingClientRect();
            if (box.width && box.right > width + 1) cut.push(el.tagName + '.' + el.className);
          }
          return {scroll: document.documentElement.scrollWidth - width, cut: cut.slice(0, 5)};
        }""",
        scope,
    )


#: The WCAG levels every page is audited at, and the auditor (axe-core, shipped in a wheel).
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE = resources.files("axe_playwright_python").joinpath("axe.min.js").read_text("utf-8")


def wcag_violations(page: Page) -> list[dict]:
    """What axe-core finds on the page as it is now, at WCAG 2.1 AA (each with at most three
    of the elements it names)."""
    page.add_script_tag(content=AXE)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => ({id: v.id, impact: v.impact,"
        " nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))})))",
        WCAG_21_AA,
    )
