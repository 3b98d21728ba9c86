"""The answer-event hub: listeners connect, disconnect, and cannot break each other."""

from __future__ import annotations

from typing import get_args, get_type_hints

from metsedu.events import AnswerEvent, AnswerEvents, Status

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
    """Ids, counts and outcomes only: every field's type says so, and no field may be added
    (a new field could carry what a learner typed) without changing this test."""
    assert get_type_hints(AnswerEvent) == {
        "lesson_id": str,
        "lesson_version": str,
        "item_id": str,
        "item_type": str,
        "attempt": int,
        "status": Status,
        "score": float,
        "answer": tuple[str, ...],
    }
    assert get_args(Status) == ("right", "partly", "not_quite", "shown")
