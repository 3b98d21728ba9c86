"""Reading a handout PDF back as text, and a content string as the handout prints it.

Shared by the English and the Spanish handout tests: what a learner finds on the printed
sheet is checked against the content, word for word, in either language.
"""

from __future__ import annotations

import io
import re

from pypdf import PdfReader

from metsedu.content import Lesson, UiText
from metsedu.content.plain_text import paragraphs
from metsedu.handouts.text import to_latin1


def collapse(text: str) -> str:
    """One space for any run of white space; a line broken after a hyphen is joined again."""
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text)).strip()


def printed(content: str) -> str:
    """A content string as the handout prints it: Markdown markers gone, Latin-1 only."""
    latin1, bad = to_latin1(content)
    assert bad is None
    return collapse(" ".join(paragraphs(latin1)))


def pages_text(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def text_of(pdf: bytes) -> str:
    return collapse("\n".join(pages_text(pdf)))


def expected_footer(lesson: Lesson, ui: UiText) -> str:
    """The footer every page of ``lesson``'s handout prints, in ``ui``'s words."""
    review = lesson.review
    return printed(
        ui.handout.footer[review.status].format(
            title=lesson.title,
            version=lesson.version,
            date=review.date.isoformat(),
            reviewed_by=review.reviewed_by or "",
        )
    )


def assert_sections_in_order(text: str, lesson: Lesson, ui: UiText, intros: bool = True) -> None:
    """The handout's parts come in teaching order, help now first (``intros``: also the
    sheet's and the diary's one-line introductions)."""
    words = ui.handout
    headings = [
        printed(words.title.format(title=lesson.title)),
        *([printed(words.intro)] if intros else []),
        printed(words.help_now_heading),
        printed(words.watch_heading),
        printed(words.who_to_call_heading),
        printed(words.questions_heading),
        printed(words.diary_heading),
        *([printed(words.diary_intro)] if intros else []),
        printed(words.privacy),
    ]
    if all(lesson.sign(i).urgency.urgent for i in lesson.symptoms):
        headings.remove(printed(words.watch_heading))  # nothing to watch for but urgent signs
    places = [text.find(heading) for heading in headings]
    assert -1 not in places, dict(zip(headings, places, strict=True))
    assert places == sorted(places)
