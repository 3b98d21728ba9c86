"""Lesson content: the schema, the loader with locale fallback, and the checks.

The names most callers need are re-exported here; the other parts of metsedu also import
the modules behind them (the model, the signs, the drawings), never the other way round.
"""

from .library import CheckReport, Library
from .loader import REFERENCE_LOCALE, check_content, content_root
from .model import Lesson, QuizItem, Term, Urgency
from .problems import ContentError, Problem
from .source import ContentSource, content_source, load_lesson, load_lessons, load_library
from .ui_model import UiText

__all__ = [
    "REFERENCE_LOCALE",
    "CheckReport",
    "ContentError",
    "ContentSource",
    "Lesson",
    "Library",
    "Problem",
    "QuizItem",
    "Term",
    "UiText",
    "Urgency",
    "check_content",
    "content_root",
    "content_source",
    "load_lesson",
    "load_lessons",
    "load_library",
]
