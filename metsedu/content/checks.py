"""Checks of meaning that span fields: ids that must exist or be unique, right answers.

Pydantic has already checked each field's type. What is left is what a clinical
reviewer would catch by reading closely: a fact citing a source the lesson does
not list, two quiz options with the same id, a single-choice item with two right
answers. Each check names the exact field path so the problem points at its line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from . import plain_text, readability
from . import signs as sign_refs
from ._yaml import FieldPath, YamlDocument, read_yaml
from .library import Library
from .model import Glossary, Lesson, Sign, SignTable, Term
from .own_words import fallback_problems
from .placeholders import placeholder_problems, rule_for, strings
from .problems import Problem
from .quiz_kinds import kind_of
from .ui_model import LessonCheckWords, TriageCheckWords, UiText

_LISTS_WITH_IDS = ("sections", "tests", "treatments", "quiz", "sources")
_LISTS_OF_SIGN_IDS = ("symptoms", "red_flags")
_CITING_LISTS = ("sections", "tests", "treatments", "quiz")


def lesson_problems(lesson: Lesson, doc: YamlDocument, glossary_ids: set[str]) -> list[Problem]:
    """Everything wrong with one lesson that its schema alone cannot see."""
    found: list[Problem] = []

    def report(loc: FieldPath, message: str) -> None:
        found.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))

    if doc.path.stem != lesson.id:
        report(("id",), f"the id {lesson.id!r} must match the file name {doc.path.stem!r}")

    for name in _LISTS_WITH_IDS:
        _unique(getattr(lesson, name), (name,), report)
    for name in _LISTS_OF_SIGN_IDS:
        _unique_values(getattr(lesson, name), (name,), report)
    _review_problems(lesson, report)

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
    for index, note in enumerate(lesson.review_notes):
        _cite(note.sources, ("review_notes", index), source_ids, cited, report, "lesson's")
        if not note.agreed and not note.sources:
            report(
                ("review_notes", index, "sources"),
                "a finding you disagree with needs a source that says why",
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
        for where, message in kind_of(item).problems(item):
            report((*loc, *where), message)
    return found


def _cite(
    refs: list[str], loc: FieldPath, known: set[str], cited: set[str], report: Any, whose: str
) -> None:
    """Note each source ``refs`` cites; report one the list at hand does not hold."""
    for ref_index, ref in enumerate(refs):
        cited.add(ref)
        if ref not in known:
            report(
                (*loc, "sources", ref_index), f"source {ref!r} is not in this {whose} sources list"
            )


def _review_problems(lesson: Lesson, report: Any) -> None:
    """A draft never looks checked; a reviewed lesson says who (a role) and when."""
    review = lesson.review
    if review.status == "draft" and review.reviewed_by:
        report(("review", "reviewed_by"), "a draft has no reviewer: set status: reviewed")
    if review.status == "reviewed":
        if not review.reviewed_by:
            report(("review", "reviewed_by"), "a reviewed lesson needs the reviewer's role")
        if review.next_review is None:
            report(("review", "next_review"), "a reviewed lesson needs its next review date")
    if review.next_review is not None and review.next_review <= review.date:
        report(("review", "next_review"), "must be later than review.date")
    if lesson.changelog and lesson.changelog[0].version != lesson.version:
        report(
            ("changelog", 0, "version"),
            f"the newest change log entry must be this version ({lesson.version})",
        )


def sign_table_problems(
    tables: list[tuple[SignTable, YamlDocument]], ui: UiText | None
) -> list[Problem]:
    """Problems in the sign table: a sign defined twice, an uncited or unknown source,
    sign words that state an urgency of their own (only the level may) or give a dose."""
    found: list[Problem] = []
    first: dict[str, YamlDocument] = {}
    for table, doc in tables:

        def report(loc: FieldPath, message: str, doc: YamlDocument = doc) -> None:
            found.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))

        source_ids = {s.id for s in table.sources}
        cited: set[str] = set()
        _unique(table.sources, ("sources",), report)
        for index, sign in enumerate(table.signs):
            if sign.id in first:
                report(
                    ("signs", index, "id"),
                    f"sign {sign.id!r} is already defined in {first[sign.id].path.name}: "
                    "a sign is defined once, with one action level",
                )
            else:
                first[sign.id] = doc
            _cite(sign.sources, ("signs", index), source_ids, cited, report, "file's")
            for loc, text, limit in _sign_lengths(sign, index):
                if len(text.split()) > limit:
                    report(
                        loc,
                        f"has {len(text.split())} words; a sign is read in a hurry: "
                        f"keep it to {limit} words or fewer",
                    )
            if ui is not None:
                words = [(("signs", index, "text"), sign.text)]
                words += [(("signs", index, "look_for", j), t) for j, t in enumerate(sign.look_for)]
                if sign.detail:
                    words.append((("signs", index, "detail"), sign.detail))
                for loc, text in words:
                    phrase = _phrase(text, ui.triage_check.urgency_phrases)
                    if phrase:
                        report(
                            loc,
                            f"says {phrase!r}: a sign's words never state how soon to act; "
                            f"its urgency ({sign.urgency.value}) does",
                        )
                    dose = _dose(text, ui.lesson_check.dose_units)
                    if dose:
                        report(loc, f"gives a dose ({dose!r}): signs never give doses")
        for index, source in enumerate(table.sources):
            if source.id not in cited:
                report(
                    ("sources", index, "id"), f"source {source.id!r} is listed but nothing cites it"
                )
    return found


#: Words a sign may use: it is read in a hurry, often by someone frightened, and the
#: complete "get help now" list must still fit on a take-home sheet.
SIGN_TEXT_WORDS = 16
SIGN_LOOK_FOR_WORDS = 12
SIGN_LOOK_FOR_ITEMS = 6
SIGN_DETAIL_WORDS = 25
URGENT_SIGN_WORDS = 45


def _sign_lengths(sign: Sign, index: int) -> list[tuple[FieldPath, str, int]]:
    checks: list[tuple[FieldPath, str, int]] = [
        (("signs", index, "text"), sign.text, SIGN_TEXT_WORDS)
    ]
    checks += [
        (("signs", index, "look_for", j), text, SIGN_LOOK_FOR_WORDS)
        for j, text in enumerate(sign.look_for)
    ]
    if len(sign.look_for) > SIGN_LOOK_FOR_ITEMS:
        checks.append(
            (
                ("signs", index, "look_for"),
                " ".join(["x"] * len(sign.look_for)),
                SIGN_LOOK_FOR_ITEMS,
            )
        )
    if sign.detail:
        checks.append((("signs", index, "detail"), sign.detail, SIGN_DETAIL_WORDS))
    if sign.urgency.urgent:
        whole = " ".join([sign.text, *sign.look_for, sign.detail or ""])
        checks.append((("signs", index), whole, URGENT_SIGN_WORDS))
    return checks


def lesson_sign_problems(
    lesson: Lesson, doc: YamlDocument, table: dict[str, Sign], ui: UiText | None
) -> list[Problem]:
    """Every way a lesson could give a sign a second action level, or hide an urgent one.

    - every sign it names exists in the table;
    - its red-flag box holds only signs that need help now, and every such sign the
      lesson shows anywhere (no emergency left out of the box);
    - a triage card or an answer option that states a level agrees with the table;
    - prose never states an urgency itself, and never puts a wait ("a week or two")
      in the same paragraph as a sign that needs help now.
    """
    found: list[Problem] = []

    def report(loc: FieldPath, message: str) -> None:
        found.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))

    places = list(sign_refs.referenced(lesson))
    known = [(loc, i) for loc, i in places if i in table]
    for loc, sign_id in places:
        if sign_id not in table:
            report(loc, f"sign {sign_id!r} is not in the sign table (content/<locale>/signs/)")
    if not lesson.red_flags and not lesson.every_red_flag:
        report(("red_flags",), "needs at least one sign (or every_red_flag: true)")
    for index, sign_id in enumerate(lesson.red_flags):
        sign = table.get(sign_id)
        if sign is not None and not sign.urgency.urgent:
            report(
                ("red_flags", index),
                f"sign {sign_id!r} is {sign.urgency.value} in the sign table: "
                "the red-flag box holds only emergency and line_now signs",
            )
    in_box = set(lesson.red_flags)
    missing: dict[str, FieldPath] = {}
    for loc, sign_id in known:
        if table[sign_id].urgency.urgent and sign_id not in in_box and not lesson.every_red_flag:
            missing.setdefault(sign_id, loc)
    for sign_id, loc in missing.items():
        report(
            ("red_flags",),
            f"sign {sign_id!r} needs help now ({table[sign_id].urgency.value}) and is shown "
            f"at {'.'.join(map(str, loc))}, but the red-flag box leaves it out",
        )

    for index, item in enumerate(lesson.quiz):
        for where, message in kind_of(item).sign_problems(item, table):
            report(("quiz", index, *where), message)

    if ui is not None:
        found += _prose_problems(lesson, doc, table, ui.triage_check)
    return found


def _prose_problems(
    lesson: Lesson, doc: YamlDocument, table: dict[str, Sign], words: TriageCheckWords
) -> list[Problem]:
    found: list[Problem] = []
    for loc, text in sign_refs.prose_fields(lesson):
        first_line = doc.line_of(loc) + (1 if "\n" in text.strip() else 0)
        offset = 0
        for block in re.split(r"\n\s*\n", text):
            line = first_line + offset
            offset += block.count("\n") + 2
            plain = sign_refs.SIGN_REF.sub(" ", block)
            phrase = _phrase(plain, words.urgency_phrases)
            if phrase:
                found.append(
                    Problem(
                        doc.path,
                        line,
                        ".".join(map(str, loc)),
                        f"says {phrase!r}: prose never states how soon to act; "
                        "name the sign with {sign:ID} so the sign table says it",
                    )
                )
            urgent = [i for i in sign_refs.refs_in(block) if i in table and table[i].urgency.urgent]
            wait = _phrase(plain, words.wait_phrases)
            if urgent and wait:
                found.append(
                    Problem(
                        doc.path,
                        line,
                        ".".join(map(str, loc)),
                        f"gives a wait ({wait!r}) in the same paragraph as {urgent[0]!r}, "
                        "which needs help now: put the wait in a paragraph of its own",
                    )
                )
    return found


def lesson_word_problems(
    lesson: Lesson, doc: YamlDocument, glossary: dict[str, Term], words: LessonCheckWords
) -> list[Problem]:
    """What a lesson's words must do, whoever writes them (``lesson`` with its signs resolved):

    - each teach-back prompt starts with ``teach_back_opening`` ("Tell me");
    - quiz feedback is kind: none of ``harsh_words``;
    - no dose ("5 mg") anywhere a learner reads;
    - every glossary word the lesson uses is in its ``glossary:`` list (so it is
      explained), and every word listed there is used.
    """
    found: list[Problem] = []

    def report(loc: FieldPath, message: str) -> None:
        found.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))

    for index, prompt in enumerate(lesson.teach_back):
        if not prompt.startswith(words.teach_back_opening):
            report(
                ("teach_back", index),
                f"starts {' '.join(prompt.split()[:2])!r}: a teach-back prompt starts with "
                f"{words.teach_back_opening!r}, so the learner says it back in their own words",
            )
    for index, item in enumerate(lesson.quiz):
        feedback = {text for text in kind_of(item).feedback_texts(item)}
        for loc, text in _located(doc, feedback, ("quiz", index)):
            harsh = _phrase(text, words.harsh_words)
            if harsh:
                report(loc, f"says {harsh!r}: feedback is kind; say what is right instead")
    learner = _located(doc, set(readability.own_texts(lesson)))
    for loc, text in learner:
        dose = _dose(text, words.dose_units)
        if dose:
            found.append(
                Problem(
                    doc.path,
                    _line_in(doc, loc, text, dose),
                    ".".join(map(str, loc)),
                    f"gives a dose ({dose!r}): lessons never give doses; the care team does",
                )
            )
    found += _glossary_use_problems(lesson, doc, glossary, learner)
    return found


def _located(
    doc: YamlDocument, texts: set[str], under: FieldPath = ()
) -> list[tuple[FieldPath, str]]:
    """Where each of ``texts`` stands in the file (below ``under``), in file order.

    The model gives the words, the file their lines: each string of the file below
    ``under`` that is one of ``texts`` (as the schema read it, trimmed) is located.
    """
    data = doc.data
    for part in under:
        data = data[part]
    return [(loc, t) for loc, t in strings(data, under) if t.strip() in texts]


def _line_in(doc: YamlDocument, loc: FieldPath, text: str, words: str) -> int:
    """The line of ``words`` inside the value at ``loc``: in a block of several lines (``|``),
    the line it is on; otherwise the field's own line."""
    line = doc.line_of(loc)
    at = text.find(words)
    if "\n" not in text.strip() or at < 0:
        return line
    return line + 1 + text[:at].lstrip("\n").count("\n")


