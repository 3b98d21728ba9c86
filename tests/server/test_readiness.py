"""The server says when its waiting kernels have run their lessons (metsedu/server/readiness.py).

Why it matters: kernels exist seconds before their lesson has run, so a class that starts
when the kernel count looks complete still waits; the nurse's window and ready.json say
when the lesson has really run in each kernel.
"""

from __future__ import annotations

import json
import time

from tests.helpers import kernel_id


def _ready(server, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        state = json.loads(server.get("/metsedu/ready.json").body)
        if state["ready"]:
            return state
        time.sleep(0.25)
    raise AssertionError(f"not ready after {timeout} s: {state}")


def test_ready_counts_the_class_kernels_once_their_lesson_has_run(class_server):
    state = _ready(class_server)
    assert state["lessons"] == {
        "00-start": {"ready": 1, "starting": 0},
        "02-bones": {"ready": 3, "starting": 0},
    }
    assert class_server.kernels() == 4


def test_the_nurse_sees_one_ready_line(class_server):
    _ready(class_server)
    deadline = time.monotonic() + 5
    while "ready for learners" not in class_server.log.read_text() and time.monotonic() < deadline:
        time.sleep(0.1)
    lines = [x for x in class_server.log.read_text().splitlines() if "ready for learners" in x]
    assert lines == ["metsedu: ready for learners (kernels waiting: 00-start 1, 02-bones 3)"]


def test_a_used_kernel_is_counted_as_starting_until_its_replacement_has_run(class_server):
    _ready(class_server)
    page = class_server.get("/voila/render/02-bones.ipynb").body
    state = json.loads(class_server.get("/metsedu/ready.json").body)
    # The replacement waits 1 s (--class-refill-seconds) and then runs the lesson, so just
    # after the page came the taken kernel is already out of "ready" and counted as starting.
    assert state["lessons"]["02-bones"] == {"ready": 2, "starting": 1}
    assert kernel_id(page) not in json.dumps(state)  # counts only, never a kernel id
    assert class_server.post(f"/voila/api/shutdown/{kernel_id(page)}") == 204
    assert _ready(class_server)["lessons"]["02-bones"] == {"ready": 3, "starting": 0}
