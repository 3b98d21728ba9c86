"""The page's colours are named once per page shell, and every copy of them agrees.

Why: the ink, link and focus colours were written as literals in five stylesheets, so a
change (or a contrast fix) had to find every one. Now the lesson page (``metsedu-page.css``)
and the other pages (``page.html``) each name them in ``:root``, and the lesson and widget
styles say ``var(--metsedu-ink, #1a1a1a)``: the fallback is for a lesson opened in plain
Jupyter, where neither shell is loaded, and must be the same colour.
"""

from __future__ import annotations

import re

import pytest

from tests.conftest import REPO

TEMPLATE = REPO / "metsedu" / "server" / "share" / "jupyter" / "voila" / "templates" / "metsedu"
SHELLS = [TEMPLATE / "page.html", TEMPLATE / "static" / "metsedu-page.css"]
STYLES = [
    REPO / "metsedu" / "lesson" / "static" / "lesson.css",
    REPO / "metsedu" / "lesson" / "static" / "pictures.css",
    REPO / "metsedu" / "widgets" / "static" / "quiz.css",
    REPO / "metsedu" / "widgets" / "static" / "body_map.css",
]
NAMED = re.compile(r"--metsedu-(ink|paper|link|focus):\s*(#[0-9a-fA-F]{3,6})")
USED = re.compile(r"var\(--metsedu-(ink|paper|link|focus)(?:,\s*(#[0-9a-fA-F]{3,6}))?\)")


def palette(path) -> dict[str, str]:
    root = re.search(r":root\s*\{([^}]*)\}", path.read_text(encoding="utf-8"))
    assert root, f"{path.name} names no colours in :root"
    return dict(NAMED.findall(root.group(1)))


def test_both_page_shells_name_the_same_colours():
    first, second = (palette(path) for path in SHELLS)
    assert first == second
    assert set(first) == {"ink", "paper", "link", "focus"}


@pytest.mark.parametrize("path", STYLES, ids=lambda path: path.name)
def test_each_style_uses_the_named_colours_with_the_same_fallback(path):
    colours = palette(SHELLS[0])
    css = path.read_text(encoding="utf-8")
    used = USED.findall(css)
    assert used, f"{path.name} uses none of the named colours"
    for name, fallback in used:
        assert fallback.lower() == colours[name].lower(), (name, fallback)
    bare = USED.sub("", css).lower()
    for name in ("ink", "link", "focus"):
        assert colours[name].lower() not in bare, f"{path.name} writes {name} as a literal"