def _dose(text: str, units: list[str]) -> str | None:
    """The first dose in ``text``: a number followed by one of ``units``."""
    if not any(c.isdigit() for c in text):
        return None
    pattern = "|".join(re.escape(u) for u in units)
    match = re.search(rf"\b\d+(?:\.\d+)?\s?(?:{pattern})\b", plain_text.sentences(text), re.I)
    return match.group(0) if match else None


def _glossary_use_problems(
    lesson: Lesson,
    doc: YamlDocument,
    glossary: dict[str, Term],
    learner: list[tuple[FieldPath, str]],
) -> list[Problem]:
    """A glossary word the lesson uses is listed (so the page explains it); a listed one is used.

    The whole lesson is read as a learner reads it: its own words and its signs' words.
    """
    found: list[Problem] = []
    text = " ".join(plain_text.sentences(t) for t in readability.learner_texts(lesson))
    lowered = text.lower()
    listed = set(lesson.glossary)
    for term_id, term in glossary.items():
        if term_id in listed or not _mentions(text, term, lowered):
            continue
        where = next(
            (
                ".".join(map(str, loc))
                for loc, t in learner
                if _mentions(plain_text.sentences(t), term)
            ),
            "the words of a sign it shows",
        )
        found.append(
            Problem(
                doc.path,
                doc.line_of(("glossary",)),
                "glossary",
                f"the lesson uses {term.term!r} (in {where}) but does not list {term_id!r}: "
                "list it, so the page explains it",
            )
        )
    for index, term_id in enumerate(lesson.glossary):
        term = glossary.get(term_id)
        if term is not None and not _mentions(text, term, lowered):
            found.append(
                Problem(
                    doc.path,
                    doc.line_of(("glossary", index)),
                    f"glossary.{index}",
                    f"{term_id!r} is listed, but the lesson never uses {term.term!r}: "
                    "remove it, or use the word",
                )
            )
    return found


