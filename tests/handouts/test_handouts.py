"""Take-home handouts: every real lesson fits on two sheets and prints every word it must.

The PDFs are read back with pypdf, as a reader's software would see them. Extracted
text breaks lines where the layout wrapped them, so both sides are compared after
collapsing white space.
"""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from metsedu.cli import main
from metsedu.content import load_library
from metsedu.content.signs import red_flag_ids
from metsedu.handouts import UnprintableTextError, build_handout, write_handouts
from metsedu.handouts.layout import FOOTER_PT, MAX_PAGES
from metsedu.handouts.sheet import URGENCY_ORDER
from metsedu.handouts.text import to_latin1
from tests.conftest import REPO, VALID, line_of
from tests.handouts.reading import (
    assert_sections_in_order,
    collapse,
    expected_footer,
    pages_text,
    printed,
    text_of,
)

LIBRARY = load_library(root=REPO / "content")
LESSONS = LIBRARY.ordered()
UI = LIBRARY.ui
ids = [lesson.id for lesson in LESSONS]


@pytest.fixture(scope="module")
def pdfs() -> dict[str, bytes]:
    """Each real lesson's handout, built once for the whole module."""
    return {lesson.id: build_handout(lesson, UI) for lesson in LESSONS}


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_at_most_two_sheets(lesson, pdfs):
    assert len(PdfReader(io.BytesIO(pdfs[lesson.id])).pages) <= MAX_PAGES == 4


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_every_red_flag_sign_its_level_and_whom_to_call_are_printed(lesson, pdfs):
    text = text_of(pdfs[lesson.id])
    box = text[: text.find(printed(UI.handout.watch_heading))]
    for sign_id in red_flag_ids(lesson, lesson.sign_table):
        sign = lesson.sign(sign_id)
        level = UI.urgency.of(sign.urgency)
        for words in [sign.text, *sign.look_for, level.label, level.who]:
            assert printed(words) in box, f"{lesson.id}: {words!r} is not in the handout's box"


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_a_draft_handout_says_draft_and_never_checked(lesson, pdfs):
    text = text_of(pdfs[lesson.id])
    if lesson.review.status == "draft":
        assert "DRAFT" in text
        assert "checked on" not in text.lower() and "Checked by" not in text


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_who_to_call_questions_diary_and_footer_are_printed(lesson, pdfs):
    text = text_of(pdfs[lesson.id])
    words = UI.handout
    wanted = [
        *lesson.who_to_call,
        *words.phone_blanks,
        *lesson.questions_to_ask,
        words.own_questions,
        *words.diary_columns,
        words.privacy,
    ]
    for content in wanted:
        assert printed(content) in text, f"{lesson.id}: {content!r} is not on the handout"
    assert f"Version {lesson.version}" in expected_footer(lesson, UI)  # the fixture's wording
    assert lesson.version in text


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_sections_come_in_order_with_help_now_first(lesson, pdfs):
    assert_sections_in_order(text_of(pdfs[lesson.id]), lesson, UI)


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_symptoms_are_printed_under_their_urgency_label(lesson, pdfs):
    """Each group's label is a printed word, and each symptom sits between it and the next."""
    text = text_of(pdfs[lesson.id])
    watch = text.find(printed(UI.handout.watch_heading))
    signs = [lesson.sign(i) for i in lesson.symptoms if not lesson.sign(i).urgency.urgent]
    present = [u for u in URGENCY_ORDER if any(s.urgency is u for s in signs)]
    starts = [text.find(printed(UI.urgency.of(u).label), watch) for u in present]
    assert -1 not in starts
    assert starts == sorted(starts)
    ends = [*starts[1:], text.find(printed(UI.handout.who_to_call_heading), watch)]
    groups = {u: text[start:end] for u, start, end in zip(present, starts, ends, strict=True)}
    for symptom in signs:
        group = groups[symptom.urgency]
        assert printed(symptom.text) in group, f"{symptom.id} is not under its level"
        if symptom.detail:
            assert printed(symptom.detail) in group


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_every_page_has_the_footer_and_its_number(lesson, pdfs):
    pages = pages_text(pdfs[lesson.id])
    for number, page in enumerate(pages, 1):
        assert expected_footer(lesson, UI) in collapse(page)
        assert f"{number} / {len(pages)}" in page


