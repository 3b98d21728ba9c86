"""Lesson content: the schema, the loader with locale fallback, and the checks.

Public names are re-exported here; the modules behind them are private detail.
"""

from .library import CheckReport, Library
from .loader import (
    REFERENCE_LOCALE,
    check_content,
    content_root,
    load_lesson,
    load_lessons,
    load_library,
)
from .model import Lesson, QuizItem, Term, UiText, Urgency
from .problems import ContentError, Problem

__all__ = [
    "REFERENCE_LOCALE",
    "CheckReport",
    "ContentError",
    "Lesson",
    "Library",
    "Problem",
    "QuizItem",
    "Term",
    "UiText",
    "Urgency",
    "check_content",
    "content_root",
    "load_lesson",
    "load_lessons",
    "load_library",
]
