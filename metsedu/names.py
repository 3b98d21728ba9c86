"""Names every layer agrees on: notebook files, server addresses, environment variables.

Why a module of its own, at the bottom: the server, the lesson pages, the tools and the
tests all need these names, and each used to import them from wherever they were first
written (a widget module, the lesson HTML), which pulled IPython and ipywidgets into the
Voilà server process for a file name. This module imports nothing of metsedu, so anyone
may import it.

Addresses are written without a leading slash, relative to the server's base URL (``/``
unless Voilà is told otherwise). Patterns with ``{field}`` placeholders are filled with
``str.format`` to make a link, and turned into a Tornado route by :func:`route`.
"""

from __future__ import annotations

import re
import string
from typing import Protocol


class _Numbered(Protocol):
    """What a notebook name is made of (a :class:`metsedu.content.Lesson` has both)."""

    @property
    def order(self) -> int: ...

    @property
    def id(self) -> str: ...


#: The reference language: its folder (``content/en/``) holds every file, and a translation
#: takes from it whatever it has not translated yet. A lesson says it unless told otherwise.
REFERENCE_LOCALE = "en"

#: The "Start here" notebook, beside the lesson notebooks.
START_NOTEBOOK = "00-start.ipynb"
#: A translation's notebooks sit beside the English ones, named with the language before
#: ``.ipynb`` (``02-bones.es.ipynb``): every page is at the same depth, so the links a page
#: writes (``../../metsedu/...``) hold in every language, and the name alone tells the
#: server the page's language.
_NOTEBOOK = re.compile(r"(?P<base>.+?)(?:\.(?P<locale>[a-z]{2}))?(?:\.ipynb)?")


def _suffix(locale: str) -> str:
    return "" if locale == REFERENCE_LOCALE else f".{locale}"


def notebook_name(lesson: _Numbered, locale: str | None = None) -> str:
    """A lesson's notebook file: its teaching order and id, as in ``02-bones.ipynb``, and
    its language if not English (``02-bones.es.ipynb``). ``locale`` defaults to the
    lesson's own (a :class:`metsedu.content.Lesson` knows the folder it was read from)."""
    locale = locale or getattr(lesson, "locale", REFERENCE_LOCALE)
    return f"{lesson.order:02d}-{lesson.id}{_suffix(locale)}.ipynb"


def start_notebook(locale: str = REFERENCE_LOCALE) -> str:
    """The Start page's notebook in ``locale``: ``00-start.ipynb``, ``00-start.es.ipynb``."""
    return START_NOTEBOOK.replace(".ipynb", f"{_suffix(locale)}.ipynb")


def notebook_locale(name: str) -> tuple[str, str]:
    """``(English name, locale)`` of a notebook name, with or without ``.ipynb``:
    ``02-bones.es.ipynb`` is ``("02-bones", "es")``, ``02-bones`` is ``("02-bones", "en")``."""
    match = _NOTEBOOK.fullmatch(name)
    if match is None:  # an empty name
        return name, REFERENCE_LOCALE
    return match["base"], match["locale"] or REFERENCE_LOCALE


# -- the server's addresses ----------------------------------------------------------

#: Where Voilà renders a notebook: ``voila/render/02-bones.ipynb``.
RENDER = "voila/render/"
#: The facilitator pages (the key form; sessions live below it).
FACILITATOR = "metsedu/facilitator"
#: A lesson's take-home handout, built by the server; a translation's is below its language
#: (``handout_address``).
HANDOUT = "metsedu/handouts/{lesson_id}.pdf"
HANDOUT_IN = "metsedu/handouts/{locale}/{lesson_id}.pdf"
#: How many waiting kernels have run their lesson (counts only).
READY = "metsedu/ready.json"
#: Where a page reports a problem before it reloads (``metsedu-page.js`` posts here).
PAGE_PROBLEM = "metsedu/page-problem"

#: From a rendered page (``RENDER`` + notebook) back up to the server's base URL.
FROM_PAGE = "../" * RENDER.count("/")


def handout_address(lesson_id: str, locale: str = REFERENCE_LOCALE) -> str:
    """The handout of ``lesson_id`` in ``locale``: English at ``HANDOUT``, others below
    their language."""
    if locale == REFERENCE_LOCALE:
        return HANDOUT.format(lesson_id=lesson_id)
    return HANDOUT_IN.format(locale=locale, lesson_id=lesson_id)


def from_page(address: str) -> str:
    """``address`` as a link written in a lesson page, which lives below ``RENDER``."""
    return FROM_PAGE + address


def route(server_url: str, address: str, **fields: str) -> str:
    """A Tornado route for ``address``: its text matched exactly, each ``{field}`` by the
    regular expression given for it (as a named group the handler receives)."""
    parts = []
    for text, name, _spec, _conversion in string.Formatter().parse(address):
        parts.append(re.escape(text))
        if name is not None:
            parts.append(f"(?P<{name}>{fields[name]})")
    return server_url.rstrip("/") + "/" + "".join(parts)


# -- environment variables: how ``metsedu serve`` tells its kernels things -----------

#: The content folder to read instead of the checkout's or the installed one.
CONTENT_ENV = "METSEDU_CONTENT"
#: Set by ``metsedu serve`` for its kernels: the folder of content it validated once.
CACHE_DIR_ENV = "METSEDU_CACHE_DIR"
#: Set by ``metsedu serve`` for its kernels: where the group sessions live.
DATABASE_URL_ENV = "METSEDU_DATABASE_URL"
