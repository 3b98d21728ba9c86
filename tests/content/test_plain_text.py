"""Markdown read as plain words, once, for the handout's paragraphs and the reading grade."""

from __future__ import annotations

import pytest

from metsedu.content.plain_text import paragraphs, sentences

MARKDOWN = "Call **now**, _day or night_.\n\n- First [step](https://example.org)\n- Second"


def test_markdown_markers_are_stripped():
    assert paragraphs(MARKDOWN) == ["Call now, day or night.", "First step", "Second"]


@pytest.mark.parametrize(
    "text", ["Wait 2*3 days; snake_case stays", "Keep `code words` as words", "a < b > c"]
)
def test_text_that_is_not_markup_keeps_its_characters(text):
    assert paragraphs(text) == [text.replace("`", "")]


def test_a_paragraph_over_several_lines_is_one_paragraph():
    assert paragraphs("## Heading\nOne line\nand the next.\n\n> Quoted") == [
        "Heading",
        "One line and the next.",
        "Quoted",
    ]


def test_each_line_and_list_item_is_a_sentence():
    assert sentences(MARKDOWN) == "Call now, day or night. First step. Second."
    assert sentences("For pain in a rib:\n\n1. Rest\n2. Call") == "For pain in a rib: Rest. Call."


def test_nothing_to_read():
    assert paragraphs("") == [] and sentences("  \n") == ""
