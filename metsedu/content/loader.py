"""Find, read and validate the content folder; build typed lessons for one locale.

Reading is done afresh on every call; :mod:`metsedu.content.source` keeps what was read
while the files stay the same.

Layout::

    content/
      en/                  English, the reference locale every other falls back to
        glossary.yaml      plain definitions shared by all lessons
        ui.yaml            words around the lessons (labels, notes)
        pictures.yaml      the words of each teaching picture, and where it is shown
        signs/*.yaml       the sign table: every sign to act on, with its one action level
        <lesson-id>.yaml   one file per lesson
      pictures/            the drawings (SVG), shared by every locale
      es/ ...              a translation: any file missing here is taken from en/
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from ..names import CONTENT_ENV, REFERENCE_LOCALE
from . import checks
from . import signs as sign_refs
from ._yaml import FieldPath, YamlDocument, read_yaml
from .library import CheckReport, Library
from .model import FORM_WORDS, Glossary, Lesson, Picture, PictureTable, Sign, SignTable, Term
from .problems import Problem
from .ui_model import UiText

GLOSSARY_FILE = "glossary.yaml"
UI_FILE = "ui.yaml"
PICTURES_FILE = "pictures.yaml"
#: The drawings, shared by every locale (their words are in each locale's pictures.yaml).
PICTURES_FOLDER = "pictures"
_RESERVED = {GLOSSARY_FILE, UI_FILE, PICTURES_FILE}
M = TypeVar("M", bound=BaseModel)
_PACKAGE = Path(__file__).resolve().parent.parent


def content_root() -> Path:
    """Content folder: ``$METSEDU_CONTENT``, else the checkout's ``content/``, else the wheel's."""
    env = os.environ.get(CONTENT_ENV)
    if env:
        return Path(env)
    checkout = _PACKAGE.parent / "content"
    return checkout if checkout.is_dir() else _PACKAGE / "_content"


def check_content(root: Path | None = None) -> CheckReport:
    """Validate every locale under ``root`` and collect every problem (never stop at the first)."""
    root = (root or content_root()).resolve()
    problems: list[Problem] = []
    libraries: dict[str, Library] = {}
    if not (root / REFERENCE_LOCALE).is_dir():
        problems.append(
            Problem(root, 1, "", f"no {REFERENCE_LOCALE}/ folder here: content/<locale>/ expected")
        )
        return CheckReport(problems, libraries)
    for locale in locales(root):
        library, found = build_library(locale, root)
        problems += found
        if library is not None:
            libraries[locale] = library
            problems += _picture_problems(library, root, locale)
            glossary, _ = read_yaml(root / locale / GLOSSARY_FILE)
            problems += checks.reading_problems(library, glossary)
    reference = libraries.get(REFERENCE_LOCALE)
    for locale, library in libraries.items():
        if reference is not None and locale != REFERENCE_LOCALE:
            problems += checks.translation_problems(reference, library, root / locale)
    return CheckReport(sorted(set(problems)), libraries)


def _picture_problems(library: Library, root: Path, locale: str) -> list[Problem]:
    """Drawings against their words: placeholders, labels, nothing that runs or loads, and
    the action picture's signs under the levels the sign table gives them."""
    from .drawings import picture_problems  # the drawings are read only when checking
    from .model import Urgency

    levels = {u.value: library.ui.urgency.of(u).label for u in Urgency}
    return picture_problems(
        library.pictures,
        root / PICTURES_FOLDER,
        doc=pictures_doc(root, locale),
        signs=library.signs,
        level_labels=levels,
    )


def locales(root: Path) -> list[str]:
    """The locale folders under ``root``, the reference locale first."""
    others = sorted(
        p.name
        for p in root.iterdir()
        if p.is_dir()
        and p.name not in {REFERENCE_LOCALE, PICTURES_FOLDER}
        and not p.name.startswith((".", "_"))
    )
    return [REFERENCE_LOCALE, *others]


