"""A translated lesson shows only its own language: no silent fallback to English inside it.

Why: the loader fills whatever a translation lacks from English, file by file. That is
right for a lesson not yet translated (it is then offered in English), but inside a
translated lesson it would put English on a Spanish page without anyone noticing: a sign
whose file was never translated, a glossary word, a picture's words, a table of
``ui.yaml``. And a sign named in a translated paragraph must be the sign the English
paragraph names, or the learner is pointed at another action level.

Each problem names the translation's file and line, and what is missing.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from . import signs as sign_refs
from ._yaml import FieldPath, YamlDocument, read_yaml
from .library import Library
from .model import Lesson
from .problems import Problem


def fallback_problems(
    reference: Library, library: Library, folder: Path, english_folder: Path
) -> list[Problem]:
    """Every English word a translated lesson of ``library`` would show (``folder`` is the
    translation's own folder, ``english_folder`` the English one)."""
    own_lessons = [x for x in library.ordered() if x.locale == library.locale]
    if not own_lessons:
        return []  # nothing offered in this language yet: its pages are English throughout
    found: list[Problem] = []
    own_signs = _ids_in(folder / sign_refs.SIGNS_FOLDER, "signs")
    own_terms = _ids_in(folder, "terms", "glossary.yaml")
    own_pictures = _ids_in(folder, "pictures", "pictures.yaml")
    for lesson in own_lessons:
        doc, _ = read_yaml(library.files[lesson.id])
        if doc is None:
            continue

        def report(
            loc: FieldPath, message: str, doc: YamlDocument = doc, found: list = found
        ) -> None:
            found.append(Problem(doc.path, doc.line_of(loc), ".".join(map(str, loc)), message))

        for loc, sign_id in _shown_signs(lesson, library):
            if sign_id in library.signs and sign_id not in own_signs:
                report(
                    loc,
                    f"shows the sign {sign_id!r}, which has no {library.locale} words "
                    f"in {folder.name}/{sign_refs.SIGNS_FOLDER}/: it would appear in English",
                )
        for index, term_id in enumerate(lesson.glossary):
            if term_id not in own_terms:
                report(
                    ("glossary", index),
                    f"lists {term_id!r}, which {folder.name}/glossary.yaml "
                    "does not define: its meaning would appear in English",
                )
        for picture in lesson.pictures:
            if picture.id not in own_pictures:
                message = (
                    f"has no words for the picture {picture.id!r} the lesson {lesson.id!r} "
                    "shows: its labels would be in English"
                )
                found.append(Problem(folder / "pictures.yaml", 1, "pictures", message))
        english = reference.lessons.get(lesson.id)
        if english is not None:
            found += _same_signs_named(doc, english, lesson)
    found += _ui_tables(folder, english_folder)
    return found


def _shown_signs(lesson: Lesson, library: Library) -> list[tuple[FieldPath, str]]:
    shown = list(sign_refs.referenced(lesson))
    if lesson.every_red_flag:
        shown += [(("every_red_flag",), i) for i, s in library.signs.items() if s.urgency.urgent]
    seen: set[str] = set()
    return [(loc, i) for loc, i in shown if not (i in seen or seen.add(i))]


def _same_signs_named(doc: YamlDocument, english: Lesson, lesson: Lesson) -> list[Problem]:
    """Each paragraph names the signs its English twin names (sections matched by id)."""
    problems: list[Problem] = []
    theirs = {s.id: Counter(sign_refs.refs_in(s.body)) for s in english.sections}
    for index, section in enumerate(lesson.sections):
        ours = Counter(sign_refs.refs_in(section.body))
        if section.id not in theirs or ours == theirs[section.id]:
            continue
        missing = sorted((theirs[section.id] - ours).elements())
        extra = sorted((ours - theirs[section.id]).elements())
        parts = [f"{{sign:{x}}} is missing" for x in missing]
        parts += [f"{{sign:{x}}} is not in the English" for x in extra]
        loc: FieldPath = ("sections", index, "body")
        problems.append(
            Problem(
                doc.path,
                doc.line_of(loc),
                ".".join(map(str, loc)),
                "names other signs than the English section: " + "; ".join(parts),
            )
        )
    return problems


def _ui_tables(folder: Path, english_folder: Path) -> list[Problem]:
    """The translation's ``ui.yaml`` has every table the English has (a table it lacks is
    taken whole from English)."""
    english, _ = read_yaml(english_folder / "ui.yaml")
    path = folder / "ui.yaml"
    own, _ = read_yaml(path) if path.exists() else (None, [])
    if english is None or not isinstance(english.data, dict):
        return []
    if own is None or not isinstance(own.data, dict):
        return [Problem(path, 1, "", "missing: every word around the lessons would be English")]
    return [
        Problem(path, 1, key, f"has no {key!r}: those words would appear in English")
        for key in english.data
        if key not in own.data
    ]


def _ids_in(folder: Path, key: str, name: str = "*.yaml") -> set[str]:
    ids: set[str] = set()
    for path in sorted(folder.glob(name)):
        doc, _ = read_yaml(path)
        items = doc.data.get(key, []) if doc and isinstance(doc.data, dict) else []
        ids |= {x["id"] for x in items if isinstance(x, dict) and isinstance(x.get("id"), str)}
    return ids
