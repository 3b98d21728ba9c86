"""The scripts a lesson page will load, named in its head so the browser fetches them at once.

Why: Voilà's bundle discovers the scripts a page needs in three waves (its own chunks, then
the widget extensions, then the chunks the page's widgets use), each only after the wave
before has been fetched and run. ``<link rel="preload">`` for every one of them (the lesson
template writes them from :func:`page_scripts`) lets the browser fetch them all while the
first wave runs. The bytes are the same: each script is still fetched once. Measured with
bench/run.py: a phone's second visit (scripts from its cache) 3.4 -> 2.9 s on the bones
lesson; a phone's first visit (bound by 1.3 MB over 1.6 Mbit/s) and a desktop (bound by
Chromium parsing the scripts) did not change.

The list is recorded from real pages by ``tools/record_page_scripts.py`` into
``page_scripts.json``, with the versions of the packages whose scripts it names. If any
installed version differs the page names none (a stale list would fetch scripts nobody
runs, or that are not there), and the browser test that compares the list with what a page
loads fails, naming the tool to run.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

#: The recorded list: {"versions": {package: version}, "bundle": [chunk file names in Voilà's
#: versioned folder], "labextensions": [paths under voila/labextensions/]}.
RECORD = Path(__file__).with_name("page_scripts.json")
#: The packages whose scripts a lesson page loads: Voilà's bundle and its widget manager,
#: anywidget, and the Jupyter widgets extension.
PACKAGES = ("voila", "anywidget", "jupyterlab_widgets")


def installed_versions() -> dict[str, str]:
    found = {}
    for package in PACKAGES:
        try:
            found[package] = version(package)
        except PackageNotFoundError:
            found[package] = ""
    return found


@cache
def page_scripts() -> dict[str, list[str]]:
    """Voilà's bundle chunks and the widget extensions' scripts a lesson page loads; empty
    lists when the record is missing, broken, or made with other package versions."""
    none: dict[str, list[str]] = {"bundle": [], "labextensions": []}
    try:
        record = json.loads(RECORD.read_text())
    except (OSError, ValueError):
        return none
    if not isinstance(record, dict) or record.get("versions") != installed_versions():
        return none
    return {key: [str(item) for item in record.get(key, [])] for key in none}
