"""The scripts a lesson page names in its head for the browser to fetch at once.

What the browser then does with them (each used, none fetched twice, none missing) is in
ui-tests/test_assets_in_browser.py; here, what the server writes and when it writes none.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from metsedu.server import page_scripts as scripts
from tests.helpers import notebooks_folder, start_server
from tests.server.test_assets import fetch, lesson_page

PRELOAD = re.compile(r'<link rel="preload" as="script" href="([^"]+)">')


def test_every_recorded_script_is_named_and_served_cached_for_a_year(lesson_server):
    _, page = lesson_page(lesson_server)
    named = PRELOAD.findall(page)
    recorded = scripts.page_scripts()
    assert len(named) == len(recorded["bundle"]) + len(recorded["labextensions"]) > 50
    for path in named:
        status, headers, _ = fetch(lesson_server, path)
        assert status == 200, path
        assert headers["cache-control"].endswith("immutable"), path


def test_no_script_is_named_when_switched_off(tmp_path_factory):
    folder = notebooks_folder(tmp_path_factory, "no-preload", "02-bones.ipynb")
    for server in start_server(folder, "--no-preheat", "--no-preload-scripts"):
        _, page = lesson_page(server)
        assert PRELOAD.findall(page) == []


def names_nothing(record: Path, monkeypatch: pytest.MonkeyPatch) -> bool:
    """True if a server reading ``record`` as its list would name no script."""
    monkeypatch.setattr(scripts, "RECORD", record)
    scripts.page_scripts.cache_clear()
    try:
        return scripts.page_scripts() == {"bundle": [], "labextensions": []}
    finally:
        scripts.page_scripts.cache_clear()


@pytest.mark.parametrize("package", scripts.PACKAGES)
def test_a_list_recorded_with_another_version_names_nothing(tmp_path, monkeypatch, package):
    record = json.loads(scripts.RECORD.read_text())
    assert record["versions"] == scripts.installed_versions()  # the shipped list is current
    record["versions"][package] = "0.0.1"
    stale = tmp_path / "page_scripts.json"
    stale.write_text(json.dumps(record))
    assert names_nothing(stale, monkeypatch)


@pytest.mark.parametrize("text", ["", "{not json", "[]"])
def test_a_missing_or_broken_list_names_nothing(tmp_path, monkeypatch, text):
    broken = tmp_path / "page_scripts.json"
    if text:
        broken.write_text(text)
    assert names_nothing(broken, monkeypatch)
