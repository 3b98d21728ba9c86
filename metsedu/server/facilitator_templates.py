"""The facilitator pages' Jinja templates, and the one way their ui.yaml words are filled in.

Why Jinja: Voilà already loads it in this process, and the lesson server's own plain pages
(``page.html``, ``error.html``, ``404.html``) are Jinja templates in the metsedu template
folder. The facilitator pages extend the same ``page.html``, so they share its page shell and
colours, and autoescaping is on: a value reaches the page escaped unless the code marks it as
markup on purpose (the QR code drawn here, tornado's anti-forgery field).

Why one filler: the page templates, the live results the page's script draws and the printed
record all show the same ``ui.yaml`` sentences, so ``{count}`` and the like are filled in here,
in Python, and nowhere else (the page's script receives finished sentences).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template

from .settings import SHARE, TEMPLATE

#: The metsedu template folder: ``page.html`` and the ``facilitator/`` templates.
TEMPLATES = SHARE / "voila" / "templates" / TEMPLATE

_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(text: str, **values: object) -> str:
    """``text`` with each ``{name}`` given in ``values`` filled in.

    A placeholder with no value stays as written, so a typo in ``ui.yaml`` shows on the page
    where a nurse can see it (``metsedu check`` reports it too) instead of breaking the page.
    """
    return _PLACEHOLDER.sub(
        lambda m: str(values[m.group(1)]) if m.group(1) in values else m.group(0), text
    )


@cache
def environment() -> Environment:
    """One environment per server: templates are compiled once, on first use."""
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,  # a misspelt name fails the page's test, not silently
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["fill"] = lambda text, **values: fill(str(text), **values)
    return env


def template(name: str) -> Template:
    return environment().get_template(name)


def render(name: str, **values: Any) -> str:
    """The page ``facilitator/<name>`` with ``values``, every one of them escaped."""
    return template(f"facilitator/{name}").render(**values)
