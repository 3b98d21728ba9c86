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


def notebook_name(lesson: _Numbered) -> str:
    """A lesson's notebook file: its teaching order and id, as in ``02-bones.ipynb``."""
    return f"{lesson.order:02d}-{lesson.id}.ipynb"


# -- the server's addresses ----------------------------------------------------------

#: Where Voilà renders a notebook: ``voila/render/02-bones.ipynb``.
RENDER = "voila/render/"
#: The facilitator pages (the key form; sessions live below it).
FACILITATOR = "metsedu/facilitator"
#: A lesson's take-home handout, built by the server.
HANDOUT = "metsedu/handouts/{lesson_id}.pdf"
#: How many waiting kernels have run their lesson (counts only).
READY = "metsedu/ready.json"
#: Where a page reports a problem before it reloads (``metsedu-page.js`` posts here).
PAGE_PROBLEM = "metsedu/page-problem"

#: From a rendered page (``RENDER`` + notebook) back up to the server's base URL.
FROM_PAGE = "../" * RENDER.count("/")


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
