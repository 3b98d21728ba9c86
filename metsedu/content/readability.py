"""Measure how hard a lesson is to read, offline, the way editors can act on.

Patient materials should read at about grade 6-7; the words in a "get help now"
box lower still, because people read them when they are frightened. We use the
Flesch-Kincaid grade from textstat 0.7.4 (pyphen syllables, no download) and name
the hardest sentences so an editor knows where to start.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from . import plain_text
from .model import Lesson, Sign
from .quiz_kinds import kind_of
from .signs import SIGN_REF, red_flag_ids

LESSON_GRADE_LIMIT = 7.0
RED_FLAG_GRADE_LIMIT = 6.0
#: The Flesch-Kincaid formula counts English syllables: other languages are not graded.
GRADED_LOCALE = "en"


@dataclass(frozen=True)
class Reading:
    """A grade for a body of text, with its size and its hardest sentences."""

    grade: float
    words: int
    hardest: tuple[str, ...]


def learner_texts(lesson: Lesson) -> Iterator[str]:
    """Every string of a lesson that a learner reads (not ids, sources or review data),
    with each ``{sign:ID}`` in prose read as the sign's own words."""
    for text in own_texts(lesson):
        yield SIGN_REF.sub(lambda m: _sign_words(lesson, m.group(1)), text)


def _sign_words(lesson: Lesson, sign_id: str) -> str:
    sign = lesson.sign_table.get(sign_id)
    return sign.text if sign else ""


def _sign_texts(sign: Sign) -> Iterator[str]:
    yield sign.text
    yield from sign.look_for
    if sign.detail:
        yield sign.detail


def own_texts(lesson: Lesson) -> Iterator[str]:
    """Every string a learner reads that the lesson's own file holds, as written there, and
    the words of the signs it shows (which the sign table's files hold)."""
    yield lesson.title
    yield lesson.summary
    yield from lesson.objectives
    for section in lesson.sections:
        yield section.heading
        yield section.body
    for sign_id in lesson.symptoms:
        if sign_id in lesson.sign_table:
            yield from _sign_texts(lesson.sign(sign_id))
    for test in lesson.tests:
        yield from (test.name, test.what, test.feels_like, test.prepare)
        if test.how_often:
            yield test.how_often
    for treatment in lesson.treatments:
        yield from (treatment.name, treatment.aim, *treatment.report)
    yield from red_flag_texts(lesson)
    yield from lesson.who_to_call
    yield from lesson.key_points
    yield from lesson.teach_back
    for item in lesson.quiz:
        yield from kind_of(item).learner_texts(item)


def red_flag_texts(lesson: Lesson) -> Iterator[str]:
    """The words of the red-flag box: its signs, what they look like, what else to do."""
    for sign_id in red_flag_ids(lesson, lesson.sign_table):
        yield from _sign_texts(lesson.sign(sign_id))


def measure(texts: list[str] | Iterator[str], hardest: int = 3) -> Reading:
    # Imported here: textstat takes a fifth of a second to load, and every lesson kernel
    # loads this module (through the checks) without ever measuring anything.
    import textstat

    body = " ".join(plain_text.sentences(t) for t in texts)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) >= 3]
    ranked = sorted(sentences, key=lambda s: textstat.flesch_kincaid_grade(s), reverse=True)
    return Reading(
        grade=round(textstat.flesch_kincaid_grade(body), 1) if body else 0.0,
        words=textstat.lexicon_count(body),
        hardest=tuple(ranked[:hardest]),
    )


def lesson_reading(lesson: Lesson) -> Reading:
    return measure(learner_texts(lesson))


def red_flag_reading(lesson: Lesson) -> Reading:
    return measure(red_flag_texts(lesson))
