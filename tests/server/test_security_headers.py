"""What every response tells the browser (metsedu/server/security_headers.py), over HTTP.

That each page really works under its policy is shown in a real Chromium
(ui-tests/test_security_headers_in_browser.py).
"""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest

from metsedu.server.security_headers import FACILITATOR_POLICY, LESSON_POLICY, REFERRER_POLICY
from tests.helpers import Server, kernel_id

#: A source a policy may name: this server ('self'), an address kind, or a keyword.
ALLOWED_SOURCE = re.compile(r"'self'|'none'|'unsafe-inline'|blob:|data:")


def headers_of(server: Server, path: str) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(server.url + path)
    try:
        with urllib.request.urlopen(request, timeout=60) as reply:
            status, headers, body = reply.status, reply.headers, reply.read()
    except urllib.error.HTTPError as error:
        status, headers, body = error.code, error.headers, error.read()
    text = body.decode("utf-8", "replace")
    if '<script id="jupyter-config-data"' in text:  # a lesson page: give its kernel back
        server.post(f"/voila/api/shutdown/{kernel_id(text)}")
    return status, {k.lower(): v for k, v in headers.items()}, text


def directives(policy: str) -> dict[str, list[str]]:
    parts = (x.split() for x in policy.split(";") if x.strip())
    return {name: sources for name, *sources in parts}


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/", 200),  # the notebook list, which sends visitors on to the start page
        ("/voila/render/02-bones.ipynb", 200),
        ("/voila/templates/metsedu/static/metsedu-page.js", 200),
        ("/voila/render/no-such-page.ipynb", 404),  # the plain-words page
        ("/no/such/address", 404),  # tornado's own
    ],
)
def test_lesson_pages_assets_and_errors_keep_to_this_server(lesson_server, path, status):
    got, headers, _ = headers_of(lesson_server, path)
    assert got == status
    assert headers["referrer-policy"] == REFERRER_POLICY
    assert headers["content-security-policy"] == LESSON_POLICY
    assert "x-frame-options" not in headers  # frame-ancestors 'self' says it


def test_the_lesson_policy_names_no_other_server():
    policy = directives(LESSON_POLICY)
    for name, sources in policy.items():
        assert sources, name
        assert all(ALLOWED_SOURCE.fullmatch(x) for x in sources), (name, sources)
    assert policy["default-src"] == ["'self'"]  # connections, the websocket included
    assert policy["frame-ancestors"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert "jupyter" not in LESSON_POLICY  # jupyter_server's report-uri is gone
    assert REFERRER_POLICY in {"same-origin", "no-referrer"}  # no address to another site


@pytest.mark.parametrize("path", ["/metsedu/facilitator", "/metsedu/facilitator/facilitator.js"])
def test_facilitator_pages_are_never_shown_in_a_frame(lesson_server, path):
    status, headers, _ = headers_of(lesson_server, path)
    assert status == 200
    assert headers["referrer-policy"] == REFERRER_POLICY
    assert headers["content-security-policy"] == FACILITATOR_POLICY
    assert directives(FACILITATOR_POLICY)["frame-ancestors"] == ["'none'"]
    assert headers["x-frame-options"] == "DENY"
