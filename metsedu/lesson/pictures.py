"""Teaching pictures on a lesson page (placeholder until the drawings land)."""

from __future__ import annotations

from ..content import Lesson


def figures(lesson: Lesson, after: str) -> str:
    """The figures shown after a section (or in the red-flag box) of ``lesson``."""
    return ""
