"""A multiple-select item: choose all that apply; a wrong choice cancels a right one.

A group session stores one text per page and question, so the chosen ids are joined
with ``+`` here (ids never hold a ``+``: see ``model.Id``), and split again here for
the facilitator's counts. Nothing else knows this encoding.
"""

from __future__ import annotations

from typing import Any

from ..model import MultipleSelect
from ._base import known, short_text
from ._choice import ChoiceKind
from ._protocol import AnswerRefusedError, Grade, Mark, Outcome

_JOIN = "+"


class MultipleSelectKind(ChoiceKind):
    type = "multiple_select"
    one_right = False

    def parse(self, item: MultipleSelect, raw: Any) -> frozenset[str]:
        if not isinstance(raw, list) or not raw:
            raise AnswerRefusedError("expected a non-empty list of option ids")
        if len(raw) > len(item.options):
            raise AnswerRefusedError("more choices than options")
        chosen = [short_text(value) for value in raw]
        if len(set(chosen)) != len(chosen):
            raise AnswerRefusedError("an option id is repeated")
        known((o.id for o in item.options), chosen)
        return frozenset(chosen)

    def grade(self, item: MultipleSelect, answer: frozenset[str]) -> Grade:
        """Marks and feedback for each chosen option only. Choosing every option is not an
        answer that marks can help: marks for all of them would be the whole key after one
        try, so that reply has none (unless every option is right)."""
        options = {o.id: o for o in item.options}
        wanted = {o.id for o in item.options if o.correct}
        hits = len(answer & wanted)
        # A wrong choice cancels a right one, so choosing everything is not "partly right".
        score = max(0.0, (hits - len(answer - wanted)) / len(wanted))
        status: Outcome = "right" if answer == wanted else ("partly" if score > 0 else "not_quite")
        if status != "right" and answer == set(options):
            return Grade(status, round(score, 2), {})
        marks = {oid: Mark(options[oid].correct, options[oid].feedback) for oid in sorted(answer)}
        return Grade(status, round(score, 2), marks)

    def answer_ids(self, answer: frozenset[str]) -> tuple[str, ...]:
        return tuple(sorted(answer))

    def tally_choice(self, status: str, answer: tuple[str, ...]) -> str:
        """Every chosen id, in one text: ``a+c``."""
        return _JOIN.join(sorted(answer)) if answer and status != "shown" else status

    def tally_counts(self, stored: dict[str, int]) -> dict[str, int]:
        """Each page counts once for every option it chose."""
        counts: dict[str, int] = {}
        for choice, number in stored.items():
            for option in choice.split(_JOIN):
                counts[option] = counts.get(option, 0) + number
        return counts

    def right_answer(self, item: MultipleSelect) -> list[str]:
        return self.answer_key(item)

    def wrong_answer(self, item: MultipleSelect) -> list[str]:
        return [super().wrong_answer(item)]
