"""Group-session counts that one browser cannot stuff, and join codes that cannot be guessed.

Real pages on a real server, spoken to over their kernel websockets (``tests/kernel_socket.py``)
with a browser's cookies, as a learner's phone or an attacker's script would.
"""

from __future__ import annotations

import json
from http.cookiejar import CookieJar

from metsedu.content import load_library
from metsedu.server.join_guard import JOIN_CODE_LIMIT
from tests.helpers import Nurse, Server
from tests.kernel_socket import LessonSocket

UI = load_library().ui
BONES = "02-bones.ipynb"


def join(server: Server, code: str, cookies: CookieJar | None = None, **forged) -> LessonSocket:
    page = LessonSocket(server.url, BONES, cookies=cookies)
    page.bring_widgets_to_life()
    item = page.widgets[page.quiz()]["item"]["id"]
    page.group = next(
        (r["group"] for r in page.ask_quiz("join", item, code=code, **forged) if "group" in r),
        {},
    )
    return page


def answer_wrongly(page: LessonSocket) -> None:
    item = page.widgets[page.quiz()]["item"]
    wrong = next(o["id"] for o in item["options"] if o["id"] != "call-now")
    replies = page.ask_quiz("check", item["id"], answer=wrong)
    assert any(r.get("result") for r in replies)


def joins_and_answers(
    server: Server, code: str, cookies: CookieJar | None = None, **forged
) -> None:
    """One visit: join the session, answer the first question wrongly, close the tab."""
    page = join(server, code, cookies, **forged)
    assert page.group["state"] == "joined"
    answer_wrongly(page)
    leave(server, page)


def leave(server: Server, page: LessonSocket) -> None:
    page.close()
    server.post(f"/voila/api/shutdown/{page.kernel}")


def results(nurse: Nurse, code: str) -> dict:
    status, _, body = nurse.call(f"/metsedu/facilitator/sessions/{code}/results.json")
    assert status == 200
    return json.loads(body)


def test_one_browser_counts_once_however_often_it_rejoins(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones")
    browser = CookieJar()
    for _ in range(5):  # rejoin, reload, new page and page token: the same browser
        joins_and_answers(lesson_server, code, browser)
    assert results(nurse, code)["participants"] == 1
    joins_and_answers(lesson_server, code)  # another browser counts on its own
    assert results(nurse, code)["participants"] == 2


def test_a_seat_sent_by_the_browser_is_ignored(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones")
    for _ in range(3):  # three browsers claiming one seat are three browsers
        joins_and_answers(lesson_server, code, seat="the-same-seat-for-all", slowed=True)
    assert results(nurse, code)["participants"] == 3


def test_guessed_join_codes_are_slowed_and_logged_without_the_guess(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones")
    guesser = LessonSocket(lesson_server.url, BONES)
    guesser.bring_widgets_to_life()
    item = guesser.widgets[guesser.quiz()]["item"]["id"]
    guesses = [f"ZZZZ{a}{b}" for a in "23456789" for b in "23456789"][: JOIN_CODE_LIMIT + 2]
    said: list[str] = []
    for guess in [*guesses, code]:  # after the limit, even the right code waits
        replies = guesser.ask_quiz("join", item, code=guess)
        assert replies, "the quiz went silent"
        # A message that did not change is not sent again: the page still shows it.
        changed = [r["group"]["message"] for r in replies if "group" in r]
        said.append(changed[-1] if changed else said[-1])
    leave(lesson_server, guesser)
    assert said[:JOIN_CODE_LIMIT] == [UI.group.unknown_code] * JOIN_CODE_LIMIT
    assert said[JOIN_CODE_LIMIT:] == [UI.group.slow_down] * 3
    log = lesson_server.log.read_text()
    assert f"typed {JOIN_CODE_LIMIT} join codes that name no group session" in log
    assert not any(guess in log for guess in guesses)
    # A learner on another computer is not slowed by it (the test's pages all come from
    # 127.0.0.1, so this is a fresh server's guard, as a second address would see it).
