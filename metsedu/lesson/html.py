"""Turn content objects into small, semantic, accessible HTML fragments.

All text is escaped; section bodies go through Markdown with raw HTML escaped too,
so a stray ``<script>`` in a content file shows as text. Structure does the work a
screen reader needs: real headings, lists, and labelled regions. Meaning is never
carried by colour alone: every action level shows its words, whom to call, and a
shape of its own (octagon, triangle, circle, square), as well as its colour.

Every sign is drawn from the one sign table (:mod:`metsedu.content.signs`), and each
shown sign carries ``data-metsedu-sign`` and ``data-metsedu-level`` so a test can
walk every place a sign appears and find one level. The ``data-metsedu-*`` attributes and
classes the page script reads are listed in one place, at the top of ``metsedu-page.js``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape

import mistune

from ..content import Lesson, Term, UiText, Urgency
from ..content.checks import RED_FLAGS_PLACE
from ..content.model import MonitoringTest, Section, Sign, Treatment
from ..content.signs import SIGN_REF, red_flag_ids
from ..names import (
    FACILITATOR,
    REFERENCE_LOCALE,
    from_page,
    handout_address,
    notebook_name,
    start_notebook,
)
from . import pictures

_markdown = mistune.create_markdown(escape=True)

#: One shape per action level, beside the words and never instead of them; screen
#: readers skip it. Shapes, not only colours, so the levels differ in high contrast,
#: in print and for colour-blind readers: a stop sign, a warning triangle, a circle, a square.
_SHAPES = {
    Urgency.EMERGENCY: '<polygon points="6,1 14,1 19,6 19,14 14,19 6,19 1,14 1,6"/>'
    '<rect x="9" y="4.5" width="2" height="7" class="metsedu-mark"/>'
    '<rect x="9" y="13.5" width="2" height="2" class="metsedu-mark"/>',
    Urgency.LINE_NOW: '<polygon points="10,1 19.5,18.5 0.5,18.5"/>'
    '<rect x="9" y="7" width="2" height="6" class="metsedu-mark"/>'
    '<rect x="9" y="14.5" width="2" height="2" class="metsedu-mark"/>',
    Urgency.CALL_TODAY: '<circle cx="10" cy="10" r="9"/>'
    '<rect x="9" y="4.5" width="2" height="6.5" class="metsedu-mark"/>'
    '<rect x="9" y="9" width="5" height="2" class="metsedu-mark"/>',
    Urgency.NEXT_VISIT: '<rect x="1.5" y="1.5" width="17" height="17" rx="1"/>'
    '<rect x="5" y="6" width="10" height="2" class="metsedu-mark"/>'
    '<rect x="5" y="11" width="10" height="2" class="metsedu-mark"/>',
}


def level_icon(urgency: Urgency) -> str:
    return (
        f'<svg class="metsedu-level-icon" viewBox="0 0 20 20" aria-hidden="true"'
        f' focusable="false">{_SHAPES[urgency]}</svg>'
    )


def _sign_attrs(sign: Sign) -> str:
    return f'data-metsedu-sign="{escape(sign.id)}" data-metsedu-level="{sign.urgency.value}"'


def sign_inline(sign: Sign, ui: UiText) -> str:
    """A sign named in prose: its level's shape and label, then the sign's own words."""
    words = ui.urgency.of(sign.urgency)
    return (
        f'<span class="metsedu-sign metsedu-level-{sign.urgency.value}" {_sign_attrs(sign)}>'
        f"{level_icon(sign.urgency)}<strong>{escape(words.label)}:</strong> "
        f"{escape(sign.text)}</span>"
    )


def with_signs(body_html: str, lesson: Lesson, ui: UiText) -> str:
    """Replace each ``{sign:ID}`` left in rendered prose with the sign, from the table."""

    def one(match: re.Match[str]) -> str:
        sign = lesson.sign_table.get(match.group(1))
        return sign_inline(sign, ui) if sign else escape(match.group(0))

    return SIGN_REF.sub(one, body_html)


def sign_item(sign: Sign) -> str:
    """One sign in a list: its words, what it can look like, and what else to do."""
    look = _list(sign.look_for) if sign.look_for else ""
    detail = f'<p class="metsedu-sign-detail">{escape(sign.detail)}</p>' if sign.detail else ""
    return f"<li {_sign_attrs(sign)}>{escape(sign.text)}{look}{detail}</li>"


def level_group(urgency: Urgency, found: list[Sign], ui: UiText, level: int = 3) -> str:
    """Signs of one action level under its shape, label and whom to call."""
    words = ui.urgency.of(urgency)
    items = "".join(sign_item(s) for s in found)
    return (
        f'<div class="metsedu-urgency metsedu-level-{urgency.value}"'
        f' data-metsedu-group="{urgency.value}">'
        f"<h{level}>{level_icon(urgency)} {escape(words.label)}</h{level}>"
        f'<p class="metsedu-action">{escape(words.who)}</p>'
        f"<ul>{items}</ul></div>"
    )


def markdown(text: str) -> str:
    return _markdown(text).strip()


def _list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + f"</{tag}>"


def _region(region_id: str, heading: str, body: str, css: str = "", level: int = 2) -> str:
    return (
        f'<section class="metsedu-part {css}" aria-labelledby="{region_id}">'
        f'<h{level} id="{region_id}">{escape(heading)}</h{level}>{body}</section>'
    )


def review_line(lesson: Lesson, ui: UiText) -> str:
    """The review status in words: a draft says so, and never shows a "checked" date."""
    return lesson.review.line(ui.review_line)


def header(lesson: Lesson, ui: UiText) -> str:
    review = review_line(lesson, ui)
    return (
        f'<header class="metsedu-part metsedu-header" lang="{escape(lesson.locale)}"'
        f' data-metsedu-lesson="{escape(lesson.id)}">'
        f"<h1>{escape(lesson.title)}</h1>"
        f'<p class="metsedu-summary">{with_signs(escape(lesson.summary), lesson, ui)}</p>'
        f'<p class="metsedu-disclaimer" role="note">{escape(ui.disclaimer)}</p>'
        f'<p class="metsedu-review metsedu-review-{lesson.review.status}">{escape(review)}</p>'
        "</header>"
    )


def _prose_list(items: Iterable[str], lesson: Lesson, ui: UiText) -> str:
    """A list of plain lines that may name signs as ``{sign:ID}``."""
    lines = "".join(f"<li>{with_signs(escape(i), lesson, ui)}</li>" for i in items)
    return f"<ul>{lines}</ul>"


def objectives(lesson: Lesson, ui: UiText) -> str:
    body = _prose_list(lesson.objectives, lesson, ui)
    return _region(f"{lesson.id}-objectives", ui.objectives_heading, body)


def section(
    lesson: Lesson, part: Section, terms: dict[str, Term] | None = None, ui: UiText | None = None
) -> str:
    body = markdown(part.body)
    if ui is not None:  # before glossary marks, so a sign id is never taken for a word
        body = with_signs(body, lesson, ui)
    if terms:
        listed = [terms[t] for t in lesson.glossary if t in terms]
        body = mark_terms(body, listed, f"{lesson.id}-{part.id}")
    return _region(f"{lesson.id}-{part.id}", part.heading, body) + pictures.figures(
        lesson, after=part.id
    )


_TAG = re.compile(r"(<[^>]+>)")
_NO_MARKS_INSIDE = {"a", "button", "code", "h1", "h2", "h3", "h4"}


def mark_terms(body: str, terms: list[Term], prefix: str) -> str:
    """Mark the first use of each glossary word in ``body`` with its definition in place.

    The word becomes a button that opens a small card (the HTML ``popover``
    attribute: no script needed, Escape closes it, screen readers hear it as
    expandable). Abbreviations such as "CT" match only in capitals.
    """
    by_form: dict[str, Term] = {}
    for term in terms:
        for form in (term.term, *term.forms):
            by_form.setdefault(form if form.isupper() else form.lower(), term)
    if not by_form:
        return body
    alternatives = sorted(by_form, key=len, reverse=True)

    def words(form: str) -> str:
        # A line break in the Markdown may fall between the words of a term.
        return r"\s+".join(re.escape(escape(w)) for w in form.split())

    pattern = re.compile(
        "|".join(
            rf"(?<![\w-]){words(f)}(?![\w-])"
            if f.isupper()
            else rf"(?i:(?<![\w-]){words(f)}(?![\w-]))"
            for f in alternatives
        )
    )
    done: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        spaced = " ".join(found.split())
        term = by_form.get(spaced) or by_form.get(spaced.lower())
        if term is None or term.id in done:
            return found
        done.add(term.id)
        card = f"{prefix}-term-{term.id}"
        return (
            f'<button type="button" class="metsedu-term" popovertarget="{card}">{found}</button>'
            f'<span id="{card}" popover class="metsedu-term-card" role="note">'
            f"<strong>{escape(term.term)}</strong>: {escape(term.definition)}</span>"
        )

    out, skip = [], 0
    for chunk in _TAG.split(body):
        if chunk.startswith("<"):
            name = chunk.strip("</>").split()[0].lower() if chunk.strip("</>") else ""
            if name in _NO_MARKS_INSIDE:
                skip += -1 if chunk.startswith("</") else 1
            out.append(chunk)
        else:
            out.append(chunk if skip else pattern.sub(replace, chunk))
    return "".join(out)


def symptoms(lesson: Lesson, ui: UiText) -> str:
    """The lesson's signs grouped by action level, most urgent first."""
    shown = [lesson.sign(i) for i in lesson.symptoms]
    groups = [
        level_group(urgency, [s for s in shown if s.urgency is urgency], ui)
        for urgency in Urgency
        if any(s.urgency is urgency for s in shown)
    ]
    return _region(f"{lesson.id}-symptoms", ui.symptoms_heading, "".join(groups))


