"""What loading gives: one locale's whole library, and the report of checking a folder.

Why a module of its own: the loader builds these, the validated-content cache stores
them, and the lesson pages, handouts and server read them; none of those should need
the loader's machinery to name the type.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .model import Lesson, Picture, Sign, Term
from .problems import Problem
from .ui_model import UiText


@dataclass
class Library:
    """Everything for one locale, after fallback: lessons in teaching order, glossary, UI words."""

    locale: str
    lessons: dict[str, Lesson]
    glossary: dict[str, Term]
    ui: UiText
    files: dict[str, Path] = field(default_factory=dict)
    #: The one sign table, by id, in the order its files list them.
    signs: dict[str, Sign] = field(default_factory=dict)
    pictures: dict[str, Picture] = field(default_factory=dict)

    def ordered(self) -> list[Lesson]:
        return sorted(self.lessons.values(), key=lambda lesson: (lesson.order, lesson.id))


@dataclass
class CheckReport:
    """The outcome of checking a whole content folder."""

    problems: list[Problem]
    libraries: dict[str, Library]

    @property
    def ok(self) -> bool:
        return not self.problems
