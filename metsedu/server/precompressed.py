"""Brotli copies of the page's scripts and styles, made once, away from the learners.

Why: a lesson page's assets are 5.2 MB; gzip (what every browser takes) makes them 1.41 MB,
brotli at its best quality 1.21 MB. On clinic Wi-Fi (1.6 Mbit/s) that is a second less before
a phone's first lesson works. But brotli's best quality costs about 6 s of CPU per lesson's
assets, and Python's brotli binding holds the interpreter lock while it works: done in the
server, it would stall every learner's page and widgets. So a separate process at the lowest
priority writes each copy once, named by the hash of the file's bytes, into a cache folder
that every metsedu server on the computer shares (the bytes name the copy, so a copy can never
belong to another version). The server sends a copy once it exists, and gzip until then.
Copies made by an earlier start go out from the first request: at start the server names each
file's copy (:func:`index`, about 30 ms for the 290 files), so the first phone of a class gets
brotli too.

Run by the server (:func:`start`); by hand it is ``python -m metsedu.server.precompressed
CACHE FOLDER...``.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import subprocess
import sys
from pathlib import Path

log = logging.getLogger("metsedu")

#: What is worth compressing: text the page loads (fonts and images are compressed already).
TEXT_SUFFIXES = (".js", ".mjs", ".css", ".json", ".svg", ".html")
#: Below this a compressed copy saves less than its headers cost.
MIN_BYTES = 1024
#: brotli's best quality: slow to make, as fast as any other to unpack.
QUALITY = 11


def default_cache_dir() -> Path:
    """``$XDG_CACHE_HOME/metsedu/compressed`` (else ``~/.cache/...``): a cache, safe to delete."""
    home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(home) / "metsedu" / "compressed"


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def copy_name(data: bytes) -> str:
    """The brotli copy's file name for these bytes (whether or not it exists yet)."""
    return f"{digest(data)}.br"


def index(folders: list[str]) -> dict[tuple[str, str, str], str]:
    """Each text file's copy name, by what the server's reply says of the file.

    The key is the file's name, its ``Last-Modified`` header and its ``Content-Length``: what
    :class:`~metsedu.server.assets.AssetTransform` sees of a reply (it never sees the file's
    path). A key that two different files share is left out, so a copy can only ever go out
    for the bytes it was made from; such a file is learnt when it is first sent instead.
    """
    from tornado.httputil import format_timestamp

    found: dict[tuple[str, str, str], str] = {}
    shared: set[tuple[str, str, str]] = set()
    for folder in folders:
        root = Path(folder)
        if not root.is_dir():
            continue
        for path in root.rglob("*"):
            if path.suffix not in TEXT_SUFFIXES or not path.is_file():
                continue
            stat = path.stat()
            if stat.st_size < MIN_BYTES:
                continue
            key = (path.name, format_timestamp(int(stat.st_mtime)), str(stat.st_size))
            name = copy_name(path.read_bytes())
            if found.setdefault(key, name) != name:
                shared.add(key)
    for key in shared:
        del found[key]
    return found


def start(cache: Path, folders: list[str]) -> subprocess.Popen | None:
    """Make the missing copies in a background process; None when brotli is not installed."""
    try:
        import brotli  # noqa: F401
    except ImportError:
        log.info("metsedu: brotli is not installed; assets are sent with gzip")
        return None
    command = [sys.executable, "-m", __name__, str(cache), *folders]
    return subprocess.Popen(command, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)


def make_copies(cache: Path, folders: list[Path]) -> int:
    """Write every missing copy; returns how many were made. One process at a time."""
    import brotli

    cache.mkdir(parents=True, exist_ok=True)
    with (cache / ".lock").open("w") as lock:
        try:  # another server is making them: it will make ours too
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return 0
        made = 0
        for folder in folders:
            for path in sorted(folder.rglob("*")):
                if path.suffix not in TEXT_SUFFIXES or not path.is_file():
                    continue
                data = path.read_bytes()
                target = cache / copy_name(data)
                if len(data) < MIN_BYTES or target.exists():
                    continue
                partial = target.with_suffix(f".{os.getpid()}.part")
                partial.write_bytes(brotli.compress(data, quality=QUALITY))
                partial.replace(target)  # whole or absent, never half-written
                made += 1
        return made


def main(argv: list[str]) -> int:
    os.nice(19)  # the learners' pages and kernels come first
    try:
        made = make_copies(Path(argv[0]), [Path(f) for f in argv[1:] if Path(f).is_dir()])
    except OSError as error:  # a read-only or full disk: gzip goes on working
        print(f"metsedu: no brotli copies of the assets ({error}); gzip is used", file=sys.stderr)
        return 1
    if made:
        print(f"metsedu: made {made} brotli copies of the page assets", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
