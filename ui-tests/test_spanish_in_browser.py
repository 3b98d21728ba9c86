"""Every Spanish page in a real Chromium (issue 17): in Spanish through and through.

The Start page and the six lessons in Spanish, served by the real ``metsedu serve`` beside
the English ones (conftest.py): each says it is Spanish (``<html lang="es">``), passes an
axe audit, has its quiz answered by mouse and by keyboard, and shows no English word of the
interface anywhere a learner or a screen reader meets it, before or after answering. The
language link opens the same part of the same page in the other language, both ways, by
mouse and by keyboard; the choice is kept in that browser only; a group session's code
goes along. The server's not-found page for a Spanish address is Spanish too.

"No English" is measured against the interface's own words: every string of
``content/en/ui.yaml`` (and every text alternative, caption and label of
``content/en/pictures.yaml``) of two words or more, cut into its sentences, with each
``{placeholder}`` standing for whatever the page fills in. Text marked as another language
(``lang="en"``: the "English" link itself, an English source's title) is that language's
by right and is not counted.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ARTIFACTS, Visit
from learner import (
    QUIZ,
    answer_all_by_keyboard,
    answer_all_by_mouse,
    click,
    click_answer,
    show_quiz,
    sideways_overflow,
    tab_until,
    wait_for_question,
    wcag_violations,
    wrong_answer,
)
from playwright.sync_api import Browser, Page, expect

from metsedu.content import load_library
from metsedu.names import notebook_name, start_notebook
from tests.conftest import REPO
from tests.helpers import Server

pytestmark = pytest.mark.browser

LIBRARY = load_library("es")
UI = LIBRARY.ui
LESSONS = LIBRARY.ordered()
ENGLISH = load_library("en")
START = start_notebook("es")
PAGES = [START, *(notebook_name(lesson) for lesson in LESSONS)]
BONES = next(x for x in LESSONS if x.id == "bones")
LUNGS = next(x for x in LESSONS if x.id == "lungs")
SPANISH_NAME = UI.language_name
ENGLISH_NAME = ENGLISH.ui.language_name


def by_lesson(test):
    return pytest.mark.parametrize("lesson", LESSONS, ids=[x.id for x in LESSONS])(test)


# --- the English words that must not be on a Spanish page ------------------------------------


def _leaves(data) -> list[str]:
    if isinstance(data, dict):
        return [text for value in data.values() for text in _leaves(value)]
    if isinstance(data, list):
        return [text for value in data for text in _leaves(value)]
    return [data] if isinstance(data, str) else []


_PLACEHOLDER = re.compile(r"\{\w+\}")
_SENTENCE_END = re.compile(r"\n+|(?<=[.!?])\s+")


def _sentences(text: str) -> list[str]:
    """``text`` as it reads on a page: its sentences and lines, without markdown marks."""
    pieces = []
    for piece in _SENTENCE_END.split(text):
        piece = re.sub(r"^\s*[-*]\s+", "", piece).replace("`", "").replace("**", "").strip()
        if piece:
            pieces.append(piece)
    return pieces


def _pattern(sentence: str) -> re.Pattern[str] | None:
    """A sentence of two words or more (a ``{placeholder}`` is one) as a pattern that finds
    it in a page's text, whatever fills its placeholders; ``None`` for one word."""
    if len(re.findall(r"[\w{}]+", sentence)) < 2 or not re.search(r"[A-Za-z]{2}", sentence):
        return None
    parts = []
    for index, fixed in enumerate(_PLACEHOLDER.split(sentence)):
        if index:
            parts.append(r"[^\n]{1,200}?")
        parts.append(r"\s+".join(re.escape(word) for word in fixed.split(" ")) if fixed else "")
    body = "".join(parts)
    start = r"(?<!\w)" if re.match(r"\w", sentence) else ""
    end = r"(?!\w)" if re.search(r"\w$", sentence) else ""
    return re.compile(start + body + end, re.IGNORECASE)


