"""Which ``{name}`` placeholders the code fills in each ``ui.yaml`` field, as data.

Some words around the lessons are templates: ``"Question {number} of {total}"``. The code
fills them (Python's ``str.format``, the server's ``fill``, the widgets' JavaScript
``fill``), and each caller supplies its own names. A misspelt ``{cod}`` is a ``KeyError``
for the first learner who joins a session, or a raw ``{cod}`` on the page; a ``{code}``
left out of the join-code line leaves a nurse with no code to give. So each model in
:mod:`metsedu.content.model` declares, next to its fields, the names the code supplies
(``PLACEHOLDERS``), and :func:`placeholder_problems` holds the file to them with a line.
A field a model does not list is shown as written: no placeholder is filled there.
"""

from __future__ import annotations

import string
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel

from ._yaml import FieldPath


@dataclass(frozen=True)
class Fills:
    """The names the code fills in one field (and in each item of it, for a list or mapping).

    ``required`` are names the text is useless without, or that the code relies on to lay
    the text out (the quiz summary puts a link where ``{section}`` stands).
    """

    allowed: frozenset[str]
    required: frozenset[str] = frozenset()


def fills(*allowed: str, required: tuple[str, ...] = ()) -> Fills:
    """``Fills`` written briefly in a model: ``fills("title", required=("version",))``."""
    return Fills(frozenset(allowed) | frozenset(required), frozenset(required))


#: The rule of a field no model lists: shown as written, so no placeholder may stand in it.
NONE = Fills(frozenset())


def rule_for(model: type[BaseModel], loc: FieldPath) -> Fills:
    """The placeholders the code fills at ``loc`` inside ``model`` (``NONE`` if it fills none)."""
    if not loc or not isinstance(loc[0], str) or loc[0] not in model.model_fields:
        return NONE
    declared: dict[str, Fills] = getattr(model, "PLACEHOLDERS", {})
    if loc[0] in declared:
        return declared[loc[0]]
    inner = model.model_fields[loc[0]].annotation
    if isinstance(inner, type) and issubclass(inner, BaseModel):
        return rule_for(inner, loc[1:])
    return NONE


def strings(data: Any, loc: FieldPath = ()) -> Iterator[tuple[FieldPath, str]]:
    """Every string in parsed YAML, with its field path."""
    if isinstance(data, str):
        yield loc, data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from strings(value, (*loc, str(key)))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from strings(value, (*loc, index))


def placeholder_problems(text: str, rule: Fills) -> list[str]:
    """What is wrong with the placeholders of ``text`` under ``rule``, in a nurse's words."""
    try:
        parts = list(string.Formatter().parse(text))
    except ValueError:
        return [
            "has a '{' or '}' that does not enclose a placeholder: "
            + _may_use(rule)
            + " (write a placeholder as {name})"
        ]
    found: list[str] = []
    used: set[str] = set()
    for _literal, name, spec, conversion in parts:
        if name is None:
            continue
        written = (
            "{"
            + name
            + (f"!{conversion}" if conversion else "")
            + (f":{spec}" if spec else "")
            + "}"
        )
        if name not in rule.allowed:
            found.append(f"{written} is not filled in here: {_may_use(rule)}")
        elif spec or conversion:
            found.append(
                f"{written}: write the placeholder as {{{name}}}, with nothing after its name"
            )
        used.add(name)
    for name in sorted(rule.required - used):
        found.append(
            f"needs {{{name}}}: the code fills it in, and the text is not complete without it"
        )
    return found


def _may_use(rule: Fills) -> str:
    if not rule.allowed:
        return "this text is shown as written, with no placeholders"
    return "this text may use " + ", ".join("{" + n + "}" for n in sorted(rule.allowed))
