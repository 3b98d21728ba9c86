"""The page's scripts and styles, small on the wire and fetched once per phone.

Why: a lesson page needs about 5 MB of JavaScript and CSS in about 95 files. On clinic
Wi-Fi (1.6 Mbit/s, 150 ms round trips), sent uncompressed and revalidated on every visit,
that took a phone 30 s the first time and 10 s every time after. :class:`AssetTransform`
(one of tornado's output transforms, so it sees every response the server sends):

- compresses every text response with gzip. A static file is compressed once and the bytes
  kept (a class of 30 phones costs the laptop one compression, not 30); the lesson page
  and API replies are compressed as they stream. A static file that has a brotli copy
  (made away from the learners, see ``precompressed.py``) goes as brotli to a browser that
  takes it: 15% fewer bytes than gzip;
- caches for a year, as ``immutable``, every asset whose address names its version
  (``?v=<hash>``, a content hash in the file name, or Voilà's own bundle under
  ``voila/static/v-<hash>/``), so a second visit asks the network for none of them; any
  other asset is ``no-cache`` (asked again, answered "304 not modified" when unchanged).
  The lesson page itself is never cached: Voilà sends it as ``no-store``.

Voilà's own bundle (``voila.js`` and its ~80 chunks) has no version in its file names, so
the page loads it from ``voila/static/v-<hash of the bundle>/`` (see
:func:`page_config_hook`); webpack fetches every chunk from beside ``voila.js``, so from
the same versioned folder.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import Any, ClassVar

from tornado import httputil
from tornado.web import GZipContentEncoding

from .precompressed import copy_name

#: A year: the longest lifetime browsers honour.
IMMUTABLE = "public, max-age=31536000, immutable"
#: Where the server's assets live; everything else (pages, API) keeps its own headers.
ASSET = re.compile(r"/voila/(?:static|templates/[^/]+/static|labextensions)/")
#: webpack's content hashes in file names: remoteEntry.698dcaf7.js, 84.09c61a35dce1705f.js.
HASHED_NAME = re.compile(r"\.[0-9a-f]{8,}\.(?:js|css|mjs)$")
#: The versioned folder the page loads Voilà's bundle from.
VERSIONED_FOLDER = re.compile(r"/voila/static/v-[0-9a-f]{16}/")


@cache
def bundle_version(*folders: str) -> str:
    """A hash of every file in ``folders`` (Voilà's static folders): changes with any file."""
    digest = hashlib.sha256()
    for folder in folders:
        root = Path(folder)
        if root.is_dir():
            for path in sorted(p for p in root.rglob("*") if p.is_file()):
                digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]


def versioned_static_route(server_url: str, version: str) -> str:
    return server_url.rstrip("/") + f"/voila/static/v-{version}/(.*)"


def page_config_hook(version: str) -> Callable[..., dict]:
    """Voilà's page-config hook: the page loads Voilà's bundle from its versioned folder."""

    def hook(page_config: dict, **kwargs: Any) -> dict:
        base = str(kwargs.get("base_url", "/")).rstrip("/")
        page_config["fullStaticUrl"] = f"{base}/voila/static/v-{version}"
        return page_config

    return hook


def is_versioned(request: httputil.HTTPServerRequest) -> bool:
    """True when the address names the asset's version, so its bytes never change."""
    path = request.path
    return (
        "v" in request.arguments
        or bool(VERSIONED_FOLDER.search(path))
        or ("/labextensions/" in path and bool(HASHED_NAME.search(path)))
    )


class AssetTransform(GZipContentEncoding):
    """gzip (or a brotli copy) for every text response, kept for static files; the cache
    policy for assets."""

    #: gzip bytes of static files, by address, modification time and size. Bounded by the
    #: assets installed (about 3 MB compressed for all of them).
    kept: ClassVar[dict[tuple[str, str, str], bytes]] = {}
    #: Where the brotli copies are (``precompressed.py``); None sends gzip only.
    brotli_cache: ClassVar[Path | None] = None
    #: The hash of each static file's bytes, by the same key, once it has been sent.
    digests: ClassVar[dict[tuple[str, str, str], str]] = {}
    #: brotli copies read from the cache, by the same key.
    brotli_kept: ClassVar[dict[tuple[str, str, str], bytes]] = {}
    #: Each asset's copy name by its file name, Last-Modified and Content-Length, named at
    #: start (``precompressed.index``), so a copy goes out before the file was first sent.
    known: ClassVar[dict[tuple[str, str, str], str]] = {}

    def __init__(self, request: httputil.HTTPServerRequest) -> None:
        super().__init__(request)
        self._request = request
        self._key: tuple[str, str, str] | None = None
        self._parts: list[bytes] = []
        self._raw: list[bytes] = []
        self._replaying = False
        self._brotli = "br" in request.headers.get("Accept-Encoding", "")

    def transform_first_chunk(
        self, status_code: int, headers: httputil.HTTPHeaders, chunk: bytes, finishing: bool
    ) -> tuple[int, httputil.HTTPHeaders, bytes]:
        asset = bool(ASSET.search(self._request.path))
        if asset and status_code in (200, 304):
            headers.pop("Expires", None)
            headers["Cache-Control"] = IMMUTABLE if is_versioned(self._request) else "no-cache"
        key = None
        if asset and status_code == 200 and "Last-Modified" in headers:
            key = (self._request.path, headers["Last-Modified"], headers.get("Content-Length", ""))
        copy = self._brotli_copy(key) if key and self._brotli else None
        if copy is not None and "Content-Encoding" not in headers:
            self._gzipping = False
            self._replaying = True
            headers["Vary"] = "Accept-Encoding"
            headers["Content-Encoding"] = "br"
            headers["Content-Length"] = str(len(copy))
            return status_code, headers, copy
        raw = chunk
        status_code, headers, chunk = super().transform_first_chunk(
            status_code, headers, chunk, finishing
        )
        if not (self._gzipping and key):
            return status_code, headers, chunk
        found = self.kept.get(key)
        if found is not None:  # the same file, compressed before: send those bytes
            self._replaying = True
            headers["Content-Length"] = str(len(found))
            return status_code, headers, found
        self._key = key
        if self.brotli_cache is not None:  # the file's bytes name its brotli copy
            self._raw = [raw]
        self._keep(chunk, finishing)
        return status_code, headers, chunk

    def transform_chunk(self, chunk: bytes, finishing: bool) -> bytes:
        if self._replaying:
            return b""
        if self._key is not None and self.brotli_cache is not None:
            self._raw.append(chunk)
        chunk = super().transform_chunk(chunk, finishing)
        if self._key is not None:
            self._keep(chunk, finishing)
        return chunk

    def _keep(self, chunk: bytes, finishing: bool) -> None:
        self._parts.append(chunk)
        if finishing and self._key is not None:
            self.kept[self._key] = b"".join(self._parts)
            self._parts = []
            if self._raw:
                self.digests[self._key] = copy_name(b"".join(self._raw))
                self._raw = []

    def _brotli_copy(self, key: tuple[str, str, str]) -> bytes | None:
        """The file's brotli copy, once the file has been sent and its copy made."""
        found = self.brotli_kept.get(key)
        name = self.digests.get(key) or self.known.get((key[0].rsplit("/", 1)[-1], *key[1:]))
        if found is not None or name is None or self.brotli_cache is None:
            return found
        try:
            found = (self.brotli_cache / name).read_bytes()
        except OSError:  # not made yet: gzip this time
            return None
        self.brotli_kept[key] = found
        return found