def _mentions(text: str, term: Term, lowered: str | None = None) -> bool:
    """``text`` uses the term or one of its forms, as a whole word (an all-capitals form,
    such as an abbreviation, only in capitals)."""
    lowered = text.lower() if lowered is None else lowered
    for form in (term.term, *term.forms):
        exact = form.isupper()
        if form not in text if exact else form.lower() not in lowered:
            continue  # not even as part of a word: skip the slower whole-word search
        flags = 0 if exact else re.I
        if re.search(rf"(?<![\w-]){re.escape(form)}(?![\w-])", text, flags):
            return True
    return False


def _phrase(text: str, phrases: list[str]) -> str | None:
    """The first phrase that occurs in ``text`` as whole words, ignoring case."""
    lowered = " ".join(text.lower().split())
    for phrase in phrases:
        if re.search(rf"(?<![\w-]){re.escape(phrase.lower())}(?![\w-])", lowered):
            return phrase
    return None


def ui_placeholder_problems(doc: YamlDocument) -> list[Problem]:
    """Each ``{name}`` in one ``ui.yaml`` is one the code fills in that field, and a field
    the code relies on keeps its placeholder (the rules are ``PLACEHOLDERS`` in the model).

    Read from the file itself, not the merged words of a translation, so each problem
    names the file and line it is on.
    """
    return [
        Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message)
        for loc, text in strings(doc.data)
        for message in placeholder_problems(text, rule_for(UiText, loc))
    ]


