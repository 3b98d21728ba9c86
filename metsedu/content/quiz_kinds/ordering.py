"""An ordering item: put the steps in order ("what do you do first?").

The file lists the steps in the right order, so the browser must never see that
order before a check: it is sent the steps in a fixed shuffled order in which no
step is in its own place. The learner moves steps up and down and sends the
whole order. It is right only when every step is in its place; the marks say
which steps already are. A group session counts "in the right order" or "not yet".
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from typing import Any

from ..model import Ordering
from ..ui_model import UiText
from ._base import KindBase, from_marks, known, repeated_ids, short_text
from ._protocol import AnswerRefusedError, FieldPath, Grade, Mark

#: What a group session stores for a first try that is not yet in the right order.
NOT_YET = "not_yet"


def shown_order(item: Ordering) -> list[str]:
    """The order the learner first sees: the same on every page, no step in its place.

    Seeded by the item id (not the process's hash seed), so every learner and every
    test run sees the same list, and a reload does not reshuffle it.
    """
    right = [step.id for step in item.steps]
    order = list(right)
    chance = random.Random(item.id)
    while any(a == b for a, b in zip(order, right, strict=True)):
        chance.shuffle(order)
    return order


class OrderingKind(KindBase):
    type = "ordering"

    def public_view(self, item: Ordering, ui: UiText) -> dict[str, Any]:
        text = {step.id: step.text for step in item.steps}
        return {
            "id": item.id,
            "type": item.type,
            "prompt": item.prompt,
            "steps": [{"id": sid, "text": text[sid]} for sid in shown_order(item)],
        }

    def missing(self, item: Ordering, raw: Any) -> None:
        """A list is always in some order: there is no unanswered ordering item."""
        return None

    def parse(self, item: Ordering, raw: Any) -> tuple[str, ...]:
        if not isinstance(raw, list):
            raise AnswerRefusedError("expected a list of step ids")
        if len(raw) != len(item.steps):  # checked before reading, so huge input costs nothing
            raise AnswerRefusedError("every step must be placed once")
        order = tuple(short_text(value) for value in raw)
        known((step.id for step in item.steps), order)
        if len(set(order)) != len(order):
            raise AnswerRefusedError("a step is placed twice")
        return order

    def grade(self, item: Ordering, answer: tuple[str, ...]) -> Grade:
        """Right only in the full order; each step's mark says whether it is in its place."""
        marks = {
            placed: Mark(placed == step.id, "")
            for placed, step in zip(answer, item.steps, strict=True)
        }
        return from_marks(marks, total=len(item.steps))

    def answer_ids(self, answer: tuple[str, ...]) -> tuple[str, ...]:
        return answer  # the order is the answer: never sorted

    def answer_key(self, item: Ordering) -> list[str]:
        return [step.id for step in item.steps]

    def key_marks(self, item: Ordering) -> dict[str, dict[str, Any]]:
        return {step.id: {"correct": True, "feedback": ""} for step in item.steps}

    def tally_choice(self, status: str, answer: tuple[str, ...]) -> str:
        """``right`` (in the right order), ``not_yet``, or ``shown``."""
        return status if status in ("right", "shown") else NOT_YET

    def choice_labels(self, item: Ordering, ui: UiText) -> dict[str, str]:
        words = ui.quiz.ordering
        return {"right": words.tally_right, NOT_YET: words.tally_not_yet}

    def reveal(self, item: Ordering, ui: UiText) -> str:
        steps = " ".join(f"{n}. {step.text}" for n, step in enumerate(item.steps, 1))
        return f"{item.explanation} {ui.quiz.ordering.right_order} {steps}"

    def own_texts(self, item: Ordering) -> Iterator[str]:
        return (step.text for step in item.steps)

    def problems(self, item: Ordering) -> Iterator[tuple[FieldPath, str]]:
        yield from repeated_ids(item.steps, "steps")
        seen: set[str] = set()
        for index, step in enumerate(item.steps):
            if step.text in seen:
                yield ("steps", index, "text"), "two steps with the same words cannot be told apart"
            seen.add(step.text)

    def right_answer(self, item: Ordering) -> list[str]:
        return self.answer_key(item)

    def wrong_answer(self, item: Ordering) -> list[str]:
        """The first two steps swapped: the rest are in place, so it is partly right."""
        order = self.answer_key(item)
        order[0], order[1] = order[1], order[0]
        return order
