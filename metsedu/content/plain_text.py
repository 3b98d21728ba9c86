"""Lesson Markdown as plain words: the paragraphs a handout prints, the sentences a grade counts.

Why the parser's own tree: the lesson page turns the same Markdown into HTML with mistune,
so reading it here with mistune (its AST, ``renderer=None``) means the page, the printed
handout and the reading-level score agree on what is a list item, a link or emphasis.
Hand-written patterns drifted from it: one stripped every ``*`` and ``_`` (so "2*3" read as
"23"), another kept its own list rules. The marks go, the words stay: a link keeps its
words, code keeps its text, emphasis loses only its asterisks.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import Any

#: Blocks that hold inline text of their own.
_TEXT_BLOCKS = {"paragraph", "heading", "block_text"}
#: Blocks whose raw source is shown as it is (the page escapes any HTML, never runs it).
_RAW_BLOCKS = {"block_code", "block_html"}
_SPACES = re.compile(r"[ \t]+")
#: A line that already ends a sentence (a colon introduces what follows it).
_END_STOPS = ".!?:"


@cache
def _parser() -> Any:
    """mistune's parser with no renderer, as the page's (no plugins): it returns the tree.

    Made on first use, so a process that never reads Markdown never imports mistune."""
    import mistune

    return mistune.create_markdown(renderer=None)


def paragraphs(markdown: str) -> list[str]:
    """One plain paragraph per block and per list item; a line break inside one is a space."""
    found = (_SPACES.sub(" ", " ".join(block.split("\n"))).strip() for block in _blocks(markdown))
    return [p for p in found if p]


def sentences(markdown: str) -> str:
    """Plain text for a reading grade: every line of every block is a sentence, so a list
    item or a line without an end stop gets one (a formula counts words per sentence)."""
    lines = [
        line.strip() for block in _blocks(markdown) for line in block.split("\n") if line.strip()
    ]
    return " ".join(line if line[-1] in _END_STOPS else f"{line}." for line in lines)


@lru_cache(maxsize=8192)
def _blocks(markdown: str) -> tuple[str, ...]:
    """The text of each block, in order; line breaks inside a block stay as ``\\n``.

    Kept for the strings seen last: the checks, the grade and the handout read the same
    lesson strings, and a changed file brings new strings, not changed ones."""
    return tuple(_walk_blocks(_parser()(markdown)))


def _walk_blocks(nodes: list[dict[str, Any]]) -> Any:
    for node in nodes:
        kind = node["type"]
        if kind in _TEXT_BLOCKS:
            yield _inline(node.get("children", []))
        elif kind in _RAW_BLOCKS:
            yield node.get("raw", "")
        else:  # lists, list items, block quotes: their blocks, each on its own
            yield from _walk_blocks(node.get("children", []))


def _inline(nodes: list[dict[str, Any]]) -> str:
    """The words of inline nodes: marks dropped, a link's or picture's words kept."""
    out: list[str] = []
    for node in nodes:
        kind = node["type"]
        if kind in {"softbreak", "linebreak"}:
            out.append("\n")
        elif "children" in node:
            out.append(_inline(node["children"]))
        else:
            out.append(node.get("raw", ""))
    return "".join(out)
