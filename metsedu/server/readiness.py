"""Whether the waiting kernels have finished running their lessons.

Why: a nurse who starts the server for a class of 30 needs to know when the 30 kernels are
ready, and a benchmark must not start a class while they are still running the lesson
(their count is complete seconds before the lessons have run). Voilà keeps its waiting
kernels in ``VoilaKernelManager._pools``: per notebook, a list of tasks whose result holds
the task that runs the notebook. A kernel is ready when both are done.

``GET /metsedu/ready.json`` answers with counts only, no ids:
``{"ready": true, "lessons": {"02-bones": {"ready": 30, "starting": 0}}}``.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable

from tornado import web

from ..names import READY, route


def pool_counts(kernel_manager: object) -> dict[str, dict[str, int]]:
    """Per notebook (name without ``.ipynb``): kernels ready and kernels still starting."""
    counts: dict[str, dict[str, int]] = {}
    for notebook, items in dict(getattr(kernel_manager, "_pools", {})).items():
        ready = sum(1 for item in list(items) if _has_run(item))
        name = str(notebook).rsplit("/", 1)[-1].removesuffix(".ipynb")
        counts[name] = {"ready": ready, "starting": len(items) - ready}
    return counts


def _has_run(item: object) -> bool:
    """True when a pool item's kernel has started and finished running its notebook.

    A notebook whose cell failed also counts: its page then shows the calm error message,
    which is what a learner would get at any later time too.
    """
    if not isinstance(item, asyncio.Future) or not item.done() or item.cancelled():
        return False
    if item.exception() is not None:
        return False
    render = item.result().get("task")
    return isinstance(render, asyncio.Future) and render.done() and not render.cancelled()


def all_ready(counts: dict[str, dict[str, int]]) -> bool:
    """True when no waiting kernel is still starting (also when preheat is off: no pools)."""
    return all(c["starting"] == 0 for c in counts.values())


class ReadyHandler(web.RequestHandler):
    """``GET .../metsedu/ready.json``: how many waiting kernels have run their lesson."""

    def initialize(self, counts: Callable[[], dict[str, dict[str, int]]]) -> None:
        self.counts = counts

    def get(self) -> None:
        counts = self.counts()
        self.set_header("Content-Type", "application/json")
        self.set_header("Cache-Control", "no-store")
        self.finish(json.dumps({"ready": all_ready(counts), "lessons": counts}))


def ready_route(server_url: str) -> str:
    return route(server_url, READY)


def ready_message(counts: dict[str, dict[str, int]]) -> str:
    """The line the nurse sees once every waiting kernel has run its lesson."""
    waiting = ", ".join(f"{name} {c['ready']}" for name, c in sorted(counts.items()))
    return "metsedu: ready for learners" + (f" (kernels waiting: {waiting})" if waiting else "")
