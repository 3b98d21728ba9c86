"""Who may open the facilitator pages: sign-ins that are random, end, and can be signed out;
wrong keys that slow a guessing browser down. On real servers, as a nurse's browser would."""

from __future__ import annotations

import hashlib
import hmac
import http.client
import re
import time
import urllib.parse
from collections.abc import Iterator
from http.cookies import SimpleCookie

import pytest

from metsedu.content import load_library
from metsedu.server.facilitator_access import SignIns, WrongKeys
from metsedu.sessions import SessionStore
from tests.helpers import FACILITATOR_KEY, Nurse, Server, start_server

WORDS = load_library().ui.facilitator
COOKIE = "metsedu-facilitator"
#: Sign-ins of the brief server last this long (long enough to use one, short to outlive).
BRIEF_SECONDS = 6.0


@pytest.fixture(scope="module")
def brief_server(tmp_path_factory) -> Iterator[Server]:
    """A server with no lessons to run and sign-ins that end after a few seconds."""
    folder = tmp_path_factory.mktemp("brief-sign-in") / "notebooks"
    folder.mkdir()
    hours = str(BRIEF_SECONDS / 3600)
    yield from start_server(folder, "--no-preheat", "--facilitator-sign-in-hours", hours)


def sign_in_cookie(nurse: Nurse) -> str:
    return next(c.value or "" for c in nurse.cookies if c.name == COOKIE)


def opens_with(server: Server, cookie: str) -> bool:
    """Whether the start form opens for a browser that sends just ``cookie``, as a copied
    cookie would be replayed (whatever the browser's own jar would have dropped)."""
    host = urllib.parse.urlsplit(server.url)
    connection = http.client.HTTPConnection(host.hostname, host.port, timeout=30)
    connection.request("GET", "/metsedu/facilitator", headers={"Cookie": f"{COOKIE}={cookie}"})
    reply = connection.getresponse()
    body = reply.read().decode()
    connection.close()
    assert reply.status == 200
    return WORDS.start_button in body


def test_each_sign_in_gets_its_own_random_cookie(lesson_server):
    first, second = Nurse(lesson_server), Nurse(lesson_server)
    status, headers, _ = first.call("/metsedu/facilitator", {"key": FACILITATOR_KEY})
    assert status == 302
    second.log_in()
    assert sign_in_cookie(first) != sign_in_cookie(second)
    assert opens_with(lesson_server, sign_in_cookie(first))
    assert opens_with(lesson_server, sign_in_cookie(second))
    # Tornado's signed cookie: not readable by page scripts, never sent from another site,
    # for the facilitator pages only, and dropped by the browser when the sign-in ends.
    sent = SimpleCookie(headers["Set-Cookie"])[COOKIE]
    assert sent["httponly"] and sent["samesite"] == "Strict"
    assert sent["path"] == "/metsedu/facilitator" and sent["expires"]
    assert FACILITATOR_KEY not in headers["Set-Cookie"]


def test_every_facilitator_page_has_a_sign_out_button(lesson_server):
    nurse = Nurse(lesson_server)
    _, _, body = nurse.call("/metsedu/facilitator")
    assert WORDS.sign_out not in body  # nobody to sign out yet
    nurse.log_in()
    code = nurse.start("bones")
    for path in ("", f"/sessions/{code}", "/sessions/ZZZZZZ"):
        _, _, body = nurse.call("/metsedu/facilitator" + path)
        assert 'action="/metsedu/facilitator/sign-out"' in body and WORDS.sign_out in body


def test_a_signed_out_cookie_opens_nothing_and_other_sign_ins_stay(lesson_server):
    leaving, staying = Nurse(lesson_server), Nurse(lesson_server)
    leaving.log_in()
    staying.log_in()
    cookie = sign_in_cookie(leaving)
    status, headers, _ = leaving.call("/metsedu/facilitator/sign-out", {})
    assert status == 302 and headers["Location"].endswith("/metsedu/facilitator?signed-out=1")
    _, _, body = leaving.call("/metsedu/facilitator?signed-out=1")
    assert WORDS.signed_out in body and WORDS.key_label in body
    assert not opens_with(lesson_server, cookie)  # a copy kept from before is refused
    assert opens_with(lesson_server, sign_in_cookie(staying))


def test_a_cookie_made_from_the_key_or_by_another_server_opens_nothing(lesson_server, brief_server):
    # The old cookie: the same fixed HMAC of the key in every browser, for ever.
    old = hmac.new(FACILITATOR_KEY.encode(), b"metsedu facilitator", hashlib.sha256).hexdigest()
    assert not opens_with(lesson_server, old)
    elsewhere = Nurse(brief_server)
    elsewhere.log_in()  # the same key, another server: another secret, another token
    assert opens_with(brief_server, sign_in_cookie(elsewhere))
    assert not opens_with(lesson_server, sign_in_cookie(elsewhere))
    nurse = Nurse(lesson_server)
    nurse.log_in()
    value = sign_in_cookie(nurse)
    altered = value[:-1] + ("0" if value[-1] != "0" else "1")
    assert not opens_with(lesson_server, altered)