def reading_problems(library: Library, glossary: YamlDocument | None = None) -> list[Problem]:
    """Each lesson reads at grade 7 or lower; its red-flag box, and the glossary
    (``glossary``, the English file), at grade 6 or lower.

    Patient materials should read at about grade 6-7; the "get help now" box lower still,
    because it is read in fear, and a definition too, because it explains a hard word.
    Lessons written in English are graded (a translation's fallback copy of an English
    lesson is graded once, in English); lessons written in Spanish are measured with the
    Spanish formulas (:func:`_spanish_reading`); other languages are not measured yet.
    """
    if library.locale == readability.SPANISH_LOCALE:
        return _spanish_reading(library)
    if library.locale != readability.GRADED_LOCALE:
        return []
    found: list[Problem] = []
    if glossary is not None:
        found += _glossary_reading(library, glossary)
    for lesson in library.ordered():
        if lesson.locale != library.locale:
            continue
        path = library.files[lesson.id]
        whole = readability.lesson_reading(lesson)
        if whole.grade > readability.LESSON_GRADE_LIMIT:
            message = _too_hard(whole, readability.LESSON_GRADE_LIMIT)
            found.append(Problem(path, 1, "(whole lesson)", message))
        flags = readability.red_flag_reading(lesson)
        if flags.grade > readability.RED_FLAG_GRADE_LIMIT:
            doc, _ = read_yaml(path)
            line = doc.line_of(("red_flags",)) if doc else 1
            message = _too_hard(flags, readability.RED_FLAG_GRADE_LIMIT)
            found.append(Problem(path, line, "red_flags", message))
    return found