def _english_phrases() -> dict[str, re.Pattern[str]]:
    content = REPO / "content"
    english = _leaves(yaml.safe_load((content / "en" / "ui.yaml").read_text("utf-8")))
    spanish = _leaves(yaml.safe_load((content / "es" / "ui.yaml").read_text("utf-8")))
    for picture in ENGLISH.pictures.values():
        english += [picture.alt, picture.caption, *picture.labels.values()]
    spanish_text = "\n".join(spanish)
    phrases = {}
    for text in set(english) - set(spanish):
        for sentence in _sentences(text.replace("\\n", " ")):
            pattern = _pattern(sentence)
            # A command or a name both languages share (``make serve``) is not English.
            if pattern is not None and not pattern.search(spanish_text):
                phrases[sentence] = pattern
    return phrases


ENGLISH_PHRASES = _english_phrases()

#: Every word on the page a learner or a screen reader meets: the text (shown or hidden, the
#: page title, the glossary cards, the pictures' words), the names and descriptions in
#: attributes, and the words the page keeps to show later (a reload notice, progress
#: lines). Text inside an element marked as another language is left out (see the module).
PAGE_WORDS = """() => {
  const foreign = (el) => { const marked = el && el.closest('[lang]');
    return Boolean(marked) && !marked.lang.toLowerCase().startsWith('es'); };
  const out = [document.title];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest('script, style, template, noscript') || foreign(parent)) continue;
    if (node.textContent.trim()) out.push(node.textContent.trim());
  }
  const names = ['aria-label', 'aria-description', 'aria-roledescription', 'aria-valuetext',
    'title', 'alt', 'placeholder', 'data-reloading', 'data-broken', 'data-metsedu-progress'];
  for (const el of document.querySelectorAll('*')) {
    if (foreign(el)) continue;
    for (const name of names) if (el.hasAttribute(name)) out.push(el.getAttribute(name));
    if (el.matches('input[type=submit], input[type=button]')) out.push(el.value);
  }
  return out.join('\\n');
}"""

#: What the page's live regions say now (what a screen reader announces after an action).
LIVE_WORDS = """() => [...document.querySelectorAll('[aria-live], [role=status], [role=alert]')]
  .map((region) => region.textContent.trim()).filter(Boolean).join('\\n')"""


def english_in(text: str) -> list[str]:
    return sorted(phrase for phrase, pattern in ENGLISH_PHRASES.items() if pattern.search(text))


def assert_no_english(page: Page, where: str) -> None:
    found = english_in(page.evaluate(PAGE_WORDS))
    assert found == [], f"English on the Spanish page ({where}): {found}"
    live = english_in(page.evaluate(LIVE_WORDS))
    assert live == [], f"English in a live message ({where}): {live}"


def test_the_english_words_are_collected():
    """The check above is only as good as its list: it holds the interface's sentences."""
    assert "Check my answer" in ENGLISH_PHRASES
    assert "Right answer" in ENGLISH_PHRASES
    assert english_in("Pregunta 1 de 5. Question 2 of 7.") == ["Question {number} of {total}"]
    assert english_in(f"{UI.quiz.progress} {UI.start.intro} {UI.app.not_found}") == []
    assert len(ENGLISH_PHRASES) > 200


# --- every page ----------------------------------------------------------------------------


def open_spanish(visit: Visit, notebook: str) -> Page:
    page = visit.open(notebook)
    expect(page.locator("html")).to_have_attribute("lang", "es")
    return page


@pytest.mark.parametrize("notebook", PAGES)
def test_page_is_spanish_loads_cleanly_and_has_no_wcag_21_aa_violations(
    visit: Visit, notebook: str
):
    page = open_spanish(visit, notebook)
    assert page.locator(".metsedu-failed").count() == 0
    if page.locator(QUIZ).count():
        page.locator(QUIZ).scroll_into_view_if_needed()
        expect(page.locator(f"{QUIZ} .metsedu-progress")).to_be_visible()
    assert wcag_violations(page) == []
    page.screenshot(path=ARTIFACTS / f"{notebook.removesuffix('.ipynb')}.png", full_page=True)
    assert visit.outside == []
    assert visit.errors == []


