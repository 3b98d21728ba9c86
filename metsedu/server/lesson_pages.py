"""Voilà's lesson page handler, with what metsedu adds before a page gets its kernel.

* Every lesson page sets the browser's anti-forgery cookie (see :mod:`.anti_forgery`).
* A page gets a kernel only if there is room (see :mod:`.page_kernels`): otherwise the
  plain-words "busy" page (``503.html``, words from ``ui.yaml``), with ``Retry-After``,
  and no kernel is started. The request's address is told to the kernel manager's
  wrappers, so each kernel is known by the address that asked for it.
"""

from __future__ import annotations

from typing import Any

from tornado import web

from .anti_forgery import give_the_page_its_token
from .page_kernels import REQUEST_ADDRESS, PageKernels

#: Seconds a browser refused for a full server is told to wait.
RETRY_AFTER = 60


def lesson_page_routes(handlers: list[tuple], kernels: PageKernels | None) -> list[tuple]:
    """Voilà's routes, with its notebook page handler swapped for metsedu's."""
    from voila.tornado.handler import TornadoVoilaHandler

    page = lesson_page_handler(kernels)
    return [
        (route[0], page, *route[2:]) if route[1] is TornadoVoilaHandler else route
        for route in handlers
    ]


def lesson_page_handler(kernels: PageKernels | None) -> type:
    """Voilà's notebook page handler, with the cookie and the room check."""
    from voila.tornado.handler import TornadoVoilaHandler

    class LessonPageHandler(TornadoVoilaHandler):
        async def prepare(self, *args: Any, **kwargs: Any) -> None:
            await super().prepare(*args, **kwargs)
            give_the_page_its_token(self)
            if kernels is None or self.request.method != "GET":
                return
            address = self.request.remote_ip or ""
            if not kernels.room_for(address):
                self.log.warning(
                    "metsedu: a lesson page was refused: %s",
                    f"{kernels.max_total} kernels serve pages, the most this server may run"
                    " (--max-kernels)"
                    if kernels.is_full()
                    else f"one address has {kernels.max_per_address} pages open, the most "
                    "it may (--max-kernels-per-address)",
                )
                raise web.HTTPError(503)
            REQUEST_ADDRESS.set(address)

        def write_error(self, status_code: int, **kwargs: Any) -> None:
            if status_code == 503:  # set here: sending an error clears earlier headers
                self.set_header("Retry-After", str(RETRY_AFTER))
            super().write_error(status_code, **kwargs)

    return LessonPageHandler


def not_found_handler() -> type:
    """Any address no route knows gets the plain-words "not found" page of the template.

    Why: tornado's own answer is a bare "404: Not Found" page in English, outside the
    lesson's look and words (the template's ``404.html``, words from ``ui.yaml``).
    """
    from voila.handler import BaseVoilaHandler

    class NotFoundPage(BaseVoilaHandler):
        async def prepare(self) -> None:
            await super().prepare()  # who is asking (anonymous), which the page template reads
            raise web.HTTPError(404)

    return NotFoundPage
