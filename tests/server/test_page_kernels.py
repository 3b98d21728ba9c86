"""Kernels serving pages: capped in total and per address, freed when their page never comes.

A real server with small limits; pages are asked for over HTTP and, where a test says so,
connected to as the page's own script would (``tests/kernel_socket.py``).
"""

from __future__ import annotations

import http.client
import time
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from metsedu.content import load_library
from tests.helpers import Server, notebooks_folder, start_server
from tests.kernel_socket import LessonSocket

WORDS = load_library().ui.app
PAGE = "/voila/render/02-bones.ipynb"
GRACE = 5


@pytest.fixture
def small_server(tmp_path_factory) -> Iterator[Server]:
    folder = notebooks_folder(tmp_path_factory, "small", "02-bones.ipynb")
    yield from start_server(
        folder,
        "--no-preheat",
        *("--max-kernels", "3", "--max-kernels-per-address", "2"),
        *("--connect-grace-seconds", str(GRACE)),
    )


def ask(server: Server, path: str, source: str = "127.0.0.1") -> tuple[int, dict, str]:
    """GET ``path`` from the loopback address ``source`` (127.0.0.2 is another computer)."""
    where = urlsplit(server.url)
    connection = http.client.HTTPConnection(
        where.hostname, where.port, timeout=60, source_address=(source, 0)
    )
    try:
        connection.request("GET", path)
        reply = connection.getresponse()
        return reply.status, dict(reply.getheaders()), reply.read().decode()
    finally:
        connection.close()


def test_pages_beyond_the_caps_are_asked_to_wait_and_start_no_kernel(small_server):
    assert ask(small_server, PAGE)[0] == 200
    assert ask(small_server, PAGE)[0] == 200
    status, headers, body = ask(small_server, PAGE)  # a third from one address
    assert status == 503 and WORDS.server_full in body and headers["Retry-After"] == "60"
    assert "Traceback" not in body and small_server.kernels() == 2
    assert ask(small_server, PAGE, source="127.0.0.2")[0] == 200  # another computer may
    status, _, body = ask(small_server, PAGE, source="127.0.0.3")  # the server is full
    assert status == 503 and WORDS.server_full in body and small_server.kernels() == 3
    log = small_server.log.read_text()
    assert "--max-kernels-per-address" in log and "(--max-kernels)" in log


def test_a_kernel_whose_page_never_connects_is_freed_after_the_grace_period(small_server):
    for _ in range(2):  # tabs closed before their script ran, or a script
        assert ask(small_server, PAGE)[0] == 200
    assert small_server.kernels() == 2
    assert small_server.wait_for_kernels(0, timeout=GRACE + 30) == 0
    assert f"its page did not connect within {GRACE} s; shut down" in small_server.log.read_text()
    assert ask(small_server, PAGE)[0] == 200  # room again


def test_a_page_that_connected_keeps_its_kernel_past_the_grace_period(small_server):
    page = LessonSocket(small_server.url, PAGE.rsplit("/", 1)[1])
    page.bring_widgets_to_life()
    time.sleep(GRACE + 8)  # longer than the grace period and a sweep
    quiz = page.widgets[page.quiz()]
    assert page.ask_quiz("next", quiz["item"]["id"]), "the page lost its kernel"
    assert small_server.kernels() == 1
    page.close()


def test_pages_that_went_away_do_not_count_against_their_address(small_server):
    """A phone that never says it closed a tab: its kernels wait for the cull, uncounted."""
    for _ in range(3):  # more than the two one address may have open
        page = LessonSocket(small_server.url, PAGE.rsplit("/", 1)[1])
        assert page.bring_widgets_to_life()
        page.close()  # the tab is gone; no request to free its kernel
    assert small_server.kernels() == 3  # left for the cull, as before
    assert ask(small_server, PAGE)[0] == 200
