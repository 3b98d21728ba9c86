"""Checks of meaning that span fields: ids that must exist or be unique, right answers.

Pydantic has already checked each field's type. What is left is what a clinical
reviewer would catch by reading closely: a fact citing a source the lesson does
not list, two quiz options with the same id, a single-choice item with two right
answers. Each check names the exact field path so the problem points at its line.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ._yaml import FieldPath, YamlDocument
from .model import CHOICE_TYPES, Glossary, Lesson, MultipleSelect, Triage
from .problems import Problem

_LISTS_WITH_IDS = ("sections", "symptoms", "tests", "treatments", "red_flags", "quiz", "sources")
_CITING_LISTS = ("sections", "symptoms", "tests", "treatments", "red_flags", "quiz")


def lesson_problems(lesson: Lesson, doc: YamlDocument, glossary_ids: set[str]) -> list[Problem]:
    """Everything wrong with one lesson that its schema alone cannot see."""
    found: list[Problem] = []

    def report(loc: FieldPath, message: str) -> None:
        found.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))

    if doc.path.stem != lesson.id:
        report(("id",), f"the id {lesson.id!r} must match the file name {doc.path.stem!r}")
    if lesson.review.next_review <= lesson.review.date:
        report(("review", "next_review"), "must be later than review.date")

    for name in _LISTS_WITH_IDS:
        _unique(getattr(lesson, name), (name,), report)

    source_ids = {s.id for s in lesson.sources}
    cited: set[str] = set()
    for name in _CITING_LISTS:
        for index, item in enumerate(getattr(lesson, name)):
            for ref_index, ref in enumerate(item.sources):
                cited.add(ref)
                if ref not in source_ids:
                    report(
                        (name, index, "sources", ref_index),
                        f"source {ref!r} is not in this lesson's sources list",
                    )
    for index, section in enumerate(lesson.sections):
        if section.kind == "teaching" and not section.sources:
            report(
                ("sections", index, "sources"),
                "a teaching section needs at least one source (or kind: guide)",
            )
    for index, source in enumerate(lesson.sources):
        if source.id not in cited:
            report(("sources", index, "id"), f"source {source.id!r} is listed but nothing cites it")

    for index, term in enumerate(lesson.glossary):
        if term not in glossary_ids:
            report(("glossary", index), f"glossary term {term!r} is not in glossary.yaml")
    _unique_values(lesson.glossary, ("glossary",), report)

    section_ids = {s.id for s in lesson.sections}
    for index, item in enumerate(lesson.quiz):
        loc: FieldPath = ("quiz", index)
        if item.review_section and item.review_section not in section_ids:
            report(
                (*loc, "review_section"),
                f"section {item.review_section!r} is not a section of this lesson",
            )
        if isinstance(item, CHOICE_TYPES):
            _unique(item.options, (*loc, "options"), report)
            right = sum(option.correct for option in item.options)
            if right == 0:
                report((*loc, "options"), "no option is marked correct: true")
            elif right > 1 and not isinstance(item, MultipleSelect):
                report(
                    (*loc, "options"),
                    f"a {item.type} item needs exactly one correct option, not {right}",
                )
        elif isinstance(item, Triage):
            _unique(item.cards, (*loc, "cards"), report)
    return found


def glossary_problems(glossary: Glossary, doc: YamlDocument) -> list[Problem]:
    found: list[Problem] = []

    def report(loc: FieldPath, message: str) -> None:
        found.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))

    _unique(glossary.terms, ("terms",), report)
    return found


def library_problems(lessons: dict[str, Lesson], docs: dict[str, YamlDocument]) -> list[Problem]:
    """Problems between lessons: two lessons claiming the same place in the teaching order."""
    found: list[Problem] = []
    by_order: dict[int, str] = {}
    for lesson_id in sorted(lessons, key=lambda i: (lessons[i].order, str(docs[i].path))):
        order = lessons[lesson_id].order
        if order in by_order:
            doc = docs[lesson_id]
            found.append(
                Problem(
                    doc.path,
                    doc.line_of(("order",)),
                    "order",
                    f"order {order} is already used by lesson {by_order[order]!r}",
                )
            )
        else:
            by_order[order] = lesson_id
    return found


def _unique(items: Sequence[Any], loc: FieldPath, report: Any) -> None:
    seen: set[str] = set()
    for index, item in enumerate(items):
        if item.id in seen:
            report((*loc, index, "id"), f"the id {item.id!r} is used twice in {loc[-1]}")
        seen.add(item.id)


def _unique_values(values: Iterable[str], loc: FieldPath, report: Any) -> None:
    seen: set[str] = set()
    for index, value in enumerate(values):
        if value in seen:
            report((*loc, index), f"{value!r} is listed twice")
        seen.add(value)
