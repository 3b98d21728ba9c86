"""metsedu: patient-education lessons on where metastatic breast cancer spreads.

The public surface is small on purpose: these names are what notebooks use. The parts
behind them import each other only downwards (see ``tests/test_layers.py``).

Names are loaded on first use (PEP 562), so that ``import metsedu`` alone pulls in neither
pydantic nor ipywidgets. That matters for the lesson kernel (``metsedu._lesson_kernel``):
ipywidgets must first be imported *inside* a running kernel, or it never registers the
comm target the browser's widget manager talks to.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .content import ContentError, load_lesson, load_lessons
    from .lesson import body_map, page, start_page

__all__ = [
    "ContentError",
    "__version__",
    "body_map",
    "load_lesson",
    "load_lessons",
    "page",
    "start_page",
]
__version__ = "0.1.0"

_HOMES = {
    "ContentError": ".content",
    "load_lesson": ".content",
    "load_lessons": ".content",
    "body_map": ".lesson",
    "page": ".lesson",
    "start_page": ".lesson",
}


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'metsedu' has no attribute {name!r}")
    value = getattr(import_module(home, __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
