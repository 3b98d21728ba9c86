"""Loading lessons into typed objects, by id and locale, with English fallback."""

from __future__ import annotations

import pytest

from metsedu.content import ContentError, Lesson, Urgency, load_lesson, load_lessons, load_library
from metsedu.content.model import SingleChoice, Triage, TrueFalse
from tests.conftest import VALID


def test_load_one_lesson_into_typed_objects():
    lesson = load_lesson("bones", root=VALID)
    assert isinstance(lesson, Lesson)
    assert lesson.title == "Bones"
    assert lesson.sign(lesson.symptoms[0]).urgency is Urgency.CALL_TODAY
    # Triage cards take their level (and missing words) from the one sign table.
    cards = lesson.quiz[2].cards
    assert [c.urgency for c in cards] == [Urgency.LINE_NOW, Urgency.NEXT_VISIT]
    assert cards[1].text == lesson.sign("ache").text
    assert [type(item) for item in lesson.quiz] == [SingleChoice, TrueFalse, Triage]
    assert lesson.source("bco").publisher == "Breastcancer.org"
    assert lesson.review.date.isoformat() == "2026-11-24"


def test_an_unknown_source_or_section_names_the_lesson_and_the_id():
    lesson = load_lesson("bones", root=VALID)
    with pytest.raises(KeyError, match="'bones' has no source 'nope'"):
        lesson.source("nope")
    with pytest.raises(KeyError, match="'bones' has no section 'nope'"):
        lesson.section("nope")


def test_load_all_in_teaching_order():
    assert [lesson.id for lesson in load_lessons(root=VALID)] == ["bones", "liver"]


def test_unknown_lesson_id_names_the_known_ones():
    with pytest.raises(KeyError, match="known: bones, liver"):
        load_lesson("kidney", root=VALID)


def test_translation_is_used_and_missing_parts_fall_back_to_english(valid_tree):
    ui = valid_tree / "es" / "ui.yaml"
    lines = ui.read_text().splitlines(keepends=True)
    ui.write_text("".join(x for x in lines if not x.startswith("key_points_heading:")))
    library = load_library("es", root=valid_tree)
    assert library.lessons["bones"].title == "Huesos"
    assert library.lessons["bones"].locale == "es"
    assert library.lessons["liver"].title == "Liver"  # not translated yet
    assert library.lessons["liver"].locale == "en"
    assert library.ui.language_name == "Español"
    assert library.ui.key_points_heading == "Key points"  # not translated yet
    assert library.glossary["biopsy"].term == "biopsia"
    assert library.glossary["metastasis"].term == "metástasis"  # used by the Spanish bones


def test_unknown_locale_is_a_clear_error():
    with pytest.raises(ContentError, match="no content folder for locale 'xx'"):
        load_library("xx", root=VALID)


def test_broken_content_raises_with_every_problem(with_broken, valid_tree):
    with_broken("three_problems")
    with pytest.raises(ContentError) as caught:
        load_library(root=valid_tree)
    assert len(caught.value.problems) == 2
    assert "bones.yaml:" in str(caught.value)


def test_a_field_in_the_wrong_form_is_described_in_words(valid_tree):
    bones = valid_tree / "en" / "bones.yaml"
    bones.write_text(bones.read_text().replace('version: "1.0"', 'version: "one"', 1))
    with pytest.raises(ContentError) as caught:
        load_library(root=valid_tree)
    assert "bones.yaml:2: version:" in str(caught.value)
    assert "(a version such as 1.0 or 1.2.0)" in str(caught.value)


def test_lessons_are_immutable():
    lesson = load_lesson("bones", root=VALID)
    with pytest.raises(ValueError, match="frozen"):
        lesson.title = "Changed"
