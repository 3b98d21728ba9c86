"""Quiz items of every kind for the kind tests: the valid fixture's own, plus built ones."""

from __future__ import annotations

import json

from metsedu.content import load_library
from metsedu.content.model import MultipleSelect, Ordering, Scenario
from metsedu.content.quiz_kinds import kind_of
from tests.conftest import VALID

LIBRARY = load_library(root=VALID)
UI = LIBRARY.ui
BONES = LIBRARY.lessons["bones"]
SINGLE, TRUE_FALSE, TRIAGE = BONES.quiz
_BASE = {k: v for k, v in SINGLE.model_dump().items() if k not in {"type", "options"}}

MULTI = MultipleSelect.model_validate(
    {
        **_BASE,
        "id": "q-multi",
        "type": "multiple_select",
        "options": [
            {"id": "a", "text": "Weak legs", "correct": True, "feedback": "Yes, weak legs."},
            {"id": "b", "text": "Numb legs", "correct": True, "feedback": "Yes, numb legs."},
            {"id": "c", "text": "A sunburn", "feedback": "Not quite. A sunburn is not a sign."},
        ],
    }
)
SCENARIO = Scenario.model_validate(
    {
        **SINGLE.model_dump(),
        "id": "q-scenario",
        "type": "scenario",
        "situation": "It is late at night and your legs feel weak.",
    }
)
ORDERING = Ordering.model_validate(
    {
        **_BASE,
        "id": "q-order",
        "type": "ordering",
        "prompt": "Put these steps in order.",
        "explanation": "First look, then act, then wait, then rest.",
        "steps": [
            {"id": "look", "text": "Look at the time."},
            {"id": "clear", "text": "Move sharp things away."},
            {"id": "roll", "text": "Roll them onto their side."},
            {"id": "stay", "text": "Stay until they are awake."},
        ],
    }
)


def public_json(item) -> str:
    """What the browser is sent for ``item`` before a check, as the text it receives."""
    return json.dumps(kind_of(item).public_view(item, UI))
