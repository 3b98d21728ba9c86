"""The Spanish lesson page's handout link, in a real Chromium: it downloads the Spanish PDF.

The page links its own language's handout (``metsedu/handouts/es/bones.pdf``); the file
is saved under a name that says its language, and reads back in Spanish, accents and ¿
included. (The English page's link is tested in ``test_progress_and_handouts_in_browser``.)
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from conftest import Visit
from pypdf import PdfReader

from metsedu.content import load_library
from metsedu.handouts.layout import MAX_PAGES
from metsedu.names import notebook_name

pytestmark = pytest.mark.browser

SPANISH = load_library("es")
ENGLISH = load_library()
BONES = SPANISH.lessons["bones"]


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_the_spanish_page_downloads_the_spanish_handout_by_keyboard(visit: Visit):
    assert BONES.locale == "es" and notebook_name(BONES) == "02-bones.es.ipynb"
    page = visit.open(notebook_name(BONES))
    link = page.get_by_role("link", name=SPANISH.ui.handout.download)
    assert link.get_attribute("href").endswith("metsedu/handouts/es/bones.pdf")
    link.focus()
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    download = waiting.value
    assert download.suggested_filename == "metsedu-bones-handout-es.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(pdf.pages) <= MAX_PAGES
    assert pdf.trailer["/Root"]["/Lang"] == "es"
    text = " ".join(one_line(sheet.extract_text()) for sheet in pdf.pages)
    assert one_line(SPANISH.ui.handout.help_now_heading) in text  # "Cuándo buscar ayuda ahora"
    for sign_id in BONES.red_flags:
        assert one_line(BONES.sign(sign_id).text) in text
    for question in BONES.questions_to_ask:  # with their ¿
        assert one_line(question) in text
    assert one_line(ENGLISH.ui.handout.help_now_heading) not in text
    assert visit.outside == [] and visit.errors == []
