"""Every sign has one action level, wherever a learner or a nurse meets it.

The sign table (``content/<locale>/signs/``) is the only place a level is defined.
This walks every sign id through every place that shows it: the lesson page (symptom
list, prose, treatments, red-flag box), the quiz's answer key, the printed handout's
words and the facilitator's answer reveal, and finds the same level each time.
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest

from metsedu.content import Urgency, load_library
from metsedu.content.model import Triage
from metsedu.content.quiz_kinds import kind_of
from metsedu.handouts.sheet import collect
from metsedu.lesson import html
from metsedu.server.facilitator_results import quiz_items
from tests.conftest import REPO

LIBRARY = load_library(root=REPO / "content")
SHOWN = re.compile(r'data-metsedu-sign="([a-z0-9-]+)" data-metsedu-level="([a-z_]+)"')
GROUP = re.compile(r'data-metsedu-group="([a-z_]+)">(.*?)</ul></div>', re.S)


def page_html(lesson) -> str:
    ui = LIBRARY.ui
    parts = [
        html.header(lesson, ui),
        html.objectives(lesson, ui),
        *(html.section(lesson, s, LIBRARY.glossary, ui) for s in lesson.sections),
        html.symptoms(lesson, ui),
        html.treatments(lesson, ui),
        html.tests(lesson, ui),
        html.red_flags(lesson, ui),
        html.key_points(lesson, ui),
    ]
    return "".join(parts)


def levels_seen() -> dict[str, set[tuple[str, str, str]]]:
    """sign id -> {(lesson, place, level)} for every place that shows the sign."""
    seen: dict[str, set[tuple[str, str, str]]] = defaultdict(set)
    ui = LIBRARY.ui
    for lesson in LIBRARY.ordered():
        page = page_html(lesson)
        for sign_id, level in SHOWN.findall(page):
            seen[sign_id].add((lesson.id, "page", level))
        # A sign listed under a level's heading belongs to that heading's level.
        for level, body in GROUP.findall(page):
            for sign_id, _ in SHOWN.findall(body):
                seen[sign_id].add((lesson.id, "page group", level))
        box = html.red_flags(lesson, ui)
        for sign_id, level in SHOWN.findall(box):
            seen[sign_id].add((lesson.id, "red-flag box", level))
        for item in lesson.quiz:
            for sign_id, level in kind_of(item).levels_taught(item):
                seen[sign_id].add((lesson.id, f"quiz {item.id}", level.value))
        sheet = collect(lesson, ui)
        for group in sheet.watch:
            for watch in group.items:
                seen[watch.sign_id].add((lesson.id, "handout list", group.level))
        for flag in sheet.flags:
            for sign_id in flag.sign_ids:
                seen[sign_id].add((lesson.id, "handout box", flag.level))
        reveal = {i["key"]: i["explanation"] for i in quiz_items([lesson], ui)}
        for item in lesson.quiz:
            if isinstance(item, Triage):
                for card in item.cards:
                    label = ui.urgency.of(card.urgency).label
                    assert f"{card.text}: {label}." in reveal[f"{lesson.id}/{item.id}"]
                    seen[card.sign].add((lesson.id, "facilitator reveal", card.urgency.value))
    return seen


SEEN = levels_seen()


@pytest.mark.parametrize("sign_id", sorted(LIBRARY.signs))
def test_a_sign_has_one_level_everywhere(sign_id):
    places = SEEN.get(sign_id, set())
    assert places, f"sign {sign_id!r} is defined but no lesson shows it"
    levels = {level for _, _, level in places}
    assert levels == {LIBRARY.signs[sign_id].urgency.value}, sorted(places)


def test_every_place_is_walked():
    kinds = {place.split(" ")[0] for places in SEEN.values() for _, place, _ in places}
    assert {"page", "red-flag", "quiz", "handout", "facilitator"} <= kinds


def test_every_urgent_sign_is_in_the_complete_lists():
    """The overview and next steps each keep one complete "get help now" list (page and handout)."""
    urgent = {s for s, sign in LIBRARY.signs.items() if sign.urgency.urgent}
    for lesson_id in ("overview", "next-steps"):
        lesson = LIBRARY.lessons[lesson_id]
        in_box = {s for s, _ in SHOWN.findall(html.red_flags(lesson, LIBRARY.ui))}
        assert in_box == urgent, lesson_id
        printed = {s for flag in collect(lesson, LIBRARY.ui).flags for s in flag.sign_ids}
        assert printed == urgent, lesson_id


def test_every_urgent_action_says_whom_to_call():
    ui = LIBRARY.ui
    for level in Urgency:
        assert ui.urgency.of(level).who
    assert "911" in ui.urgency.emergency.who
    assert "24-hour" in ui.urgency.line_now.who
