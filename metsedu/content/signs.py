"""The sign table: where every sign's action level is defined, and how lessons point at it.

A sign that a learner is taught to act on is written once, in
``content/<locale>/signs/*.yaml``, with its one action level. A lesson names signs by
id: in its symptom list, its red-flag box, its treatments' side effects, its quiz,
and inline in prose as ``{sign:ID}``. Nothing else may say how soon to act, so the
page, the red-flag box, the quiz and the handout cannot disagree: they all read the
level from here.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from .model import Lesson, Sign, Urgency
from .quiz_kinds import kind_of
from .ui_model import UiText

#: ``{sign:cord-nerve}`` inside prose: shown as the sign's level, label and words.
SIGN_REF = re.compile(r"\{sign:([a-z0-9][a-z0-9-]*)\}")
SIGNS_FOLDER = "signs"


def refs_in(text: str) -> list[str]:
    """The sign ids a piece of prose names, in order."""
    return SIGN_REF.findall(text)


def prose_fields(lesson: Lesson) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every prose field that may name signs inline, with its field path."""
    yield ("summary",), lesson.summary
    for i, text in enumerate(lesson.objectives):
        yield ("objectives", i), text
    for i, section in enumerate(lesson.sections):
        yield ("sections", i, "body"), section.body
    for i, test in enumerate(lesson.tests):
        for name in ("what", "feels_like", "prepare", "how_often"):
            value = getattr(test, name)
            if value:
                yield ("tests", i, name), value
    for i, treatment in enumerate(lesson.treatments):
        yield ("treatments", i, "aim"), treatment.aim
        for j, text in enumerate(treatment.report):
            yield ("treatments", i, "report", j), text
    for i, text in enumerate(lesson.key_points):
        yield ("key_points", i), text


def referenced(lesson: Lesson) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every place the lesson names a sign, as (field path, sign id)."""
    for i, sign_id in enumerate(lesson.symptoms):
        yield ("symptoms", i), sign_id
    for i, sign_id in enumerate(lesson.red_flags):
        yield ("red_flags", i), sign_id
    for i, treatment in enumerate(lesson.treatments):
        for j, sign_id in enumerate(treatment.signs):
            yield ("treatments", i, "signs", j), sign_id
    for i, item in enumerate(lesson.quiz):
        for where, sign_id in kind_of(item).signs_named(item):
            yield ("quiz", i, *where), sign_id
    for loc, text in prose_fields(lesson):
        for sign_id in refs_in(text):
            yield loc, sign_id


def red_flag_ids(lesson: Lesson, table: dict[str, Sign]) -> list[str]:
    """The signs of the red-flag box in order: the lesson's own, then (for a complete
    list) every other urgent sign of the table, emergencies first."""
    ids = list(dict.fromkeys(lesson.red_flags))
    if lesson.every_red_flag:
        ids += [s.id for s in table.values() if s.urgency.urgent and s.id not in ids]
    rank = {level: n for n, level in enumerate(Urgency)}
    return (
        sorted(ids, key=lambda i: rank[table[i].urgency]) if all(i in table for i in ids) else ids
    )


def resolve(lesson: Lesson, table: dict[str, Sign], ui: UiText | None) -> Lesson:
    """The lesson with the signs it shows copied in, and each quiz item filled from the
    table by its kind (a triage card's level, words and feedback)."""
    wanted = {sign_id for _, sign_id in referenced(lesson)} | set(red_flag_ids(lesson, table))
    quiz = [kind_of(item).with_signs(item, table, ui) for item in lesson.quiz]
    # Keep the table's order, so lists read the same way in every lesson.
    signs = {sign_id: sign for sign_id, sign in table.items() if sign_id in wanted}
    return lesson.model_copy(update={"sign_table": signs, "quiz": quiz})


def as_plain(text: str, lesson: Lesson, ui: UiText) -> str:
    """Prose with each ``{sign:ID}`` written out as "Label: the sign's words"."""

    def one(match: re.Match[str]) -> str:
        sign = lesson.sign_table.get(match.group(1))
        if sign is None:
            return match.group(0)
        return f"{ui.urgency.of(sign.urgency).label}: {sign.text}"

    return SIGN_REF.sub(one, text)
