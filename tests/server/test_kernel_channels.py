"""What a lesson page's websocket carries: no log line or traceback to it, nothing odd from it.

A raw client speaks to a real lesson server as the page's own script does (see
``tests/kernel_socket.py``), then as an attacker or a clumsy network would.
"""

from __future__ import annotations

import json
import uuid

import pytest

from metsedu.content import load_library
from metsedu.server.kernel_channels import MAX_FROM_THE_PAGE
from tests.helpers import Server
from tests.kernel_socket import LessonSocket, frame

BONES = load_library().lessons["bones"]
FIRST = BONES.quiz[0]
KEPT_BACK = {"stream", "error"}


@pytest.fixture
def page(lesson_server: Server):
    socket = LessonSocket(lesson_server.url, "02-bones.ipynb")
    assert socket.bring_widgets_to_life(), "the page's widgets never came"
    yield socket
    socket.close()
    lesson_server.post(f"/voila/api/shutdown/{socket.kernel}")


def still_answers(page: LessonSocket) -> None:
    """The quiz takes a real answer and replies with its feedback."""
    options = getattr(FIRST, "options", None)
    answer = options[0].id if options else ""
    assert page.ask_quiz("check", FIRST.id, answer=answer), "the quiz went silent"
    page.ask_quiz("retry", FIRST.id)


def test_a_page_is_sent_no_log_line_or_traceback_in_normal_use(page):
    # Refused input is logged by the quiz: that line once reached the page as stderr.
    page.ask_quiz("check", FIRST.id, answer="no-such-option")
    still_answers(page)
    page.ask_quiz("show", FIRST.id)
    page.ask_quiz("next", FIRST.id)
    page.listen(1)
    sent = {m["msg_type"] for m in page.received}
    assert "comm_msg" in sent
    assert not sent & KEPT_BACK, sent


ODD = {
    "comm_msg without data": ("comm_msg", lambda quiz: {"comm_id": quiz}),
    "data that is a list": ("comm_msg", lambda quiz: {"comm_id": quiz, "data": [1, 2]}),
    "no method": ("comm_msg", lambda quiz: {"comm_id": quiz, "data": {"content": {}}}),
    "an unknown method": ("comm_msg", lambda quiz: {"comm_id": quiz, "data": {"method": "x"}}),
    "custom without content": (
        "comm_msg",
        lambda quiz: {"comm_id": quiz, "data": {"method": "custom"}},
    ),
    "a forged state update": (
        "comm_msg",
        lambda quiz: {"comm_id": quiz, "data": {"method": "update", "state": {"stage": "x"}}},
    ),
    "a comm that does not exist": (
        "comm_msg",
        lambda quiz: {"comm_id": "nope", "data": {"method": "request_state"}},
    ),
    "content that is a string": ("comm_msg", lambda quiz: "hello"),
    "code to run": ("execute_request", lambda quiz: {"code": "import os", "silent": False}),
    "a widget of the browser's making": (
        "comm_open",
        lambda quiz: {
            "comm_id": uuid.uuid4().hex,
            "target_name": "jupyter.widget",
            "data": {"state": {"_model_name": "TextModel", "value": "x" * 1000}},
        },
    ),
}


@pytest.mark.parametrize("odd", ODD, ids=list(ODD))
def test_an_odd_message_is_refused_and_the_quiz_keeps_answering(page, odd):
    msg_type, content = ODD[odd]
    page.send(msg_type, content(page.quiz()))
    page.listen(1)
    still_answers(page)
    sent = {m["msg_type"] for m in page.received}
    assert not sent & KEPT_BACK, sent


def test_broken_frames_and_oversized_messages_are_refused(page):
    session = page.session
    whole = frame("comm_msg", {"comm_id": page.quiz(), "data": {"method": "custom"}}, session)
    for broken in (
        whole[:20],  # cut short
        b"\xff" * 64,  # offsets pointing nowhere
        "not even binary",
        json.dumps({"channel": "shell", "header": {"msg_type": "comm_msg"}}),
        frame("comm_msg", {"comm_id": page.quiz(), "data": {"method": "update"}}, session)[:-3],
        frame(
            "comm_msg",
            {"comm_id": page.quiz(), "data": {"method": "update", "state": {}}},
            session,
            buffers=(b"\0" * 100,),
        ),
        frame(
            "comm_msg",
            {
                "comm_id": page.quiz(),
                "data": {"method": "update", "state": {"x": "y" * MAX_FROM_THE_PAGE}},
            },
            session,
        ),
        frame("kernel_info_request", {}, session, channel="control"),
    ):
        page.send_raw(broken)
    page.listen(1)
    still_answers(page)
    assert not {m["msg_type"] for m in page.received} & KEPT_BACK


def test_a_widget_of_the_browsers_making_is_never_made(page):
    before = len(page.widgets)
    msg_type, content = ODD["a widget of the browser's making"]
    for _ in range(3):
        page.send(msg_type, content(page.quiz()))
    page.listen(1)
    page.widgets = {}
    assert len(page.bring_widgets_to_life()) == before
