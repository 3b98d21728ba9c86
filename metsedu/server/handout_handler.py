"""Each lesson's take-home handout, served by the lesson server as a PDF download.

Why the server and not the lesson kernel: the link then works by keyboard with no script,
keeps working after the page's kernel is culled, and the PDF library stays out of every
kernel's memory. Handouts are built from the server's content source on first request and
kept in memory until a content file changes (the source's fingerprint says when).

Every language the server offers has its handouts (``served_locales``): English at
``HANDOUT`` (``metsedu/handouts/bones.pdf``), a translation's below its language
(``HANDOUT_IN``: ``metsedu/handouts/es/bones.pdf``), as ``names.handout_address`` writes the
lesson page's link. One :class:`Handouts` builds them all, per language, lesson and content
stamp. An address with a lesson or language the server does not have gets the template's
plain-words "not found" page (``404.html``) in the address's language, or, for a language
the server does not offer, in the request's (see :mod:`.page_language`): a Spanish reader
never gets English words for a Spanish handout.
"""

from __future__ import annotations

import asyncio
import re
from threading import Lock
from typing import Any

from tornado import web

from ..content import REFERENCE_LOCALE, ContentError, ContentSource
from ..names import HANDOUT, HANDOUT_IN, route
from .downloads import send_download
from .page_language import request_locale

#: What a lesson id may look like; anything else never reaches the content.
LESSON_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,63}")
#: What a language may look like (a notebook's, as in ``02-bones.es.ipynb``).
LOCALE = re.compile(r"[a-z]{2}")
#: What the routes take in each part of the address: anything but a folder, so an odd
#: address below a language still gets that language's "not found" page. The handler
#: checks each part against the patterns above before it looks anything up.
_PART = r"[^/]*"


def handout_route(server_url: str) -> str:
    """The address pattern of an English handout (the lesson pages' links point at it)."""
    return route(server_url, HANDOUT, lesson_id=_PART)


def handout_in_route(server_url: str) -> str:
    """The address pattern of a translation's handout (``metsedu/handouts/es/bones.pdf``)."""
    return route(server_url, HANDOUT_IN, locale=_PART, lesson_id=_PART)


def handout_routes(server_url: str, handouts: Handouts, voila_configuration: Any) -> list[tuple]:
    """Both handout routes, served by one :class:`HandoutHandler` and one :class:`Handouts`."""
    args = {"handouts": handouts, "voila_configuration": voila_configuration}
    handler = handout_handler()
    return [
        (handout_route(server_url), handler, args),
        (handout_in_route(server_url), handler, args),
    ]


def download_name(lesson_id: str, locale: str) -> str:
    """The file name a browser saves the handout as: ``metsedu-bones-handout.pdf``, and a
    translation's with its language, ``metsedu-bones-handout-es.pdf``, so a nurse who
    prints both keeps both."""
    suffix = "" if locale == REFERENCE_LOCALE else f"-{locale}"
    return f"metsedu-{lesson_id}-handout{suffix}.pdf"


class Handouts:
    """The handouts of every offered language's lessons, built from ``content`` and kept
    while it holds (one PDF per language, lesson and content stamp)."""

    def __init__(self, content: ContentSource, locales: list[str]) -> None:
        self.content = content
        self.locales = list(locales)
        self._built: dict[tuple[str, str, str], bytes] = {}
        self._lock = Lock()

    def pdf(self, lesson_id: str, locale: str = REFERENCE_LOCALE) -> bytes | None:
        """The handout of ``lesson_id`` in ``locale`` as the content is now; ``None`` if the
        server offers no such language, the language has no such lesson, or its content
        does not load (the lesson pages say so themselves)."""
        from ..handouts import build_handout

        if locale not in self.locales or not LESSON_ID.fullmatch(lesson_id):
            return None
        try:
            stamp, library = self.content.snapshot(locale)
        except ContentError:
            return None
        lesson = library.lessons.get(lesson_id)
        if lesson is None:
            return None
        key = (locale, lesson_id, stamp)
        with self._lock:
            pdf = self._built.get(key)
        if pdf is None:
            pdf = build_handout(lesson, library.ui)
            with self._lock:
                for old in [k for k in self._built if k[2] != stamp]:
                    del self._built[old]  # only the newest content is worth keeping
                self._built[key] = pdf
        return pdf


def handout_handler() -> type:
    """The handler of both handout routes (made on demand: Voilà is imported only to serve).

    A Voilà page handler, so a handout that is not there gets the template's own "not
    found" page, in the look and words of the lesson pages; one whose words the PDF's
    fonts cannot print gets its plain "something went wrong" page, and the server log
    names the lesson, the field and the character."""
    from voila.handler import BaseVoilaHandler

    class HandoutHandler(BaseVoilaHandler):
        """``GET .../metsedu/handouts[/<language>]/<lesson id>.pdf``: the handout, or the
        plain-words "not found" page in the handout's language."""

        page_locale: str | None = None

        def initialize(self, handouts: Handouts, **kwargs: Any) -> None:
            super().initialize(**kwargs)
            self.handouts = handouts

        async def get(self, lesson_id: str, locale: str = REFERENCE_LOCALE) -> None:
            from ..handouts import UnprintableTextError

            # Any page this answers with is in the address's language.
            self.page_locale = locale if LOCALE.fullmatch(locale) else None
            loop = asyncio.get_running_loop()
            try:
                pdf = await loop.run_in_executor(None, self.handouts.pdf, lesson_id, locale)
            except UnprintableTextError as error:  # a nurse's edit the PDF fonts cannot print
                self.log.error(
                    "metsedu: the %s handout of %s cannot be made: %s "
                    "(metsedu handouts --locale %s says where)",
                    locale,
                    lesson_id,
                    error,
                    locale,
                )
                raise web.HTTPError(500) from None
            if pdf is None:
                raise web.HTTPError(404)
            self.set_header("Cache-Control", "no-cache")
            send_download(self, download_name(lesson_id, locale), "application/pdf", pdf)

        @property
        def template_namespace(self) -> dict[str, Any]:
            namespace = dict(super().template_namespace)
            every = namespace.get("metsedu", {})
            words = every.get("words", {})
            if words:
                locale = self.page_locale
                if locale not in words:  # a language this server does not offer
                    locale = request_locale(self, list(words), every.get("default", ""))
                namespace["metsedu"] = {**every, **words[locale]}
            return namespace

    return HandoutHandler
