"""Each offered language's handouts, from a real lesson server (``metsedu serve``).

English stays at its old address (``metsedu/handouts/bones.pdf``); a translation's is
below its language (``metsedu/handouts/es/bones.pdf``), the address its lesson page links
to. A handout that is not there gets the plain-words "not found" page in the language of
the address, never English words on a Spanish one, and the server goes on. The PDFs are
read back with pypdf, as a reader's software would see them.
"""

from __future__ import annotations

import io
import re
import shutil
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest
from pypdf import PdfReader

from metsedu.content import load_library
from metsedu.handouts.layout import MAX_PAGES
from metsedu.names import handout_address
from tests.conftest import REPO
from tests.helpers import Server, notebooks_folder, start_server

ENGLISH = load_library(root=REPO / "content")
SPANISH = load_library("es", root=REPO / "content")
#: What a reader must never see on a page (as in test_server.py).
TECHNICAL = re.compile(r"Traceback|Error\b|Exception|\.py\b|tornado|404", re.IGNORECASE)


@pytest.fixture(scope="module")
def two_languages(tmp_path_factory) -> Iterator[Server]:
    """The bones lesson in English and Spanish; no waiting kernels (no page is opened)."""
    folder = notebooks_folder(
        tmp_path_factory,
        "handouts-in-two-languages",
        "00-start.ipynb",
        "00-start.es.ipynb",
        "02-bones.ipynb",
        "02-bones.es.ipynb",
    )
    yield from start_server(folder, "--no-preheat")


def download(server: Server, path: str, headers: dict | None = None) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(server.url + path, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def text_of(pdf: bytes) -> str:
    pages = PdfReader(io.BytesIO(pdf)).pages
    return " ".join(" ".join(page.extract_text().split()) for page in pages)


def one_line(text: str) -> str:
    return " ".join(text.split())


def test_a_spanish_handout_is_a_spanish_pdf(two_languages):
    bones = SPANISH.lessons["bones"]
    status, headers, body = download(two_languages, "/" + handout_address("bones", "es"))
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="metsedu-bones-handout-es.pdf"'
    reader = PdfReader(io.BytesIO(body))
    assert reader.trailer["/Root"]["/Lang"] == "es"
    assert len(reader.pages) <= MAX_PAGES
    text = text_of(body)
    for words in (SPANISH.ui.handout.help_now_heading, SPANISH.ui.handout.diary_heading):
        assert one_line(words) in text
    for sign_id in bones.red_flags:
        assert one_line(bones.sign(sign_id).text) in text
    assert one_line(ENGLISH.ui.handout.help_now_heading) not in text


def test_the_english_handout_is_still_at_its_address(two_languages):
    status, headers, body = download(two_languages, "/metsedu/handouts/bones.pdf")
    assert status == 200
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"] == 'attachment; filename="metsedu-bones-handout.pdf"'
    assert PdfReader(io.BytesIO(body)).trailer["/Root"]["/Lang"] == "en"
    assert one_line(ENGLISH.ui.handout.help_now_heading) in text_of(body)


@pytest.mark.parametrize(
    "path",
    [
        "/metsedu/handouts/es/no-such-lesson.pdf",
        "/metsedu/handouts/es/" + "a" * 300 + ".pdf",
        "/metsedu/handouts/es/BONES.pdf",
        "/metsedu/handouts/es/..%2F..%2Fetc%2Fpasswd.pdf",
    ],
)
def test_an_unknown_spanish_handout_says_so_in_spanish(two_languages, path):
    # The browser asks for English: the address is Spanish, so the page is.
    status, headers, body = download(two_languages, path, {"Accept-Language": "en"})
    page = body.decode("utf-8")
    assert status == 404
    assert headers["Content-Type"].startswith("text/html")
    assert '<html lang="es">' in page
    assert SPANISH.ui.app.not_found in page
    assert ENGLISH.ui.app.not_found not in page
    assert not TECHNICAL.search(page)
    assert download(two_languages, "/" + handout_address("bones", "es"))[0] == 200


def test_an_unknown_english_handout_says_so_in_english(two_languages):
    status, _, body = download(
        two_languages, "/metsedu/handouts/no-such-lesson.pdf", {"Accept-Language": "es"}
    )
    page = body.decode("utf-8")
    assert status == 404
    assert '<html lang="en">' in page
    assert ENGLISH.ui.app.not_found in page
    assert not TECHNICAL.search(page)


@pytest.mark.parametrize(("asks", "lang"), [("es-MX,es;q=0.9", "es"), ("en-GB", "en")])
def test_a_language_the_server_does_not_offer_gets_the_readers_own(two_languages, asks, lang):
    """``fr`` has no pages here: the reader's browser language says which words to use."""
    words = {"es": SPANISH, "en": ENGLISH}[lang].ui.app.not_found
    status, _, body = download(
        two_languages, "/metsedu/handouts/fr/bones.pdf", {"Accept-Language": asks}
    )
    page = body.decode("utf-8")
    assert status == 404
    assert f'<html lang="{lang}">' in page
    assert words in page
    assert not TECHNICAL.search(page)


def test_only_languages_with_pages_are_served(tmp_path_factory):
    """A server with English notebooks only has no Spanish handouts, though content/es does."""
    folder = notebooks_folder(tmp_path_factory, "english-only", "00-start.ipynb", "02-bones.ipynb")
    for server in start_server(folder, "--no-preheat"):
        status, _, body = download(server, "/" + handout_address("bones", "es"))
        assert status == 404
        assert '<html lang="en">' in body.decode("utf-8")
        assert download(server, "/metsedu/handouts/bones.pdf")[0] == 200


def test_a_spanish_handout_the_fonts_cannot_print_says_so_in_spanish(tmp_path_factory, monkeypatch):
    """A nurse's edit with a character outside the PDF fonts' Latin-1 (a telephone sign):
    the plain "something went wrong" page in Spanish, the log says where, English still
    downloads."""
    content = tmp_path_factory.mktemp("unprintable") / "content"
    shutil.copytree(REPO / "content", content)
    ui = content / "es" / "ui.yaml"
    intro = SPANISH.ui.handout.intro
    assert ui.read_text(encoding="utf-8").count(intro) == 1
    ui.write_text(ui.read_text(encoding="utf-8").replace(intro, intro + " \u260e"), "utf-8")
    monkeypatch.setenv("METSEDU_CONTENT", str(content))
    folder = notebooks_folder(
        tmp_path_factory, "unprintable", "02-bones.ipynb", "02-bones.es.ipynb"
    )
    for server in start_server(folder, "--no-preheat"):
        status, headers, body = download(server, "/" + handout_address("bones", "es"))
        page = body.decode("utf-8")
        assert status == 500
        assert headers["Content-Type"].startswith("text/html")
        assert '<html lang="es">' in page
        assert SPANISH.ui.app.error in page
        assert not TECHNICAL.search(page) and "\u260e" not in page
        assert download(server, "/metsedu/handouts/bones.pdf")[0] == 200
        log = server.log.read_text()
        assert "metsedu: the es handout of bones cannot be made:" in log
        assert "U+260E" in log
