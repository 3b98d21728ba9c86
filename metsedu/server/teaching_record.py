"""The teaching record of a group session: its numbers, the change teaching made, its CSV.

Why one module: the session page's live "before and after" lines, the spreadsheet and the
printed record must say the same thing, so every share and percentage is computed here, once,
from the stored counts; the page's script and the PDF (:mod:`.teaching_record_pdf`) only
show what this module worked out.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..sessions.store import PHASES, ItemCount, SessionInfo, SessionStore
from .facilitator_templates import fill

if TYPE_CHECKING:
    from ..content import Library
    from ..content.ui_model import FacilitatorText, RecordColumns


def percent(right: int, answered: int) -> int | None:
    """``right`` of ``answered`` as a whole percent, halves rounded up as people round them;
    ``None`` when nobody answered (a share of nobody is not 0%)."""
    if not answered:
        return None
    return (200 * right + answered) // (2 * answered)


@dataclass(frozen=True)
class Change:
    """Percent right before teaching and after it."""

    before: int
    after: int


def _change(pairs: list[tuple[tuple[int, int], tuple[int, int]]]) -> Change | None:
    """The change over ``(before, after)`` pairs of ``(answered, right)``: only questions
    answered both before and after count, so a question asked once cannot tilt it."""
    both = [(pre, post) for pre, post in pairs if pre[0] and post[0]]
    if not both:
        return None
    before = percent(sum(p[1] for p, _ in both), sum(p[0] for p, _ in both))
    after = percent(sum(q[1] for _, q in both), sum(q[0] for _, q in both))
    assert before is not None and after is not None  # both sums are of answered questions
    return Change(before, after)


@dataclass(frozen=True)
class ItemResult:
    """One question's answers, per stage of the session, as counts only."""

    lesson: str
    item: str
    prompt: str
    by_phase: dict[str, tuple[int, int]]  # stage -> (answered, right)

    def numbers(self, phase: str) -> tuple[int, int]:
        """``(answered, right)`` in ``phase``; ``(0, 0)`` if nobody answered then."""
        return self.by_phase.get(phase, (0, 0))

    def percent_right(self, phase: str | None = None) -> int | None:
        """Percent right in ``phase``, or over every stage together."""
        phases = PHASES if phase is None else (phase,)
        answered = sum(self.numbers(p)[0] for p in phases)
        return percent(sum(self.numbers(p)[1] for p in phases), answered)

    def change(self) -> Change | None:
        return _change([(self.numbers("pre"), self.numbers("post"))])


@dataclass(frozen=True)
class LanguageCount:
    """How many people answered in one language: the language named in its own words."""

    code: str  # en, es
    name: str  # English, Español
    participants: int


def language_counts(found: dict[str, int], name_of: Callable[[str], str]) -> list[LanguageCount]:
    """The store's per-language counts (most first), each language named by ``name_of``."""
    return [LanguageCount(code, name_of(code), number) for code, number in found.items()]


def languages_line(languages: list[LanguageCount], words: FacilitatorText) -> str:
    """ "By language: English 12, Español 5.", in the nurse's words; ``""`` before anyone
    answered. The page, the spreadsheet and the PDF all say it this way."""
    if not languages:
        return ""
    parts = [fill(words.language_count, language=x.name, count=x.participants) for x in languages]
    return fill(words.languages_line, languages=", ".join(parts))


@dataclass(frozen=True)
class TeachingRecord:
    code: str
    date: dt.date
    lessons: list[tuple[str, str, str, str]]  # id, title, version, review status in words
    participants: int
    items: list[ItemResult]
    teach_back: list[str]
    notes: str
    #: How many answered in each language (the lessons are the same in every one).
    languages: tuple[LanguageCount, ...] = ()

    def change(self) -> Change | None:
        """Overall, over the questions answered both before and after teaching."""
        return _change([(i.numbers("pre"), i.numbers("post")) for i in self.items])

    def most_missed(self, limit: int = 3) -> list[ItemResult]:
        """Questions with the lowest share right (among those answered), worst first."""
        answered = [i for i in self.items if i.percent_right() is not None]
        answered.sort(key=lambda i: (_share(i), i.lesson, i.item))
        return [i for i in answered if _share(i) < 1][:limit]


