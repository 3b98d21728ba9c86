"""What the kinds with a list of options share (single choice, scenario, multiple select).

The learner picks option ids; each option carries its own feedback and, for an item
about a sign, the action it stands for, which must agree with the sign table.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import MultipleSelect, Scenario, Sign, SingleChoice, Urgency
from ..ui_model import UiText
from ._base import KindBase, from_marks, known, repeated_ids, short_text
from ._protocol import FieldPath, Grade, Mark

OptionItem = SingleChoice | Scenario | MultipleSelect


class ChoiceKind(KindBase):
    """One right option among several; :class:`~.multiple_select.MultipleSelectKind`
    changes what "one" means."""

    #: Exactly one option is right (a multiple-select item may have several).
    one_right = True

    def public_view(self, item: Any, ui: UiText) -> dict[str, Any]:
        return {
            "id": item.id,
            "type": item.type,
            "prompt": item.prompt,
            "options": [{"id": o.id, "text": o.text} for o in item.options],
        }

    def parse(self, item: Any, raw: Any) -> str:
        chosen = short_text(raw)
        known((o.id for o in item.options), [chosen])
        return chosen

    def grade(self, item: Any, answer: str) -> Grade:
        option = next(o for o in item.options if o.id == answer)
        return from_marks({answer: Mark(option.correct, option.feedback)}, total=1)

    def answer_ids(self, answer: str) -> tuple[str, ...]:
        return (answer,)

    def answer_key(self, item: Any) -> list[str]:
        return [o.id for o in item.options if o.correct]

    def key_marks(self, item: Any) -> dict[str, dict[str, Any]]:
        return {o.id: {"correct": True, "feedback": o.feedback} for o in item.options if o.correct}

    def tally_choice(self, status: str, answer: tuple[str, ...]) -> str:
        """The chosen option's id, so the nurse sees how the group split."""
        return answer[0] if answer and status != "shown" else status

    def choice_labels(self, item: Any, ui: UiText) -> dict[str, str]:
        return {o.id: o.text for o in item.options}

    def own_texts(self, item: Any) -> Iterator[str]:
        for option in item.options:
            yield option.text
            yield option.feedback

    def feedback_texts(self, item: Any) -> Iterator[str]:
        return (option.feedback for option in item.options)

    def problems(self, item: Any) -> Iterator[tuple[FieldPath, str]]:
        yield from repeated_ids(item.options, "options")
        right = sum(option.correct for option in item.options)
        if right == 0:
            yield ("options",), "no option is marked correct: true"
        elif right > 1 and self.one_right:
            yield ("options",), f"a {item.type} item needs exactly one correct option, not {right}"

    def sign_problems(self, item: Any, table: dict[str, Sign]) -> Iterator[tuple[FieldPath, str]]:
        """For an item about a sign, the right option is the sign's level and no other is."""
        if not item.sign or item.sign not in table:
            return
        level = table[item.sign].urgency
        for j, option in enumerate(item.options):
            if option.correct and option.action is not level:
                yield (
                    ("options", j, "action"),
                    f"the right answer must be the sign's level ({level.value}), "
                    f"not {option.action.value if option.action else 'unset'}",
                )
            if not option.correct and option.action is level:
                yield (
                    ("options", j, "action"),
                    f"a wrong answer cannot carry the sign's own level ({level.value})",
                )

    def levels_taught(self, item: Any) -> Iterator[tuple[str, Urgency]]:
        """An item about a sign teaches its level through the right option's action."""
        if item.sign:
            for option in item.options:
                if option.correct and option.action is not None:
                    yield item.sign, option.action

    def right_answer(self, item: Any) -> Any:
        return self.answer_key(item)[0]

    def wrong_answer(self, item: Any) -> Any:
        return next(o.id for o in item.options if not o.correct)
