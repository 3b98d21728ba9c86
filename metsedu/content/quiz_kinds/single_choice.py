"""A single-choice item: one right option among several."""

from __future__ import annotations

from ._choice import ChoiceKind


class SingleChoiceKind(ChoiceKind):
    type = "single_choice"
