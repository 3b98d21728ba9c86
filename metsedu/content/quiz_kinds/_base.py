"""What most kinds share: input checks, grading from marks, and sensible defaults.

A kind subclasses :class:`KindBase` and overrides what is its own; the defaults are
the behaviour of the first kinds (one stored choice per page, the explanation as the
reveal, no sign), so a new kind states only what differs.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from ..model import Sign, Urgency
from ..ui_model import UiText
from ._protocol import AnswerRefusedError, FieldPath, Grade, Mark, Notice, Outcome

#: No real id comes near this; longer input is refused unread.
MAX_TEXT = 200


def short_text(value: Any) -> str:
    """A short id from the browser, or a refusal (numbers, lists and long text are refused)."""
    if not isinstance(value, str) or not value or len(value) > MAX_TEXT:
        raise AnswerRefusedError("expected a short text id")
    return value


def known(ids: Iterable[str], chosen: Iterable[str]) -> None:
    """Refuse any id the item does not hold (a forged or stale choice)."""
    allowed = set(ids)
    unknown = [c for c in chosen if c not in allowed]
    if unknown:
        raise AnswerRefusedError(f"unknown id(s): {', '.join(map(repr, unknown))}"[:300])


def from_marks(marks: dict[str, Mark], total: int) -> Grade:
    """Right when every mark is right, partly when some are, else not quite."""
    right = sum(mark.correct for mark in marks.values())
    if right == total:
        status: Outcome = "right"
    else:
        status = "partly" if right else "not_quite"
    return Grade(status, round(right / total, 2), marks)


def repeated_ids(things: Iterable[Any], name: str) -> Iterator[tuple[FieldPath, str]]:
    """A problem for each id used twice in one list of the item (options, cards, steps)."""
    seen: set[str] = set()
    for index, thing in enumerate(things):
        if thing.id in seen:
            yield (name, index, "id"), f"the id {thing.id!r} is used twice in {name}"
        seen.add(thing.id)


class KindBase:
    """Defaults every kind may keep. ``type`` is set by each subclass."""

    type: str = ""

    def missing(self, item: Any, raw: Any) -> Notice | None:
        return "choose_first" if raw is None or raw == [] or raw == {} else None

    def answer_ids(self, answer: Any) -> tuple[str, ...]:
        return tuple(sorted(answer))

    def chosen_view(self, answer: Any) -> Any:
        return list(self.answer_ids(answer))

    def tally_choice(self, status: str, answer: tuple[str, ...]) -> str:
        """The outcome (right, partly, not quite, shown): kinds with options count those."""
        return status

    def tally_counts(self, stored: dict[str, int]) -> dict[str, int]:
        return dict(stored)

    def tally_labels(self, item: Any, ui: UiText) -> dict[str, str]:
        return {**self.choice_labels(item, ui), "shown": ui.quiz.shown}

    def choice_labels(self, item: Any, ui: UiText) -> dict[str, str]:
        """The words of the choices counted for this kind (``shown`` is added for every kind)."""
        return {"right": ui.quiz.right, "partly": ui.quiz.partly, "not_quite": ui.quiz.not_quite}

    def reveal(self, item: Any, ui: UiText) -> str:
        return item.explanation

    def learner_texts(self, item: Any) -> Iterator[str]:
        yield item.prompt
        yield item.explanation
        yield from self.own_texts(item)

    def own_texts(self, item: Any) -> Iterator[str]:
        """The words of this kind beyond the prompt and the explanation."""
        return iter(())

    def feedback_texts(self, item: Any) -> Iterator[str]:
        return iter(())

    def problems(self, item: Any) -> Iterator[tuple[FieldPath, str]]:
        return iter(())

    def sign_problems(self, item: Any, table: dict[str, Sign]) -> Iterator[tuple[FieldPath, str]]:
        """Only kinds that ask how soon to act may name a sign; the others refuse one."""
        if item.sign:
            yield ("sign",), f"a {item.type} item cannot ask how soon to act on a sign"

    def signs_named(self, item: Any) -> Iterator[tuple[FieldPath, str]]:
        if item.sign:
            yield ("sign",), item.sign

    def with_signs(self, item: Any, table: dict[str, Sign], ui: UiText | None) -> Any:
        return item

    def levels_taught(self, item: Any) -> Iterator[tuple[str, Urgency]]:
        return iter(())
