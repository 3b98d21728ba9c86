"""Which language a page the server writes itself is in: not found, busy, errors, the nurse's.

Why: one server serves every language at once (``02-bones.ipynb`` and ``02-bones.es.ipynb``).
A lesson page's language is its notebook's (the template reads it from the name). The
server's own pages have no notebook, so they follow, in this order:

1. the address, when it names a page: ``/voila/render/02-bones.es.ipynb`` is Spanish even
   when it is not found or the server is busy;
2. ``?lang=es`` on the address (the language links of the nurse's pages);
3. the learner's own choice, which the language links of every page keep in the browser: a
   cookie holding only the language's code (``metsedu_lang=es``), nothing about the person;
4. the browser's own languages (``Accept-Language``), the first one the server has;
5. the server's ``--locale``.

Only the languages the server offers are ever chosen: a forged value falls through.
"""

from __future__ import annotations

from typing import Any

from ..names import notebook_locale

#: The cookie the language links set (``metsedu-page.js``, the nurse's pages).
COOKIE = "metsedu_lang"
#: A year: long enough that a learner chooses once.
COOKIE_DAYS = 365


def request_locale(handler: Any, offered: list[str], default: str) -> str:
    """The language of the page ``handler`` is writing (see the module's order)."""
    last = handler.request.path.rstrip("/").rsplit("/", 1)[-1]
    if last.endswith(".ipynb"):
        named = notebook_locale(last)[1]
        if named in offered:
            return named
    asked = handler.get_query_argument("lang", "")
    if asked in offered:
        return asked
    chosen = handler.get_cookie(COOKIE, "")
    if chosen in offered:
        return chosen
    for wanted in _accepted(handler.request.headers.get("Accept-Language", "")):
        if wanted in offered:
            return wanted
    return default if default in offered else offered[0]


def remember(handler: Any, locale: str) -> None:
    """Keep ``locale`` as this browser's choice (a nurse's language link)."""
    handler.set_cookie(
        COOKIE, locale, path="/", expires_days=COOKIE_DAYS, samesite="Lax", httponly=False
    )


def _accepted(header: str) -> list[str]:
    """The primary language codes of ``Accept-Language``, most wanted first."""
    ranked = []
    for index, part in enumerate(header.split(",")[:20]):
        tag, _, params = part.strip().partition(";")
        weight = 1.0
        if params.strip().startswith("q="):
            try:
                weight = float(params.strip()[2:])
            except ValueError:
                continue
        code = tag.split("-")[0].strip().lower()
        if code.isalpha() and len(code) == 2:
            ranked.append((-weight, index, code))
    return [code for _, _, code in sorted(ranked)]


def words_for(handler: Any) -> dict:
    """The page words (``jinja_template_vars["metsedu"]``) in the request's language."""
    every = handler.settings.get("jinja_template_vars", {}).get("metsedu", {})
    words = every.get("words", {})
    if not words:
        return every
    locale = request_locale(handler, list(words), every.get("default", ""))
    return {**every, **words[locale]}


def in_the_pages_language(handler: type) -> type:
    """``handler`` with its template pages (errors, the notebook list) in the request's
    language (see :func:`words_for`)."""

    class InItsLanguage(handler):  # type: ignore[misc, valid-type]
        @property
        def template_namespace(self) -> dict[str, Any]:
            namespace = dict(super().template_namespace)
            namespace["metsedu"] = words_for(self)
            return namespace

    InItsLanguage.__name__ = InItsLanguage.__qualname__ = handler.__name__
    return InItsLanguage


def routes_in_the_pages_language(handlers: list[tuple]) -> list[tuple]:
    """Voilà's page routes, each writing its own pages in the request's language."""
    from voila.handler import BaseVoilaHandler

    return [
        (route[0], in_the_pages_language(route[1]), *route[2:])
        if isinstance(route[1], type) and issubclass(route[1], BaseVoilaHandler)
        else route
        for route in handlers
    ]