def monitoring_test(test: MonitoringTest, ui: UiText) -> str:
    rows = [("what", test.what), ("feels_like", test.feels_like), ("prepare", test.prepare)]
    if test.how_often:
        rows.append(("how_often", test.how_often))
    body = "".join(
        f"<dt>{escape(getattr(ui.test_labels, key))}</dt><dd>{escape(text)}</dd>"
        for key, text in rows
    )
    return f'<div class="metsedu-card"><h3>{escape(test.name)}</h3><dl>{body}</dl></div>'


def tests(lesson: Lesson, ui: UiText) -> str:
    cards = with_signs("".join(monitoring_test(t, ui) for t in lesson.tests), lesson, ui)
    return _region(f"{lesson.id}-tests", ui.tests_heading, cards)


def treatments(lesson: Lesson, ui: UiText) -> str:
    cards = "".join(treatment(t, ui, lesson) for t in lesson.treatments)
    return _region(f"{lesson.id}-treatments", ui.treatments_heading, cards)


def treatment(item: Treatment, ui: UiText, lesson: Lesson) -> str:
    """A treatment card; side effects with a level of their own show that level."""
    report = ""
    if item.report or item.signs:
        lines = [with_signs(escape(r), lesson, ui) for r in item.report]
        lines += [sign_inline(lesson.sign(i), ui) for i in item.signs]
        report = (
            f"<p><strong>{escape(ui.report_label)}</strong></p>"
            "<ul>" + "".join(f"<li>{line}</li>" for line in lines) + "</ul>"
        )
    return (
        f'<div class="metsedu-card"><h3>{escape(item.name)}</h3>'
        f"<p>{with_signs(escape(item.aim), lesson, ui)}</p>{report}</div>"
    )


