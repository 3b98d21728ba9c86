"""A learner on a phone: pages opened on a throttled touch screen, answers given by tap.

The profile itself (viewport, CPU and network) lives in tests/browser.py, shared with the
benchmark. Waits here are generous on purpose: these tests check that the quiz becomes
usable on a slow phone, never how fast (the benchmark measures that).
"""

from __future__ import annotations

from learner import QUIZ, Answer, headline, right_answer
from playwright.sync_api import Browser, BrowserContext, Page, expect

from metsedu.content.model import Lesson, UiText
from tests.browser import PHONE_CONTEXT

#: How long a throttled phone may take to make the quiz usable (no timing is asserted).
PHONE_WAIT_MS = 150_000

#: Delays the page's first look at its kernel (the request right before the kernel
#: websocket opens) by ``window.__metsedu_delay_ms``: a websocket that arrives late, as on
#: a phone whose scripts take seconds to load, whatever the speed of this computer.
LATE_WEBSOCKET = """
(() => {
  const real = window.fetch.bind(window);
  const kernel = /\\/api\\/kernels\\/[0-9a-f-]+(\\?|$)/;
  window.fetch = (input, init) => {
    const url = typeof input === "string" ? input : (input && input.url) || String(input);
    if (!kernel.test(url)) return real(input, init);
    return new Promise((done) => setTimeout(done, DELAY)).then(() => real(input, init));
  };
})();
"""


def phone_context(browser: Browser) -> BrowserContext:
    context = browser.new_context(**PHONE_CONTEXT)
    context.set_default_timeout(PHONE_WAIT_MS)
    return context


def late_websocket(page: Page, delay_ms: int) -> None:
    page.add_init_script(LATE_WEBSOCKET.replace("DELAY", str(int(delay_ms))))


def wait_for_quiz(page: Page, ui: UiText, lesson: Lesson) -> None:
    """The quiz is drawn, which needs the page's kernel (the text alone does not)."""
    quiz = page.locator(QUIZ)
    quiz.wait_for(state="attached", timeout=PHONE_WAIT_MS)
    quiz.scroll_into_view_if_needed()
    first = ui.quiz.progress.format(number=1, total=len(lesson.quiz))
    expect(quiz.get_by_text(first)).to_be_visible(timeout=PHONE_WAIT_MS)


def tap_answer(page: Page, answer: Answer) -> None:
    """Tap the label of each chosen option, or each card's urgency, as a thumb would."""
    quiz = page.locator(QUIZ)
    choices = (
        [
            quiz.locator("fieldset.metsedu-card").nth(index).locator(f'input[value="{urgency}"]')
            for index, (_card, urgency) in enumerate(answer.cards)
        ]
        if answer.cards
        else [quiz.locator(f'input[value="{option}"]') for option in answer.options]
    )
    for choice in choices:
        label = quiz.locator(f'label[for="{choice.get_attribute("id")}"]')
        label.scroll_into_view_if_needed()
        label.tap()
        expect(choice).to_be_checked()


def answer_first_question_by_tap(page: Page, ui: UiText, lesson: Lesson) -> None:
    """Answer the first question right by tap and see the kernel's feedback."""
    tap_answer(page, right_answer(lesson.quiz[0]))
    check = page.locator(QUIZ).get_by_role("button", name=ui.quiz.check, exact=True)
    check.scroll_into_view_if_needed()
    check.tap()
    expect(page.locator(f"{QUIZ} .metsedu-headline strong")).to_be_visible(timeout=PHONE_WAIT_MS)
    assert headline(page) == ui.quiz.right
