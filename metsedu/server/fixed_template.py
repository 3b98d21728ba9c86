"""A lesson page always has metsedu's template and theme: the address cannot choose them.

Why: Voilà lets any address pick its page template and theme (``?template=lab``,
``?theme=dark``). Voilà's own templates load Font Awesome, jQuery and reveal.js from outside
servers (a learner's visit told to a third party, and a broken page on a closed network),
and an unknown template name started a kernel and left the page loading for ever.

So two things, together:

- Voilà is told the page's template and theme are never chosen by the address or by a
  notebook (``allow_template_override`` and ``allow_theme_override`` are ``"NO"`` in
  :meth:`.ServerSettings.voila_config`); Voilà's error pages follow the same rule;
- an address that names any other template or theme than the server's own gets the plain
  "page not found" page, before any kernel is taken or started
  (:func:`lesson_pages_keep_their_look`). The server's own names (``?template=metsedu``)
  are harmless and give the lesson as usual.

Voilà 0.5 reads only ``template`` and ``theme`` from the address (no ``voila-template``
form), on the lesson pages and on the notebook list.
"""

from __future__ import annotations

from typing import Any

from tornado import web

#: The query arguments Voilà reads to choose a page's look, and where its own value lives.
LOOK_ARGUMENTS = ("template", "theme")


def asks_for_another_look(arguments: dict[str, list[bytes]], configuration: Any) -> bool:
    """True when the address names a template or theme other than this server's own."""
    for name in LOOK_ARGUMENTS:
        own = getattr(configuration, name)
        for value in arguments.get(name, []):
            if value.decode("utf-8", "replace") != own:
                return True
    return False


def lesson_pages_keep_their_look(handlers: list[tuple]) -> list[tuple]:
    """Voilà's routes, with each page handler (lesson page, notebook list) refusing an
    address that asks for another template or theme."""
    from voila.handler import BaseVoilaHandler

    return [
        (route[0], _keeping_look(route[1]), *route[2:])
        if isinstance(route[1], type) and issubclass(route[1], BaseVoilaHandler)
        else route
        for route in handlers
    ]


def _keeping_look(handler: type) -> type:
    class KeepsItsLook(handler):
        async def prepare(self, *args: Any, **kwargs: Any) -> None:
            await super().prepare(*args, **kwargs)
            if asks_for_another_look(self.request.query_arguments, self.voila_configuration):
                # The plain-words 404 page, as for an address that names no lesson.
                raise web.HTTPError(404)

    KeepsItsLook.__name__ = KeepsItsLook.__qualname__ = handler.__name__
    return KeepsItsLook
