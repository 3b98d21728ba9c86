"""The body map, driven from its Python side."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from metsedu.content import load_library
from metsedu.widgets import BodyMap
from tests.conftest import VALID

LIBRARY = load_library(root=VALID)


@pytest.fixture
def body_map():
    return BodyMap(LIBRARY.ordered(), LIBRARY.ui)


def test_sites_come_from_the_lessons_in_body_order(body_map):
    assert [s["id"] for s in body_map.sites] == ["liver", "bone"]
    bone = body_map.sites[1]
    assert bone == {
        "id": "bone",
        "name": "Bones",
        "title": "Bones",
        "summary": "Bone is the most common place for breast cancer to spread.",
        "href": "01-bones.ipynb",
    }
    assert body_map.labels["description"].startswith("A simple drawing of a person.")


def test_select_by_message(body_map):
    body_map._handle_custom_msg({"action": "select", "site": "liver"}, [])
    assert body_map.selected == "liver"


@pytest.mark.parametrize(
    "content",
    [
        {"action": "select", "site": "kidney"},
        {"action": "select", "site": ["bone"]},
        {"action": "explode"},
        "select",
    ],
)
def test_forged_messages_change_nothing(body_map, content):
    body_map._handle_custom_msg({"action": "select", "site": "bone"}, [])
    body_map._handle_custom_msg(content, [])
    assert body_map.selected == "bone"


def test_state_from_the_browser_is_refused(body_map):
    body_map.set_state({"selected": "kidney", "sites": []})
    assert body_map.selected == "" and len(body_map.sites) == 2


def test_custom_links():
    custom = BodyMap(LIBRARY.ordered(), LIBRARY.ui, link=lambda lesson: f"/lessons/{lesson.id}")
    assert custom.sites[0]["href"] == "/lessons/liver"


def test_no_lesson_prose_in_the_script():
    script = resources.files("metsedu.widgets").joinpath("static", "body_map.js").read_text()
    for text in json.dumps(LIBRARY.ui.body_map.model_dump()).split('"'):
        if len(text) > 12:
            assert text not in script
