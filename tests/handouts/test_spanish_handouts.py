"""The Spanish handouts, built from the real content as a nurse prints them, read back.

``metsedu handouts --locale es`` writes every Spanish lesson's handout once for the whole
module; each PDF is read back with pypdf, as in ``test_handouts.py``, and must hold its
words exactly as written: accents, ñ, ¿ and ¡ included (the PDF's core fonts are Latin-1,
which has them all; a letter lost on the way would change what a learner reads). Each
fits on two sheets (four pages printed on both sides), like the English ones.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from metsedu.cli import main
from metsedu.content import Lesson, load_library
from metsedu.content.signs import as_plain, red_flag_ids
from metsedu.handouts import build_handout
from metsedu.handouts.layout import FOOTER_PT, MAX_PAGES
from tests.conftest import REPO
from tests.handouts.reading import (
    assert_sections_in_order,
    collapse,
    expected_footer,
    pages_text,
    printed,
    text_of,
)

CONTENT = REPO / "content"
SPANISH = load_library("es", root=CONTENT)
ENGLISH = load_library(root=CONTENT)
LESSONS = SPANISH.ordered()
UI = SPANISH.ui
ids = [lesson.id for lesson in LESSONS]
#: The letters and marks Spanish needs beyond ASCII, all in Latin-1.
SPANISH_MARKS = "áéíóúüñÁÉÍÓÚÜÑ¿¡"

#: Exact words from content/es that carry the marks, as each handout must print them: a
#: heading of ui.yaml's ``handout:``, its diary words, a sign, a question. If a translator
#: rewords one of these, put the new words here (the test says which is missing).
EXACT = {
    "ui.yaml handout.help_now_heading": "Cuándo buscar ayuda ahora",
    "ui.yaml handout.who_to_call_heading": "A quién llamar",
    "ui.yaml handout.diary_heading": "Mi diario de síntomas",
    "ui.yaml handout.phone_blanks": "Mi equipo de cáncer (día y noche):",
    "ui.yaml handout.diary_columns": "Qué tan fuerte (0-10)",
    "ui.yaml handout.own_questions": "Mis propias preguntas:",
}
EXACT_IN = {
    "bones": [
        "Hinchazón y dolor, calor o piel roja en un solo brazo o pierna",  # a sign
        "¿Hay riesgo de que se me rompa un hueso?",  # a question
        "Algunas señales dicen que llame al 911.",  # who to call: ñ
    ],
    "lungs": ["¿Puedo ver a alguien que enseñe ejercicios para respirar?"],
    "liver": ["¿Cómo sabremos si mi tratamiento funciona?"],
}


@pytest.fixture(scope="module")
def written(tmp_path_factory) -> tuple[list[str], dict[str, bytes]]:
    """What ``metsedu handouts --locale es`` printed, and each PDF it wrote, by lesson id."""
    out = tmp_path_factory.mktemp("handouts-es")
    said = io.StringIO()
    with contextlib.redirect_stdout(said):
        assert main(["handouts", "--locale", "es", "--out", str(out)]) == 0
    lines = said.getvalue().splitlines()
    return lines, {path.stem: path.read_bytes() for path in sorted(out.glob("*.pdf"))}


@pytest.fixture(scope="module")
def pdfs(written) -> dict[str, bytes]:
    return written[1]


def every_word(lesson: Lesson) -> list[str]:
    """Every content string the handout of ``lesson`` must print, in no particular order."""
    words = UI.handout
    box = red_flag_ids(lesson, lesson.sign_table)
    signs = [lesson.sign(i) for i in box]
    levels = {UI.urgency.of(sign.urgency) for sign in signs}
    watched = [lesson.sign(i) for i in lesson.symptoms if not lesson.sign(i).urgency.urgent]
    return [
        words.title.format(title=lesson.title),
        words.intro,
        words.help_now_heading,
        *(text for sign in signs for text in (sign.text, *sign.look_for)),
        *(text for level in levels for text in (level.label, level.who)),
        *([words.watch_heading] if watched else []),
        *(text for sign in watched for text in (sign.text, sign.detail or "")),
        words.who_to_call_heading,
        *(as_plain(text, lesson, UI) for text in lesson.who_to_call),
        *words.phone_blanks,
        words.questions_heading,
        *lesson.questions_to_ask,
        words.own_questions,
        words.diary_heading,
        words.diary_intro,
        *words.diary_columns,
        words.privacy,
        expected_footer(lesson, UI),
    ]


def test_the_cli_writes_and_names_every_spanish_handout(written):
    lines, pdfs = written
    assert sorted(Path(line).name for line in lines) == sorted(f"{i}.pdf" for i in ids)
    assert sorted(pdfs) == sorted(ids)
    for lesson in LESSONS:
        reader = PdfReader(io.BytesIO(pdfs[lesson.id]))
        assert reader.trailer["/Root"]["/Lang"] == "es"
        assert reader.metadata.title == printed(UI.handout.title.format(title=lesson.title))


def test_every_lesson_is_in_spanish():
    """The set is all Spanish: no lesson falls back to its English file."""
    assert [lesson.locale for lesson in LESSONS] == ["es"] * len(ENGLISH.lessons)


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_a_spanish_handout_fits_on_two_sheets(lesson, pdfs):
    assert len(PdfReader(io.BytesIO(pdfs[lesson.id])).pages) <= MAX_PAGES == 4


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_every_spanish_word_is_printed_with_its_accents_and_marks(lesson, pdfs):
    text = text_of(pdfs[lesson.id])
    for content in every_word(lesson):
        assert printed(content) in text, f"{lesson.id}: {content!r} is not on the handout"
    # Every mark the lesson's words carry reads back from the PDF, none replaced.
    marks = {c for content in every_word(lesson) for c in content if c in SPANISH_MARKS}
    assert marks <= set(text), f"{lesson.id}: {marks - set(text)} did not print"
    assert "?" not in re.sub(r"¿[^?]*\?", "", text), "a question mark without its ¿"


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_the_exact_spanish_words_are_on_the_handout(lesson, pdfs):
    text = text_of(pdfs[lesson.id])
    for where, words in EXACT.items():
        assert words in text, f"{lesson.id}: {words!r} ({where}) is not on the handout"
    for words in EXACT_IN.get(lesson.id, []):
        assert words in text, f"{lesson.id}: {words!r} is not on the handout"
    assert printed(ENGLISH.ui.handout.help_now_heading) not in text


def test_the_set_carries_every_spanish_mark_the_sheets_use(pdfs):
    """Across the set: accents on every vowel, ñ and ¿ (no handout text of the content
    has ¡; it is checked below with words added to a real lesson)."""
    text = " ".join(text_of(pdf) for pdf in pdfs.values())
    for mark in "áéíóúñ¿":
        assert mark in text, f"{mark!r} is on no Spanish handout"


def test_upside_down_marks_and_capital_accents_print_as_written():
    lesson = SPANISH.lessons["bones"]
    words = "¡Llame al 911 ahora! ¿Está sola o solo? Ñandú, pingüino, ÁÉÍÓÚÜ: áéíóúüñ."
    pdf = build_handout(lesson.model_copy(update={"who_to_call": [words]}), UI)
    assert words in text_of(pdf)


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_a_draft_spanish_handout_says_borrador_on_every_page(lesson, pdfs):
    pages = pages_text(pdfs[lesson.id])
    for number, page in enumerate(pages, 1):
        assert expected_footer(lesson, UI) in collapse(page)
        assert f"{number} / {len(pages)}" in page
    if lesson.review.status == "draft":
        assert "BORRADOR" in expected_footer(lesson, UI)
        assert "Revisada por" not in text_of(pdfs[lesson.id])


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_spanish_sections_come_in_order_with_help_now_first(lesson, pdfs):
    assert_sections_in_order(text_of(pdfs[lesson.id]), lesson, UI, intros=False)


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_spanish_type_is_as_large_as_english(lesson, pdfs):
    """Longer Spanish words never make the type smaller: 13 pt or more, the footer 12 pt."""
    reader = PdfReader(io.BytesIO(pdfs[lesson.id]))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    sizes = {float(size) for size in re.findall(rb"/F\d+ ([\d.]+) Tf", content)}
    assert min(sizes - {FOOTER_PT}) >= 13
    assert min(sizes) >= FOOTER_PT == 12


def test_a_language_with_no_content_is_refused_clearly(tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["handouts", "--locale", "fr", "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "no lessons in the language 'fr'" in err
    assert "en, es" in err
    assert "No handouts were written." in err
    assert not out.exists()
