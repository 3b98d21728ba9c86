"""Tabs closed before their widgets load leave no kernel behind (issue 20, point 3).

A learner opens the start page and closes it the moment it appears, or clicks from a lesson
to the start page before the lesson's widgets have come: the page never asks its kernel for
its widgets, and perhaps never sends the closing tab's request to free it. Before, each such
kernel lived until the cull (10 minutes). Now the server frees a kernel whose page has not
come alive within the grace period (short here) and has no connection.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser
from tabs import Tab

from tests.helpers import Server, notebooks_folder, start_server

pytestmark = pytest.mark.browser

GRACE = 6


@pytest.fixture(scope="module")
def grace_server(tmp_path_factory) -> Iterator[Server]:
    folder = notebooks_folder(tmp_path_factory, "closed-tabs", "00-start.ipynb", "02-bones.ipynb")
    yield from start_server(folder, "--no-preheat", "--connect-grace-seconds", str(GRACE))


def test_tabs_closed_before_their_widgets_load_leave_no_kernel(browser: Browser, grace_server):
    # Scripts off: each page stays one whose widgets never loaded, however long its tab
    # takes to close. Closed through Tab.close: a plain page.close() at this moment can race
    # the navigation's commit and wait forever (see ui-tests/tabs.py).
    context = browser.new_context(java_script_enabled=False)
    for _ in range(3):  # the start page, closed as soon as its first bytes arrive
        tab = Tab(context)
        tab.page.goto(f"{grace_server.url}/voila/render/00-start.ipynb", wait_until="commit")
        tab.close()
    tab = Tab(context)  # a lesson, left for the start page at once
    tab.page.goto(f"{grace_server.url}/voila/render/02-bones.ipynb", wait_until="commit")
    tab.page.goto(f"{grace_server.url}/voila/render/00-start.ipynb", wait_until="commit")
    tab.close()
    context.close()
    assert grace_server.wait_for_kernels(0, timeout=GRACE + 40) == 0


def test_an_open_lesson_keeps_its_kernel(browser: Browser, grace_server):
    context = browser.new_context()
    page = context.new_page()
    page.goto(f"{grace_server.url}/voila/render/02-bones.ipynb")
    page.wait_for_selector(".metsedu-quiz", timeout=60_000)
    page.wait_for_timeout((GRACE + 8) * 1000)  # past the grace period and a sweep
    assert grace_server.kernels() == 1
    page.get_by_role("button", name="Next question").first.click()
    context.close()
