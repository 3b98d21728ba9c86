"""The ``metsedu`` command: ``check`` validates lesson content, ``serve`` serves the lessons,
``handouts`` writes the take-home PDF of every lesson.

Written for the nurse or reviewer who just edited a sentence: every problem is
printed (not only the first) as ``file:line: field: message`` and the exit status
is 1; clean content prints one summary line, then each lesson's reading grade.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path

from .content import REFERENCE_LOCALE, Urgency, check_content, content_root
from .content.readability import summary as reading_summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="metsedu", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate lesson content and report reading levels")
    check.add_argument("path", nargs="?", type=Path, help="content folder (default: the lessons')")
    serve = commands.add_parser("serve", help="serve the lessons in the browser (Voilà)")
    _add_settings(serve)
    handouts = commands.add_parser(
        "handouts", help="write each lesson's take-home handout as <lesson id>.pdf"
    )
    handouts.add_argument("--out", type=Path, required=True, help="folder to write the PDFs to")
    handouts.add_argument("--content", type=Path, help="content folder (default: the lessons')")
    handouts.add_argument(
        "--locale",
        default=REFERENCE_LOCALE,
        help=f"language of the handouts (default: {REFERENCE_LOCALE})",
    )
    args = parser.parse_args(argv)
    if args.command == "check":
        return _check(args.path or content_root())
    if args.command == "serve":
        return _serve(args)
    if args.command == "handouts":
        return _handouts(args.out, args.content or content_root(), args.locale)
    return 2  # pragma: no cover - argparse rejects unknown commands


def _add_settings(parser: argparse.ArgumentParser) -> None:
    """One option per documented server setting, named and explained by the trait itself."""
    from .server import ServerSettings

    for name, trait in ServerSettings.class_traits().items():
        option = "--" + name.replace("_", "-")
        if trait.default_value is True or trait.default_value is False:
            parser.add_argument(option, action=argparse.BooleanOptionalAction, help=trait.help)
        else:
            kind = {int: int, float: float}.get(type(trait.default_value), str)
            parser.add_argument(option, type=kind, help=f"{trait.help} (default: %(default)s)")
        parser.set_defaults(**{name: trait.default_value})


def _serve(args: argparse.Namespace) -> int:
    from .content import ContentError
    from .server import ServerSettings, serve

    names = ServerSettings.class_trait_names()
    try:
        serve(ServerSettings(**{name: getattr(args, name) for name in names}))
    except ValueError as error:  # a setting that cannot work, such as an unknown lesson
        print(f"metsedu serve: {error}", file=sys.stderr)
        return 1
    except ContentError as error:
        print(error, file=sys.stderr)
        print(
            "The lessons did not start: fix the content above, then start again.", file=sys.stderr
        )
        return 1
    return 0


def _handouts(out: Path, root: Path, locale: str) -> int:
    """Write every handout, or none: broken content is reported as ``metsedu check`` does."""
    from .content import ContentError
    from .content.loader import locales
    from .handouts import write_handouts

    if not root.is_dir():
        print(f"{root}: not a folder of lesson content", file=sys.stderr)
        return 1
    known = locales(root)
    if locale not in known:
        print(
            f"metsedu handouts: {root} has no lessons in the language {locale!r}; its"
            f" languages are: {', '.join(known)}. No handouts were written.",
            file=sys.stderr,
        )
        return 1
    try:
        paths = write_handouts(out, root, locale)
    except ContentError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) found; no handouts were written.", file=sys.stderr)
        return 1
    except OSError as error:  # the output folder cannot be made or written
        print(f"metsedu handouts: {error}", file=sys.stderr)
        return 1
    for path in paths:
        print(path)
    return 0


def _check(root: Path) -> int:
    if not root.is_dir():
        print(f"{root}: not a folder of lesson content", file=sys.stderr)
        return 1
    report = check_content(root)  # every rule, the reading level included
    problems = report.problems
    if problems:
        for problem in sorted(problems):
            print(problem)
        print(f"{len(problems)} problem(s) found", file=sys.stderr)
        return 1
    rows = []
    for locale, library in report.libraries.items():
        for lesson in library.ordered():
            if lesson.locale != locale:
                continue  # a fallback copy: measured with its own locale
            rows.append(
                f"  {locale}/{lesson.id} {lesson.version} ({lesson.review.status}): "
                + reading_summary(lesson)
            )
    reference = report.libraries[REFERENCE_LOCALE]
    items = sum(len(lesson.quiz) for lesson in reference.lessons.values())
    levels = Counter(sign.urgency.value for sign in reference.signs.values())
    summary = (
        f"OK: {len(reference.lessons)} lessons, {items} quiz items, "
        f"{len(reference.glossary)} glossary terms, {len(reference.signs)} signs ("
        + ", ".join(f"{levels[u.value]} {u.value}" for u in Urgency if levels[u.value])
        + ")"
    )
    translations = [
        f"{locale} ({sum(x.locale == locale for x in lib.lessons.values())} of "
        f"{len(lib.lessons)} lessons)"
        for locale, lib in report.libraries.items()
        if locale != REFERENCE_LOCALE
    ]
    if translations:
        summary += "; translations: " + ", ".join(translations)
    print(summary)
    print("\n".join(rows))
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