@pytest.mark.parametrize("lesson", LESSONS, ids=ids)
def test_type_is_large(lesson, pdfs):
    """Body text and headings are 13 pt or more; only the footer is smaller, at 12 pt."""
    reader = PdfReader(io.BytesIO(pdfs[lesson.id]))
    content = b"".join(page.get_contents().get_data() for page in reader.pages)
    sizes = {float(size) for size in re.findall(rb"/F\d+ ([\d.]+) Tf", content)}
    assert sizes, "no text found"
    assert min(sizes - {FOOTER_PT}) >= 13
    assert min(sizes) >= FOOTER_PT


def test_metadata_title_language_and_date_come_from_the_lesson(pdfs):
    lesson = LESSONS[0]
    reader = PdfReader(io.BytesIO(pdfs[lesson.id]))
    assert reader.metadata.title == printed(UI.handout.title.format(title=lesson.title))
    assert reader.trailer["/Root"]["/Lang"] == lesson.locale
    assert reader.metadata.creation_date.date() == lesson.review.date
    box = reader.pages[0].mediabox
    assert (round(box.width), round(box.height)) == (612, 792)  # US Letter, in points


def test_same_content_gives_the_same_bytes(pdfs):
    lesson = LESSONS[1]
    assert build_handout(lesson, UI) == pdfs[lesson.id]
    assert pdfs[LESSONS[0].id] != pdfs[LESSONS[1].id]


def test_the_bytes_do_not_depend_on_the_process():
    """Hash seeds and time zones differ between machines; the handout must not."""
    code = (
        "import hashlib; from metsedu.content import load_library; "
        "from metsedu.handouts import build_handout; lib = load_library(); "
        "print(hashlib.sha256(build_handout(lib.lessons['liver'], lib.ui)).hexdigest())"
    )
    digests = set()
    for seed, zone in (("1", "UTC"), ("2", "Pacific/Auckland")):
        env = {**os.environ, "PYTHONHASHSEED": seed, "TZ": zone}
        run = subprocess.run(
            [sys.executable, "-c", code],
            capture_output=True,
            text=True,
            check=True,
            env=env,
            cwd=REPO,
        )
        digests.add(run.stdout.strip())
    assert len(digests) == 1


def test_a_character_outside_latin1_names_the_lesson_field_and_character():
    lesson = LESSONS[1]
    broken = lesson.model_copy(update={"who_to_call": ["Call \u260e now"]})
    with pytest.raises(UnprintableTextError) as caught:
        build_handout(broken, UI)
    message = str(caught.value)
    assert message.startswith(f"lesson {lesson.id!r} who_to_call.0: the character ")
    assert "\u260e" in message
    assert "U+260E" in message
    assert isinstance(caught.value, ValueError)


def test_typographic_characters_become_latin1():
    lesson = LESSONS[0]
    fancy = "Call \u201cyour\u201d team\u2014it\u2019s 24\u00a0hours\u2026 \u2265 2 \u2022 \ufb01ne"
    pdf = build_handout(lesson.model_copy(update={"who_to_call": [fancy]}), UI)
    text = text_of(pdf)
    # Compared piece by piece: a narrow column may wrap the line at any of the spaces.
    for piece in ('Call "your" team', "it's 24 hours...", ">= 2", "fine"):
        assert piece in text


def test_typed_words_keep_what_prints_and_mark_the_rest():
    """A nurse's notes are never refused: what prints is kept, plainly, and the rest is "?"."""
    typed = "Asked about \u201cbone pain\u201d \u260e twice \u2014 \u4e2d"
    assert to_latin1(typed, errors="replace") == (
        'Asked about "bone pain" ? twice - ?',
        "\u260e",
    )
    assert to_latin1("all \u2019fine\u2019", errors="replace") == ("all 'fine'", None)
    assert to_latin1(typed) == ("", "\u260e")


