"""Each kind of broken content is reported with its file, line and field.

One fixture file per fault, named for what is wrong (``broken/<fault>.yaml``); the
expected line is found by the text on it, so the fixture can be read on its own.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from metsedu.content import Problem, check_content
from tests.conftest import line_of


def problems_for(root: Path) -> list[Problem]:
    report = check_content(root)
    assert not report.ok, "the broken fixture was accepted"
    return report.problems


# fault; text on the expected line, or (text, nth occurrence); field; words the message holds
CASES = [
    ("yaml_syntax_error", "summary: Bone is", "", "YAML syntax"),
    ("unknown_field", "titel: Bones", "titel", "not a field this schema knows"),
    ("duplicate_key", "site: lung", "site", "appears twice"),
    ("duplicate_quiz_id", ("- id: q-pain", 2), "quiz.1.id", "'q-pain' is used twice"),
    ("quiz_no_correct_answer", "options:", "quiz.0.options", "no option is marked correct"),
    (
        "single_choice_two_correct",
        "options:",
        "quiz.0.options",
        "exactly one correct option",
    ),
    ("unknown_glossary_term", "glossary: [", "glossary.1", "'hypercalcemia' is not in glossary"),
    ("unknown_source_id", "sources: [acs-bone]", "tests.0.sources.0", "'acs-bone' is not in"),
    ("empty_required_field", 'summary: ""', "summary", "must not be empty"),
    ("missing_required_field", "id: bones", "who_to_call", "is required but missing"),
    ("unknown_urgency", "urgency: soon", "quiz.2.cards.0.urgency", "'soon' is not allowed here"),
    # One sign, one action level: every place that could give it another is refused.
    (
        "triage_card_disagrees_with_sign_table",
        "urgency: call_today",
        "quiz.2.cards.0.urgency",
        "the sign table gives 'cord' the level line_now",
    ),
    (
        "scenario_answer_disagrees_with_sign_table",
        "action: call_today",
        "quiz.1.options.0.action",
        "must be the sign's level (line_now)",
    ),
    (
        "red_flag_box_leaves_out_urgent_sign",
        "red_flags: [cord]",
        "red_flags",
        "'breathless' needs help now (emergency) and is shown at symptoms.1",
    ),
    (
        "red_flag_box_holds_non_urgent_sign",
        "red_flags: [cord, pain]",
        "red_flags.1",
        "holds only emergency and line_now signs",
    ),
    (
        "wait_time_next_to_urgent_sign",
        "a week or two, or {sign:cord}",
        "sections.0.body",
        "gives a wait ('a week or two') in the same paragraph as 'cord'",
    ),
    ("section_states_urgency", "call your team at once", "sections.0.body", "says 'at once'"),
    ("unknown_sign", "symptoms: [pain, back-ache]", "symptoms.1", "'back-ache' is not in the sign"),
    (
        "reviewed_without_role",
        "review:",
        "review.reviewed_by",
        "needs the reviewer's role",
    ),
    (
        "draft_with_reviewer",
        "reviewed_by: Oncology",
        "review.reviewed_by",
        "a draft has no reviewer",
    ),
    ("unknown_quiz_type", "type: yes_no", "quiz.1.type", "unknown type 'yes_no'"),
    (
        "unknown_review_section",
        "review_section: noticing",
        "quiz.0.review_section",
        "'noticing' is not a section",
    ),
    ("uncited_source", "- id: unused", "sources.1.id", "listed but nothing cites it"),
    ("invalid_date", "next_review: 2027-13-40", "review.next_review", "date"),
    (
        "lesson_too_hard_to_read",
        "# Broken on purpose",
        "(whole lesson)",
        "above the limit of 7; hardest sentences: Pathophysiological",
    ),
    # What any lesson's words must do: checked by metsedu check, not only for our lessons.
    (
        "teach_back_without_tell_me",
        "- Do you know what to do",
        "teach_back.0",
        "starts 'Do you': a teach-back prompt starts with 'Tell me'",
    ),
    ("harsh_feedback", "feedback: Wrong.", "quiz.0.options.1.feedback", "says 'wrong'"),
    (
        "lesson_gives_a_dose",
        "Take 400 mg",
        "sections.0.body",
        "gives a dose ('400 mg')",
    ),
    (
        "glossary_word_not_listed",
        "glossary: [metastasis]",
        "glossary",
        "uses 'biopsy' (in quiz.0.explanation) but does not list 'biopsy'",
    ),
    (
        "glossary_word_not_used",
        "glossary: [metastasis, biopsy]",
        "glossary.1",
        "'biopsy' is listed, but the lesson never uses 'biopsy'",
    ),
    (
        "teaching_section_without_source",
        "- id: notice",
        "sections.0.sources",
        "needs at least one source",
    ),
]


@pytest.mark.parametrize(("fault", "line_text", "field", "words"), CASES, ids=[c[0] for c in CASES])
def test_broken_lesson_is_located(with_broken, fault, line_text, field, words):
    path = with_broken(fault)
    found = problems_for(path.parent.parent)
    expected_line = (
        line_of(path, *line_text) if isinstance(line_text, tuple) else line_of(path, line_text)
    )
    matches = [p for p in found if p.path == path and p.field == field]
    assert matches, f"no problem on field {field!r}; got: {[str(p) for p in found]}"
    problem = matches[0]
    assert problem.line == expected_line, str(problem)
    assert words in problem.message, str(problem)


def test_every_problem_in_a_file_is_reported(with_broken):
    path = with_broken("three_problems")
    found = [p for p in problems_for(path.parent.parent) if p.path == path]
    assert {p.field for p in found} == {"title", "quiz.2.cards.0.urgency"}
    # The glossary check needs a valid lesson, so it is reported once the schema errors are fixed.


def test_meaning_problems_are_all_reported_too(with_broken, valid_tree):
    path = with_broken("unknown_source_id")
    text = path.read_text().replace("review_section: notice", "review_section: noticing")
    path.write_text(text.replace("glossary: [metastasis]", "glossary: [ascites]"))
    fields = {p.field for p in problems_for(valid_tree)}
    assert {"tests.0.sources.0", "quiz.0.review_section", "glossary.0"} <= fields


def test_duplicate_glossary_term(with_broken, valid_tree):
    path = with_broken("glossary_duplicate_term", target="glossary.yaml")
    found = problems_for(valid_tree)
    assert [(p.path, p.line, p.field) for p in found] == [
        (path, line_of(path, "- id: biopsy", 2), "terms.2.id")
    ]


def test_glossary_too_hard_to_read(with_broken, valid_tree):
    path = with_broken("glossary_too_hard_to_read", target="glossary.yaml")
    (problem,) = problems_for(valid_tree)
    assert (problem.path, problem.field) == (path, "terms.2.definition")
    assert problem.line == line_of(path, "definition: Pathophysiological")
    assert "above the limit of 6; hardest sentences: Pathophysiological" in problem.message


def test_duplicate_lesson_id_across_files(valid_tree):
    copy = valid_tree / "en" / "bones-copy.yaml"
    copy.write_text((valid_tree / "en" / "bones.yaml").read_text().replace("order: 1", "order: 9"))
    found = problems_for(valid_tree)
    messages = [str(p) for p in found if p.path == copy]
    assert any("must match the file name 'bones-copy'" in m for m in messages), messages
    assert any("already used by bones.yaml" in m for m in messages), messages


def test_two_lessons_with_one_place_in_the_order(valid_tree):
    liver = valid_tree / "en" / "liver.yaml"
    liver.write_text(liver.read_text().replace("order: 2", "order: 1"))
    found = problems_for(valid_tree)
    assert [(p.path, p.field) for p in found] == [(liver, "order")]
    assert found[0].line == line_of(liver, "order: 1")


def test_review_dates_in_order(valid_tree):
    bones = valid_tree / "en" / "bones.yaml"
    bones.write_text(
        bones.read_text().replace("next_review: 2027-11-24", "next_review: 2026-01-01")
    )
    (problem,) = problems_for(valid_tree)
    assert problem.field == "review.next_review"
    assert problem.line == line_of(bones, "next_review:")


def test_missing_reference_files(valid_tree):
    (valid_tree / "en" / "glossary.yaml").unlink()
    (valid_tree / "en" / "ui.yaml").unlink()
    messages = {(p.path.name, p.message) for p in problems_for(valid_tree)}
    assert ("glossary.yaml", "this file is required but missing") in messages
    assert ("ui.yaml", "this file is required but missing") in messages


def test_not_a_content_folder(tmp_path):
    (problem,) = problems_for(tmp_path)
    assert "no en/ folder" in problem.message


def test_a_file_that_is_not_a_mapping(valid_tree):
    bones = valid_tree / "en" / "bones.yaml"
    bones.write_text("- just\n- a list\n")
    (problem,) = problems_for(valid_tree)
    assert (problem.path, problem.line) == (bones, 1)
    assert "mapping" in problem.message


def test_empty_file(valid_tree):
    bones = valid_tree / "en" / "bones.yaml"
    bones.write_text("# nothing yet\n")
    (problem,) = problems_for(valid_tree)
    assert problem.message == "the file is empty"


def test_not_utf8(valid_tree):
    bones = valid_tree / "en" / "bones.yaml"
    bones.write_bytes("title: Os\xe9\n".encode("latin-1"))
    (problem,) = problems_for(valid_tree)
    assert "not UTF-8" in problem.message


def test_problem_reads_as_file_line_field_message(valid_tree):
    problem = Problem(valid_tree / "en" / "bones.yaml", 12, "quiz.0.options", "no option")
    assert str(problem).endswith("en/bones.yaml:12: quiz.0.options: no option")


# fault; where it goes in the tree; text on the expected line; field; words the message holds
OTHER_FILES = [
    (
        "sign_defined_twice",
        "signs/extra.yaml",
        "- id: cord",
        "signs.0.id",
        "already defined in bones.yaml",
    ),
    ("sign_states_urgency", "signs/bones.yaml", "detail: Call", "signs.0.detail", "says 'at once'"),
    (
        "sign_gives_a_dose",
        "signs/bones.yaml",
        "look_for: [Weak",
        "signs.0.look_for.0",
        "gives a dose ('2 mg')",
    ),
    (
        "emergency_without_whom_to_call",
        "ui.yaml",
        "  emergency:",
        "urgency.emergency.who",
        "is required but missing",
    ),
    # A placeholder the code does not fill is a KeyError (or a raw "{cod}") on the page.
    (
        "placeholder_misspelt",
        "ui.yaml",
        "joined:",
        "group.joined",
        "{cod} is not filled in here: this text may use {code}",
    ),
    ("required_placeholder_missing", "ui.yaml", "code_line:", "facilitator.code_line", "{code}"),
]


@pytest.mark.parametrize(
    ("fault", "target", "line_text", "field", "words"), OTHER_FILES, ids=[c[0] for c in OTHER_FILES]
)
def test_broken_sign_table_and_levels_are_located(
    with_broken, fault, target, line_text, field, words
):
    path = with_broken(fault, target)
    found = [
        p
        for p in problems_for(
            path.parent.parent if target == "ui.yaml" else path.parent.parent.parent
        )
        if p.path == path
    ]
    assert found, "nothing reported in the broken file"
    problem = next((p for p in found if p.field == field), found[0])
    assert problem.field == field, str(problem)
    assert problem.line == line_of(path, line_text), str(problem)
    assert words in problem.message, str(problem)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Join code: {code!r}", "write the placeholder as {code}"),
        ("Join code: {code:>6}", "write the placeholder as {code}"),
        ("Join code: {code", "does not enclose a placeholder"),
        ("Join code: {code} {0}", "{0} is not filled in here"),
    ],
)
def test_placeholders_are_written_plainly(valid_tree, text, words):
    ui = valid_tree / "en" / "ui.yaml"
    ui.write_text(ui.read_text().replace('"Join code: {code}"', repr(text)))
    (problem,) = problems_for(valid_tree)
    assert (problem.path, problem.line, problem.field) == (
        ui,
        line_of(ui, "code_line:"),
        "facilitator.code_line",
    )
    assert words in problem.message, str(problem)


def test_a_placeholder_where_nothing_is_filled_in(valid_tree):
    ui = valid_tree / "en" / "ui.yaml"
    ui.write_text(ui.read_text().replace('true_label: "True"', 'true_label: "True {title}"'))
    (problem,) = problems_for(valid_tree)
    assert (problem.field, problem.line) == ("quiz.true_label", line_of(ui, "true_label:"))
    assert "shown as written, with no placeholders" in problem.message


def test_a_translation_is_held_to_the_same_placeholders(valid_tree):
    ui = valid_tree / "es" / "ui.yaml"
    ui.write_text(ui.read_text().replace("{title}: notas", "{titulo}: notas"))
    (problem,) = problems_for(valid_tree)
    assert (problem.path, problem.field) == (ui, "handout.title")
    assert problem.line == line_of(ui, "{titulo}")
