"""The teaching record as a printable PDF (fpdf2 with its built-in fonts: nothing fetched).

The built-in fonts print Latin-1 (cp1252), which holds every letter of English and Spanish
(á, é, ñ, ¿, ¡): the record prints in the nurse's language, with each language's name in its
own words. The nurse's notes are typed by a person, so any character the built-in fonts cannot
print becomes "?" rather than stopping the record; everything else comes from content. The
numbers, percentages included, come worked out from :mod:`.teaching_record`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..handouts.text import to_latin1
from ..sessions.store import PHASES
from .facilitator_templates import fill
from .teaching_record import languages_line

if TYPE_CHECKING:
    from ..content.ui_model import FacilitatorText
    from .teaching_record import TeachingRecord


def _text(value: object) -> str:
    return to_latin1(str(value), errors="replace")[0]


def record_pdf(record: TeachingRecord, words: FacilitatorText) -> bytes:
    from fpdf import FPDF

    pdf = FPDF(format="letter")
    pdf.set_creator("metsedu")
    pdf.set_title(_text(words.record_title))
    pdf.set_margins(18, 18, 18)
    pdf.set_auto_page_break(True, 18)
    pdf.add_page()
    width = pdf.epw

    def heading(text: str, size: int = 15) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", size)
        pdf.multi_cell(width, size * 0.5, _text(text))
        pdf.ln(1)

    def line(text: str, style: str = "") -> None:
        pdf.set_font("Helvetica", style, 12)
        pdf.multi_cell(width, 6, _text(text))

    heading(words.record_title, 20)
    line(fill(words.record_date, date=record.date.isoformat()))
    line(fill(words.participants, count=record.participants))
    if record.languages:
        line(languages_line(list(record.languages), words))
    heading(words.record_lessons)
    for _id, title, version, review in record.lessons:
        line("- " + fill(words.record_version, title=title, version=version, review=review))
    heading(words.change_heading)
    change = record.change()
    if change is not None:
        line(fill(words.change_overall, before=change.before, after=change.after))
    for item in record.items:
        figures = [
            f"{words.phases[phase]}: {right}/{answered} ({item.percent_right(phase)}%)"
            for phase in PHASES
            for answered, right in [item.numbers(phase)]
            if answered
        ]
        if figures:
            line(f"- {item.prompt} " + "; ".join(figures))
    heading(words.record_missed)
    for item in record.most_missed():
        line(f"- {item.prompt} ({item.percent_right()}%)")
    heading(words.record_teach_back)
    for prompt in record.teach_back:
        line(f"- {prompt}")
    heading(words.record_notes)
    line(record.notes or " ")
    pdf.ln(8)
    for _ in range(4):
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(9)
    line(words.privacy, "I")
    return bytes(pdf.output())