def build_library(locale: str, root: Path) -> tuple[Library | None, list[Problem]]:
    """Read the files a locale needs (its own, else English) and check them together."""
    problems: list[Problem] = []
    files = _lesson_files(root, locale)

    glossary_docs = _layered(root, locale, GLOSSARY_FILE)
    ui_docs = _layered(root, locale, UI_FILE)
    glossary: dict[str, Term] = {}
    glossary_lines: dict[str, tuple[YamlDocument, FieldPath]] = {}
    for doc in glossary_docs:
        parsed, found = _validate(doc, Glossary)
        problems += found
        if parsed is None:
            continue
        problems += checks.glossary_problems(parsed, doc)
        for index, term in enumerate(parsed.terms):
            glossary[term.id] = term
            glossary_lines[term.id] = (doc, ("terms", index))
    if not glossary_docs:
        problems.append(_missing(root / REFERENCE_LOCALE / GLOSSARY_FILE))

    ui_data: dict[str, Any] = {}
    for doc in ui_docs:
        if isinstance(doc.data, dict):
            ui_data.update(doc.data)
        problems += checks.ui_placeholder_problems(doc)
    ui: UiText | None = None
    if ui_docs:
        ui, found = _validate(YamlDocument(ui_docs[-1].path, ui_data, ui_docs[-1].lines), UiText)
        problems += found
    else:
        problems.append(_missing(root / REFERENCE_LOCALE / UI_FILE))

    signs, found = _sign_table(root, locale, ui)
    problems += found
    pictures, found = _pictures(root, locale)
    problems += found

    lessons: dict[str, Lesson] = {}
    lesson_docs: dict[str, YamlDocument] = {}
    for path in files.values():
        doc, found = read_yaml(path)
        problems += found
        if doc is None:
            continue
        lesson, found = _validate(doc, Lesson)
        problems += found
        if lesson is None:
            continue
        problems += checks.lesson_problems(lesson, doc, set(glossary))
        problems += checks.lesson_sign_problems(lesson, doc, signs, ui)
        for key in ("sign_table", "pictures", "locale"):
            if key in doc.data:
                problems.append(
                    Problem(doc.path, doc.line_of((key,)), key, "is filled in by the loader")
                )
        if any(i not in signs for _, i in sign_refs.referenced(lesson)):
            continue
        shown = [p for p in pictures.values() if any(w.lesson == lesson.id for w in p.shown_in)]
        lesson = sign_refs.resolve(lesson, signs, ui)
        if ui is not None and path.parent.name == locale:
            # A fallback copy of an English lesson is checked with the English words, once.
            problems += checks.lesson_word_problems(lesson, doc, glossary, ui.lesson_check)
        lesson = lesson.model_copy(update={"locale": path.parent.name, "pictures": shown})
        if lesson.id in lessons:
            # Blame the copy whose file name does not match the id: that is the one to fix.
            kept, other = lesson_docs[lesson.id], doc
            if kept.path.stem != lesson.id:
                kept, other = other, kept
                lessons[lesson.id] = lesson
                lesson_docs[lesson.id] = doc
            problems.append(
                Problem(
                    other.path,
                    other.line_of(("id",)),
                    "id",
                    f"lesson id {lesson.id!r} is already used by {kept.path.name}",
                )
            )
            continue
        lessons[lesson.id] = lesson
        lesson_docs[lesson.id] = doc
    if locale == REFERENCE_LOCALE:  # a translation inherits the order of the English lessons
        problems += checks.library_problems(lessons, lesson_docs)

    if not files:
        problems.append(Problem(root / locale, 1, "", "no lesson files here"))
    if problems or ui is None:
        return None, problems
    problems += checks.picture_place_problems(pictures, lessons, pictures_doc(root, locale))
    return Library(locale, lessons, glossary, ui, files, signs, pictures), problems


def _sign_table(
    root: Path, locale: str, ui: UiText | None
) -> tuple[dict[str, Sign], list[Problem]]:
    """Every sign file (``signs/*.yaml``; a locale's own file replaces the English one of
    the same name), validated and checked as one table."""
    paths: dict[str, Path] = {}
    for folder in _layer_dirs(root, locale):
        for path in sorted((folder / sign_refs.SIGNS_FOLDER).glob("*.yaml")):
            paths[path.name] = path
    problems: list[Problem] = []
    if not paths:
        problems.append(
            Problem(root / REFERENCE_LOCALE / sign_refs.SIGNS_FOLDER, 1, "", "no sign files here")
        )
    tables: list[tuple[SignTable, YamlDocument]] = []
    for path in paths.values():
        doc, found = read_yaml(path)
        problems += found
        if doc is None:
            continue
        table, found = _validate(doc, SignTable)
        problems += found
        if table is not None:
            tables.append((table, doc))
    problems += checks.sign_table_problems(tables, ui)
    signs: dict[str, Sign] = {}
    for table, _ in tables:
        for sign in table.signs:
            signs.setdefault(sign.id, sign)
    return signs, problems


