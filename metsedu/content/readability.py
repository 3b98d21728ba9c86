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
#: The Flesch-Kincaid formula counts English syllables: only English is graded with it.
GRADED_LOCALE = "en"
#: Spanish is measured with Spanish formulas instead (see :func:`measure_spanish`).
SPANISH_LOCALE = "es"


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


@dataclass(frozen=True)
class SpanishLimits:
    """The least a Spanish text may score on each scale (higher is easier on both)."""

    fernandez_huerta: float
    inflesz: float


#: "Fairly easy" on both Spanish scales: Fernández-Huerta 70 and more, INFLESZ (Szigriszt-
#: Pazos) 65 and more. The red-flag box, read in fear, must be easier still ("easy": 80 and
#: 70). These stand where grade 7 and grade 6 stand for English.
SPANISH_LESSON_LIMITS = SpanishLimits(fernandez_huerta=70.0, inflesz=65.0)
SPANISH_RED_FLAG_LIMITS = SpanishLimits(fernandez_huerta=80.0, inflesz=70.0)


@dataclass(frozen=True)
class SpanishReading:
    """How easy a Spanish text is, on the two scales Spanish health writers use."""

    fernandez_huerta: float
    inflesz: float
    words: int
    hardest: tuple[str, ...]

    def meets(self, limits: SpanishLimits) -> bool:
        return self.fernandez_huerta >= limits.fernandez_huerta and self.inflesz >= limits.inflesz


def measure_spanish(texts: list[str] | Iterator[str], hardest: int = 3) -> SpanishReading:
    """Fernández-Huerta and INFLESZ for Spanish ``texts``, with the hardest sentences.

    Why not Flesch-Kincaid: it counts English syllables and English sentence habits, so it
    calls Spanish prose (longer words, every vowel a syllable) harder than it is. textstat
    0.7.4 has both Spanish formulas, with Spanish syllables from pyphen, offline; its language
    is one setting for the whole process, so it is set back to English at once.
    """
    import textstat

    body = " ".join(plain_text.sentences(t) for t in texts)
    sentences = [s for s in re.split(r"(?<=[.!?])\s+", body) if len(s.split()) >= 3]
    textstat.set_lang("es")
    try:
        ranked = sorted(sentences, key=textstat.fernandez_huerta)  # the least easy first
        return SpanishReading(
            fernandez_huerta=round(textstat.fernandez_huerta(body), 1) if body else 100.0,
            inflesz=round(textstat.szigriszt_pazos(body), 1) if body else 100.0,
            words=textstat.lexicon_count(body),
            hardest=tuple(ranked[:hardest]),
        )
    finally:
        textstat.set_lang("en_US")


def spanish_lesson_reading(lesson: Lesson) -> SpanishReading:
    return measure_spanish(learner_texts(lesson))


def spanish_red_flag_reading(lesson: Lesson) -> SpanishReading:
    return measure_spanish(red_flag_texts(lesson))


def summary(lesson: Lesson) -> str:
    """One line on how easy ``lesson`` reads, on the scale of its own language."""
    if lesson.locale == SPANISH_LOCALE:
        whole, flags = spanish_lesson_reading(lesson), spanish_red_flag_reading(lesson)
        return (
            f"Fernández-Huerta {whole.fernandez_huerta}, INFLESZ {whole.inflesz} "
            f"({whole.words} words), red flags {flags.fernandez_huerta} and {flags.inflesz}"
        )
    whole, flags = lesson_reading(lesson), red_flag_reading(lesson)
    return f"grade {whole.grade} ({whole.words} words), red flags grade {flags.grade}"


def lesson_reading(lesson: Lesson) -> Reading:
    return measure(learner_texts(lesson))


def red_flag_reading(lesson: Lesson) -> Reading:
    return measure(red_flag_texts(lesson))
