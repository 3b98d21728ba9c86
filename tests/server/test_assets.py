"""A lesson page's assets as the server sends them: compressed, cached for a year, page never.

Read over HTTP with the headers a browser sends (see ui-tests/test_assets_in_browser.py for
every asset the page really loads, and a second visit that fetches none of them).
"""

from __future__ import annotations

import gzip
import json
import re
import time
import urllib.request

import brotli

from metsedu.server.assets import IMMUTABLE
from metsedu.server.precompressed import copy_name, default_cache_dir
from tests.helpers import Server, kernel_id, notebooks_folder, start_server

#: A browser that takes gzip only (the tests of brotli below ask for it).
BROWSER = {"Accept-Encoding": "gzip, deflate"}
BROTLI = {"Accept-Encoding": "gzip, deflate, br, zstd"}


def fetch(server: Server, path: str, headers: dict = BROWSER) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(server.url + path, headers=headers)
    with urllib.request.urlopen(request, timeout=60) as reply:
        return reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read()


def page_config(page: str) -> dict:
    start = page.index('<script id="jupyter-config-data" type="application/json">')
    return json.loads(page[start:].split(">", 1)[1].split("</script>", 1)[0])


def lesson_page(server: Server) -> tuple[dict, str]:
    status, headers, body = fetch(server, "/voila/render/02-bones.ipynb")
    assert status == 200
    page = gzip.decompress(body).decode() if headers.get("content-encoding") == "gzip" else ""
    server.post(f"/voila/api/shutdown/{kernel_id(page)}")
    return headers, page


def test_the_lesson_page_is_compressed_and_never_cached(lesson_server):
    headers, page = lesson_page(lesson_server)
    assert headers["content-encoding"] == "gzip"
    assert "no-store" in headers["cache-control"]
    assert "<title>" in page


def test_the_pages_assets_are_compressed_and_cached_for_a_year(lesson_server):
    _, page = lesson_page(lesson_server)
    config = page_config(page)
    base = config["fullStaticUrl"]
    assert re.fullmatch(r"/voila/static/v-[0-9a-f]{16}", base)  # Voilà's bundle, versioned
    template = re.findall(r'(?:src|href)="(/voila/templates/metsedu/static/[^"]+\?v=[^"]+)"', page)
    assert any("metsedu-page.js" in x for x in template)
    extensions = [
        f"{config['fullLabextensionsUrl']}/{x['name']}/{x['load']}"
        for x in config["federated_extensions"]
    ]
    assert extensions
    for path in [f"{base}/voila.js", *template, *extensions]:
        status, headers, body = fetch(lesson_server, path)
        assert status == 200, path
        assert headers.get("content-encoding") == "gzip", path
        assert headers.get("cache-control") == IMMUTABLE, path
        assert headers.get("vary") == "Accept-Encoding", path
        again = fetch(lesson_server, path)  # kept compressed: the same bytes
        assert again[2] == body, path
        assert gzip.decompress(body), path


def test_an_unversioned_asset_is_revalidated_not_kept(lesson_server):
    status, headers, body = fetch(lesson_server, "/voila/static/voila.js")
    assert status == 200
    assert headers.get("cache-control") == "no-cache"
    assert headers.get("content-encoding") == "gzip"
    versioned = page_config(lesson_page(lesson_server)[1])["fullStaticUrl"] + "/voila.js"
    assert gzip.decompress(body) == gzip.decompress(fetch(lesson_server, versioned)[2])


def test_an_asset_goes_as_brotli_once_its_copy_is_made(lesson_server):
    """The server makes brotli copies in the background; until then, and to a browser that
    does not take brotli, the same asset goes as gzip."""
    path = page_config(lesson_page(lesson_server)[1])["fullStaticUrl"] + "/voila.js"
    _, headers, body = fetch(lesson_server, path, BROWSER)
    raw = gzip.decompress(body)
    copy = default_cache_dir() / copy_name(raw)
    deadline = time.monotonic() + 600  # a low-priority process on a busy machine
    while not copy.exists() and time.monotonic() < deadline:
        time.sleep(1)
    assert copy.exists(), f"no brotli copy of voila.js made in {copy.parent}"
    _, headers, body = fetch(lesson_server, path, BROTLI)
    assert headers.get("content-encoding") == "br"
    assert headers.get("cache-control") == IMMUTABLE
    assert headers.get("vary") == "Accept-Encoding"
    assert int(headers["content-length"]) == len(body)
    assert brotli.decompress(body) == raw
    _, headers, body = fetch(lesson_server, path, BROWSER)  # still gzip for gzip-only
    assert headers.get("content-encoding") == "gzip"
    assert gzip.decompress(body) == raw


def test_a_server_started_after_the_copies_were_made_sends_brotli_from_the_first_request(
    lesson_server, tmp_path_factory
):
    """The first phone of a class, on a server just started, gets brotli too: the server
    names each file's copy at start instead of learning it from a first, gzip, reply."""
    path = page_config(lesson_page(lesson_server)[1])["fullStaticUrl"] + "/voila.js"
    raw = gzip.decompress(fetch(lesson_server, path, BROWSER)[2])
    copy = default_cache_dir() / copy_name(raw)
    deadline = time.monotonic() + 600  # made by the first server's low-priority process
    while not copy.exists() and time.monotonic() < deadline:
        time.sleep(1)
    assert copy.exists()
    folder = notebooks_folder(tmp_path_factory, "fresh", "00-start.ipynb")
    fresh = start_server(folder)
    server = next(fresh)
    try:
        _, headers, body = fetch(server, path, BROTLI)  # never asked for before, on this server
        assert headers.get("content-encoding") == "br"
        assert brotli.decompress(body) == raw
    finally:
        fresh.close()
