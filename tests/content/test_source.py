"""The content source: one library per locale, read again when a file changes, never stale."""

from __future__ import annotations

from pathlib import Path

import pytest

from metsedu.content import ContentError, ContentSource, content_source, load_library


def test_the_same_files_give_the_same_library_without_reading_them_again(valid_tree: Path):
    source = ContentSource(valid_tree)
    first = source.current("en")
    assert source.current("en") is first
    assert source.snapshot("en") == (source.fingerprint(), first)


def test_an_edit_is_seen_at_once(valid_tree: Path):
    source = ContentSource(valid_tree)
    before = source.fingerprint()
    assert source.current("en").lessons["bones"].title != "Bones, edited"
    bones = valid_tree / "en" / "bones.yaml"
    text = bones.read_text("utf-8")
    title = source.current("en").lessons["bones"].title
    bones.write_text(text.replace(f"title: {title}", "title: Bones, edited", 1), "utf-8")
    assert source.fingerprint() != before
    assert source.current("en").lessons["bones"].title == "Bones, edited"


def test_broken_content_raises_every_time_and_recovers_when_mended(valid_tree: Path):
    source = ContentSource(valid_tree)
    bones = valid_tree / "en" / "bones.yaml"
    good = bones.read_text("utf-8")
    bones.write_text("id: bones\ntitle: [oops\n", "utf-8")
    for _ in range(2):
        with pytest.raises(ContentError):
            source.current("en")
    bones.write_text(good, "utf-8")
    assert "bones" in source.current("en").lessons


def test_an_unknown_locale_is_a_content_error(valid_tree: Path):
    with pytest.raises(ContentError, match="no content folder for locale 'xx'"):
        ContentSource(valid_tree).current("xx")


def test_a_process_has_one_source_per_folder(valid_tree: Path):
    """So the server's handlers and its facilitator pages (through load_library) agree."""
    assert content_source(valid_tree) is content_source(valid_tree / "en" / "..")
    assert load_library("en", valid_tree) is content_source(valid_tree).current("en")
