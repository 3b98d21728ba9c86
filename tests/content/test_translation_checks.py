"""A translated lesson keeps the English lesson's ids and levels, in its own words.

Each check is shown failing on the valid fixture's Spanish bones lesson, changed one way,
with the file, line and field a translator is sent to.
"""

from __future__ import annotations

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
    signs = valid_tree / "es" / "signs"
    signs.mkdir()
    english = (valid_tree / "en" / "signs" / "bones.yaml").read_text()
    spanish = signs / "bones.yaml"
    # A mild ache made more urgent in the translation: one sign, two levels, by language.
    spanish.write_text(english.replace("urgency: next_visit", "urgency: call_today", 1))
    found = problems_in(valid_tree, spanish)
    [problem] = [p for p in found if "keeps one level" in p.message]
    assert problem.field == "signs.2.urgency"
    assert problem.line == line_of(spanish, "urgency: call_today", 2)
    assert "'ache' is call_today here but next_visit in English" in problem.message
