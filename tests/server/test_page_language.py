"""Both languages from one server: each page in its own language, the server's own pages in
the page's, the learner's or the browser's language, and a forged choice ignored.

Real server (the package's ``lesson_server``, every real notebook); requests by urllib.
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from metsedu.content import load_library
from metsedu.names import notebook_name, start_notebook
from metsedu.server.page_language import _accepted

ENGLISH = load_library("en")
SPANISH = load_library("es")


def fetch(server, path: str, **headers: str) -> tuple[int, str]:
    request = urllib.request.Request(server.url + path, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode("utf-8")


def lang_of(page: str) -> str:
    return re.search(r'<html lang="([a-z]+)"', page).group(1)


def visit(server, path: str) -> str:
    """A lesson page, its kernel then freed as a closing tab frees it."""
    return server.visit(path).body


@pytest.mark.parametrize("lesson", ["bones", "next-steps"])
def test_a_spanish_page_is_spanish_and_offers_english(lesson_server, lesson):
    spanish, english = SPANISH.lessons[lesson], ENGLISH.lessons[lesson]
    page = visit(lesson_server, f"/voila/render/{notebook_name(spanish)}")
    assert lang_of(page) == "es"
    assert f"<title>{spanish.title}</title>" in page
    assert SPANISH.ui.app.loading in page and ENGLISH.ui.app.loading not in page
    assert SPANISH.ui.app.contrast in page and ENGLISH.ui.app.contrast not in page
    # The choice names English in English, says so to a screen reader, and opens the same page.
    link = (
        f'<a href="{notebook_name(english)}" hreflang="en" lang="en" data-metsedu-lang="en">'
        f"{ENGLISH.ui.language_name}</a>"
    )
    assert link in page
    assert f'aria-label="{SPANISH.ui.app.languages}"' in page


def test_an_english_page_offers_spanish_named_in_spanish(lesson_server):
    page = visit(lesson_server, f"/voila/render/{start_notebook()}")
    assert lang_of(page) == "en"
    assert (
        f'<a href="{start_notebook("es")}" hreflang="es" lang="es" data-metsedu-lang="es">'
        f"{SPANISH.ui.language_name}</a>"
    ) in page
    assert f'aria-label="{ENGLISH.ui.app.languages}"' in page


def test_a_missing_spanish_page_says_so_in_spanish(lesson_server):
    status, page = fetch(lesson_server, "/voila/render/99-nope.es.ipynb")
    assert status == 404 and lang_of(page) == "es"
    assert SPANISH.ui.app.not_found in page and ENGLISH.ui.app.not_found not in page
    assert f'href="/voila/render/{start_notebook("es")}"' in page


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({}, "en"),  # the server's --locale
        ({"Cookie": "metsedu_lang=es"}, "es"),  # the learner's choice
        ({"Accept-Language": "es-MX,es;q=0.9,en;q=0.5"}, "es"),  # the browser's
        ({"Accept-Language": "fr-FR,en;q=0.8,es;q=0.5"}, "en"),  # the first one offered
        ({"Cookie": "metsedu_lang=en", "Accept-Language": "es"}, "en"),  # choice beats browser
        ({"Cookie": "metsedu_lang=xx"}, "en"),  # a forged choice is ignored
        ({"Cookie": 'metsedu_lang="<script>"'}, "en"),
    ],
)
def test_the_servers_own_pages_follow_the_choice_then_the_browser(lesson_server, headers, expected):
    status, page = fetch(lesson_server, "/no-such-address", **headers)
    assert status == 404 and lang_of(page) == expected
    words = {"en": ENGLISH, "es": SPANISH}[expected].ui.app.not_found
    assert words in page


def test_an_english_address_stays_english_whatever_the_choice(lesson_server):
    """The page a link names is the page given (the language choice in the browser moves a
    learner to the other version before anything loads; see index.html.j2)."""
    status, page = fetch(lesson_server, "/voila/render/99-nope.ipynb", Cookie="metsedu_lang=es")
    assert status == 404 and lang_of(page) == "en"


def test_accept_language_is_read_by_weight_then_order():
    assert _accepted("es-MX,es;q=0.9,en;q=0.5") == ["es", "es", "en"]
    assert _accepted("en;q=0.2, es") == ["es", "en"]
    assert _accepted("x-klingon, *, en-GB;q=bad, fr;q=0.7") == ["fr"]
    assert _accepted("") == []


def test_a_not_found_page_offers_the_start_page_in_the_other_language(lesson_server):
    """Every page has the language choice: here, the Start page in each other language,
    asked for with ?lang= (a plain link: the page it opens remembers the choice)."""
    status, page = fetch(lesson_server, "/voila/render/99-nope.es.ipynb")
    assert status == 404
    assert f'<nav aria-label="{SPANISH.ui.app.languages}">' in page
    assert (
        f'<a href="/voila/render/{start_notebook()}?lang=en" hreflang="en" lang="en">'
        f"{ENGLISH.ui.language_name}</a>"
    ) in page
    status, page = fetch(lesson_server, "/no-such-address")
    assert f'?lang=es" hreflang="es" lang="es">{SPANISH.ui.language_name}</a>' in page
