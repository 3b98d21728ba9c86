"""Each lesson's take-home handout, served by the lesson server as a PDF download.

Why the server and not the lesson kernel: the link then works by keyboard with no script,
keeps working after the page's kernel is culled, and the PDF library stays out of every
kernel's memory. Handouts are built from validated content on first request and kept in
memory until a content file changes (the same fingerprint the kernels' cache uses).
"""

from __future__ import annotations

import asyncio
from html import escape
from typing import ClassVar

from tornado import web

from ..content import ContentError, cache, content_root, load_library
from ..content.loader import _load_library_cached
from ..names import HANDOUT, route

#: What a lesson id may look like in the address; anything else never reaches the content.
LESSON_ID = r"[a-z0-9][a-z0-9-]{0,63}"


def handout_route(server_url: str) -> str:
    """The address pattern the lesson pages' handout links point at."""
    return route(server_url, HANDOUT, lesson_id=LESSON_ID)


class HandoutHandler(web.RequestHandler):
    """``GET .../metsedu/handouts/<lesson id>.pdf``: the handout, or plain words if unknown."""

    _built: ClassVar[dict[tuple[str, str, str], bytes]] = {}

    def initialize(self, locale: str) -> None:
        self.locale = locale

    async def get(self, lesson_id: str) -> None:
        root = content_root().resolve()
        stamp = cache.fingerprint(root)
        key = (self.locale, lesson_id, stamp)
        pdf = self._built.get(key)
        if pdf is None:
            try:
                pdf = await asyncio.get_running_loop().run_in_executor(
                    None, _build, self.locale, lesson_id, stamp
                )
            except (ContentError, KeyError):
                pdf = None
            if pdf is None:
                self._plain_not_found()
                return
            for old in [k for k in self._built if k[2] != stamp]:
                del self._built[old]  # only the newest content is worth keeping
            self._built[key] = pdf
        self.set_header("Content-Type", "application/pdf")
        self.set_header(
            "Content-Disposition", f'attachment; filename="metsedu-{lesson_id}-handout.pdf"'
        )
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("Cache-Control", "no-cache")
        self.finish(pdf)

    def _plain_not_found(self) -> None:
        try:
            words = load_library(self.locale).ui.app.not_found
        except ContentError:
            words = "404"
        self.set_status(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(f'<!doctype html><html lang="{escape(self.locale)}"><p>{escape(words)}</p>')


_seen_stamp: dict[str, str] = {}


def _build(locale: str, lesson_id: str, stamp: str) -> bytes | None:
    from ..handouts import build_handout

    if _seen_stamp.get(locale) not in (None, stamp):
        _load_library_cached.cache_clear()  # a nurse changed a file: read it again
    _seen_stamp[locale] = stamp
    library = load_library(locale)
    lesson = library.lessons.get(lesson_id)
    return None if lesson is None else build_handout(lesson, library.ui)