@pytest.mark.parametrize("visit", [(320, 800)], indirect=True, ids=["320px"])
@pytest.mark.parametrize("notebook", PAGES)
def test_reflows_at_320_css_pixels_in_spanish(visit: Visit, notebook: str):
    """Spanish words run longer than English ones: at 320 CSS px (a 640 px window at 200%
    zoom) nothing may need sideways scrolling, the quiz's buttons included."""
    page = open_spanish(visit, notebook)
    if page.locator(QUIZ).count():
        page.locator(QUIZ).scroll_into_view_if_needed()
        expect(page.locator(f"{QUIZ} .metsedu-progress")).to_be_visible()
    overflow = sideways_overflow(page, "#rendered_cells *, .metsedu-toolbar *")
    assert overflow == {"scroll": 0, "cut": []}
    page.screenshot(path=ARTIFACTS / f"{notebook.removesuffix('.ipynb')}-320px.png")


def test_start_page_has_no_english_and_its_body_map_speaks_spanish(visit: Visit):
    page = open_spanish(visit, START)
    expect(page).to_have_title(UI.start.title)
    body_map = page.locator(".metsedu-body-map")
    expect(body_map.get_by_role("heading", name=UI.body_map.heading)).to_be_visible()
    expect(body_map.get_by_text(UI.body_map.description)).to_be_visible()
    for site, name in UI.body_map.regions.items():
        expect(body_map.get_by_role("button", name=name, exact=True)).to_have_attribute(
            "data-site", site
        )
    assert_no_english(page, "the start page")
    bones = next(x for x in LESSONS if x.site == "bone")
    body_map.get_by_role("button", name=UI.body_map.regions["bone"]).click()
    expect(body_map.get_by_text(bones.summary)).to_be_visible()
    link = body_map.get_by_role("link", name=UI.body_map.open_lesson.format(title=bones.title))
    expect(link).to_have_attribute("href", notebook_name(bones))
    assert_no_english(page, "the start page, a place chosen on the body map")
    assert visit.errors == []


def walk_the_quiz_for_its_words(page: Page, lesson) -> None:
    """Every kind of message the quiz has: nothing chosen, a wrong answer, an answer shown,
    a step moved, each question in turn, and the summary; the page checked after each."""
    for number, item in enumerate(lesson.quiz, 1):
        if item.type == "ordering":
            page.locator(f"{QUIZ} [data-move='down']").first.click()
            expect(page.locator(f"{QUIZ} .metsedu-order-live")).not_to_be_empty()
        elif number == 1:
            click(page, UI.quiz.check)
            expect(page.locator(f"{QUIZ} .metsedu-notice")).to_be_visible()
            assert_no_english(page, f"{item.id}: checked with nothing chosen")
        if number == 1:
            click_answer(page, item, wrong_answer(item))
            click(page, UI.quiz.check)
            expect(page.locator(f"{QUIZ} .metsedu-headline")).to_be_visible()
            assert_no_english(page, f"{item.id}: a wrong answer")
        click(page, UI.quiz.show_answer)
        expect(page.locator(f"{QUIZ} .metsedu-headline strong")).to_have_text(UI.quiz.shown)
        assert_no_english(page, f"{item.id}: the answer shown")
        click(page, UI.quiz.next if number < len(lesson.quiz) else UI.quiz.finish)
        wait_for_question(page, lesson, number + 1, UI)
    expect(page.locator(QUIZ).get_by_role("heading", name=UI.quiz.summary_heading)).to_be_visible()
    assert_no_english(page, "the summary")


