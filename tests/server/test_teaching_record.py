"""The teaching record's arithmetic: worked out once, so the page, CSV and PDF agree."""

from __future__ import annotations

import csv
import io
import random

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


#: What may not start a piece of a cell, by the OWASP CSV-injection guidance.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: What a spreadsheet (or a hand-rolled reader) may cut a line into cells on.
_SEPARATORS = (",", ";", "\t", "|")

INJECTED_NOTES = [
    pytest.param("note;=cmd|' /C calc'!A0", id="the reported note"),
    pytest.param("=cmd|' /C calc'!A0", id="at the start"),
    pytest.param("a|=1+1", id="after a pipe"),
    pytest.param("a,+1", id="plus after a comma"),
    pytest.param("a\t-1", id="minus after a tab"),
    pytest.param("a;@SUM(1)", id="at-sign after a semicolon"),
    pytest.param("first line\n=1+1", id="after a newline"),
    pytest.param("first line\r\n@cmd", id="after a CRLF"),
    pytest.param("first line\r=1", id="after a lone CR"),
    pytest.param('a; "=1', id="space and quote before it"),
    pytest.param("a;  \t=1", id="spaces then a tab"),
    pytest.param("a,\tb", id="a tab starts a piece"),
    pytest.param("a;\rb", id="a CR starts a piece"),
    pytest.param("\t=1", id="a tab at the very start"),
    pytest.param("a;;=1||-2,,+3", id="empty pieces between"),
    pytest.param('say ""=1"" please;"@x"', id="doubled quotes"),
]


def _lines(text: str):
    """``text`` as a reader could cut it into lines: not at all, on LF only, or on any of
    CR, LF and CRLF."""
    yield text
    yield from text.split("\n")
    yield from text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _pieces(written: str, separator: str):
    """Every piece a reader could make of the file on ``separator``: each line of the file
    cut naively (quotes ignored), and each cell of the file read as CSV, cut again on
    ``separator`` and at any line end in it (a reader may split lines inside a cell)."""
    for line in written.splitlines():  # the file's own line ends are not in any cell
        yield from line.split(separator)
    for row in csv.reader(io.StringIO(written, newline="")):
        for cell in row:
            for line in _lines(cell):
                yield from line.split(separator)


@pytest.mark.parametrize("note", INJECTED_NOTES)
def test_no_piece_of_any_cell_can_start_a_formula_whatever_the_separator(note):
    session = SessionInfo("ABCDEF", ["bones"], "pre", note, 0.0, 1.0)
    written = record_csv(record_of(session, [], 0, LIBRARY), WORDS.record_columns)
    for separator in _SEPARATORS:
        for piece in _pieces(written, separator):
            start = piece.lstrip(' "')[:1]
            assert start not in _FORMULA_STARTS, (separator, piece)
    # The note is still all there, only with a ' before each formula start.
    rows = list(csv.reader(io.StringIO(written, newline="")))
    (cell,) = [row[1] for row in rows if row[:1] == [WORDS.record_columns.notes]]
    assert cell.replace("'", "") == note.replace("'", "")


def test_every_cell_is_quoted():
    session = SessionInfo("ABCDEF", ["bones"], "pre", "a;b", 0.0, 1.0)
    written = record_csv(record_of(session, [], 0, LIBRARY), WORDS.record_columns)
    for line in written.splitlines():
        assert not line or (line.startswith('"') and line.endswith('"')), line


def test_no_mix_of_separators_and_formula_starts_gets_through():
    """Many short notes made only of the characters that matter, the same on every run."""
    chance = random.Random(7)
    alphabet = "a =+-@\t\r\n,;|\"'"
    for _ in range(300):
        note = "".join(chance.choice(alphabet) for _ in range(chance.randint(1, 12)))
        session = SessionInfo("ABCDEF", ["bones"], "pre", note, 0.0, 1.0)
        written = record_csv(record_of(session, [], 0, LIBRARY), WORDS.record_columns)
        for separator in _SEPARATORS:
            for piece in _pieces(written, separator):
                assert piece.lstrip(' "')[:1] not in _FORMULA_STARTS, (note, separator, piece)
