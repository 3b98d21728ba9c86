"""An address cannot choose a lesson page's template or theme (metsedu/server/fixed_template.py).

Voilà's other templates load scripts and fonts from outside servers, and an unknown name
started a kernel and left the page loading for ever. Now any other name gets the plain
"page not found" page at once, and no kernel starts.
"""

from __future__ import annotations

import re
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from metsedu.content import load_library
from tests.helpers import Server, kernel_id, notebooks_folder, start_server

LIBRARY = load_library()
BONES = "/voila/render/02-bones.ipynb"
#: Any address of another server: http://x, https://x, or //x.
OUTSIDE = re.compile(r"(?:https?:)?//(?!127\.0\.0\.1[:/])[a-z0-9.-]+\.[a-z]{2,}", re.I)
#: Well within the test's patience: the refused page used to take for ever.
PATIENCE = 10


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[Server]:
    """The bones lesson alone, with its one waiting kernel: any kernel started shows."""
    yield from start_server(notebooks_folder(tmp_path_factory, "looks", "02-bones.ipynb"))


def fetch(server: Server, path: str) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(server.url + path, timeout=PATIENCE) as reply:
            status, body = reply.status, reply.read().decode("utf-8")
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read().decode("utf-8")
    return status, body, time.monotonic() - started


@pytest.mark.parametrize(
    "query",
    [
        "template=lab",
        "template=classic",
        "template=reveal",
        "template=no-such-template",
        "theme=dark",
        "theme=no-such-theme",
        "template=metsedu&template=lab",
        "template=metsedu&theme=dark",
    ],
)
@pytest.mark.parametrize("page", [BONES, "/"])
def test_another_template_or_theme_gets_the_plain_404_page_and_no_kernel(server, page, query):
    assert server.wait_for_kernels(1) == 1  # the lesson's waiting kernel, and no other
    status, body, took = fetch(server, f"{page}?{query}")
    assert status == 404
    assert took < PATIENCE
    assert LIBRARY.ui.app.not_found in body
    assert not OUTSIDE.search(body)
    time.sleep(1)  # a kernel being started would show by now
    assert server.kernels() == 1


@pytest.mark.parametrize("query", ["", "?template=metsedu", "?theme=light"])
def test_the_servers_own_template_and_theme_give_the_lesson(server, query):
    status, body, _ = fetch(server, BONES + query)
    assert status == 200
    assert 'class="jp-Notebook theme-light metsedu-page"' in body
    server.post(f"/voila/api/shutdown/{kernel_id(body)}")
