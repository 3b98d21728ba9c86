"""Read a learner's answer, refuse what cannot be an answer, and grade what can.

Everything that arrives from the browser is untrusted: a forged option id, a list
where a string belongs, an item that is not the current one. :func:`parse_answer`
turns raw JSON into a typed answer or raises :class:`AnswerRefusedError`; :func:`grade`
then works only with answers that fit the item.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from ..content.model import (
    CHOICE_TYPES,
    MultipleSelect,
    QuizItem,
    Triage,
    TrueFalse,
    Urgency,
)
from ..events import Status

Answer = str | frozenset[str] | bool | dict[str, Urgency]
_MAX_TEXT = 200  # no real option id comes near this; longer input is refused unread


class AnswerRefusedError(ValueError):
    """The browser sent something that is not an answer to this item."""


@dataclass(frozen=True)
class Mark:
    """The outcome for one option or card the learner chose."""

    correct: bool
    feedback: str


@dataclass(frozen=True)
class Grade:
    status: Status
    score: float
    #: Feedback for each option (or card) the learner chose, by id.
    marks: dict[str, Mark] = field(default_factory=dict)
    #: For a true/false item, the feedback for the learner's choice.
    feedback: str | None = None


def parse_answer(item: QuizItem, raw: Any) -> Answer:
    """The learner's answer to ``item`` in its proper type, or :class:`AnswerRefusedError`."""
    if isinstance(item, MultipleSelect):
        if not isinstance(raw, list) or not raw:
            raise AnswerRefusedError("expected a non-empty list of option ids")
        chosen = [_short_text(value) for value in raw]
        if len(set(chosen)) != len(chosen):
            raise AnswerRefusedError("an option id is repeated")
        _known({o.id for o in item.options}, chosen)
        return frozenset(chosen)
    if isinstance(item, CHOICE_TYPES):
        chosen = _short_text(raw)
        _known({o.id for o in item.options}, [chosen])
        return chosen
    if isinstance(item, TrueFalse):
        if not isinstance(raw, bool):
            raise AnswerRefusedError("expected true or false")
        return raw
    if isinstance(item, Triage):
        if not isinstance(raw, dict):
            raise AnswerRefusedError("expected a mapping of card id to urgency")
        cards = {card.id for card in item.cards}
        if set(raw) != cards:
            raise AnswerRefusedError("every card needs exactly one urgency")
        try:
            return {_short_text(k): Urgency(_short_text(v)) for k, v in raw.items()}
        except ValueError as exc:
            raise AnswerRefusedError("unknown urgency") from exc
    raise AnswerRefusedError(f"unknown item type {type(item).__name__}")  # pragma: no cover


def grade(item: QuizItem, answer: Answer) -> Grade:
    """Grade an answer that :func:`parse_answer` accepted."""
    if isinstance(item, TrueFalse):
        right = answer is item.answer
        text = item.feedback_if_true if answer else item.feedback_if_false
        return Grade("right" if right else "not_quite", float(right), feedback=text)
    if isinstance(item, Triage):
        marks = {
            card.id: Mark(answer[card.id] is card.urgency, card.feedback) for card in item.cards
        }
        return _from_marks(marks, total=len(item.cards))
    options = {o.id: o for o in item.options}
    chosen = answer if isinstance(answer, frozenset) else frozenset([answer])
    marks = {oid: Mark(options[oid].correct, options[oid].feedback) for oid in sorted(chosen)}
    if isinstance(item, MultipleSelect):
        wanted = {o.id for o in item.options if o.correct}
        hits = len(chosen & wanted)
        # A wrong choice cancels a right one, so choosing everything is not "partly right".
        score = max(0.0, (hits - len(chosen - wanted)) / len(wanted))
        status: Status = "right" if chosen == wanted else ("partly" if score > 0 else "not_quite")
        return Grade(status, round(score, 2), marks)
    return _from_marks(marks, total=1)


def answer_ids(answer: Answer) -> tuple[str, ...]:
    """An answer as plain ids, for events and logs."""
    if isinstance(answer, bool):
        return ("true",) if answer else ("false",)
    if isinstance(answer, str):
        return (answer,)
    if isinstance(answer, dict):
        return tuple(f"{card}={urgency.value}" for card, urgency in sorted(answer.items()))
    return tuple(sorted(answer))


def _from_marks(marks: dict[str, Mark], total: int) -> Grade:
    right = sum(mark.correct for mark in marks.values())
    if right == total:
        status: Status = "right"
    else:
        status = "partly" if right else "not_quite"
    return Grade(status, round(right / total, 2), marks)


def _short_text(value: Any) -> str:
    if not isinstance(value, str) or not value or len(value) > _MAX_TEXT:
        raise AnswerRefusedError("expected a short text id")
    return value


def _known(known: set[str], chosen: list[str]) -> None:
    unknown = [c for c in chosen if c not in known]
    if unknown:
        raise AnswerRefusedError(f"unknown option id(s): {', '.join(map(repr, unknown))}"[:300])
