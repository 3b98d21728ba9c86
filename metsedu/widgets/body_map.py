"""The body map: an original, simple figure with the four common sites of spread.

Each site is a real button (focusable, labelled, works with Enter or Space), so
the figure is usable without a mouse or without sight. Choosing a site shows that
lesson's summary and a link to it. The figure has a text description, and the
buttons themselves are the text alternative for the marked places.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import anywidget
import traitlets

from ..content import Lesson, UiText
from ..names import notebook_name
from ._untrusted import shape_of

log = logging.getLogger("metsedu")
_STATIC = Path(__file__).parent / "static"
SITES = ("brain", "lung", "liver", "bone")


#: The old home of :func:`metsedu.names.notebook_name`, still imported by ``bench/run.py``.
notebook_link = notebook_name


class BodyMap(anywidget.AnyWidget):
    _esm = _STATIC / "body_map.js"
    _css = _STATIC / "body_map.css"

    labels = traitlets.Dict().tag(sync=True)
    sites = traitlets.List().tag(sync=True)
    selected = traitlets.Unicode("").tag(sync=True)

    def __init__(
        self, lessons: list[Lesson], ui: UiText, link: Callable[[Lesson], str] = notebook_name
    ) -> None:
        by_site = {lesson.site: lesson for lesson in lessons}
        sites = [
            {
                "id": site,
                "name": ui.body_map.regions[site],
                "title": by_site[site].title,
                "summary": by_site[site].summary,
                "href": link(by_site[site]),
            }
            for site in SITES
            if site in by_site
        ]
        super().__init__(labels=ui.body_map.model_dump(), sites=sites)
        self.on_msg(self._on_message)

    def select(self, site: Any) -> None:
        """Show one site's summary; an unknown site is refused and logged."""
        if not isinstance(site, str) or site not in {s["id"] for s in self.sites}:
            log.warning("body map: refused an unknown site from the browser: %s", shape_of(site))
            return
        self.selected = site

    def _on_message(self, _widget: Any, content: Any, _buffers: Any) -> None:
        if isinstance(content, dict) and content.get("action") == "select":
            self.select(content.get("site"))
        else:
            log.warning("body map: refused a message from the browser: %s", shape_of(content))

    def set_state(self, sync_data: dict[str, Any]) -> None:
        """The browser asks through messages; it never sets state directly."""
        if sync_data:
            log.warning(
                "body map: refused a state change from the browser (%s)", shape_of(sync_data)
            )
            self.send_state(list(sync_data))
