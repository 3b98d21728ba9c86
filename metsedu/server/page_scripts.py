"""The scripts a lesson page will load, named in its head so the browser fetches them at once.

Why: Voilà's bundle discovers the scripts a page needs in three waves (its own chunks, then
the widget extensions, then the chunks the page's widgets use), each only after the wave
before has been fetched and run. A cold desktop page sat idle on the network between waves
for about 250 ms of its 0.9 s until the quiz was usable; a phone, with slower scripts and
150 ms round trips, for longer. ``<link rel="preload">`` for every one of them (the lesson
template writes them from :func:`page_scripts`) lets the browser fetch and parse them all
while the first wave runs. The bytes are the same: each script is still fetched once.

The list is recorded from real pages by ``tools/record_page_scripts.py`` into
``page_scripts.json``, with the Voilà version it was recorded for. Under any other Voilà
version the page names none (a stale list would fetch scripts nobody runs), and the browser
test that compares the list with what a page loads fails, naming the tool to run.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

#: The recorded list: {"voila": version, "bundle": [chunk file names], "labextensions": [paths]}.
RECORD = Path(__file__).with_name("page_scripts.json")


def voila_version() -> str:
    from voila import __version__

    return __version__


@cache
def page_scripts() -> dict[str, list[str]]:
    """Voilà's bundle chunks (file names in its versioned folder) and the widget extensions'
    scripts (paths under ``voila/labextensions/``) a lesson page loads; empty lists when the
    record is missing or was made for another Voilà version."""
    none: dict[str, list[str]] = {"bundle": [], "labextensions": []}
    try:
        record = json.loads(RECORD.read_text())
    except (OSError, ValueError):
        return none
    if not isinstance(record, dict) or record.get("voila") != voila_version():
        return none
    return {key: [str(item) for item in record.get(key, [])] for key in none}
