"""A scenario: a short situation, then one best action (often how soon to act on a sign)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ..model import Scenario
from ..ui_model import UiText
from ._choice import ChoiceKind


class ScenarioKind(ChoiceKind):
    type = "scenario"

    def public_view(self, item: Scenario, ui: UiText) -> dict[str, Any]:
        # The situation is read before the question, so the browser gets it up front.
        return {**super().public_view(item, ui), "situation": item.situation}

    def own_texts(self, item: Scenario) -> Iterator[str]:
        yield item.situation
        yield from super().own_texts(item)
