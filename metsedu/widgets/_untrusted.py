"""How a widget names what a browser sent it, in the server's log: its shape, never its words.

Why: what a learner types or picks is theirs (a join code, an answer, a forged message's
text), and the log is read by whoever runs the server. The shape (what kind of value, how
big) is enough to tell a clumsy page from a forged one.
"""

from __future__ import annotations

from typing import Any


def shape_of(value: Any) -> str:
    """``'a str of 3 characters'``, ``'a dict of 2 entries'``, ``'an int'``: never the value."""
    kind = type(value).__name__
    article = "an" if kind[:1] in "aeiou" else "a"
    if isinstance(value, str):
        return f"{article} {kind} of {len(value)} characters"
    if isinstance(value, dict | list | tuple | set):
        return f"{article} {kind} of {len(value)} entries"
    return f"{article} {kind}"
