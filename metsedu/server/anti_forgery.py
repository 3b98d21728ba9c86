"""Every POST this server takes carries tornado's anti-forgery (XSRF) token.

Why: a page on another port of the same computer is the same *site* to a browser, so the
nurse's ``SameSite=Strict`` sign-in cookie goes along with a form that page submits; without a
token such a page planted notes, changed a session's stage and started sessions. So tornado's
``xsrf_cookies`` is on for the whole server (:meth:`.ServerSettings.voila_config`):

* the facilitator forms carry ``xsrf_form_html()`` (the ``{{ xsrf }}`` in their templates);
* a lesson tab, as it closes, asks the server to free its kernel: Voilà's page sends that
  beacon with the ``_xsrf`` cookie's value, but Voilà never sets the cookie on a page served
  from a waiting kernel (voila#1458). :mod:`.lesson_pages` sets it on every lesson page;
* a page that reloads itself tells the server why; ``metsedu-page.js`` sends the same cookie's
  value as the ``X-XSRFToken`` header.

Tornado's token is a double-submit check (the cookie and the form must agree), and a page on a
sibling port could write a cookie for this host itself; tornado's ``cross_origin_protection``
(on as well) refuses a POST that the browser says came from another origin, which closes that.
The ``_xsrf`` cookie lasts only while the browser is open and identifies no one.
"""

from __future__ import annotations

from typing import Any


def give_the_page_its_token(handler: Any) -> None:
    """Set this browser's ``_xsrf`` cookie, if it has none, on a lesson page's response."""
    handler.xsrf_token  # noqa: B018 - reading it sets the cookie the tab's close sends
