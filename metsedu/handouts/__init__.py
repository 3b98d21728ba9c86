"""Take-home handouts: one lesson as a one- or two-page PDF in large type.

A learner leaves the visit with paper: when to get help now, what to watch for, who
to call, questions for the team and a symptom diary. Every word comes from the
content (the lesson and the ``handout`` table of ``ui.yaml``), never from Python, so
a translation or a reviewed sentence reaches the sheet unchanged.

fpdf2 is imported only when a handout is built, so ``import metsedu`` stays quick.
"""

from __future__ import annotations

from pathlib import Path

from ..content import REFERENCE_LOCALE, ContentError, Lesson, Problem, UiText, load_library
from ..content import content_root as default_content_root
from .sheet import collect
from .text import UnprintableTextError

__all__ = ["UnprintableTextError", "build_handout", "write_handouts"]


def build_handout(lesson: Lesson, ui: UiText) -> bytes:
    """The handout PDF of ``lesson``; the same content always gives the same bytes.

    Raises :class:`UnprintableTextError` (a ``ValueError``) naming the lesson, the field and
    the character when some text cannot be printed with the PDF's Latin-1 fonts.
    """
    from .layout import render

    return render(collect(lesson, ui))


def write_handouts(
    out_dir: Path, content_root: Path | None = None, locale: str = REFERENCE_LOCALE
) -> list[Path]:
    """Write ``<lesson id>.pdf`` for every lesson of ``locale`` into ``out_dir``.

    Every handout is built before any file is written, so broken content leaves no
    half-made set behind. Raises :class:`ContentError` for content that does not load,
    and for text the handout cannot print, located as ``file:line: field: message``.
    """
    root = (content_root or default_content_root()).resolve()
    library = load_library(locale, root)
    built: dict[str, bytes] = {}
    for lesson in library.ordered():
        try:
            built[lesson.id] = build_handout(lesson, library.ui)
        except UnprintableTextError as error:
            raise ContentError([_locate(error, library.files[lesson.id], root, locale)]) from None
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for lesson_id, pdf in built.items():
        path = out_dir / f"{lesson_id}.pdf"
        path.write_bytes(pdf)
        paths.append(path)
    return paths


def _locate(error: UnprintableTextError, lesson_file: Path, root: Path, locale: str) -> Problem:
    """Point at the file and line the unprintable character is on, as ``metsedu check`` does."""
    from ..content._yaml import read_yaml

    if error.source == "sign":
        return _locate_sign(error, root, locale)
    if error.source == "pictures":
        return _locate_picture(error, root, locale)
    if error.source == "lesson":
        candidates = [lesson_file]
    else:  # a locale's ui.yaml replaces English top-level tables whole
        candidates = [root / locale / "ui.yaml", root / REFERENCE_LOCALE / "ui.yaml"]
    for path in candidates:
        doc, _ = read_yaml(path) if path.is_file() else (None, [])
        if doc is not None and error.loc[:1] in doc.lines:
            return Problem(path, doc.line_of(error.loc), error.field, error.reason)
    return Problem(candidates[-1], 1, error.field, error.reason)


def _locate_sign(error: UnprintableTextError, root: Path, locale: str) -> Problem:
    """The sign file and line that define the sign the character is in."""
    from ..content.signs import SIGNS_FOLDER

    folders = [root / locale / SIGNS_FOLDER, root / REFERENCE_LOCALE / SIGNS_FOLDER]
    paths = [path for folder in folders for path in sorted(folder.glob("*.yaml"))]
    return _locate_by_id(error, paths, "signs", folders[-1])


def _locate_picture(error: UnprintableTextError, root: Path, locale: str) -> Problem:
    """The pictures.yaml line of the picture word the character is in."""
    paths = [root / locale / "pictures.yaml", root / REFERENCE_LOCALE / "pictures.yaml"]
    return _locate_by_id(error, paths, "pictures", paths[-1])


def _locate_by_id(
    error: UnprintableTextError, paths: list[Path], key: str, fallback: Path
) -> Problem:
    """The first file whose ``key`` list holds an entry with the error's id (its loc[0])."""
    from ..content._yaml import read_yaml

    item_id, *rest = error.loc
    for path in paths:
        doc, _ = read_yaml(path) if path.is_file() else (None, [])
        data = doc.data if doc is not None and isinstance(doc.data, dict) else {}
        for index, item in enumerate(data.get(key) or []):
            if isinstance(item, dict) and item.get("id") == item_id:
                loc = (key, index, *rest)
                return Problem(path, doc.line_of(loc), ".".join(map(str, loc)), error.reason)
    return Problem(fallback, 1, error.field, error.reason)
