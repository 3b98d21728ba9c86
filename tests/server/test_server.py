"""The lesson server as a learner's browser and a nurse's laptop meet it.

A real ``metsedu serve`` runs on a free loopback port (see conftest.py); these
tests speak HTTP to it and count its kernel processes. Driving the pages in a
real Chromium is the job of ui-tests/.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from metsedu.content import load_library
from metsedu.names import CACHE_DIR_ENV, notebook_locale, notebook_name, start_notebook
from metsedu.server.settings import UNUSED_EXTENSIONS
from tests.helpers import Server, kernel_id

LIBRARY = load_library()
LIBRARIES = {"en": LIBRARY, "es": load_library("es")}
TECHNICAL = re.compile(r"Traceback|Error\b|Exception|\.py\b|internal detail", re.I)
EXTERNAL = re.compile(r"""(?:src|href)\s*=\s*["']?(?:https?:)?//(?!127\.0\.0\.1|localhost)""")


def lesson_pages(server: Server) -> list[str]:
    return [n for n in server.notebooks if n[:2].isdigit()]


def outputs_of(page: str) -> str:
    """The cell outputs Voilà put into the page (its JSON, undone)."""
    parts = re.findall(
        r'<script type="application/vnd.voila.cell-output\+json">(.*?)</script>', page, re.S
    )
    return "\n".join(parts)


def test_the_address_opens_on_the_start_page(lesson_server):
    reply = lesson_server.get("/")
    assert reply.status == 200
    assert "voila/render/00-start.ipynb" in reply.body
    assert LIBRARY.ui.start.title in reply.body


def test_every_lesson_renders_with_its_title_and_language(lesson_server):
    """Every page in both languages: the start page and each lesson, in English and Spanish."""
    pages = lesson_pages(lesson_server)
    assert len(pages) == 2 * (len(LIBRARY.lessons) + 1)  # the start page too, in each language
    titles = {}
    for locale, library in LIBRARIES.items():
        titles |= {notebook_name(x, locale): x.title for x in library.ordered()}
        titles[start_notebook(locale)] = library.ui.start.title
    for name in pages:
        library = LIBRARIES[notebook_locale(name)[1]]
        reply = lesson_server.visit(f"/voila/render/{name}")
        assert reply.status == 200, name
        assert f'<html lang="{library.locale}">' in reply.body
        assert f"<title>{titles[name]}</title>" in reply.body, name
        assert library.ui.app.loading in reply.body
        assert not TECHNICAL.search(outputs_of(reply.body)), name
        assert library.ui.load_failed not in reply.body, name


def test_code_is_never_sent_to_the_browser(lesson_server):
    reply = lesson_server.visit("/voila/render/02-bones.ipynb")
    assert "import metsedu" not in reply.body
    assert "page.quiz()" not in reply.body


def test_pages_load_only_the_extensions_lessons_use(lesson_server):
    """Voilà loads every installed JupyterLab extension unless told not to."""
    body = lesson_server.visit("/voila/render/02-bones.ipynb").body
    start = body.index('<script id="jupyter-config-data" type="application/json">')
    config = json.loads(body[start:].split(">", 1)[1].split("</script>", 1)[0])
    loaded = {x["name"] for x in config["federated_extensions"]}
    assert "anywidget" in loaded
    assert not loaded & set(UNUSED_EXTENSIONS)


def test_pages_load_nothing_from_outside_the_server(lesson_server):
    for name in [*lesson_pages(lesson_server), "no-such-page.ipynb"]:
        body = lesson_server.visit(f"/voila/render/{name}").body
        assert not EXTERNAL.findall(body), name
    assert not EXTERNAL.findall(lesson_server.get("/").body)


def test_a_lesson_that_cannot_load_shows_the_calm_message(lesson_server):
    reply = lesson_server.visit("/voila/render/lesson-that-does-not-exist.ipynb")
    assert reply.status == 200
    assert LIBRARY.ui.load_failed in reply.body
    assert not TECHNICAL.search(outputs_of(reply.body))
    assert "no-such-lesson" in lesson_server.log.read_text()  # the precise problem is logged


def test_a_cell_that_raises_shows_no_traceback(lesson_server):
    reply = lesson_server.visit("/voila/render/cell-that-raises.ipynb")
    assert "internal detail" not in reply.body
    assert "Traceback" not in reply.body
    assert "RuntimeError" not in reply.body


def test_an_unknown_page_gets_plain_words(lesson_server):
    reply = lesson_server.get("/voila/render/no-such-page.ipynb")
    assert reply.status == 404
    assert LIBRARY.ui.app.not_found in reply.body
    assert not TECHNICAL.search(reply.body)


@pytest.mark.parametrize("path", ["/no/such/address", "/voila/nothing", "/metsedu/nothing?x=1"])
def test_an_address_no_route_knows_gets_the_same_plain_words(lesson_server, path):
    reply = lesson_server.get(path)
    assert reply.status == 404
    assert LIBRARY.ui.app.not_found in reply.body
    assert not TECHNICAL.search(reply.body) and "404: Not Found" not in reply.body


def test_lesson_kernels_skip_the_debugger_and_share_checked_content(lesson_server):
    """Both save memory per kernel (see metsedu/_lesson_kernel.py and content/cache.py)."""
    assert lesson_server.wait_for_kernels(len(lesson_server.notebooks)) > 0
    for pid in lesson_server.kernel_pids():
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
        # Forked from the warm process (which hides debugpy), or started on its own.
        assert {b"metsedu._kernel_forks", b"metsedu._lesson_kernel"} & set(cmdline)
        environ = dict(
            line.split(b"=", 1)
            for line in Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
            if b"=" in line
        )
        folder = Path(environ[CACHE_DIR_ENV.encode()].decode())
        assert folder.stat().st_mode & 0o777 == 0o700
        assert list(folder.glob("en-*.pickle"))


