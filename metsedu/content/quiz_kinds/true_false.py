"""A true-or-false statement, with feedback for each of the two answers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import TrueFalse
from ..ui_model import UiText
from ._base import KindBase
from ._protocol import AnswerRefusedError, Grade


def _id(value: bool) -> str:
    return "true" if value else "false"


class TrueFalseKind(KindBase):
    type = "true_false"

    def public_view(self, item: TrueFalse, ui: UiText) -> dict[str, Any]:
        return {
            "id": item.id,
            "type": item.type,
            "prompt": item.prompt,
            "options": [
                {"id": "true", "text": ui.quiz.true_label},
                {"id": "false", "text": ui.quiz.false_label},
            ],
        }

    def parse(self, item: TrueFalse, raw: Any) -> bool:
        if not isinstance(raw, bool):
            raise AnswerRefusedError("expected true or false")
        return raw

    def grade(self, item: TrueFalse, answer: bool) -> Grade:
        right = answer is item.answer
        text = item.feedback_if_true if answer else item.feedback_if_false
        return Grade("right" if right else "not_quite", float(right), feedback=text)

    def answer_ids(self, answer: bool) -> tuple[str, ...]:
        return (_id(answer),)

    def answer_key(self, item: TrueFalse) -> list[str]:
        return [_id(item.answer)]

    def key_marks(self, item: TrueFalse) -> dict[str, dict[str, Any]]:
        text = item.feedback_if_true if item.answer else item.feedback_if_false
        return {_id(item.answer): {"correct": True, "feedback": text}}

    def tally_choice(self, status: str, answer: tuple[str, ...]) -> str:
        """``true`` or ``false``, so the nurse sees how the group split."""
        return answer[0] if answer and status != "shown" else status

    def choice_labels(self, item: TrueFalse, ui: UiText) -> dict[str, str]:
        return {"true": ui.quiz.true_label, "false": ui.quiz.false_label}

    def own_texts(self, item: TrueFalse) -> Iterator[str]:
        yield from self.feedback_texts(item)

    def feedback_texts(self, item: TrueFalse) -> Iterator[str]:
        yield from (item.feedback_if_true, item.feedback_if_false)

    def right_answer(self, item: TrueFalse) -> bool:
        return item.answer

    def wrong_answer(self, item: TrueFalse) -> bool:
        return not item.answer
