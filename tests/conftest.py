"""Shared fixtures: paths to the fixture content and a way to break one file of it."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"
VALID = FIXTURES / "content" / "valid"
BROKEN = FIXTURES / "content" / "broken"
REPO = Path(__file__).parent.parent


@pytest.fixture
def valid_tree(tmp_path: Path) -> Path:
    """A private copy of the valid fixture content, safe to change."""
    root = tmp_path / "content"
    shutil.copytree(VALID, root)
    return root


@pytest.fixture
def with_broken(valid_tree: Path) -> Callable[[str, str], Path]:
    """Put ``broken/<name>.yaml`` in place of ``en/<target>`` and return where it now lives."""

    def place(name: str, target: str = "bones.yaml") -> Path:
        path = valid_tree / "en" / target
        shutil.copyfile(BROKEN / f"{name}.yaml", path)
        return path

    return place


def line_of(path: Path, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the n-th line containing ``needle``: how tests name expected lines."""
    hits = [n for n, line in enumerate(path.read_text().splitlines(), 1) if needle in line]
    assert len(hits) >= occurrence, f"{needle!r} not in {path}"
    return hits[occurrence - 1]
