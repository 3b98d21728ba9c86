"""Teaching pictures on the handout: drawn from the same files and words, read back as text.

Each picture is drawn into a small fpdf2 document the way the handout layout does, and
the PDF is read back with pypdf, as in ``test_handouts.py``: the labels (drawn as SVG
text) and the caption must be there, in the core fonts' Latin-1.
"""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
import yaml
from fpdf import FPDF
from pypdf import PdfReader

from metsedu.content.model import Lesson, Picture, PictureTable
from metsedu.handouts import UnprintableTextError
from metsedu.handouts.pictures import (
    CAPTION_PT,
    draw_picture,
    draw_pictures,
    min_width_mm,
    picture_height,
)
from tests.conftest import REPO

CONTENT = REPO / "content"
PICTURES = PictureTable.model_validate(
    yaml.safe_load((CONTENT / "en" / "pictures.yaml").read_text(encoding="utf-8"))
).pictures
ids = [picture.id for picture in PICTURES]
MARGIN = 15.0
LETTER = (215.9, 279.4)
#: The narrowest room a two-column handout gives a picture (mm).
COLUMN = (LETTER[0] - 2 * MARGIN - 8) / 2


def lesson_with(*shown: Picture, lesson_id: str = "bones") -> Lesson:
    """A lesson holding only what the drawing code reads: its id and its pictures."""
    return Lesson.model_construct(id=lesson_id, pictures=list(shown))


def sheet() -> FPDF:
    pdf = FPDF(unit="mm", format=LETTER)
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_creation_date(dt.datetime(2026, 12, 2, tzinfo=dt.UTC))
    pdf.add_page()
    return pdf


def collapse(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"-\n", "-", text)).strip()


def text_of(pdf: bytes) -> str:
    return collapse("\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


@pytest.fixture(scope="module")
def handout() -> bytes:
    """Every picture, in a two-column handout's width, one document for the module."""
    pdf = sheet()
    draw_pictures(pdf, lesson_with(*PICTURES), COLUMN, root=CONTENT)
    return bytes(pdf.output())


def test_a_handout_with_pictures_is_a_pdf(handout):
    assert handout.startswith(b"%PDF-")
    assert len(PdfReader(io.BytesIO(handout)).pages) >= 2


@pytest.mark.parametrize("picture", PICTURES, ids=ids)
def test_caption_and_every_label_read_back(handout, picture):
    text = text_of(handout)
    assert collapse(picture.caption) in text
    for label in picture.labels.values():
        for line in label.split("\n"):
            assert collapse(line) in text, line


def test_the_handout_reads_the_same_drawing_files_as_the_page():
    """Labels on paper come from pictures.yaml, never from words stored in a drawing."""
    picture = PICTURES[0]
    renamed = picture.model_copy(update={"labels": dict.fromkeys(picture.labels, "Zebra")})
    pdf = sheet()
    draw_picture(pdf, lesson_with(renamed), renamed, COLUMN, root=CONTENT)
    text = text_of(bytes(pdf.output()))
    assert text.count("Zebra") == len(picture.labels)
    drawn = text.replace(collapse(picture.caption), "")
    assert not any(line in drawn for v in picture.labels.values() for line in v.split("\n"))


def test_height_is_measured_before_drawing_and_matches():
    pdf = sheet()
    picture = next(p for p in PICTURES if p.id == "who-to-call")
    expected = picture_height(pdf, lesson_with(picture), picture, COLUMN, root=CONTENT)
    top = pdf.y
    used = draw_picture(pdf, lesson_with(picture), picture, COLUMN, root=CONTENT)
    assert used == pytest.approx(expected)
    assert pdf.y == pytest.approx(top + used)


def test_a_picture_never_splits_across_pages():
    pdf = sheet()
    pdf.set_y(pdf.page_break_trigger - 20)
    picture = PICTURES[0]
    draw_picture(pdf, lesson_with(picture), picture, COLUMN, root=CONTENT)
    assert pdf.pages_count == 2
    pages = PdfReader(io.BytesIO(bytes(pdf.output()))).pages
    assert collapse(picture.caption) in collapse(pages[1].extract_text())


def test_captions_print_in_large_type():
    pdf = sheet()
    draw_pictures(pdf, lesson_with(*PICTURES[:1]), COLUMN, root=CONTENT)
    reader = PdfReader(io.BytesIO(bytes(pdf.output())))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    assert min(float(s) for s in re.findall(rb"/F\d+ ([\d.]+) Tf", content)) >= 13
    assert CAPTION_PT >= 13


def test_the_same_pictures_give_the_same_bytes():
    def build() -> bytes:
        pdf = sheet()
        draw_pictures(pdf, lesson_with(*PICTURES), COLUMN, root=CONTENT)
        return bytes(pdf.output())

    assert build() == build()


def test_a_label_outside_latin1_names_the_picture_and_label():
    picture = PICTURES[0]
    label_id = next(iter(picture.labels))
    broken = picture.model_copy(update={"labels": {**picture.labels, label_id: "Call \u260e"}})
    with pytest.raises(UnprintableTextError) as caught:
        draw_picture(sheet(), lesson_with(broken), broken, COLUMN, root=CONTENT)
    assert caught.value.loc == (picture.id, "labels", label_id)
    assert caught.value.char == "\u260e"


def test_typographic_characters_in_a_caption_are_printed_plainly():
    picture = PICTURES[0].model_copy(update={"caption": "It\u2019s \u201cfine\u201d \u2014 really"})
    pdf = sheet()
    draw_picture(pdf, lesson_with(picture), picture, COLUMN, root=CONTENT)
    assert 'It\'s "fine" - really' in text_of(bytes(pdf.output()))


@pytest.mark.parametrize("picture", PICTURES, ids=ids)
def test_labels_print_at_13_pt_or_more_on_a_full_width_handout(picture):
    """The layout can ask how narrow a picture may go; the page's full width is enough."""
    width = min_width_mm(picture, root=CONTENT)
    assert 60 < width <= LETTER[0] - 2 * MARGIN
