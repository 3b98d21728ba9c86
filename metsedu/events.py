"""One small interface for answer events, so progress and group sessions can listen.

The quiz emits an :class:`AnswerEvent` each time a learner checks an answer or asks
to see it. Listeners are plain callables. A listener that fails is logged and
skipped: recording an answer must never break the learner's quiz. Events carry no
personal data: lesson and item ids, the option ids chosen, and the outcome.

Why here, below both the widgets and the group sessions: the quiz makes events and a
group session counts them, so the event is a fact they share, and neither need import
the other. The lesson page wires a quiz to the sessions with a :data:`Joiner`.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal, Protocol

log = logging.getLogger("metsedu")

Status = Literal["right", "partly", "not_quite", "shown"]


@dataclass(frozen=True)
class AnswerEvent:
    lesson_id: str
    lesson_version: str
    item_id: str
    item_type: str
    #: 1 for the first check of this item, 2 after one "Try again", and so on.
    attempt: int
    status: Status
    #: 1.0 right, 0.0 not right; between for a partly right multiple-select or triage item.
    score: float
    #: The learner's choice as option ids (or card id -> urgency), never free text.
    answer: tuple[str, ...]


Listener = Callable[[AnswerEvent], None]


class AnswerEvents:
    """A tiny publish/subscribe hub for answer events."""

    def __init__(self) -> None:
        self._listeners: list[Listener] = []

    def connect(self, listener: Listener) -> Listener:
        """Call ``listener`` for every event from now on; returns it, so it can decorate."""
        self._listeners.append(listener)
        return listener

    def disconnect(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def emit(self, event: AnswerEvent) -> None:
        for listener in list(self._listeners):
            try:
                listener(event)
            except Exception:  # a recorder's fault must not reach the learner
                log.exception("answer listener %r failed", listener)


class Recorder(Protocol):
    """Where a joined page's answers go: a group session, counted anonymously."""

    #: The session's join code, as the nurse gave it out.
    code: str

    def answered(self, event: AnswerEvent) -> None: ...


#: Joins the session with ``code`` for ``lesson_id``: ``join(code, lesson_id, seat)`` gives
#: its :class:`Recorder`, or raises ``LookupError`` (or ``ValueError``) for a code it refuses.
#: ``seat`` names the browser (from the server), or is None: the page alone, then.
Joiner = Callable[[str, str, str | None], Recorder]


#: The hub every quiz uses unless it is given its own.
answer_events = AnswerEvents()