def _spanish_reading(library: Library) -> list[Problem]:
    """Each Spanish lesson "fairly easy" on both Spanish scales; its red-flag box "easy"."""
    found: list[Problem] = []
    for lesson in library.ordered():
        if lesson.locale != library.locale:
            continue  # a fallback copy of an English lesson, graded in English
        path = library.files[lesson.id]
        whole = readability.spanish_lesson_reading(lesson)
        if not whole.meets(readability.SPANISH_LESSON_LIMITS):
            message = _not_easy(whole, readability.SPANISH_LESSON_LIMITS)
            found.append(Problem(path, 1, "(whole lesson)", message))
        flags = readability.spanish_red_flag_reading(lesson)
        if not flags.meets(readability.SPANISH_RED_FLAG_LIMITS):
            doc, _ = read_yaml(path)
            line = doc.line_of(("red_flags",)) if doc else 1
            message = _not_easy(flags, readability.SPANISH_RED_FLAG_LIMITS)
            found.append(Problem(path, line, "red_flags", message))
    return found


def _not_easy(reading: readability.SpanishReading, limits: readability.SpanishLimits) -> str:
    return (
        f"reads at Fernández-Huerta {reading.fernandez_huerta} and INFLESZ {reading.inflesz}, "
        f"below the limits of {limits.fernandez_huerta:g} and {limits.inflesz:g}; "
        f"hardest sentences: {' | '.join(reading.hardest)}"
    )


def _glossary_reading(library: Library, doc: YamlDocument) -> list[Problem]:
    """The glossary's definitions together, on the line of the hardest one."""
    reading = readability.measure(term.definition for term in library.glossary.values())
    if reading.grade <= readability.RED_FLAG_GRADE_LIMIT:
        return []
    terms = doc.data.get("terms", []) if isinstance(doc.data, dict) else []
    loc: FieldPath = ("terms",)
    for index, term in enumerate(terms):
        definition = term.get("definition") if isinstance(term, dict) else None
        if isinstance(definition, str) and reading.hardest[0] in plain_text.sentences(definition):
            loc = ("terms", index, "definition")
            break
    message = _too_hard(reading, readability.RED_FLAG_GRADE_LIMIT)
    return [Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message)]


def _too_hard(reading: readability.Reading, limit: float) -> str:
    return (
        f"reads at grade {reading.grade}, above the limit of {limit:g}; "
        f"hardest sentences: {' | '.join(reading.hardest)}"
    )


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


#: ``after:`` value that places a picture in the red-flag box rather than after a section.
RED_FLAGS_PLACE = "red-flags"


def picture_place_problems(
    pictures: dict[str, Any], lessons: dict[str, Lesson], doc: YamlDocument | None
) -> list[Problem]:
    """Each picture is shown somewhere real: an existing lesson, after one of its
    sections or in its red-flag box, and its drawing file exists."""
    if doc is None:
        return []
    found: list[Problem] = []

    def report(loc: FieldPath, message: str) -> None:
        found.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))

    folder = doc.path.parent.parent / "pictures"
    for index, picture in enumerate(pictures.values()):
        if not (folder / picture.file).is_file():
            report(("pictures", index, "file"), f"no drawing {picture.file!r} in {folder.name}/")
        for j, place in enumerate(picture.shown_in):
            lesson = lessons.get(place.lesson)
            if lesson is None:
                report(("pictures", index, "shown_in", j, "lesson"), f"no lesson {place.lesson!r}")
            elif place.after != RED_FLAGS_PLACE and place.after not in {
                s.id for s in lesson.sections
            }:
                report(
                    ("pictures", index, "shown_in", j, "after"),
                    f"{place.after!r} is not a section of {place.lesson!r} (or 'red-flags')",
                )
    return found


# --- translations -----------------------------------------------------------------------

#: The parts of a lesson a translation must keep, id for id: a learner in either language is
#: taught, asked and graded the same things, and a group session's counts merge by these ids.
_PARALLEL_PARTS = {
    "sections": "section",
    "tests": "test",
    "treatments": "treatment",
    "quiz": "question",
}
#: The parts of a quiz item whose ids a translation keeps.
_ITEM_PARTS = {"options": "option", "cards": "card", "steps": "step"}
#: A string of this many words or more, the same in both languages, was left untranslated.
_UNTRANSLATED_WORDS = 5


