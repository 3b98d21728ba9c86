"""Turn content strings into plain text the PDF core fonts can print.

The handout uses the PDF's built-in Helvetica so nothing is downloaded or read from
the system at run time. Those fonts only know Latin-1, so typographic characters
that editors type (curly quotes, dashes, ellipses, bullets) are mapped to their
plain equivalents here. A character that still does not fit is an error that names
where it is, because silently dropping or replacing it could change what a learner
is told. Content may also hold light Markdown; a printed sheet shows its words, not its
markers (:func:`metsedu.content.plain_text.paragraphs`, as the page reads it).
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

#: Typographic characters and their Latin-1 stand-ins. Anything else outside Latin-1
#: is tried through NFKC (ligatures, full-width forms) before it counts as unprintable.
_LATIN1_FOR = {
    "\u2018": "'",  # left single quote
    "\u2019": "'",  # right single quote, apostrophe
    "\u201a": ",",  # single low quote
    "\u201b": "'",
    "\u2032": "'",  # prime
    "\u201c": '"',  # left double quote
    "\u201d": '"',  # right double quote
    "\u201e": '"',  # double low quote
    "\u201f": '"',
    "\u2033": '"',  # double prime
    "\u2039": "'",  # single angle quotes
    "\u203a": "'",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": " - ",  # em dash: spaced, so joined words stay readable
    "\u2015": " - ",
    "\u2212": "-",  # minus sign
    "\u2026": "...",  # ellipsis
    "\u2022": "-",  # bullet
    "\u2023": "-",
    "\u2043": "-",
    "\u2219": "-",
    "\u2265": ">=",
    "\u2264": "<=",
    "\u2260": "!=",
    "\u2248": "~",
    "\u2192": "->",
    "\u00a0": " ",  # no-break space: the layout decides where lines break
    "\u202f": " ",  # narrow no-break space
    "\u2007": " ",
    "\u2009": " ",  # thin space
    "\u200a": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\ufeff": "",
    "\u00ad": "",  # soft hyphen: core-font line breaking does not use it
}

_SPACES = re.compile(r"[ \t]+")


class UnprintableTextError(ValueError):
    """A character the handout's fonts cannot print, and where it was found.

    ``source`` is ``"lesson"``, ``"ui"`` or ``"sign"``; ``loc`` is the field path inside
    that file, such as ``("key_points", 1)``, or for a sign its id and field, such as
    ``("cord-nerve", "look_for", 1)``, so the message can point an editor at it.
    ``reason`` is the message without the place, for reports that name the place
    themselves (``file:line: field: reason``).
    """

    def __init__(self, lesson_id: str, source: str, loc: tuple[str | int, ...], char: str) -> None:
        self.lesson_id = lesson_id
        self.source = source
        self.loc = loc
        self.char = char
        name = unicodedata.name(char, "unnamed character")
        self.reason = (
            f"the character {char!r} (U+{ord(char):04X} {name}) cannot be printed on the "
            f"handout of lesson {lesson_id!r}: its built-in fonts have Latin-1 characters "
            "only; replace it with a plain one"
        )
        place = f"ui.yaml {self.field}" if source == "ui" else f"lesson {lesson_id!r} {self.field}"
        super().__init__(f"{place}: {self.reason}")

    @property
    def field(self) -> str:
        return ".".join(str(part) for part in self.loc)


def to_latin1(text: str, errors: Literal["report", "replace"] = "report") -> tuple[str, str | None]:
    """``text`` with typographic characters replaced, and the first one left unprintable.

    The second value is ``None`` when everything fits in Latin-1. With ``errors="report"``
    (content: a wrong character is the editor's to fix, so it is named, not guessed at) the
    text is ``""`` when one does not fit; with ``errors="replace"`` (words a person typed at
    the session, such as the nurse's notes) each one that does not fit becomes ``"?"`` and
    the rest is kept.
    """
    out: list[str] = []
    first_bad: str | None = None
    for char in text:
        if char in _LATIN1_FOR:
            out.append(_LATIN1_FOR[char])
        elif _fits(char):
            out.append(char)
        else:
            folded = unicodedata.normalize("NFKC", char)
            if _fits(folded):
                out.append(folded)
                continue
            if errors == "report":
                return "", char
            first_bad = first_bad or char
            out.append("?")
    return _SPACES.sub(" ", "".join(out)), first_bad


def _fits(text: str) -> bool:
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in text):
        return False  # control characters print as nothing, or as garbage
    try:
        text.encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True
