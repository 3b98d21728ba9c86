"""The ``metsedu`` command: ``metsedu check [PATH]`` validates lesson content.

Written for the nurse or reviewer who just edited a sentence: every problem is
printed (not only the first) as ``file:line: field: message`` and the exit status
is 1; clean content prints one summary line, then each lesson's reading grade.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .content import Problem, check_content, content_root
from .content.readability import (
    LESSON_GRADE_LIMIT,
    RED_FLAG_GRADE_LIMIT,
    lesson_reading,
    red_flag_reading,
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="metsedu", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate lesson content and report reading levels")
    check.add_argument("path", nargs="?", type=Path, help="content folder (default: the lessons')")
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.path or content_root())
    return 2  # pragma: no cover - argparse rejects unknown commands


def _check(root: Path) -> int:
    if not root.is_dir():
        print(f"{root}: not a folder of lesson content", file=sys.stderr)
        return 1
    report = check_content(root)
    problems = list(report.problems)
    rows = []
    for locale, library in report.libraries.items():
        for lesson in library.ordered():
            if lesson.locale != locale:
                continue  # a fallback copy: measured with its own locale
            path = library.files[lesson.id]
            whole, flags = lesson_reading(lesson), red_flag_reading(lesson)
            rows.append(
                f"  {locale}/{lesson.id}: grade {whole.grade} ({whole.words} words), "
                f"red flags grade {flags.grade}"
            )
            if locale == "en":  # the readability formula is for English text
                problems += _too_hard(path, "(whole lesson)", whole, LESSON_GRADE_LIMIT)
                problems += _too_hard(path, "red_flags", flags, RED_FLAG_GRADE_LIMIT)
    if problems:
        for problem in sorted(problems):
            print(problem)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    reference = report.libraries["en"]
    items = sum(len(lesson.quiz) for lesson in reference.lessons.values())
    summary = (
        f"OK: {len(reference.lessons)} lessons, {items} quiz items, "
        f"{len(reference.glossary)} glossary terms"
    )
    translations = [
        f"{locale} ({sum(x.locale == locale for x in lib.lessons.values())} of "
        f"{len(lib.lessons)} lessons)"
        for locale, lib in report.libraries.items()
        if locale != "en"
    ]
    if translations:
        summary += "; translations: " + ", ".join(translations)
    print(summary)
    print("\n".join(rows))
    return 0


def _too_hard(path: Path, field: str, reading, limit: float) -> list[Problem]:
    if reading.grade <= limit:
        return []
    hardest = " | ".join(reading.hardest)
    message = (
        f"reads at grade {reading.grade}, above the limit of {limit:g}; "
        f"hardest sentences: {hardest}"
    )
    return [Problem(path, 1, field, message)]


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