def pictures_doc(root: Path, locale: str) -> YamlDocument | None:
    docs = _layered(root, locale, PICTURES_FILE)
    return docs[-1] if docs else None


def _pictures(root: Path, locale: str) -> tuple[dict[str, Picture], list[Problem]]:
    """The teaching pictures' words (the locale's own ``pictures.yaml``, else English)."""
    doc = pictures_doc(root, locale)
    if doc is None:
        return {}, []
    table, problems = _validate(doc, PictureTable)
    if table is None:
        return {}, problems
    return {p.id: p for p in table.pictures}, problems


def _lesson_files(root: Path, locale: str) -> dict[str, Path]:
    """Lesson files by name: the reference locale's, overlaid with the locale's own."""
    files: dict[str, Path] = {}
    for folder in _layer_dirs(root, locale):
        for path in sorted(folder.glob("*.yaml")) + sorted(folder.glob("*.yml")):
            if path.name not in _RESERVED:
                files[path.stem] = path
    return files


def _layer_dirs(root: Path, locale: str) -> list[Path]:
    dirs = [root / REFERENCE_LOCALE]
    if locale != REFERENCE_LOCALE:
        dirs.append(root / locale)
    return [d for d in dirs if d.is_dir()]


def _layered(root: Path, locale: str, name: str) -> list[YamlDocument]:
    """The reference file then the locale's own, each parsed; later ones override earlier."""
    docs = []
    for folder in _layer_dirs(root, locale):
        path = folder / name
        if path.exists():
            doc, _ = read_yaml(path)
            if doc is not None:
                docs.append(doc)
    return docs


def _missing(path: Path) -> Problem:
    return Problem(path, 1, "", "this file is required but missing")


def _validate(doc: YamlDocument, model: type[M]) -> tuple[M | None, list[Problem]]:
    """Validate ``doc`` against ``model``; translate every pydantic error to a located problem."""
    if not isinstance(doc.data, dict):
        return None, [Problem(doc.path, 1, "", "expected a mapping of fields at the top")]
    try:
        return model.model_validate(doc.data), []
    except ValidationError as exc:
        return None, [_problem(doc, error) for error in exc.errors()]


def _problem(doc: YamlDocument, error: Any) -> Problem:
    loc = _real_loc(doc.data, error["loc"])
    kind = error["type"]
    ctx = error.get("ctx") or {}
    given = error.get("input")
    if kind == "missing":
        message = "is required but missing"
    elif kind == "extra_forbidden":
        message = "is not a field this schema knows (check the spelling)"
    elif kind == "string_too_short":
        message = "must not be empty"
    elif kind == "too_short":
        message = f"needs at least {ctx.get('min_length', 1)} item(s)"
    elif kind in {"enum", "literal_error"}:
        message = f"{given!r} is not allowed here: {_expected(ctx.get('expected', ''))}"
    elif kind == "union_tag_invalid":
        loc = (*loc, "type")
        message = f"unknown type {ctx.get('tag')!r}: {_expected(ctx.get('expected_tags', ''))}"
    elif kind == "union_tag_not_found":
        loc = (*loc, "type")
        message = "needs a 'type' field saying which kind of item it is"
    elif kind == "string_pattern_mismatch":
        message = (
            f"{given!r} is not in the expected form ({_pattern_hint(str(ctx.get('pattern')))})"
        )
    else:
        message = error["msg"][0].lower() + error["msg"][1:]
    return Problem(doc.path, doc.line_of(loc), ".".join(str(p) for p in loc), message)


def _real_loc(data: Any, loc: Iterable[Any]) -> FieldPath:
    """Drop the parts of a pydantic location that are union tags, not keys in the file."""
    real: list[str | int] = []
    node = data
    parts = list(loc)
    for index, part in enumerate(parts):
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and part < len(node)
        if in_dict or in_list:
            node = node[part]
            real.append(part)
        elif index == len(parts) - 1 and isinstance(part, str | int):
            real.append(part)  # a missing or extra key: name it, at its parent's line
            node = None
    return tuple(real)


def _expected(text: str) -> str:
    return f"use one of {text}" if text else "see the schema"


def _pattern_hint(pattern: str) -> str:
    return FORM_WORDS.get(pattern, f"pattern {pattern}")
