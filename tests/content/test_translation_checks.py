"""A translated lesson keeps the English lesson's ids and levels, in its own words.

Each check is shown failing on the valid fixture's Spanish bones lesson, changed one way,
with the file, line and field a translator is sent to.
"""

from __future__ import annotations

import shutil
from pathlib import Path

from metsedu.content import Problem, check_content
from tests.conftest import line_of


def problems_in(tree: Path, path: Path) -> list[Problem]:
    return [p for p in check_content(tree).problems if p.path == path]


def test_the_fixture_translation_is_clean(valid_tree):
    assert check_content(valid_tree).problems == []


def test_a_missing_or_extra_question_or_option_is_named(valid_tree):
    path = valid_tree / "es" / "bones.yaml"
    text = path.read_text()
    text = text.replace("  - id: q-tf\n", "  - id: q-verdad\n")  # renamed: one missing, one extra
    text = text.replace("      - id: b\n", "      - id: c\n")
    path.write_text(text)
    found = {(p.line, p.field, p.message) for p in problems_in(valid_tree, path)}
    assert (
        line_of(path, "quiz:"),
        "quiz",
        "the English lesson has the question 'q-tf'; this translation has not",
    ) in found
    assert (
        line_of(path, "- id: q-verdad"),
        "quiz.1",
        "the question 'q-verdad' is not in the English lesson",
    ) in found
    assert (
        line_of(path, "- id: c"),
        "quiz.0.options.1",
        "the option 'c' is not in the English lesson",
    ) in found


def test_a_sign_the_english_lesson_does_not_show_is_named(valid_tree):
    path = valid_tree / "es" / "bones.yaml"
    path.write_text(path.read_text().replace("symptoms: [pain]", "symptoms: [pain, ache]"))
    found = [(p.line, p.field, p.message) for p in problems_in(valid_tree, path)]
    assert found == [
        (line_of(path, "symptoms:"), "symptoms", "the sign 'ache' is not in the English lesson")
    ]


def test_words_left_in_english_are_named(valid_tree):
    path = valid_tree / "es" / "bones.yaml"
    text = path.read_text().replace(
        "Un dolor nuevo que no se va necesita una revisión.",
        "New pain that does not go away needs a check.",
    )
    path.write_text(text)
    [problem] = problems_in(valid_tree, path)
    assert (problem.line, problem.field) == (
        line_of(path, "New pain that does not go away"),
        "quiz.0.explanation",
    )
    assert "is the English lesson's own words" in problem.message


def test_a_sign_keeps_its_level_in_every_language(valid_tree):
    spanish = valid_tree / "es" / "signs" / "bones.yaml"
    # A mild ache made more urgent in the translation: one sign, two levels, by language.
    spanish.write_text(spanish.read_text().replace("urgency: next_visit", "urgency: call_today", 1))
    found = problems_in(valid_tree, spanish)
    [problem] = [p for p in found if "keeps one level" in p.message]
    assert problem.field == "signs.2.urgency"
    assert problem.line == line_of(spanish, "urgency: call_today", 2)
    assert "'ache' is call_today here but next_visit in English" in problem.message


# --- no silent fallback to English inside a translated lesson ------------------------------


def test_a_sign_with_no_words_in_the_translation_is_named(valid_tree):
    """Without its Spanish sign file the Spanish lesson would show its signs in English."""
    shutil.rmtree(valid_tree / "es" / "signs")
    path = valid_tree / "es" / "bones.yaml"
    found = [(p.line, p.field, p.message) for p in problems_in(valid_tree, path)]
    assert (
        line_of(path, "symptoms:"),
        "symptoms.0",
        "shows the sign 'pain', which has no es words in es/signs/: it would appear in English",
    ) in found


def test_a_glossary_word_with_no_translated_meaning_is_named(valid_tree):
    """'tumor' is the same word in both languages, so only this rule sees that its meaning
    would be explained in English."""
    english = valid_tree / "en" / "glossary.yaml"
    english.write_text(
        english.read_text()
        + "  - id: tumor\n    term: tumor\n    definition: A lump of cells that grow.\n"
    )
    path = valid_tree / "es" / "bones.yaml"
    text = path.read_text().replace("glossary: [metastasis]", "glossary: [metastasis, tumor]")
    path.write_text(
        text.replace("Un dolor nuevo que no se va", "Un tumor o un dolor nuevo que no se va")
    )
    found = [(p.line, p.field, p.message) for p in problems_in(valid_tree, path)]
    assert (
        line_of(path, "glossary:"),
        "glossary.1",
        "lists 'tumor', which es/glossary.yaml does not define: its meaning would appear "
        "in English",
    ) in found


def test_a_ui_table_the_translation_lacks_is_named(valid_tree):
    ui = valid_tree / "es" / "ui.yaml"
    lines = ui.read_text().splitlines(keepends=True)
    start = lines.index("nav:\n")
    end = next(i for i in range(start + 1, len(lines)) if not lines[i].startswith(" "))
    ui.write_text("".join(lines[:start] + lines[end:]))  # the whole nav: table is gone
    found = [(p.field, p.message) for p in problems_in(valid_tree, ui)]
    assert ("nav", "has no 'nav': those words would appear in English") in found


def test_a_paragraph_naming_another_sign_than_the_english_is_named(valid_tree):
    english = valid_tree / "en" / "bones.yaml"
    english.write_text(
        english.read_text().replace(
            "You may have a new pain in your back.\n",
            "You may have a new pain in your back.\n\n      - {sign:cord}\n",
        )
    )
    path = valid_tree / "es" / "bones.yaml"
    path.write_text(
        path.read_text().replace(
            "Puede tener un dolor nuevo en la espalda.\n",
            "Puede tener un dolor nuevo en la espalda.\n\n      - {sign:ache}\n",
        )
    )
    found = [(p.field, p.message) for p in problems_in(valid_tree, path)]
    assert (
        "sections.0.body",
        "names other signs than the English section: {sign:cord} is missing; "
        "{sign:ache} is not in the English",
    ) in found


def test_a_language_with_no_lessons_of_its_own_may_lean_on_english(valid_tree):
    """Until a lesson is translated it is offered in English, so the rules above do not apply
    to a translation that has only some words yet."""
    (valid_tree / "es" / "bones.yaml").unlink()
    ui = valid_tree / "es" / "ui.yaml"
    ui.write_text("language_name: Español\n")
    assert [p for p in check_content(valid_tree).problems if "would appear" in p.message] == []
