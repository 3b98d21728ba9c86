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