def test_an_expired_sign_in_opens_nothing(brief_server):
    nurse = Nurse(brief_server)
    nurse.log_in()
    ends = time.monotonic() + BRIEF_SECONDS
    cookie = sign_in_cookie(nurse)
    assert opens_with(brief_server, cookie)
    time.sleep(max(0.0, ends - time.monotonic()) + 1)
    assert not opens_with(brief_server, cookie)
    status, headers, _ = nurse.call("/metsedu/facilitator/sessions/ABCDEF")
    assert status == 302 and headers["Location"].endswith("/metsedu/facilitator")


def post_key_from(server: Server, address: str, key: str) -> tuple[int, dict, str]:
    """Type ``key`` into the key form from the loopback ``address``: another browser."""
    host = urllib.parse.urlsplit(server.url)

    def call(method: str, body: str = "", headers: dict | None = None) -> tuple:
        connection = http.client.HTTPConnection(
            host.hostname, host.port, timeout=30, source_address=(address, 0)
        )
        connection.request(method, "/metsedu/facilitator", body=body, headers=headers or {})
        reply = connection.getresponse()
        answer = reply.status, dict(reply.getheaders()), reply.read().decode()
        connection.close()
        return answer

    _, headers, form = call("GET")
    token = re.search(r'name="_xsrf" value="([^"]+)"', form).group(1)
    cookie = SimpleCookie(headers["Set-Cookie"])["_xsrf"].value
    body = urllib.parse.urlencode({"key": key, "_xsrf": token})
    content = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": f"_xsrf={cookie}"}
    return call("POST", body, content)


def test_wrong_keys_from_one_browser_make_it_wait_and_are_logged_without_the_key(
    lesson_server,
):
    guesser = "127.0.0.2"  # another browser than the tests' own 127.0.0.1
    for n in range(5):
        status, _, body = post_key_from(lesson_server, guesser, f"guess-{n}-xq")
        assert status == 403 and WORDS.key_wrong in body
    status, headers, body = post_key_from(lesson_server, guesser, "guess-5-xq")
    assert status == 429 and WORDS.key_wait in body
    assert 0 < int(headers["Retry-After"]) <= 61
    status, headers, body = post_key_from(lesson_server, guesser, FACILITATOR_KEY)
    assert status == 429 and WORDS.start_button not in body  # even the right key waits
    assert COOKIE not in headers.get("Set-Cookie", "")
    Nurse(lesson_server).log_in()  # another browser is not slowed
    log = lesson_server.log.read_text()
    said = [line for line in log.splitlines() if "facilitator key" in line]
    assert any("wrong facilitator key was typed (5 in the last minute" in x for x in said)
    assert any("typed 5 wrong facilitator keys within a minute" in x for x in said)
    assert not any(guesser in x for x in said)  # the browser is named, not its address
    assert "-xq" not in log  # nor what it typed, anywhere


def test_wrong_keys_are_forgotten_after_a_minute_or_a_right_key():
    now = [1000.0]
    keys = WrongKeys(limit=3, window=60, clock=lambda: now[0])
    for _ in range(3):
        assert keys.wait("a") == 0
        keys.wrong("a")
    assert keys.wait("a") == pytest.approx(60)
    assert keys.wait("b") == 0  # another browser
    now[0] += 30
    assert keys.wait("a") == pytest.approx(30)
    now[0] += 30
    assert keys.wait("a") == 0  # the oldest try is a minute old
    keys.wrong("a")
    keys.right("a")
    assert keys.wait("a") == 0 and keys.wrong("a") == 1
    assert keys.label("a") == keys.label("a") != keys.label("b")


def test_a_sign_in_ends_on_time_or_at_sign_out_and_tokens_never_repeat(tmp_path):
    now = [0.0]
    store = SessionStore(f"sqlite:///{tmp_path}/metsedu.db")
    sign_ins = SignIns(hours=12, store=store, clock=lambda: now[0])
    first, second = sign_ins.start(), sign_ins.start()
    assert first != second and len(first) >= 40
    assert sign_ins.valid(first) and not sign_ins.valid("made-up") and not sign_ins.valid(None)
    sign_ins.end(first)
    assert not sign_ins.valid(first) and sign_ins.valid(second)
    now[0] = 12 * 3600 - 1
    assert sign_ins.valid(second)
    now[0] = 12 * 3600
    assert not sign_ins.valid(second)