def test_no_symptoms_and_no_questions_still_make_a_handout():
    lesson = LESSONS[0].model_copy(update={"symptoms": [], "questions_to_ask": []})
    text = text_of(build_handout(lesson, UI))
    assert printed(UI.handout.watch_heading) not in text
    assert printed(UI.handout.own_questions) in text


def test_a_long_lesson_runs_on_without_losing_words():
    """More than fits on four pages: the box continues on the next page, nothing is dropped."""
    lesson = LESSONS[1]
    box = red_flag_ids(lesson, lesson.sign_table)
    table = dict(lesson.sign_table)
    for n in range(4):
        for sign_id in box:
            table[f"{sign_id}-{n}"] = table[sign_id].model_copy(update={"id": f"{sign_id}-{n}"})
    copies = [f"{i}-{n}" for n in range(4) for i in box]
    long = lesson.model_copy(update={"red_flags": [*box, *copies], "sign_table": table})
    pdf = build_handout(long, UI)
    text = text_of(pdf)
    assert len(pages_text(pdf)) > 1
    for sign_id in box:
        assert text.count(printed(lesson.sign(sign_id).text)) >= 5


def test_write_handouts_names_files_by_lesson_id_and_follows_the_locale(tmp_path):
    paths = write_handouts(tmp_path / "es", VALID, "es")
    assert [path.name for path in paths] == ["bones.pdf", "liver.pdf"]
    spanish = PdfReader(paths[0])
    assert spanish.trailer["/Root"]["/Lang"] == "es"
    assert "Huesos" in spanish.metadata.title


def test_cli_writes_one_pdf_per_lesson(tmp_path, capsys):
    out = tmp_path / "handouts"
    assert main(["handouts", "--out", str(out)]) == 0
    written = sorted(path.name for path in out.iterdir())
    assert written == sorted(f"{lesson_id}.pdf" for lesson_id in ids)
    lines = capsys.readouterr().out.splitlines()
    assert sorted(Path(line).name for line in lines) == written


def test_cli_reports_broken_content_like_check(
    with_broken, valid_tree, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(valid_tree.parent)
    path = with_broken("empty_required_field")
    out = tmp_path / "out"
    assert main(["handouts", "--out", str(out), "--content", str(valid_tree)]) == 1
    err = capsys.readouterr().err
    assert f"content/en/bones.yaml:{line_of(path, 'summary:')}: summary: must not be empty" in err
    assert not out.exists()


def test_cli_locates_an_unprintable_character(valid_tree, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(valid_tree.parent)
    bones = valid_tree / "en" / "signs" / "bones.yaml"
    bones.write_text(
        bones.read_text().replace(
            "text: New back pain with weak legs.", "text: New back pain \u260e."
        )
    )
    ui = valid_tree / "en" / "ui.yaml"
    assert main(["handouts", "--out", str(tmp_path / "out"), "--content", str(valid_tree)]) == 1
    err = capsys.readouterr().err
    line = line_of(bones, "New back pain \u260e")
    assert f"content/en/signs/bones.yaml:{line}: signs.0.text: the character " in err
    assert "lesson 'bones'" in err
    assert "U+260E" in err
    assert ui.exists()


def test_cli_locates_an_unprintable_character_in_the_ui_words(
    valid_tree, tmp_path, capsys, monkeypatch
):
    monkeypatch.chdir(valid_tree.parent)
    ui = valid_tree / "en" / "ui.yaml"
    ui.write_text(ui.read_text().replace("Bring it to your visits.", "Bring it \u2708."))
    assert main(["handouts", "--out", str(tmp_path / "out"), "--content", str(valid_tree)]) == 1
    err = capsys.readouterr().err
    assert f"content/en/ui.yaml:{line_of(ui, 'Bring it')}: handout.intro: " in err


def test_importing_metsedu_does_not_import_fpdf():
    code = "import sys, metsedu, metsedu.handouts, metsedu.cli; print('fpdf' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO
    )
    assert result.stdout.strip() == "False"
