"""Each kind of quiz item in one place: one class per kind, behind :class:`Kind`.

A kind says what the browser may see before a check, how to read untrusted input,
how to grade it, the answer key, what a group session counts and how it is
labelled, the words the content checks read, and (for tests) a right and a wrong
answer. The pydantic models in :mod:`metsedu.content.model` stay data; every other
module asks :func:`kind_of` instead of testing an item's type.

This package imports only the content model: the widgets, sessions and server
depend on it, and the content checks and reading-level measure use it, so it
lives inside ``content`` (an import from ``content`` up to a sibling package would
be a cycle). It never imports IPython or ipywidgets.

Adding a kind: add its model to the ``QuizItem`` union, a module here, an entry in
``KINDS``, and a renderer in ``widgets/static/quiz.js``.
"""

from __future__ import annotations

from typing import Any

from ._protocol import AnswerRefusedError, FieldPath, Grade, Kind, Mark, Notice, Outcome
from .multiple_select import MultipleSelectKind
from .ordering import OrderingKind
from .scenario import ScenarioKind
from .single_choice import SingleChoiceKind
from .triage import TriageKind
from .true_false import TrueFalseKind

#: Every kind, by its pydantic discriminator value (``type:`` in a lesson file).
KINDS: dict[str, Kind[Any, Any]] = {
    kind.type: kind
    for kind in (
        SingleChoiceKind(),
        ScenarioKind(),
        MultipleSelectKind(),
        TrueFalseKind(),
        TriageKind(),
        OrderingKind(),
    )
}


def kind_of(item: Any) -> Kind[Any, Any]:
    """The kind of a quiz item, or of a type name (as an answer event carries it)."""
    return KINDS[item if isinstance(item, str) else item.type]


__all__ = [
    "KINDS",
    "AnswerRefusedError",
    "FieldPath",
    "Grade",
    "Kind",
    "Mark",
    "Notice",
    "Outcome",
    "kind_of",
]
