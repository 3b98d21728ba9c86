"""The shared names: links a page writes reach the routes the server serves."""

from __future__ import annotations

import re
from types import SimpleNamespace
from urllib.parse import urljoin

from metsedu.names import (
    FACILITATOR,
    HANDOUT,
    PAGE_PROBLEM,
    READY,
    RENDER,
    START_NOTEBOOK,
    from_page,
    notebook_name,
    route,
)
from tests.conftest import REPO


def test_a_notebook_is_named_by_its_order_and_id():
    assert notebook_name(SimpleNamespace(order=2, id="bones")) == "02-bones.ipynb"
    assert (REPO / "notebooks" / START_NOTEBOOK).is_file()


def test_a_link_from_a_lesson_page_reaches_the_route_the_server_serves():
    for base in ("/", "/clinic/"):
        page = base + RENDER + "02-bones.ipynb"
        link = urljoin(page, from_page(HANDOUT.format(lesson_id="bones")))
        assert re.fullmatch(route(base, HANDOUT, lesson_id="[a-z]+"), link)
        assert urljoin(page, from_page(FACILITATOR)) == base + FACILITATOR


def test_a_route_matches_its_address_exactly_and_names_its_fields():
    handout = re.compile(route("/", HANDOUT, lesson_id="[a-z-]+"))
    assert handout.fullmatch("/metsedu/handouts/next-steps.pdf")["lesson_id"] == "next-steps"
    assert not handout.fullmatch("/metsedu/handouts/bonesXpdf")  # the dot is a dot
    assert re.fullmatch(route("/base/", READY), "/base/metsedu/ready.json")
    assert not re.fullmatch(route("/", READY), "/metsedu/readyXjson")


def test_the_page_script_reports_problems_where_the_server_listens():
    script = REPO / "metsedu/server/share/jupyter/voila/templates/metsedu/static/metsedu-page.js"
    assert f'"{PAGE_PROBLEM}"' in script.read_text(encoding="utf-8")