@by_lesson
def test_lesson_has_no_english_before_or_after_answering(visit: Visit, lesson):
    page = open_spanish(visit, notebook_name(lesson))
    expect(page).to_have_title(lesson.title)
    assert_no_english(page, "as it opens")
    # Its pictures are named in Spanish: the drawing's name is the Spanish text alternative.
    for picture in lesson.pictures:
        if not any(place.lesson == lesson.id for place in picture.shown_in):
            continue
        figure = page.locator(f'figure[data-metsedu-picture="{picture.id}"]')
        expect(figure.get_by_role("img")).to_have_accessible_name(" ".join(picture.alt.split()))
        expect(figure.locator("figcaption")).to_have_text(" ".join(picture.caption.split()))
    show_quiz(page, lesson, UI)
    group = page.locator(".metsedu-group")
    group.get_by_label(UI.group.join_label).fill("NOPE42")
    group.get_by_role("button", name=UI.group.join_button).click()
    expect(group.locator(".metsedu-group-status")).to_have_text(UI.group.unknown_code)
    walk_the_quiz_for_its_words(page, lesson)
    assert visit.errors == []


@by_lesson
def test_quiz_by_mouse_in_spanish(visit: Visit, lesson):
    page = show_quiz(open_spanish(visit, notebook_name(lesson)), lesson, UI)
    answer_all_by_mouse(page, lesson, UI)
    assert_no_english(page, "the summary, by mouse")
    assert visit.errors == []


@by_lesson
def test_quiz_by_keyboard_alone_in_spanish(visit: Visit, lesson):
    page = show_quiz(open_spanish(visit, notebook_name(lesson)), lesson, UI)
    answer_all_by_keyboard(page, lesson, UI)
    tab_until(page, ".metsedu-nav a")  # not trapped: on out of the quiz
    assert visit.errors == []


def test_progress_on_the_spanish_start_page_is_in_spanish(visit: Visit):
    """After a Spanish lesson's quiz, the Start page's progress lines and its "continue"
    link are Spanish and lead back to the Spanish lesson."""
    page = show_quiz(open_spanish(visit, notebook_name(BONES)), BONES, UI)
    answer_all_by_mouse(page, BONES, UI)
    start = open_spanish(visit, START)
    box = start.locator(".metsedu-progress-box")
    expect(box).to_be_visible()
    line = start.locator('li[data-metsedu-lesson="bones"] .metsedu-lesson-progress')
    best = UI.progress.best.format(score=len(BONES.quiz) - 1, total=len(BONES.quiz))
    expect(line).to_contain_text(best)
    expect(line).to_contain_text(UI.progress.finished)
    other = start.locator('li[data-metsedu-lesson="liver"] .metsedu-lesson-progress')
    expect(other).to_have_text(UI.progress.not_started)
    link = box.get_by_role("link", name=UI.progress.continue_link.format(title=BONES.title))
    expect(link).to_have_attribute("href", re.compile(rf"^{re.escape(notebook_name(BONES))}(#|$)"))
    assert_no_english(start, "the start page with progress")
    assert visit.errors == []


def test_links_from_a_spanish_lesson_stay_in_spanish(visit: Visit):
    """The links between lessons, to the start and to the handout keep the language."""
    page = open_spanish(visit, notebook_name(LUNGS))
    hrefs = page.locator(".metsedu-nav a").evaluate_all("links => links.map(a => a.href)")
    assert len(hrefs) == 3
    assert all(re.search(r"/\d\d-[\w-]+\.es\.ipynb$", href) for href in hrefs), hrefs
    handout = page.locator(f"#{LUNGS.id}-handout")
    expect(handout).to_have_attribute("href", re.compile(r"handouts/es/lungs\.pdf$"))
    expect(handout).to_contain_text(UI.handout.download)


