"""Each lesson's take-home handout, served by the lesson server as a PDF download.

Why the server and not the lesson kernel: the link then works by keyboard with no script,
keeps working after the page's kernel is culled, and the PDF library stays out of every
kernel's memory. Handouts are built from the server's content source on first request and
kept in memory until a content file changes (the source's fingerprint says when).
"""

from __future__ import annotations

import asyncio
from html import escape
from threading import Lock

from tornado import web

from ..content import ContentError, ContentSource
from ..names import HANDOUT, route
from .downloads import send_download

#: What a lesson id may look like in the address; anything else never reaches the content.
LESSON_ID = r"[a-z0-9][a-z0-9-]{0,63}"


def handout_route(server_url: str) -> str:
    """The address pattern the lesson pages' handout links point at."""
    return route(server_url, HANDOUT, lesson_id=LESSON_ID)


class Handouts:
    """The handouts of one locale's lessons, built from ``content`` and kept while it holds."""

    def __init__(self, content: ContentSource, locale: str) -> None:
        self.content = content
        self.locale = locale
        self._built: dict[tuple[str, str], bytes] = {}
        self._lock = Lock()

    def pdf(self, lesson_id: str) -> bytes | None:
        """The handout of ``lesson_id`` as the content is now; ``None`` if there is none."""
        from ..handouts import build_handout

        try:
            stamp, library = self.content.snapshot(self.locale)
        except ContentError:
            return None
        lesson = library.lessons.get(lesson_id)
        if lesson is None:
            return None
        with self._lock:
            pdf = self._built.get((lesson_id, stamp))
        if pdf is None:
            pdf = build_handout(lesson, library.ui)
            with self._lock:
                for old in [k for k in self._built if k[1] != stamp]:
                    del self._built[old]  # only the newest content is worth keeping
                self._built[(lesson_id, stamp)] = pdf
        return pdf

    def not_found_words(self) -> str:
        try:
            return self.content.current(self.locale).ui.app.not_found
        except ContentError:
            return "404"


class HandoutHandler(web.RequestHandler):
    """``GET .../metsedu/handouts/<lesson id>.pdf``: the handout, or plain words if unknown."""

    def initialize(self, handouts: Handouts) -> None:
        self.handouts = handouts

    async def get(self, lesson_id: str) -> None:
        loop = asyncio.get_running_loop()
        pdf = await loop.run_in_executor(None, self.handouts.pdf, lesson_id)
        if pdf is None:
            self._not_found_page()
            return
        self.set_header("Cache-Control", "no-cache")
        send_download(self, f"metsedu-{lesson_id}-handout.pdf", "application/pdf", pdf)

    def _not_found_page(self) -> None:
        locale = self.handouts.locale
        self.set_status(404)
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.finish(
            f'<!doctype html><html lang="{escape(locale)}">'
            f"<p>{escape(self.handouts.not_found_words())}</p>"
        )
