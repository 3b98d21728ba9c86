"""A short group session end to end in a real Chromium: a nurse and two learners.

The nurse opens the facilitator pages from the start page with the key and starts a
session; one learner opens the address with the code in it, the other types the code; both
answer; the counts appear on the nurse's page; the nurse reveals the answer, downloads
the teaching record and signs out. Nothing here is mocked: real server, real kernels, real
database.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from conftest import Visit
from learner import AXE, QUIZ, WCAG_21_AA, click, click_answer, right_answer, wrong_answer
from playwright.sync_api import Browser, Page, expect

from metsedu.content import load_library
from metsedu.names import START_NOTEBOOK, notebook_name
from tests.helpers import FACILITATOR_KEY, Server

pytestmark = pytest.mark.browser

LIBRARY = load_library()
UI = LIBRARY.ui
WORDS = UI.facilitator
BONES = LIBRARY.lessons["bones"]
FIRST = BONES.quiz[0]


def learner_page(browser: Browser, server: Server, query: str = "") -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.goto(f"{server.url}/voila/render/{notebook_name(BONES)}{query}")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    page.locator(QUIZ).scroll_into_view_if_needed()
    return page


def answer_first(page: Page, right: bool) -> None:
    click_answer(page, FIRST, right_answer(FIRST) if right else wrong_answer(FIRST))
    click(page, UI.quiz.check)
    expect(page.locator(f"{QUIZ} .metsedu-headline")).to_be_visible()


def axe_violations(page: Page) -> list[str]:
    page.add_script_tag(content=AXE)
    return page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
        ".then(r => r.violations.map(v => v.id))",
        WCAG_21_AA,
    )


def test_a_nurse_runs_a_short_group_session(visit: Visit, browser: Browser, tmp_path: Path):
    nurse = visit.open(START_NOTEBOOK)
    nurse.get_by_role("link", name=WORDS.link).click()
    # The key form and the start form, by keyboard alone, each passing an axe audit.
    key = nurse.get_by_label(WORDS.key_label)
    expect(key).to_be_visible()
    assert axe_violations(nurse) == []
    key.focus()
    nurse.keyboard.type(FACILITATOR_KEY)
    nurse.keyboard.press("Enter")
    lesson = nurse.get_by_label(BONES.title)
    expect(lesson).to_be_visible()
    assert axe_violations(nurse) == []
    lesson.focus()
    nurse.keyboard.press("Space")
    expect(lesson).to_be_checked()
    nurse.get_by_role("button", name=WORDS.start_button).focus()
    nurse.keyboard.press("Enter")
    code = nurse.locator(".code").inner_text().rsplit(" ", 1)[1]
    heading = WORDS.session_heading.format(code=code)
    expect(nurse.get_by_role("heading", name=heading)).to_be_visible()

    by_address = learner_page(browser, visit.server, f"?join={code}")
    typed = learner_page(browser, visit.server)
    typed.get_by_label(UI.group.join_label).fill(code.lower())
    typed.get_by_role("button", name=UI.group.join_button, exact=True).click()
    for page in (by_address, typed):
        expect(page.locator(".metsedu-group-status")).to_have_text(
            UI.group.joined.format(code=code)
        )
    answer_first(by_address, right=True)
    answer_first(typed, right=False)

    # The counts reach the nurse's page (it asks every second), words and numbers.
    expect(nurse.locator("#participants")).to_have_text(WORDS.participants.format(count=2))
    card = nurse.locator(".item").first
    expect(card.locator(".summary")).to_have_text(
        WORDS.answered.format(answered=2) + ". " + WORDS.right.format(right=1) + "."
    )
    reveal = card.get_by_role("button", name=WORDS.reveal)
    reveal.focus()
    nurse.keyboard.press("Enter")
    expect(card.locator(".explanation")).to_have_text(FIRST.explanation)
    expect(reveal).to_have_attribute("aria-pressed", "true")

    assert axe_violations(nurse) == []

    with nurse.expect_download() as waiting:
        nurse.get_by_role("link", name=WORDS.record_csv).click()
    rows = list(csv.reader(io.StringIO(Path(waiting.value.path()).read_text("utf-8"))))
    assert [WORDS.record_columns.participants, "2"] in rows
    [first] = [r for r in rows if r[:2] == ["bones", FIRST.id]]
    assert first[5:7] == ["2", "1"]  # during teaching: 2 answered, 1 right
    with nurse.expect_download() as waiting:
        nurse.get_by_role("link", name=WORDS.record_pdf).click()
    assert Path(waiting.value.path()).read_bytes().startswith(b"%PDF-")

    # Signing out, by keyboard: the key form again, and the session page no longer opens.
    session = nurse.url
    nurse.get_by_role("button", name=WORDS.sign_out).focus()
    nurse.keyboard.press("Enter")
    expect(nurse.get_by_text(WORDS.signed_out)).to_be_visible()
    expect(nurse.get_by_label(WORDS.key_label)).to_be_visible()
    assert axe_violations(nurse) == []
    nurse.goto(session)
    expect(nurse.get_by_label(WORDS.key_label)).to_be_visible()
    expect(nurse.get_by_role("button", name=WORDS.sign_out)).to_have_count(0)
    assert visit.outside == [] and visit.errors == []
    for page in (by_address, typed):
        page.context.close()


def test_a_wrong_code_on_a_lesson_page_gets_plain_words(browser: Browser, site: Server):
    page = learner_page(browser, site, "?join=NOPE99")
    expect(page.locator(".metsedu-group-status")).to_have_text(UI.group.unknown_code)
    answer_first(page, right=True)  # the lesson goes on alone
    page.context.close()


def test_the_nurse_page_draws_each_kinds_counts(visit: Visit):
    """An ordering item counts "in the right order" and "not yet"; a multiple-select item
    counts each option chosen (the server sends the counts; the page only draws them)."""
    from metsedu.content.quiz_kinds import kind_of
    from metsedu.sessions import SessionStore

    brain = LIBRARY.lessons["brain"]
    nurse = visit.page
    nurse.goto(f"{visit.server.url}/metsedu/facilitator")
    nurse.get_by_label(WORDS.key_label).fill(FACILITATOR_KEY)
    nurse.keyboard.press("Enter")
    nurse.get_by_label(brain.title).check()
    nurse.get_by_role("button", name=WORDS.start_button).click()
    code = nurse.locator(".code").inner_text().rsplit(" ", 1)[1]

    store = SessionStore(f"sqlite:///{Path(visit.server.log).parent / 'data'}/metsedu.db")
    multi = next(i for i in brain.quiz if i.type == "multiple_select")
    ordering = next(i for i in brain.quiz if i.type == "ordering")
    for n, (options, status) in enumerate([(("time", "side"), "right"), (("time",), "partly")]):
        page_id = f"page-{n:08d}"
        store.record(
            code, page_id, "brain", multi.id, kind_of(multi).tally_choice("partly", options), False
        )
        store.record(
            code,
            page_id,
            "brain",
            ordering.id,
            kind_of(ordering).tally_choice(status, ()),
            status == "right",
        )

    labels = {o.id: o.text for o in multi.options}
    card = nurse.locator(".item").filter(has_text=multi.prompt)
    expect(card.locator(".choices li")).to_have_count(2)
    expect(card.locator(".choices li").first).to_have_text(f"{labels['time']}: 2 ")
    card = nurse.locator(".item").filter(has_text=ordering.prompt)
    expect(card.locator(".choices li")).to_have_text(
        [f"{UI.quiz.ordering.tally_right}: 1 ", f"{UI.quiz.ordering.tally_not_yet}: 1 "]
    )
    assert axe_violations(nurse) == []
    assert visit.outside == [] and visit.errors == []
