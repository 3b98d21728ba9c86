"""The facilitator pages on the real server: the key, plain words, escaping, the record.

Answers are put in the server's real database with the same store the learners' kernels
use, then read back through the pages as a nurse would.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from metsedu.content import load_library
from metsedu.sessions import SessionStore
from tests.helpers import Nurse, Server

WORDS = load_library().ui.facilitator


def store_of(server: Server) -> SessionStore:
    data = Path(server.log).parent / "data"
    return SessionStore(f"sqlite:///{data}/metsedu.db")


def test_without_the_key_no_facilitator_page_opens(lesson_server):
    nurse = Nurse(lesson_server)
    status, _, body = nurse.call("/metsedu/facilitator")
    assert status == 200 and WORDS.key_label in body and WORDS.start_button not in body
    for path in ("", "/results.json", "/record.csv", "/record.pdf"):
        status, headers, _ = nurse.call("/metsedu/facilitator/sessions/ABCDEF" + path)
        assert status == 302 and headers["Location"].endswith("/metsedu/facilitator")
    status, _, _ = nurse.call("/metsedu/facilitator/sessions", {"lessons": "bones"})
    assert status == 302  # sent back to the key page, and no session was made
    status, _, body = nurse.call("/metsedu/facilitator", {"key": "guess"})
    assert status == 403 and WORDS.key_wrong in body


def test_with_the_key_a_nurse_starts_a_session_and_sees_its_code(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones", "not-a-lesson")
    status, _, body = nurse.call(f"/metsedu/facilitator/sessions/{code}")
    assert status == 200
    assert WORDS.code_line.format(code=code) in body
    assert f"02-bones.ipynb?join={code}" in body
    assert "<svg" in body  # the QR code, drawn on the server
    assert store_of(lesson_server).lessons_of(code) == ["bones"]


@pytest.mark.parametrize("code", ["ZZZZZZ", "abc", "A" * 12])
def test_an_unknown_code_gets_plain_words(lesson_server, code):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    for part in ("", "/results.json", "/record.csv", "/record.pdf"):
        status, _, body = nurse.call(f"/metsedu/facilitator/sessions/{code}{part}")
        assert status == 404 and WORDS.unknown_code in body, part
    for part, form in (("/phase", {"phase": "post"}), ("/notes", {"notes": "x"})):
        status, _, body = nurse.call(f"/metsedu/facilitator/sessions/{code}{part}", form)
        assert status == 404 and WORDS.unknown_code in body, part


def test_notes_show_as_text_never_as_markup(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones")
    status, _, _ = nurse.call(
        f"/metsedu/facilitator/sessions/{code}/notes", {"notes": "<script>alert(1)</script>"}
    )
    assert status == 302
    _, _, body = nurse.call(f"/metsedu/facilitator/sessions/{code}?saved=1")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body and "<script>alert" not in body
    assert WORDS.notes_saved in body
    _, _, record = nurse.call(f"/metsedu/facilitator/sessions/{code}/record.csv")
    assert [WORDS.record_columns.notes, "<script>alert(1)</script>"] in list(
        csv.reader(io.StringIO(record))
    )


def test_the_teaching_record_matches_the_stored_answers(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones")
    store = store_of(lesson_server)
    lesson = load_library().lessons["bones"]
    first, second = lesson.quiz[0].id, lesson.quiz[1].id
    store.set_phase(code, "pre")
    for n in range(4):
        store.record(code, f"page-{n:08d}", "bones", first, "a", n == 0)
    nurse.call(f"/metsedu/facilitator/sessions/{code}/phase", {"phase": "post"})
    for n in range(4):
        store.record(code, f"page-{n:08d}", "bones", first, "a", n < 3)
        store.record(code, f"page-{n:08d}", "bones", second, "=cmd()", True)
    status, _, body = nurse.call(f"/metsedu/facilitator/sessions/{code}/results.json")
    assert status == 200 and '"phase": "post"' in body and '"participants": 4' in body
    # Before and after: only the question answered both times counts (1 of 4, then 3 of 4).
    assert json.loads(body)["change"] == {
        "overall": WORDS.change_overall.format(before=25, after=75),
        "items": [lesson.quiz[0].prompt + " " + WORDS.change_item.format(before=25, after=75)],
    }
    _, headers, record = nurse.call(f"/metsedu/facilitator/sessions/{code}/record.csv")
    assert headers["Content-Disposition"].startswith("attachment;")
    rows = {tuple(r[:2]): r for r in csv.reader(io.StringIO(record)) if len(r) > 3}
    # lesson, question, prompt, pre answered, pre right, teaching ..., post answered, post right
    assert rows[("bones", first)][3:] == ["4", "1", "0", "0", "4", "3"]
    assert rows[("bones", second)][3:] == ["0", "0", "0", "0", "4", "4"]
    assert [WORDS.record_columns.participants, "4"] in list(csv.reader(io.StringIO(record)))
    assert "=cmd()" not in record  # choices are counted, never written as cells
    # The record says what was taught: version and review status (a draft says so).
    review = lesson.review.line(load_library().ui.review_line)
    assert [WORDS.record_columns.lesson, "bones", lesson.title, lesson.version, review] in list(
        csv.reader(io.StringIO(record))
    )
    if lesson.review.status == "draft":
        assert "Checked" not in review
    status, headers, _ = nurse.call(f"/metsedu/facilitator/sessions/{code}/record.pdf")
    assert status == 200 and headers["Content-Type"] == "application/pdf"


def test_results_count_each_choice_as_its_kind_says(lesson_server):
    """A multiple-select page counts for each option it chose; an ordering page counts as
    "in the right order" or "not yet". The page script is sent the counts, not the encoding."""
    from metsedu.content.quiz_kinds import kind_of
    from metsedu.server.facilitator_results import quiz_items

    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("brain")
    store = store_of(lesson_server)
    lesson = load_library().lessons["brain"]
    multi = next(i for i in lesson.quiz if i.type == "multiple_select")
    ordering = next(i for i in lesson.quiz if i.type == "ordering")
    chosen = [["time", "side"], ["time", "hold"], ["time"]]
    for n, options in enumerate(chosen):
        page = f"page-{n:08d}"
        stored = kind_of(multi).tally_choice("partly", tuple(options))
        store.record(code, page, "brain", multi.id, stored, False)
        status = "right" if n == 0 else "partly"
        stored = kind_of(ordering).tally_choice(status, ())
        store.record(code, page, "brain", ordering.id, stored, n == 0)
    status, _, body = nurse.call(f"/metsedu/facilitator/sessions/{code}/results.json")
    assert status == 200
    results = json.loads(body)
    counts = {c["key"]: c["choices"] for c in results["counts"]}
    assert counts[f"brain/{multi.id}"] == {"time": 3, "side": 1, "hold": 1}
    assert counts[f"brain/{ordering.id}"] == {"right": 1, "not_yet": 2}
    labels = {i["key"]: i["choices"] for i in quiz_items([lesson], load_library().ui)}
    assert set(labels[f"brain/{ordering.id}"]) == {"right", "not_yet", "shown"}
    # What the page draws: each counted choice's words, its number and its share.
    words = load_library().ui.quiz.ordering
    assert results["now"][f"brain/{ordering.id}"]["choices"] == [
        [words.tally_right, 1, 1 / 3],
        [words.tally_not_yet, 2, 2 / 3],
    ]
    multi_labels = labels[f"brain/{multi.id}"]
    drawn = results["now"][f"brain/{multi.id}"]["choices"]
    assert [label for label, _, _ in drawn] == [  # in the question's own order
        label for option, label in multi_labels.items() if option in {"time", "side", "hold"}
    ]
    assert {label: (n, share) for label, n, share in drawn} == {
        multi_labels[o]: (n, n / 3) for o, n in (("time", 3), ("side", 1), ("hold", 1))
    }
    assert results["participants_line"] == WORDS.participants.format(count=3)
    # All in the nurse's language: no language line on the page; results.json still counts.
    english = load_library().ui.language_name
    assert results["languages"] == [{"lang": "en", "name": english, "participants": 3}]
