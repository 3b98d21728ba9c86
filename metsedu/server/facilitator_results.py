"""What the session page shows: the join address and its QR code, the questions, live counts.

The page's script asks for :func:`live_results` every second and only draws it: the counts,
each choice's share, and the sentences with their numbers and percentages already filled in
(by :func:`~.facilitator_templates.fill`, from :mod:`.teaching_record`'s arithmetic), so the
page, the spreadsheet and the printed record cannot disagree. Everything is in the nurse's
language; learners may answer in others, and their answers merge per question (the ids are
the same in every language), with a line saying how many answered in each.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..content.quiz_kinds import kind_of
from ..names import RENDER, notebook_name
from .facilitator_templates import fill
from .teaching_record import LanguageCount, languages_line, record_of

if TYPE_CHECKING:
    from ..content import Lesson, Library
    from ..content.ui_model import FacilitatorText
    from ..sessions.store import ItemCount, SessionInfo


def join_address(public_url: str, lesson: Lesson, code: str) -> str:
    """Where learners go: the first lesson of the session, with the code filled in."""
    return f"{public_url.rstrip('/')}/{RENDER}{notebook_name(lesson)}?join={code}"


def qr_svg(address: str) -> str:
    """The address as a QR code, drawn here (segno), so no web service ever sees it."""
    import segno

    return segno.make(address, error="m").svg_inline(scale=5, dark="#000", light="#fff")


def quiz_items(lessons: list[Lesson], ui: Any) -> list[dict]:
    """Each question with its counted choices' words and its reveal, for the live results.

    The item's kind says what is counted and what the reveal shows (a triage item's gives
    each sign's level from the one sign table, so the nurse's answer cannot disagree).
    """
    return [
        {
            "key": f"{lesson.id}/{item.id}",
            "lesson": lesson.title,
            "prompt": item.prompt,
            "choices": kind_of(item).tally_labels(item, ui),
            "explanation": kind_of(item).reveal(item, ui),
        }
        for lesson in lessons
        for item in lesson.quiz
    ]


def counted(lessons: list[Lesson], count: ItemCount) -> dict[str, int]:
    """The stored choices of one question as numbers per counted choice (its kind decodes)."""
    lesson = next((x for x in lessons if x.id == count.lesson), None)
    item = next((i for i in lesson.quiz if i.id == count.item), None) if lesson else None
    return kind_of(item).tally_counts(count.choices) if item else dict(count.choices)


def participants_line(
    participants: int, languages: list[LanguageCount], words: FacilitatorText, locale: str
) -> str:
    """How many answered; then, when learners answered in another language than the page's
    ``locale`` (the nurse's), how many in each ("By language: English 12, Español 5."): the
    page's status line, drawn first by the server, then by its script. A session all in the
    nurse's language gets no language line: it would tell the nurse nothing."""
    line = fill(words.participants, count=participants)
    if any(x.code != locale for x in languages):
        line += " " + languages_line(languages, words)
    return line


def live_results(
    session: SessionInfo,
    counts: list[ItemCount],
    participants: int,
    library: Library,
    languages: list[LanguageCount] | None = None,
) -> dict:
    """Everything the session page draws, from one reading of the store, in ``library``'s
    language (the nurse's). The counts merge the languages the learners answered in (the
    questions have the same ids in each); ``languages`` says how many answered in each."""
    words: FacilitatorText = library.ui.facilitator
    languages = languages or []
    lessons = [x for x in (library.lessons.get(i) for i in session.lessons) if x]
    labels = {i["key"]: i["choices"] for i in quiz_items(lessons, library.ui)}
    record = record_of(session, counts, participants, library, languages)
    now: dict[str, dict] = {}
    for c in counts:
        key = f"{c.lesson}/{c.item}"
        if c.phase != session.phase or key not in labels:
            continue
        numbers = counted(lessons, c)
        now[key] = {
            "summary": fill(words.answered, answered=c.answered)
            + ". "
            + fill(words.right, right=c.right)
            + ".",
            # Each counted choice in the question's own order, with its share of the pages
            # that answered (a page that chose two options counts for both).
            "choices": [
                [label, numbers[choice], numbers[choice] / max(1, c.answered)]
                for choice, label in labels[key].items()
                if numbers.get(choice)
            ],
        }
    overall = record.change()
    return {
        "phase": session.phase,
        "participants": participants,
        "participants_line": participants_line(participants, languages, words, library.locale),
        "languages": [
            {"lang": x.code, "name": x.name, "participants": x.participants} for x in languages
        ],
        "languages_line": languages_line(languages, words),
        "counts": [
            {
                "key": f"{c.lesson}/{c.item}",
                "phase": c.phase,
                "answered": c.answered,
                "right": c.right,
                "choices": counted(lessons, c),
            }
            for c in counts
        ],
        "now": now,
        "change": None
        if overall is None
        else {
            "overall": fill(words.change_overall, before=overall.before, after=overall.after),
            "items": [
                f"{item.prompt} "
                + fill(words.change_item, before=change.before, after=change.after)
                for item in record.items
                if (change := item.change()) is not None
            ],
        },
    }
