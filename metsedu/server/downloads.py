"""Files the server hands over to keep: a handout, a teaching record.

Why one helper: a download needs the same three headers wherever it is sent (its type, a
file name the browser saves it under, and no guessing at the type), and the handout and
record handlers each wrote them by hand.
"""

from __future__ import annotations

from tornado import web


def send_download(
    handler: web.RequestHandler, name: str, content_type: str, body: str | bytes
) -> None:
    """Finish ``handler``'s response with ``body`` as a file the browser saves as ``name``.

    ``name`` is built by the server from checked parts (a lesson id, a join code), never
    taken from the request as it came.
    """
    handler.set_header("Content-Type", content_type)
    handler.set_header("Content-Disposition", f'attachment; filename="{name}"')
    handler.set_header("X-Content-Type-Options", "nosniff")
    handler.finish(body)
