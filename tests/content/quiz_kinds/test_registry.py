"""Every kind in the content schema has exactly one class, found by its type value."""

from __future__ import annotations

import subprocess
import sys
from typing import get_args

import pytest

from metsedu.content.model import QuizItem
from metsedu.content.quiz_kinds import KINDS, Kind, kind_of
from tests.content.quiz_kinds.items import MULTI, ORDERING, SCENARIO, SINGLE, TRIAGE, TRUE_FALSE

ALL = [SINGLE, TRUE_FALSE, TRIAGE, MULTI, SCENARIO, ORDERING]


def discriminator_values() -> set[str]:
    union = get_args(QuizItem)[0]
    return {get_args(model.model_fields["type"].annotation)[0] for model in get_args(union)}


def test_one_kind_per_type_in_the_schema():
    assert set(KINDS) == discriminator_values()
    assert all(kind.type == name for name, kind in KINDS.items())


@pytest.mark.parametrize("item", ALL, ids=lambda item: item.type)
def test_kind_of_an_item_and_of_its_type_name(item):
    assert kind_of(item) is kind_of(item.type) is KINDS[item.type]


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_kind_keeps_the_whole_protocol(name):
    wanted = {n for n in vars(Kind) if not n.startswith("_")} - {"type"}
    missing = sorted(n for n in wanted if not callable(getattr(KINDS[name], n, None)))
    assert not missing


@pytest.mark.parametrize("item", ALL, ids=lambda item: item.type)
def test_the_right_answer_is_right_and_the_wrong_one_is_not(item):
    kind = kind_of(item)
    assert kind.grade(item, kind.parse(item, kind.right_answer(item))).status == "right"
    assert kind.grade(item, kind.parse(item, kind.wrong_answer(item))).status != "right"


@pytest.mark.parametrize("item", ALL, ids=lambda item: item.type)
def test_every_kind_counts_shown_answers_and_labels_them(item):
    from tests.content.quiz_kinds.items import UI

    kind = kind_of(item)
    assert kind.tally_choice("shown", ()) == "shown"
    assert kind.tally_labels(item, UI)["shown"] == UI.quiz.shown
    answer = kind.parse(item, kind.right_answer(item))
    stored = kind.tally_choice("right", kind.answer_ids(answer))
    assert set(kind.tally_counts({stored: 3})) <= set(kind.tally_labels(item, UI))


def test_the_kinds_import_no_notebook_machinery():
    """The server imports the kinds; they must not pull in IPython or ipywidgets."""
    code = (
        "import sys, metsedu.content.quiz_kinds; "
        "print(sorted(m for m in ('IPython', 'ipywidgets', 'anywidget') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
