"""The teaching record's arithmetic: worked out once, so the page, CSV and PDF agree."""

from __future__ import annotations

import csv
import io

import pytest

from metsedu.content import load_library
from metsedu.server.facilitator_results import live_results
from metsedu.server.facilitator_templates import fill
from metsedu.server.teaching_record import (
    Change,
    ItemResult,
    percent,
    record_csv,
    record_of,
)
from metsedu.sessions.store import ItemCount, SessionInfo

LIBRARY = load_library()
BONES = LIBRARY.lessons["bones"]
WORDS = LIBRARY.ui.facilitator


@pytest.mark.parametrize(
    ("right", "answered", "shown"),
    [(1, 4, 25), (1, 8, 13), (3, 8, 38), (1, 3, 33), (2, 3, 67), (0, 5, 0), (5, 5, 100)],
)
def test_a_percent_rounds_halves_up_as_people_do(right, answered, shown):
    assert percent(right, answered) == shown


def test_nobody_answering_is_no_percent_not_zero():
    assert percent(0, 0) is None
    assert ItemResult("bones", "q1", "?", {}).percent_right("pre") is None


def test_the_change_counts_only_questions_asked_before_and_after():
    asked_twice = ItemResult("bones", "q1", "?", {"pre": (4, 1), "post": (4, 3)})
    after_only = ItemResult("bones", "q2", "?", {"post": (4, 4)})
    assert asked_twice.change() == Change(25, 75)
    assert after_only.change() is None
    session = SessionInfo("ABCDEF", ["bones"], "post", "", 0.0, 1.0)
    counts = [
        ItemCount("bones", BONES.quiz[0].id, "pre", 4, 1, {"a": 4}),
        ItemCount("bones", BONES.quiz[0].id, "post", 4, 3, {"a": 4}),
        ItemCount("bones", BONES.quiz[1].id, "post", 4, 4, {"a": 4}),
    ]
    record = record_of(session, counts, 4, LIBRARY)
    assert record.change() == Change(25, 75)  # the question asked only after is left out
    assert record.most_missed()[0].item == BONES.quiz[0].id


def test_the_page_gets_finished_sentences_from_the_same_numbers():
    session = SessionInfo("ABCDEF", ["bones"], "post", "", 0.0, 1.0)
    counts = [
        ItemCount("bones", BONES.quiz[0].id, "pre", 3, 1, {}),
        ItemCount("bones", BONES.quiz[0].id, "post", 3, 2, {}),
    ]
    results = live_results(session, counts, 3, LIBRARY)
    assert results["participants_line"] == fill(WORDS.participants, count=3)
    assert results["change"]["overall"] == fill(WORDS.change_overall, before=33, after=67)
    summary = results["now"][f"bones/{BONES.quiz[0].id}"]["summary"]
    assert summary == f"{fill(WORDS.answered, answered=3)}. {fill(WORDS.right, right=2)}."
    none = live_results(session, [], 0, LIBRARY)
    assert none["change"] is None and none["now"] == {}


def test_one_filler_fills_what_it_is_given_and_leaves_the_rest():
    assert fill("Group session {code}", code="ABC") == "Group session ABC"
    assert fill("{before}% then {after}%", before=1, after=2) == "1% then 2%"
    assert fill("a {typo} stays", code="ABC") == "a {typo} stays"
    assert fill("no {0} or { spaced }, code={code}", code="X") == "no {0} or { spaced }, code=X"


def test_no_csv_cell_can_start_a_formula():
    session = SessionInfo("ABCDEF", ["bones"], "pre", "=HYPERLINK(1)", 0.0, 1.0)
    record = record_of(session, [], 0, LIBRARY)
    rows = list(csv.reader(io.StringIO(record_csv(record, WORDS.record_columns))))
    assert [WORDS.record_columns.notes, "'=HYPERLINK(1)"] in rows


def test_a_separator_in_a_note_cannot_start_a_formula_in_any_spreadsheet():
    """A spreadsheet set to split on ``;`` or tabs cuts cells where a comma one would not."""
    note = "note;=cmd|' /C calc'!A0\tand,=1"
    session = SessionInfo("ABCDEF", ["bones"], "pre", note, 0.0, 1.0)
    written = record_csv(record_of(session, [], 0, LIBRARY), WORDS.record_columns)
    for separator in (",", ";", "\t"):
        for row in csv.reader(io.StringIO(written), delimiter=separator):
            starts = [cell.lstrip(' "')[:1] for cell in row]
            assert not set(starts) & {"=", "+", "-", "@"}, row
