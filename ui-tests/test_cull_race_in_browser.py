"""The cull race (issue 15): a waiting kernel's idle time starts when a learner takes it.

A server with a short cull setting keeps its waiting kernels idle for longer than that
setting (a quiet clinic morning, shortened). Then a phone opens a lesson: CPU slowed 4x,
150 ms round trips, and its kernel websocket held back a little more, so it arrives well
after the kernel was taken, as a phone's does. Before the fix the culler shut the taken
kernel down in that gap and the quiz never appeared.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from phone import PHONE_WAIT_MS, answer_first_question_by_tap, late_websocket, phone_context
from playwright.sync_api import Browser

from metsedu.content import load_library
from tests.browser import PHONE_NETWORK, emulate_phone
from tests.helpers import Server, notebooks_folder, start_server

pytestmark = pytest.mark.browser

LIBRARY = load_library()
BONES = next(x for x in LIBRARY.ordered() if x.id == "bones")
#: Short enough to pass while the kernels wait, long enough for a throttled page to connect.
CULL_SECONDS = 15


@pytest.fixture(scope="module")
def quiet_server(tmp_path_factory) -> Iterator[Server]:
    folder = notebooks_folder(tmp_path_factory, "cull-race", "00-start.ipynb", "02-bones.ipynb")
    options = ("--cull-idle-seconds", str(CULL_SECONDS), "--cull-interval-seconds", "1")
    yield from start_server(folder, *options)


def wait_until_ready(server: Server, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if json.loads(server.get("/metsedu/ready.json").body)["ready"]:
            return
        time.sleep(0.5)
    raise AssertionError("the waiting kernels never finished running their lessons")


def test_a_kernel_that_waited_past_the_cull_time_still_serves_a_slow_phone(
    browser: Browser, quiet_server: Server
):
    wait_until_ready(quiet_server)
    time.sleep(CULL_SECONDS + 3)  # every waiting kernel is now idle for longer than that
    context = phone_context(browser)
    page = context.new_page()
    late_websocket(page, 2_000)  # more than the 1 s between cull passes
    emulate_phone(page, network={**PHONE_NETWORK, "downloadThroughput": -1, "uploadThroughput": -1})
    try:
        page.goto(f"{quiet_server.url}/voila/render/02-bones.ipynb", timeout=PHONE_WAIT_MS)
        kernel = page.evaluate(
            "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
        )
        answer_first_question_by_tap(page, LIBRARY.ui, BONES)
    finally:
        context.close()
    log = quiet_server.log.read_text()
    taken = re.search(rf"waiting kernel {kernel} taken for \S+ after (\d+) s idle", log)
    assert taken, "the page did not get a waiting kernel, so it tested nothing"
    assert int(taken.group(1)) > CULL_SECONDS  # the premise: it had waited past the cull time
    assert not re.search(rf"Culling .*{kernel}", log)