def translation_problems(reference: Library, library: Library, folder: Path) -> list[Problem]:
    """A translated lesson keeps the English lesson's ids, signs and levels, in its own words.

    Each lesson file of the translation (not a fallback copy) is compared with the English
    lesson of the same id: every section, test, treatment, question, option, card and step
    is there with the same id, and nothing else; it names the same signs and red flags; no
    learner text of five words or more is left as the English has it. Each sign of the
    translation's own sign files keeps the English sign's action level: a sign means the same
    "how soon to act" in every language. And a translated lesson shows nothing in English
    (see :mod:`.own_words`).
    """
    found: list[Problem] = []
    for lesson in library.ordered():
        english = reference.lessons.get(lesson.id)
        if lesson.locale != library.locale or english is None:
            continue
        path = library.files[lesson.id]
        doc, _ = read_yaml(path)
        if doc is None:
            continue
        found += _same_ids(doc, english, lesson)
        found += _left_in_english(doc, english)
    found += _same_levels(reference, library, folder / sign_refs.SIGNS_FOLDER)
    found += fallback_problems(reference, library, folder, folder.parent / reference.locale)
    return found


def _same_ids(doc: YamlDocument, english: Lesson, lesson: Lesson) -> list[Problem]:
    problems: list[Problem] = []
    pairs: list[tuple[FieldPath, str, list[str], list[str]]] = [
        (
            (field,),
            kind,
            [x.id for x in getattr(english, field)],
            [x.id for x in getattr(lesson, field)],
        )
        for field, kind in _PARALLEL_PARTS.items()
    ]
    pairs.append((("symptoms",), "sign", list(english.symptoms), list(lesson.symptoms)))
    pairs.append((("red_flags",), "red flag", list(english.red_flags), list(lesson.red_flags)))
    english_items = {item.id: item for item in english.quiz}
    for index, item in enumerate(lesson.quiz):
        twin = english_items.get(item.id)
        for field, kind in _ITEM_PARTS.items():
            if twin is not None and hasattr(item, field):
                theirs = [x.id for x in getattr(twin, field, [])]
                pairs.append(
                    (("quiz", index, field), kind, theirs, [x.id for x in getattr(item, field)])
                )
    for loc, kind, theirs, ours in pairs:
        for missing in (x for x in theirs if x not in ours):
            message = f"the English lesson has the {kind} {missing!r}; this translation has not"
            problems.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))
        for index, extra in enumerate(ours):
            if extra not in theirs:
                at = (*loc, index) if kind not in {"sign", "red flag"} else loc
                message = f"the {kind} {extra!r} is not in the English lesson"
                problems.append(Problem(doc.path, doc.line_of(at), ".".join(map(str, at)), message))
    return problems


def _left_in_english(doc: YamlDocument, english: Lesson) -> list[Problem]:
    texts = {
        t.strip() for t in readability.own_texts(english) if len(t.split()) >= _UNTRANSLATED_WORDS
    }
    return [
        Problem(
            doc.path,
            doc.line_of(loc),
            ".".join(map(str, loc)),
            f"is the English lesson's own words ({_short(text)}): translate it",
        )
        for loc, text in _located(doc, texts)
    ]


def _same_levels(reference: Library, library: Library, folder: Path) -> list[Problem]:
    problems: list[Problem] = []
    for sign_id, sign in library.signs.items():
        english = reference.signs.get(sign_id)
        if english is None or english.urgency == sign.urgency:
            continue
        path, line, field = _sign_place(folder, sign_id)
        message = (
            f"the sign {sign_id!r} is {sign.urgency.value} here but {english.urgency.value} "
            "in English: a sign keeps one level in every language"
        )
        problems.append(Problem(path, line, field, message))
    return problems


def _sign_place(folder: Path, sign_id: str) -> tuple[Path, int, str]:
    """The translation's sign file, line and field of ``sign_id``'s level."""
    for path in sorted(folder.glob("*.yaml")):
        doc, _ = read_yaml(path)
        signs = doc.data.get("signs", []) if doc and isinstance(doc.data, dict) else []
        for index, sign in enumerate(signs):
            if isinstance(sign, dict) and sign.get("id") == sign_id:
                loc: FieldPath = ("signs", index, "urgency")
                return path, doc.line_of(loc), ".".join(map(str, loc))
    return folder, 1, ""


def _short(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + (" ..." if len(parts) > words else "")