def test_a_closed_tab_frees_its_kernel(lesson_server):
    pool = len(lesson_server.notebooks)  # one waiting kernel per notebook
    # Past the 120 s connect grace: earlier tests of this server (test_privacy.py) open pages
    # that never connect, whose kernels the grace sweep frees; and the pool refills after
    # every page in both languages was visited.
    assert lesson_server.wait_for_kernels(pool, timeout=180) == pool
    page = lesson_server.get("/voila/render/01-overview.ipynb").body
    assert lesson_server.post(f"/voila/api/shutdown/{kernel_id(page)}") == 204
    # Under the 120 s after which a page that never connected loses its kernel anyway.
    assert lesson_server.wait_for_kernels(pool, timeout=90) == pool


def test_kernels_return_to_the_pool_after_two_rounds_of_visits(lesson_server):
    """A kernel kept per visit would show here as one too many per visit; the benchmark
    plays the long runs (classes of 100)."""
    pool = len(lesson_server.notebooks)
    assert lesson_server.wait_for_kernels(pool) == pool
    pages = lesson_pages(lesson_server)
    for visit in range(2 * len(pages)):
        page = lesson_server.get(f"/voila/render/{pages[visit % len(pages)]}").body
        assert lesson_server.post(f"/voila/api/shutdown/{kernel_id(page)}") == 204
    assert lesson_server.wait_for_kernels(pool, timeout=180) == pool


def test_an_abandoned_page_has_its_kernel_culled(culling_server):
    pool = culling_server.wait_for_kernels(1)
    assert pool == 1
    culling_server.get("/voila/render/00-start.ipynb")  # and the tab never connects
    assert culling_server.wait_for_kernels(2) == 2  # the visit's kernel, and a fresh one waiting
    assert culling_server.wait_for_kernels(1, timeout=30) == 1


def _download(server: Server, path: str) -> tuple[int, dict, bytes]:
    import urllib.error
    import urllib.request

    try:
        with urllib.request.urlopen(server.url + path, timeout=60) as reply:
            return reply.status, dict(reply.headers), reply.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


def test_every_lesson_offers_its_handout_as_a_pdf_download(lesson_server):
    for lesson in LIBRARY.ordered():
        status, headers, body = _download(lesson_server, f"/metsedu/handouts/{lesson.id}.pdf")
        assert status == 200, lesson.id
        assert headers["Content-Type"] == "application/pdf"
        assert headers["Content-Disposition"].startswith("attachment;")
        assert body.startswith(b"%PDF-")


@pytest.mark.parametrize(
    "path",
    [
        "/metsedu/handouts/no-such-lesson.pdf",
        "/metsedu/handouts/..%2F..%2Fetc%2Fpasswd.pdf",
        "/metsedu/handouts/BONES.pdf",
        "/metsedu/handouts/" + "a" * 300 + ".pdf",
        "/metsedu/handouts/bones.pdf%00",
    ],
)
def test_an_odd_handout_address_gets_plain_words_and_the_server_goes_on(lesson_server, path):
    status, _, body = _download(lesson_server, path)
    assert status == 404
    assert not TECHNICAL.search(body.decode("utf-8", "replace"))
    assert _download(lesson_server, "/metsedu/handouts/bones.pdf")[0] == 200


def _shell(msg_type: str, content: dict, session: str) -> str:
    import json
    import uuid

    header = {"msg_id": uuid.uuid4().hex, "msg_type": msg_type, "username": "learner"}
    header |= {"session": session, "date": "2026-01-01T00:00:00Z", "version": "5.3"}
    metadata = {"version": "1.0.0"} if msg_type == "comm_open" else {}
    message = {"header": header, "parent_header": {}, "metadata": metadata, "content": content}
    return json.dumps(message | {"channel": "shell"})


def test_a_lesson_kernel_answers_the_widget_managers_request_for_all_widgets(lesson_server):
    """The fast path browsers use (one "request_states" on the control comm) must work.

    It needs ipywidgets to be imported inside the running kernel; a launcher that imported it
    earlier would leave the browser on the slow path (and protocol-level clients hanging).
    """
    import asyncio
    import json
    import uuid

    from tornado.websocket import websocket_connect

    page = lesson_server.get("/voila/render/02-bones.ipynb").body
    kernel = kernel_id(page)

    async def request_states() -> dict:
        session = uuid.uuid4().hex
        address = lesson_server.url.replace("http", "ws")
        socket = await websocket_connect(
            f"{address}/api/kernels/{kernel}/channels?session_id={session}"
        )
        control = uuid.uuid4().hex
        target = {"comm_id": control, "target_name": "jupyter.widget.control", "data": {}}
        await socket.write_message(_shell("comm_open", target, session))
        ask = {"comm_id": control, "data": {"method": "request_states"}}
        await socket.write_message(_shell("comm_msg", ask, session))
        while True:
            reply = json.loads(await asyncio.wait_for(socket.read_message(), 30))
            data = reply.get("content", {}).get("data", {})
            if reply["msg_type"] == "comm_close":
                socket.close()
                return {}
            if reply["msg_type"] == "comm_msg" and data.get("method") == "update_states":
                socket.close()
                return data["states"]

    try:
        states = asyncio.run(request_states())
    finally:
        lesson_server.post(f"/voila/api/shutdown/{kernel}")
    assert any(s["state"].get("quiz_id") == "bones-quiz" for s in states.values())