def test_start_page_language_link(visit: Visit):
    page = open_spanish(visit, START)
    page.get_by_role("link", name=ENGLISH_NAME, exact=True).click()
    page.wait_for_url(re.compile(rf"/{re.escape(start_notebook())}(#[\w-]*)?$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    expect(page.locator("h1").first).to_have_text(ENGLISH.ui.start.title)
    page.get_by_role("link", name=SPANISH_NAME, exact=True).click()
    page.wait_for_url(re.compile(rf"/{re.escape(START)}(#[\w-]*)?$"))
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    expect(page.locator("h1").first).to_have_text(UI.start.title)


def test_from_the_top_of_the_start_page_the_other_language_opens_at_its_top(visit: Visit):
    page = open_spanish(visit, START)
    expect(page.locator(".metsedu-progress-box")).to_be_hidden()
    page.get_by_role("link", name=ENGLISH_NAME, exact=True).click()
    page.wait_for_url(re.compile(rf"/{re.escape(start_notebook())}(#[\w-]*)?$"))
    assert page.url.endswith(f"/{start_notebook()}"), page.url


# --- the language link ----------------------------------------------------------------------


#: The top of an element once the lesson has stopped moving (the same on two frames in a
#: row), and has moved from where it was before the wheel turned (``null``: anywhere).
_STILL_TOP = """([id, before]) => {
  const top = Math.round(document.getElementById(id).getBoundingClientRect().top);
  if (top === before) return false;
  const still = window.metsedu_test_top === top;
  window.metsedu_test_top = top;
  return still ? {top} : false;
}"""


def _settled_top(page: Page, part: str, before: int | None = None) -> int:
    page.evaluate("window.metsedu_test_top = undefined")
    found = page.wait_for_function(_STILL_TOP, arg=[part, before], polling="raf")
    return found.json_value()["top"]


def read_part(page: Page, part: str) -> None:
    """Scroll the lesson with the mouse wheel, as a learner does, until the part ``part`` is
    the one being read (its heading at the top of the screen)."""
    page.wait_for_selector(f"#{part}", state="attached")
    page.mouse.move(640, 500)
    top = _settled_top(page, part)
    for _ in range(20):
        if 0 <= top <= 100:
            return
        page.mouse.wheel(0, top - 40)
        top = _settled_top(page, part, before=top)
    raise AssertionError(f"the wheel never brought {part} to the top")


def at_part(page: Page, notebook: str, part: str, lang: str) -> None:
    """``page`` is ``notebook``, in ``lang``, opened at ``part`` (the address names the part;
    the page goes there once drawn)."""
    page.wait_for_url(re.compile(rf"/voila/render/{re.escape(notebook)}(\?[^#]*)?#{part}$"))
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    expect(page.locator("html")).to_have_attribute("lang", lang)
    page.wait_for_function(
        """id => { const el = document.getElementById(id);
          if (!el) return false;
          const top = el.getBoundingClientRect().top;
          return top >= -2 && top <= 150; }""",
        arg=part,
        timeout=60_000,
    )


@pytest.mark.parametrize(
    "part",
    [
        "red-flags",
        "quiz-heading",
    ],
)
def test_language_link_opens_the_same_part_in_english_and_back(visit: Visit, part: str):
    page = open_spanish(visit, notebook_name(BONES))
    links = page.get_by_role("navigation", name=UI.app.languages)
    expect(links.get_by_role("link")).to_have_count(1)
    part = f"{BONES.id}-{part}"
    read_part(page, part)
    links.get_by_role("link", name=ENGLISH_NAME, exact=True).click()
    at_part(page, notebook_name(BONES, "en"), part, "en")
    expect(page).to_have_title(ENGLISH.lessons[BONES.id].title)

    back = f"{BONES.id}-questions"
    read_part(page, back)
    english_nav = page.get_by_role("navigation", name=ENGLISH.ui.app.languages)
    english_nav.get_by_role("link", name=SPANISH_NAME, exact=True).click()
    at_part(page, notebook_name(BONES), back, "es")
    expect(page).to_have_title(BONES.title)
    assert visit.errors == []


def test_a_lesson_scrolls_with_the_mouse_wheel(visit: Visit):
    """A learner scrolls the lesson itself, not just the page around it."""
    page = open_spanish(visit, notebook_name(BONES))
    first = page.locator(f"#{BONES.id}-objectives")
    before = first.evaluate("h => h.getBoundingClientRect().top")
    page.mouse.move(640, 600)
    for _ in range(5):
        page.mouse.wheel(0, 600)
    page.wait_for_function(
        "([id, before]) => document.getElementById(id).getBoundingClientRect().top < before - 1000",
        arg=[f"{BONES.id}-objectives", before],
        timeout=5_000,
    )


def test_language_link_by_keyboard_from_a_later_part(visit: Visit):
    """A keyboard learner reading a later part goes back up to the language link
    (Shift+Tab, as the toolbar is above the lesson) and presses Enter."""
    page = open_spanish(visit, notebook_name(LUNGS))
    part = f"{LUNGS.id}-call"
    read_part(page, part)
    tab_until(page, "a[data-metsedu-lang]", backwards=True)
    assert page.evaluate("document.activeElement.textContent.trim()") == ENGLISH_NAME
    page.keyboard.press("Enter")
    at_part(page, notebook_name(LUNGS, "en"), part, "en")

    read_part(page, f"{LUNGS.id}-tests")
    tab_until(page, "a[data-metsedu-lang]", backwards=True)
    assert page.evaluate("document.activeElement.textContent.trim()") == SPANISH_NAME
    page.keyboard.press("Enter")
    at_part(page, notebook_name(LUNGS), f"{LUNGS.id}-tests", "es")
    assert visit.errors == []


def test_language_link_by_keyboard_from_the_top(visit: Visit):
    """Tab from the top of a Spanish lesson: the skip link, then "English"; Enter opens the
    English lesson, whose own link Tab and Enter bring back."""
    page = open_spanish(visit, notebook_name(LUNGS))
    for name, lang in ((ENGLISH_NAME, "en"), (SPANISH_NAME, "es")):
        tab_until(page, "a[data-metsedu-lang]")
        assert page.evaluate("document.activeElement.textContent.trim()") == name
        page.keyboard.press("Enter")
        page.wait_for_url(f"**/{notebook_name(LUNGS, lang)}")
        page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
        expect(page.locator("html")).to_have_attribute("lang", lang)
    assert visit.errors == []


def test_the_choice_is_remembered_in_this_browser_and_nowhere_else(
    visit: Visit, browser: Browser, site: Server
):
    page = open_spanish(visit, notebook_name(BONES))
    page.get_by_role("link", name=ENGLISH_NAME, exact=True).click()
    page.wait_for_url(f"**/{notebook_name(BONES, 'en')}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    page.get_by_role("link", name=SPANISH_NAME, exact=True).click()
    page.wait_for_url(f"**/{notebook_name(BONES)}")
    expect(page.locator("html")).to_have_attribute("lang", "es")

    # Another lesson's English address, in a new tab of the same browser: Spanish, as chosen.
    other = page.context.new_page()
    other.goto(f"{site.url}/voila/render/{notebook_name(LUNGS, 'en')}")
    other.wait_for_url(f"**/{notebook_name(LUNGS)}")
    other.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    expect(other.locator("html")).to_have_attribute("lang", "es")
    expect(other.locator("h1").first).to_have_text(LUNGS.title)

    # Another browser (a fresh context) knows nothing of it.
    fresh = browser.new_context()
    try:
        stranger = fresh.new_page()
        stranger.goto(f"{site.url}/voila/render/{notebook_name(LUNGS, 'en')}")
        stranger.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
        assert stranger.url.endswith(notebook_name(LUNGS, "en"))
        expect(stranger.locator("html")).to_have_attribute("lang", "en")
        assert [c for c in fresh.cookies() if c["name"] == "metsedu_lang"] == []
    finally:
        fresh.close()


def test_a_group_sessions_code_goes_along_to_the_other_language(visit: Visit):
    page = visit.open(f"{notebook_name(BONES)}?join=ABC123")
    expect(page.locator("html")).to_have_attribute("lang", "es")
    page.get_by_role("link", name=ENGLISH_NAME, exact=True).click()
    page.wait_for_url(re.compile(rf"/{re.escape(notebook_name(BONES, 'en'))}\?join=ABC123(#.*)?$"))


def test_not_found_page_of_a_spanish_address_is_spanish(visit: Visit):
    reply = visit.page.goto(f"{visit.server.url}/voila/render/nope.es.ipynb")
    assert reply is not None and reply.status == 404
    page = visit.page
    expect(page.locator("html")).to_have_attribute("lang", "es")
    expect(page.get_by_text(UI.app.not_found)).to_be_visible()
    assert_no_english(page, "not found")