def _share(item: ItemResult) -> float:
    answered = sum(item.numbers(p)[0] for p in PHASES)
    return sum(item.numbers(p)[1] for p in PHASES) / answered if answered else 0.0


def record_of(
    session: SessionInfo,
    counts: list[ItemCount],
    participants: int,
    library: Library,
    languages: list[LanguageCount] | tuple[LanguageCount, ...] = (),
) -> TeachingRecord:
    """The record's numbers from one reading of the store (the live page reads it once),
    in ``library``'s language (the nurse's); the counts merge every language's answers."""
    lessons = [library.lessons[i] for i in session.lessons if i in library.lessons]
    found = {(c.lesson, c.item, c.phase): c for c in counts}
    items = []
    for lesson in lessons:
        for item in lesson.quiz:
            by_phase = {
                p: (found[key].answered, found[key].right)
                for p in PHASES
                if (key := (lesson.id, item.id, p)) in found
            }
            items.append(ItemResult(lesson.id, item.id, item.prompt, by_phase))
    return TeachingRecord(
        code=session.code,
        date=dt.datetime.fromtimestamp(session.created_at, dt.UTC).date(),
        lessons=[
            (x.id, x.title, x.version, x.review.line(library.ui.review_line)) for x in lessons
        ],
        participants=participants,
        items=items,
        teach_back=[prompt for x in lessons for prompt in x.teach_back],
        notes=session.notes,
        languages=tuple(languages),
    )


def teaching_record(
    store: SessionStore, code: str, library: Library, name_of: Callable[[str], str] = str
) -> TeachingRecord:
    """The numbers of the record, straight from the stored answers; ``name_of`` names each
    language the learners answered in (in its own words)."""
    languages = language_counts(store.languages(code), name_of)
    return record_of(
        store.session(code), store.counts(code), store.participants(code), library, languages
    )


#: Where a spreadsheet, or a hand-made reader, may cut a cell into pieces: every separator it
#: may be set to split on, and any line end (a reader may split lines inside a quoted cell).
_CUTS = frozenset(",;\t|\r\n")
#: What makes a piece run as a formula (OWASP: = + - @, and a tab or CR before them).
_FORMULA = frozenset("=+-@\t\r")


def _cell(value: object) -> str:
    """A spreadsheet cell that can never run as a formula (CSV injection), whichever
    separator the spreadsheet splits on: ``a;=cmd()`` opened with ``;`` as the separator
    would make ``=cmd()`` a cell of its own. So wherever a piece could start (the start of
    the cell, or just after a separator or a line end), with only spaces or quotes before
    a formula start, a ``'`` goes in front of it and the piece is text."""
    text = str(value)
    out: list[str] = []
    at_start = True  # a piece could start at the next character that is not a space or "
    for char in text:
        if at_start and char in _FORMULA:
            out.append("'")
        out.append(char)
        if char in _CUTS:
            at_start = True
        elif char != '"' and not char.isspace():
            at_start = False
    return "".join(out)


def record_csv(record: TeachingRecord, words: RecordColumns) -> str:
    """The record as a spreadsheet; the labels come from ui.yaml, the stage ids stay as keys."""
    out = io.StringIO()
    rows: list[list[object]] = [
        [words.session, record.code],
        [words.date, record.date.isoformat()],
        *[
            [words.lesson, lid, title, version, review]
            for lid, title, version, review in record.lessons
        ],
        [words.participants, record.participants],
        *[[words.language, x.name, x.participants] for x in record.languages],
        [],
        [words.lesson, words.question, words.prompt]
        + [f"{p}: {what}" for p in PHASES for what in (words.answered, words.right)],
    ]
    for item in record.items:
        numbers = [n for p in PHASES for n in item.numbers(p)]
        rows.append([item.lesson, item.item, item.prompt, *numbers])
    rows += [[], *[[words.teach_back, prompt] for prompt in record.teach_back]]
    rows += [[], [words.notes, record.notes]]
    writer = csv.writer(out, quoting=csv.QUOTE_ALL)  # a separator in a cell stays in it
    for row in rows:
        writer.writerow([_cell(v) for v in row])
    return out.getvalue()
