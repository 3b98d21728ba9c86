"""Validated content, kept for lesson kernels so each kernel need not validate it again.

Why: checking the YAML against the schema makes pydantic build its validators, which costs
every lesson kernel about 9 MiB of private memory and tens of milliseconds, and a class of
30 learners means 30 kernels. ``metsedu serve`` validates the content once at start and
writes the result here; a kernel started by that server finds the folder in its environment
(``METSEDU_CACHE_DIR``), and :func:`prime` (called by ``metsedu._lesson_kernel``) tells the
kernel's :class:`~metsedu.content.source.ContentSource` to take libraries from it, for the
fingerprint the content files have now. Anything else (Jupyter, nbval, tests, a changed
file, a missing or odd cache file) falls back to reading and validating the YAML, so the
cache can never serve content that has not been checked.

The folder is created by the server with mode 0700 and named only in the environment the
server gives its own kernels, so only the server's user can put a file there; that is what
makes reading a pickle from it safe.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import shutil
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from ..names import CACHE_DIR_ENV

if TYPE_CHECKING:
    from .library import Library

_PREFIX = "metsedu-cache-"


def make_folder() -> Path:
    """A new private folder (mode 0700) for this server's cache.

    Its name carries the server's process id, so that folders left by servers that were
    killed (and so could not tidy up) are removed here.
    """
    _remove_stale(Path(tempfile.gettempdir()))
    return Path(tempfile.mkdtemp(prefix=f"{_PREFIX}{os.getpid()}-"))


def _remove_stale(parent: Path) -> None:
    for folder in parent.glob(f"{_PREFIX}*-*"):
        pid = folder.name.removeprefix(_PREFIX).split("-", 1)[0]
        try:
            if folder.stat().st_uid != os.getuid() or not pid.isdigit() or _alive(int(pid)):
                continue
            shutil.rmtree(folder, ignore_errors=True)
        except OSError:
            continue


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _file(folder: Path, locale: str, root: Path) -> Path:
    key = hashlib.sha256(str(root).encode()).hexdigest()[:16]
    return folder / f"{locale}-{key}.pickle"


def write(folder: Path, locale: str, root: Path, fingerprint: str, library: Library) -> Path:
    """Store a library validated at ``fingerprint`` (only ever one that passed every check)."""
    target = _file(folder, locale, root)
    partial = target.with_suffix(".partial")
    data = pickle.dumps((fingerprint, library), protocol=pickle.HIGHEST_PROTOCOL)
    partial.write_bytes(data)
    partial.replace(target)  # a kernel never reads half a file
    return target


class Folder:
    """A server's cache folder, read by its kernels (a ``Validated`` for a content source)."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __call__(self, root: Path, locale: str, fingerprint: str) -> Library | None:
        """The stored library for ``locale`` if it was validated at ``fingerprint``."""
        path = _file(self.path, locale, root)
        try:
            if self.path.stat().st_mode & 0o077:  # someone else could write there: do not trust
                return None
            stored, library = pickle.loads(path.read_bytes())
        except Exception:  # no cache, or an unreadable one: validate the YAML instead
            return None
        return library if stored == fingerprint else None


def prime() -> None:
    """In a kernel ``metsedu serve`` started: take the content the server validated."""
    folder = os.environ.get(CACHE_DIR_ENV)
    if folder:
        from .source import content_source

        content_source().trust(Folder(Path(folder)))
