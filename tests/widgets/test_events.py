"""The answer-event hub: listeners connect, disconnect, and cannot break each other."""

from __future__ import annotations

from metsedu.widgets import AnswerEvent, AnswerEvents

EVENT = AnswerEvent("bones", "1.0", "q1", "single_choice", 1, "right", 1.0, ("a",))


def test_connect_emit_disconnect():
    hub, got = AnswerEvents(), []
    listener = hub.connect(got.append)
    hub.emit(EVENT)
    hub.disconnect(listener)
    hub.emit(EVENT)
    hub.disconnect(listener)  # twice is harmless
    assert got == [EVENT]


def test_a_failing_listener_does_not_stop_the_others():
    hub, got = AnswerEvents(), []

    @hub.connect
    def broken(_event):
        raise RuntimeError("down")

    hub.connect(got.append)
    hub.emit(EVENT)
    assert got == [EVENT]


def test_events_carry_no_free_text():
    fields = set(AnswerEvent.__dataclass_fields__)
    assert fields == {
        "lesson_id",
        "lesson_version",
        "item_id",
        "item_type",
        "attempt",
        "status",
        "score",
        "answer",
    }
