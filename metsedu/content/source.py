"""The content a process reads: one folder, each locale's validated library, always current.

Why one object: a lesson kernel, the handout route and the facilitator pages must all see
the same content, and see a nurse's edit as soon as it is saved. A :class:`ContentSource`
holds each locale's library with the :meth:`~ContentSource.fingerprint` it was read at,
and reads the folder again when the fingerprint changes. ``metsedu serve`` hands its
source to the handlers that need it; a notebook, which has no one to hand it anything,
reaches the same object through :func:`load_library` (one source per content folder).

Validating takes a kernel about 9 MiB and tens of milliseconds (pydantic builds its
validators), so a source can be told where libraries that were already validated come
from (:meth:`~ContentSource.trust`): the lesson kernel trusts the folder its server
validated the content into (see :mod:`metsedu.content.cache`). A library from there is
taken only for the fingerprint the files have now.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from threading import Lock

from . import library as library_module
from . import model, ui_model
from .library import Library
from .loader import REFERENCE_LOCALE, build_library, content_root
from .model import Lesson
from .problems import ContentError, Problem

#: Gives a library validated elsewhere for ``(root, locale, fingerprint)``, or ``None``.
Validated = Callable[[Path, str, str], Library | None]

#: The code that gives a library its shape: a change to it changes every fingerprint, so a
#: library stored by older code is never taken for one of today's.
_SHAPE = tuple(Path(m.__file__) for m in (model, ui_model, library_module))


class ContentSource:
    """One content folder, read and validated per locale, read again when a file changes."""

    def __init__(self, root: Path) -> None:
        self.root = root.resolve()
        self._held: dict[str, tuple[str, Library]] = {}
        self._validated: Validated | None = None
        self._lock = Lock()  # the server builds handouts in threads

    def trust(self, validated: Validated) -> None:
        """Take libraries from ``validated`` when it has one for the current fingerprint."""
        self._validated = validated

    def fingerprint(self) -> str:
        """Every content file's name, size and modification time (and the model code's):
        any edit shows."""
        digest = hashlib.sha256(str(self.root).encode())
        for path in _SHAPE:
            stat = path.stat()
            digest.update(f"\0{path.name}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        for path in sorted(self.root.rglob("*.yaml")):
            stat = path.stat()
            relative = path.relative_to(self.root)
            digest.update(f"\0{relative}\0{stat.st_size}\0{stat.st_mtime_ns}".encode())
        return digest.hexdigest()

    def snapshot(self, locale: str = REFERENCE_LOCALE) -> tuple[str, Library]:
        """The fingerprint and the library read at it; :class:`ContentError` on problems."""
        stamp = self.fingerprint()
        with self._lock:
            held = self._held.get(locale)
            if held is not None and held[0] == stamp:
                return held
            library = self._read(locale, stamp)
            self._held[locale] = (stamp, library)
            return stamp, library

    def current(self, locale: str = REFERENCE_LOCALE) -> Library:
        """The library for ``locale`` as the files say now (English where not translated)."""
        return self.snapshot(locale)[1]

    def _read(self, locale: str, stamp: str) -> Library:
        if locale != REFERENCE_LOCALE and not (self.root / locale).is_dir():
            folder = self.root / locale
            raise ContentError([Problem(folder, 1, "", f"no content folder for locale {locale!r}")])
        if self._validated is not None:
            found = self._validated(self.root, locale, stamp)
            if found is not None:
                return found
        library, problems = build_library(locale, self.root)
        if problems or library is None:
            raise ContentError(problems)
        return library


@cache
def _source(root: Path) -> ContentSource:
    return ContentSource(root)


def content_source(root: Path | None = None) -> ContentSource:
    """This process's source for ``root`` (default :func:`content_root`): one per folder."""
    return _source((root or content_root()).resolve())


def load_library(locale: str = REFERENCE_LOCALE, root: Path | None = None) -> Library:
    """Load one locale's lessons with English fallback; raise :class:`ContentError` on problems."""
    return content_source(root).current(locale)


def load_lesson(lesson_id: str, locale: str = REFERENCE_LOCALE, root: Path | None = None) -> Lesson:
    """One lesson by id; a lesson not yet translated comes back in English."""
    library = load_library(locale, root)
    try:
        return library.lessons[lesson_id]
    except KeyError:
        known = ", ".join(sorted(library.lessons)) or "none"
        raise KeyError(f"no lesson with id {lesson_id!r} (known: {known})") from None


def load_lessons(locale: str = REFERENCE_LOCALE, root: Path | None = None) -> list[Lesson]:
    """All lessons in teaching order."""
    return load_library(locale, root).ordered()
