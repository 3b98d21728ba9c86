"""Why a lesson page reloaded itself: the page says, the server log keeps it.

A page whose kernel is gone (shut down under it, culled) or whose widget failed to load
tells the learner in plain words and reloads into a fresh kernel (see ``metsedu-page.js``).
Before it does, it posts here why, so whoever reads the server log can match the reload to
the kernel's end ("Culling ...", "Kernel shutdown ...") instead of a learner's report that
"the questions vanished".

``POST .../metsedu/page-problem`` takes ``{"page", "kernel", "reason", "detail"}``. Every
field is checked against a fixed shape or list before it reaches the log, so a visitor
cannot write arbitrary text there; nothing about the learner is sent or kept.
"""

from __future__ import annotations

import json
import logging
import re
from typing import Any

from tornado import web

from ..names import PAGE_PROBLEM, route

PAGE = re.compile(r"[\w.-]{1,120}\.ipynb")
KERNEL = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
#: What the page saw, as the page names it, and what the log says about it.
REASONS = {
    "kernel-gone": "its kernel is gone (shut down or culled)",
    "widget-failed": "a widget failed to load",
}
#: Browser errors the page recognises; anything else is logged as "other".
DETAILS = ("widget model not found", "model for kernel does not exist", "kernel dead", "other")


def page_problem_route(server_url: str) -> str:
    return route(server_url, PAGE_PROBLEM)


class PageProblemHandler(web.RequestHandler):
    """Log, in one line, why a page is reloading itself into a fresh kernel."""

    def initialize(self, kernel_manager: Any, log: logging.Logger) -> None:
        self.kernel_manager = kernel_manager
        self.log = log

    def post(self) -> None:
        try:
            report = json.loads(self.request.body or b"{}")
        except ValueError:
            report = {}
        if not isinstance(report, dict):
            report = {}
        page = _field(report, "page", PAGE) or "an unknown page"
        kernel = _field(report, "kernel", KERNEL) or "unknown"
        reason = report.get("reason") if report.get("reason") in REASONS else "widget-failed"
        detail = report.get("detail") if report.get("detail") in DETAILS else "other"
        known = kernel != "unknown" and kernel in self.kernel_manager
        self.log.warning(
            "metsedu: %s reloads into a fresh kernel: %s (%s); kernel %s is %s on the server",
            page,
            REASONS[reason],
            detail,
            kernel,
            "still running" if known else "not running",
        )
        self.set_status(204)
        self.set_header("Cache-Control", "no-store")
        self.finish()


def _field(report: dict, name: str, shape: re.Pattern[str]) -> str:
    value = report.get(name)
    return value if isinstance(value, str) and shape.fullmatch(value) else ""
