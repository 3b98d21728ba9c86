"""The contract every quiz item kind keeps, and the small types its methods trade in.

Why one contract: what a kind means is security-relevant (the answer key must never
reach the browser before a check; browser input is untrusted) and is needed by the
widget, the content checks, the group session and the facilitator page. Written once
per kind behind this protocol, a new kind is one module, not edits in eleven files.

Nothing here imports IPython or ipywidgets, so the server process can use every kind.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Literal, Protocol, TypeVar

from ..model import Sign, Urgency
from ..ui_model import UiText

#: What a check can find. (An answer event may also say ``shown``: that is not a grade.)
Outcome = Literal["right", "partly", "not_quite"]
#: The ``ui.quiz`` notice for a check sent before the item is answered.
Notice = Literal["choose_first", "choose_each"]
#: A path below one quiz item, such as ``("options", 2, "id")``.
FieldPath = tuple[str | int, ...]

ItemT = TypeVar("ItemT", contravariant=True)
AnswerT = TypeVar("AnswerT")


class AnswerRefusedError(ValueError):
    """The browser sent something that is not an answer to this item."""


@dataclass(frozen=True)
class Mark:
    """The outcome for one option, card or step the learner chose or placed."""

    correct: bool
    feedback: str


@dataclass(frozen=True)
class Grade:
    status: Outcome
    score: float
    #: Feedback for each option (or card, or step) the learner chose, by id. Never about
    #: what was not chosen, and never words that give the key away for a wrong choice.
    marks: dict[str, Mark] = field(default_factory=dict)
    #: For a true/false item, the feedback for the learner's choice.
    feedback: str | None = None


class Kind(Protocol[ItemT, AnswerT]):
    """What one kind of quiz item means, from the browser's view to the nurse's count.

    ``ItemT`` is the kind's pydantic model (data only); ``AnswerT`` the typed answer
    :meth:`parse` makes of untrusted input, and the only answer :meth:`grade` accepts.
    """

    #: The pydantic discriminator value (``type:`` in the lesson file).
    type: str

    # -- the learner's page -------------------------------------------------------------

    def public_view(self, item: ItemT, ui: UiText) -> dict[str, Any]:
        """What the browser may know before a check: never correctness, feedback or order."""
        ...

    def missing(self, item: ItemT, raw: Any) -> Notice | None:
        """The notice for a check sent before the learner answered, or ``None``."""
        ...

    def parse(self, item: ItemT, raw: Any) -> AnswerT:
        """Untrusted JSON from the browser as a typed answer, or :class:`AnswerRefusedError`."""
        ...

    def grade(self, item: ItemT, answer: AnswerT) -> Grade: ...

    def answer_ids(self, answer: AnswerT) -> tuple[str, ...]:
        """The answer as plain ids, for answer events and logs (never free text)."""
        ...

    def chosen_view(self, answer: AnswerT) -> Any:
        """The learner's answer as the browser shows it after a check."""
        ...

    def answer_key(self, item: ItemT) -> Any:
        """The right answer, for the browser only once it is found or asked for."""
        ...

    def key_marks(self, item: ItemT) -> dict[str, dict[str, Any]]:
        """Marks and feedback for the right answer, shown with "Show the answer"."""
        ...

    # -- a nurse's group session --------------------------------------------------------

    def tally_choice(self, status: str, answer: tuple[str, ...]) -> str:
        """What a group session stores for one first try (one text per page and question)."""
        ...

    def tally_counts(self, stored: dict[str, int]) -> dict[str, int]:
        """Stored choices and their numbers as counts per :meth:`tally_labels` key."""
        ...

    def tally_labels(self, item: ItemT, ui: UiText) -> dict[str, str]:
        """The words for each counted choice on the facilitator page."""
        ...

    def reveal(self, item: ItemT, ui: UiText) -> str:
        """What the facilitator page shows when the nurse reveals the answer."""
        ...

    # -- the content checks -------------------------------------------------------------

    def learner_texts(self, item: ItemT) -> Iterator[str]:
        """Every string of the item a learner reads, for reading-level and glossary checks."""
        ...

    def feedback_texts(self, item: ItemT) -> Iterator[str]:
        """The item's own feedback words (checked for kindness)."""
        ...

    def problems(self, item: ItemT) -> Iterator[tuple[FieldPath, str]]:
        """What the schema cannot see: repeated ids, a missing or second right answer."""
        ...

    def sign_problems(self, item: ItemT, table: dict[str, Sign]) -> Iterator[tuple[FieldPath, str]]:
        """Where the item's right answer could disagree with the sign table."""
        ...

    # -- the sign table -------------------------------------------------------------------

    def signs_named(self, item: ItemT) -> Iterator[tuple[FieldPath, str]]:
        """Every sign the item names (field path below the item, sign id), so the loader
        can check each exists and copy it into the lesson."""
        ...

    def with_signs(self, item: ItemT, table: dict[str, Sign], ui: UiText | None) -> ItemT:
        """The item with what the sign table decides filled in (a triage card's level)."""
        ...

    def levels_taught(self, item: ItemT) -> Iterator[tuple[str, Urgency]]:
        """Each sign whose level the item's right answer teaches, with that level, so a
        test can walk every sign through every place that shows it."""
        ...

    # -- tests and the benchmark only ---------------------------------------------------

    def right_answer(self, item: ItemT) -> Any:
        """The raw answer a browser sends for the right answer."""
        ...

    def wrong_answer(self, item: ItemT) -> Any:
        """A raw answer a browser could send that is not (fully) right."""
        ...
