"""Turn content objects into small, semantic, accessible HTML fragments.

All text is escaped; section bodies go through Markdown with raw HTML escaped too,
so a stray ``<script>`` in a content file shows as text. Structure does the work a
screen reader needs: real headings, lists, and labelled regions. Meaning is never
carried by colour alone: every urgency shows its words and an icon.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from html import escape

import mistune

from ..content import Lesson, Term, UiText, Urgency
from ..content.model import MonitoringTest, RedFlag, Section, Treatment
from ..widgets.body_map import notebook_link

_markdown = mistune.create_markdown(escape=True)

#: Icons sit beside the words, never instead of them; screen readers skip them.
URGENCY_ICON = {Urgency.HELP_NOW: "⚠", Urgency.CALL_TODAY: "☎", Urgency.NEXT_VISIT: "✎"}


def markdown(text: str) -> str:
    return _markdown(text).strip()


def _list(items: Iterable[str], tag: str = "ul") -> str:
    return f"<{tag}>" + "".join(f"<li>{escape(i)}</li>" for i in items) + f"</{tag}>"


def _region(region_id: str, heading: str, body: str, css: str = "", level: int = 2) -> str:
    return (
        f'<section class="metsedu-part {css}" aria-labelledby="{region_id}">'
        f'<h{level} id="{region_id}">{escape(heading)}</h{level}>{body}</section>'
    )


def header(lesson: Lesson, ui: UiText) -> str:
    review = ui.review_line.format(
        status=ui.review_status[lesson.review.status],
        date=lesson.review.date.isoformat(),
        next_review=lesson.review.next_review.isoformat(),
    )
    return (
        f'<header class="metsedu-part metsedu-header" lang="{escape(lesson.locale)}"'
        f' data-metsedu-lesson="{escape(lesson.id)}">'
        f"<h1>{escape(lesson.title)}</h1>"
        f'<p class="metsedu-summary">{escape(lesson.summary)}</p>'
        f'<p class="metsedu-disclaimer" role="note">{escape(ui.disclaimer)}</p>'
        f'<p class="metsedu-review">{escape(review)}</p>'
        "</header>"
    )


def objectives(lesson: Lesson, ui: UiText) -> str:
    return _region(f"{lesson.id}-objectives", ui.objectives_heading, _list(lesson.objectives))


def section(lesson: Lesson, part: Section, terms: dict[str, Term] | None = None) -> str:
    body = markdown(part.body)
    if terms:
        listed = [terms[t] for t in lesson.glossary if t in terms]
        body = mark_terms(body, listed, f"{lesson.id}-{part.id}")
    return _region(f"{lesson.id}-{part.id}", part.heading, body)


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
    pattern = re.compile(
        "|".join(
            rf"(?<![\w-]){re.escape(escape(f))}(?![\w-])"
            if f.isupper()
            else rf"(?i:(?<![\w-]){re.escape(escape(f))}(?![\w-]))"
            for f in alternatives
        )
    )
    done: set[str] = set()

    def replace(match: re.Match[str]) -> str:
        found = match.group(0)
        term = by_form.get(found) or by_form.get(found.lower())
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
    groups = []
    for urgency in Urgency:
        found = [s for s in lesson.symptoms if s.urgency is urgency]
        if not found:
            continue
        label = getattr(ui.urgency, urgency.value)
        items = "".join(
            f"<li>{escape(s.text)}" + (f" {escape(s.detail)}" if s.detail else "") + "</li>"
            for s in found
        )
        groups.append(
            f'<div class="metsedu-urgency metsedu-urgency-{urgency.value}">'
            f'<h3><span aria-hidden="true">{URGENCY_ICON[urgency]}</span> {escape(label)}</h3>'
            f"<ul>{items}</ul></div>"
        )
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
    cards = "".join(monitoring_test(t, ui) for t in lesson.tests)
    return _region(f"{lesson.id}-tests", ui.tests_heading, cards)


def treatments(lesson: Lesson, ui: UiText) -> str:
    cards = "".join(treatment(t, ui) for t in lesson.treatments)
    return _region(f"{lesson.id}-treatments", ui.treatments_heading, cards)


def treatment(item: Treatment, ui: UiText) -> str:
    report = ""
    if item.report:
        report = f"<p><strong>{escape(ui.report_label)}</strong></p>{_list(item.report)}"
    return (
        f'<div class="metsedu-card"><h3>{escape(item.name)}</h3>'
        f"<p>{escape(item.aim)}</p>{report}</div>"
    )


def red_flag(flag: RedFlag) -> str:
    return (
        f'<div class="metsedu-flag"><h3>{escape(flag.title)}</h3>{_list(flag.signs)}'
        f'<p class="metsedu-action">{escape(flag.action)}</p></div>'
    )


def red_flags(lesson: Lesson, ui: UiText) -> str:
    icon = f'<span aria-hidden="true">{URGENCY_ICON[Urgency.HELP_NOW]}</span> '
    body = "".join(red_flag(f) for f in lesson.red_flags)
    region_id = f"{lesson.id}-red-flags"
    return (
        f'<section class="metsedu-part metsedu-red-flags" aria-labelledby="{region_id}">'
        f'<h2 id="{region_id}">{icon}{escape(ui.red_flags_heading)}</h2>{body}</section>'
    )


def who_to_call(lesson: Lesson, ui: UiText) -> str:
    return _region(f"{lesson.id}-call", ui.who_to_call_heading, _list(lesson.who_to_call))


#: Where the server offers each lesson's handout, relative to a lesson page
#: (``{base}/voila/render/<notebook>``); see ``metsedu.server.handout_handler``.
HANDOUT_LINK = "../../metsedu/handouts/{lesson_id}.pdf"


def handout(lesson: Lesson, ui: UiText) -> str:
    """A plain link that downloads the take-home sheet: it works by keyboard, with no script."""
    link = HANDOUT_LINK.format(lesson_id=lesson.id)
    region_id = f"{lesson.id}-handout"
    return (
        f'<section class="metsedu-part metsedu-handout" aria-labelledby="{region_id}">'
        f'<p><a id="{region_id}" class="metsedu-button-link" href="{escape(link)}" download>'
        f"{escape(ui.handout.download)}</a></p>"
        f"<p>{escape(ui.handout.download_help)}</p></section>"
    )


def key_points(lesson: Lesson, ui: UiText) -> str:
    return _region(f"{lesson.id}-key-points", ui.key_points_heading, _list(lesson.key_points))


def teach_back(lesson: Lesson, ui: UiText) -> str:
    return _region(f"{lesson.id}-teach-back", ui.teach_back_heading, _list(lesson.teach_back))


def glossary(lesson: Lesson, ui: UiText, terms: dict) -> str:
    body = "".join(
        f"<dt>{escape(terms[t].term)}</dt><dd>{escape(terms[t].definition)}</dd>"
        for t in lesson.glossary
    )
    return _region(f"{lesson.id}-glossary", ui.glossary_heading, f"<dl>{body}</dl>")


def sources(lesson: Lesson, ui: UiText) -> str:
    items = "".join(
        f"<li>{escape(s.publisher)}: <cite>{escape(s.title)}</cite>. "
        f"<span class='metsedu-url'>{escape(s.url)}</span></li>"
        for s in lesson.sources
    )
    return _region(f"{lesson.id}-sources", ui.sources_heading, f"<ol>{items}</ol>")


#: The "Start here" notebook, beside the lesson notebooks.
START_NOTEBOOK = "00-start.ipynb"


def navigation(lesson: Lesson, ordered: list[Lesson], ui: UiText) -> str:
    """Back, start and next links, so a learner never has to find the next lesson alone."""
    index = [x.id for x in ordered].index(lesson.id)
    links = []
    if index > 0:
        before = ordered[index - 1]
        text = ui.nav.previous.format(title=before.title)
        links.append(f'<a rel="prev" href="{notebook_link(before)}">← {escape(text)}</a>')
    links.append(f'<a href="{START_NOTEBOOK}">⌂ {escape(ui.nav.start)}</a>')
    if index + 1 < len(ordered):
        after = ordered[index + 1]
        text = ui.nav.next.format(title=after.title)
        links.append(f'<a rel="next" href="{notebook_link(after)}">{escape(text)} →</a>')
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
        f'<li data-metsedu-lesson="{escape(x.id)}"><a href="{notebook_link(x)}">'
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


#: The facilitator pages, relative to the start page (``{base}/voila/render/00-start.ipynb``).
FACILITATOR_LINK = "../../metsedu/facilitator"


def nurse_note(ui: UiText) -> str:
    words = escape(ui.facilitator.link)
    link = (
        f'<p><a class="metsedu-button-link" href="{FACILITATOR_LINK}" data-metsedu-leave>'
        f"{words}</a></p>"
    )
    return _region("start-nurses", ui.start.nurse_heading, markdown(ui.start.nurse_note) + link)