def red_flag_signs(lesson: Lesson) -> list[Sign]:
    """The signs of the red-flag box, emergencies first, from the one table."""
    return [lesson.sign(i) for i in red_flag_ids(lesson, lesson.sign_table)]


def red_flags(lesson: Lesson, ui: UiText) -> str:
    """The "get help now" box: one group per urgent level, each saying whom to call."""
    shown = red_flag_signs(lesson)
    groups = "".join(
        level_group(urgency, [s for s in shown if s.urgency is urgency], ui)
        for urgency in Urgency
        if urgency.urgent and any(s.urgency is urgency for s in shown)
    )
    body = (
        f"<p>{escape(ui.red_flags_intro)}</p>{groups}"
        f"{pictures.figures(lesson, after=RED_FLAGS_PLACE)}"
    )
    # No level shape on the heading: the box holds two actions (911 and the 24-hour line),
    # and an octagon here would say "911" for all of them.
    return _region(f"{lesson.id}-red-flags", ui.red_flags_heading, body, "metsedu-red-flags")


def who_to_call(lesson: Lesson, ui: UiText) -> str:
    return _region(f"{lesson.id}-call", ui.who_to_call_heading, _list(lesson.who_to_call))


def handout(lesson: Lesson, ui: UiText) -> str:
    """A plain link that downloads the take-home sheet: it works by keyboard, with no script."""
    link = from_page(handout_address(lesson.id, lesson.locale))
    region_id = f"{lesson.id}-handout"
    return (
        f'<section class="metsedu-part metsedu-handout" aria-labelledby="{region_id}">'
        f'<p><a id="{region_id}" class="metsedu-button-link" href="{escape(link)}" download>'
        f"{escape(ui.handout.download)}</a></p>"
        f"<p>{escape(ui.handout.download_help)}</p></section>"
    )


def key_points(lesson: Lesson, ui: UiText) -> str:
    body = _prose_list(lesson.key_points, lesson, ui)
    return _region(f"{lesson.id}-key-points", ui.key_points_heading, body)


def teach_back(lesson: Lesson, ui: UiText) -> str:
    return _region(f"{lesson.id}-teach-back", ui.teach_back_heading, _list(lesson.teach_back))


