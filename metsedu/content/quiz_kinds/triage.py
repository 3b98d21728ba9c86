"""A triage item: sort each sign into its action level.

A card's right level is its sign's level in the sign table (the loader copies it in),
so the quiz can never teach a second level for a sign.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Sign, Triage, Urgency
from ..ui_model import UiText
from ._base import KindBase, from_marks, repeated_ids, short_text
from ._protocol import AnswerRefusedError, FieldPath, Grade, Mark, Notice


class TriageKind(KindBase):
    type = "triage"

    def public_view(self, item: Triage, ui: UiText) -> dict[str, Any]:
        return {
            "id": item.id,
            "type": item.type,
            "prompt": item.prompt,
            "cards": [{"id": c.id, "text": c.text} for c in item.cards],
            "choices": [{"id": u.value, "text": ui.urgency.of(u).label} for u in Urgency],
        }

    def missing(self, item: Triage, raw: Any) -> Notice | None:
        """Nothing chosen, or a level for only some of the cards (all of them known)."""
        if raw is None or raw == [] or raw == {}:
            return "choose_first"
        if isinstance(raw, dict):
            cards = {card.id for card in item.cards}
            fits = set(raw) <= cards and all(v in set(Urgency) for v in raw.values())
            if fits and len(raw) < len(cards):
                return "choose_each"
        return None

    def parse(self, item: Triage, raw: Any) -> dict[str, Urgency]:
        if not isinstance(raw, dict):
            raise AnswerRefusedError("expected a mapping of card id to urgency")
        if set(raw) != {card.id for card in item.cards}:
            raise AnswerRefusedError("every card needs exactly one urgency")
        try:
            return {short_text(k): Urgency(short_text(v)) for k, v in raw.items()}
        except ValueError as exc:
            raise AnswerRefusedError("unknown urgency") from exc

    def grade(self, item: Triage, answer: dict[str, Urgency]) -> Grade:
        """Each card right or not; a card's feedback only when it is right, because it
        starts with the card's right level (see :meth:`with_signs`): for a card placed
        wrong it would give that level away before the answer is right or shown."""
        marks = {}
        for card in item.cards:
            right = answer[card.id] is card.urgency
            marks[card.id] = Mark(right, card.feedback if right else "")
        return from_marks(marks, total=len(item.cards))

    def answer_ids(self, answer: dict[str, Urgency]) -> tuple[str, ...]:
        return tuple(f"{card}={urgency.value}" for card, urgency in sorted(answer.items()))

    def chosen_view(self, answer: dict[str, Urgency]) -> dict[str, str]:
        return {card: urgency.value for card, urgency in answer.items()}

    def answer_key(self, item: Triage) -> dict[str, str]:
        return {card.id: _level(card).value for card in item.cards}

    def key_marks(self, item: Triage) -> dict[str, dict[str, Any]]:
        return {c.id: {"correct": True, "feedback": c.feedback} for c in item.cards}

    def reveal(self, item: Triage, ui: UiText) -> str:
        """The explanation, then each sign's level in the lesson page's own words."""
        levels = " ".join(f"{c.text}: {ui.urgency.of(_level(c)).label}." for c in item.cards)
        return f"{item.explanation} {levels}"

    def own_texts(self, item: Triage) -> Iterator[str]:
        for card in item.cards:
            yield card.text or ""
            yield card.feedback

    def feedback_texts(self, item: Triage) -> Iterator[str]:
        return (card.feedback for card in item.cards)

    def problems(self, item: Triage) -> Iterator[tuple[FieldPath, str]]:
        return repeated_ids(item.cards, "cards")

    def sign_problems(
        self, item: Triage, table: dict[str, Sign]
    ) -> Iterator[tuple[FieldPath, str]]:
        """A card that states a level must agree with the sign table."""
        for j, card in enumerate(item.cards):
            sign = table.get(card.sign)
            if sign and card.urgency is not None and card.urgency is not sign.urgency:
                yield (
                    ("cards", j, "urgency"),
                    f"says {card.urgency.value}, but the sign table gives {card.sign!r} "
                    f"the level {sign.urgency.value}",
                )

    def signs_named(self, item: Triage) -> Iterator[tuple[FieldPath, str]]:
        yield from super().signs_named(item)
        for j, card in enumerate(item.cards):
            yield ("cards", j, "sign"), card.sign

    def with_signs(self, item: Triage, table: dict[str, Sign], ui: UiText | None) -> Triage:
        """Each card filled from the table (the only place a level is defined): its level,
        its words if it has none of its own, and feedback that starts with the level's
        label, as the page shows it."""
        cards = []
        for card in item.cards:
            sign = table[card.sign]
            label = ui.urgency.of(sign.urgency).label if ui else sign.urgency.value
            update = {
                "urgency": sign.urgency,
                "text": card.text or sign.text,
                "feedback": f"{label}. {card.feedback}",
            }
            cards.append(card.model_copy(update=update))
        return item.model_copy(update={"cards": cards})

    def levels_taught(self, item: Triage) -> Iterator[tuple[str, Urgency]]:
        return ((card.sign, _level(card)) for card in item.cards)

    def right_answer(self, item: Triage) -> dict[str, str]:
        return self.answer_key(item)

    def wrong_answer(self, item: Triage) -> dict[str, str]:
        """The first card one level off; the others right (so the check is partly right)."""
        answer = self.answer_key(item)
        first = item.cards[0].id
        answer[first] = next(u.value for u in Urgency if u.value != answer[first])
        return answer


def _level(card: Any) -> Urgency:
    if card.urgency is None:  # pragma: no cover - the loader fills every card's level
        raise ValueError(f"triage card {card.id!r} has no level from the sign table")
    return card.urgency