def questions(lesson: Lesson, ui: UiText) -> str:
    """Questions a learner may want to ask their team: on the page, not only on paper."""
    if not lesson.questions_to_ask:
        return ""
    body = _list(lesson.questions_to_ask)
    return _region(f"{lesson.id}-questions", ui.questions_heading, body)


def glossary(lesson: Lesson, ui: UiText, terms: dict) -> str:
    body = "".join(
        f"<dt>{escape(terms[t].term)}</dt><dd>{escape(terms[t].definition)}</dd>"
        for t in lesson.glossary
    )
    return _region(f"{lesson.id}-glossary", ui.glossary_heading, f"<dl>{body}</dl>")


def sources(lesson: Lesson, ui: UiText) -> str:
    # A source is cited in its own language (most are English pages): a screen reader
    # then says its title in that language's voice.
    items = "".join(
        f"<li{_lang(s.language, lesson.locale)}>{escape(s.publisher)}: "
        f"<cite>{escape(s.title)}</cite>. "
        f"<span class='metsedu-url'>{escape(s.url)}</span></li>"
        for s in lesson.sources
    )
    return _region(f"{lesson.id}-sources", ui.sources_heading, f"<ol>{items}</ol>")


def _lang(language: str, page: str) -> str:
    return "" if language == page else f' lang="{escape(language)}"'


def navigation(lesson: Lesson, ordered: list[Lesson], ui: UiText) -> str:
    """Back, start and next links, so a learner never has to find the next lesson alone."""
    index = [x.id for x in ordered].index(lesson.id)
    links = []
    if index > 0:
        before = ordered[index - 1]
        text = ui.nav.previous.format(title=before.title)
        links.append(f'<a rel="prev" href="{notebook_name(before)}">← {escape(text)}</a>')
    links.append(f'<a href="{start_notebook(lesson.locale)}">⌂ {escape(ui.nav.start)}</a>')
    if index + 1 < len(ordered):
        after = ordered[index + 1]
        text = ui.nav.next.format(title=after.title)
        links.append(f'<a rel="next" href="{notebook_name(after)}">{escape(text)} →</a>')
    items = "".join(f"<li>{link}</li>" for link in links)
    return (
        f'<nav class="metsedu-part metsedu-nav" aria-label="{escape(ui.nav.label)}">'
        f"<ul>{items}</ul></nav>"
    )


def start_header(ui: UiText) -> str:
    return (
        '<header class="metsedu-part metsedu-header">'
        f"<h1>{escape(ui.start.title)}</h1>{markdown(ui.start.intro)}"
        f'<p class="metsedu-disclaimer" role="note">{escape(ui.disclaimer)}</p>'
        "</header>"
    )


def lesson_list(ordered: list[Lesson], ui: UiText) -> str:
    """Every lesson in teaching order, each a link with its one-line summary."""
    items = "".join(
        f'<li data-metsedu-lesson="{escape(x.id)}"><a href="{notebook_name(x)}">'
        f"{escape(x.title)}</a><p>{escape(x.summary)}</p></li>"
        for x in ordered
    )
    body = f'<ol class="metsedu-lessons">{items}</ol>'
    return _region("start-lessons", ui.start.lessons_heading, body)


def progress_box(ui: UiText) -> str:
    """The start page's progress box, hidden until the page finds progress in this browser.

    The words travel as a data attribute, so the page script (``metsedu-page.js`` in the
    server template) writes nothing of its own. Progress itself never leaves the browser.
    """
    words = escape(json.dumps(ui.progress.model_dump()), quote=True)
    return (
        f'<section class="metsedu-part metsedu-progress-box" aria-labelledby="start-progress"'
        f' data-metsedu-progress="{words}" hidden>'
        f'<h2 id="start-progress">{escape(ui.progress.heading)}</h2>'
        '<p class="metsedu-continue"></p>'
        f"<p>{escape(ui.progress.note)}</p>"
        f'<p><button type="button" class="metsedu-forget">{escape(ui.progress.forget)}</button></p>'
        '<p class="metsedu-forgotten" role="status"></p>'
        "</section>"
    )


def nurse_note(ui: UiText, locale: str = REFERENCE_LOCALE) -> str:
    """The way to the nurse's pages, in the start page's language (``?lang=``; English is
    what the server's pages fall back to anyway, unless the browser chose otherwise)."""
    words = escape(ui.facilitator.link)
    address = from_page(FACILITATOR) + ("" if locale == REFERENCE_LOCALE else f"?lang={locale}")
    link = (
        f'<p><a class="metsedu-button-link" href="{escape(address)}" data-metsedu-leave>'
        f"{words}</a></p>"
    )
    return _region("start-nurses", ui.start.nurse_heading, markdown(ui.start.nurse_note) + link)
