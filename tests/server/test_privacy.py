"""What the lesson server keeps about a visitor: no identity cookie, a log without addresses,
join codes or what a learner typed, and answers without times (see also the store's tests).
"""

from __future__ import annotations

import urllib.request
from http.cookiejar import CookieJar

from metsedu.content import load_library
from tests.helpers import Nurse
from tests.kernel_socket import LessonSocket

FIRST = load_library().lessons["bones"].quiz[0]


def cookies_set_by(url: str) -> set[str]:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    with opener.open(url, timeout=60) as reply:
        reply.read()
    return {cookie.name for cookie in jar}


def test_no_cookie_names_a_browser_beyond_its_session(lesson_server):
    for path in ("/", "/voila/render/02-bones.ipynb", "/metsedu/facilitator"):
        assert cookies_set_by(lesson_server.url + path) <= {"_xsrf"}, path
        page = lesson_server.get(path)
        assert page.status == 200
    # The one cookie left ends with the browser's session (no Expires, no Max-Age).
    with urllib.request.urlopen(lesson_server.url + "/voila/render/02-bones.ipynb") as reply:
        [xsrf] = [c for c in reply.headers.get_all("Set-Cookie") if c.startswith("_xsrf=")]
    assert "expires" not in xsrf.lower() and "max-age" not in xsrf.lower()


def test_the_log_names_no_address_join_code_or_learner_input(lesson_server):
    nurse = Nurse(lesson_server)
    nurse.log_in()
    code = nurse.start("bones")
    start = len(lesson_server.log.read_text())
    lesson_server.get(f"/voila/render/no-such-lesson.ipynb?join={code}")
    lesson_server.get(f"/voila/render/02-bones.ipynb/../../etc?join={code}")
    nurse.call("/metsedu/facilitator/sessions/ZZZZ22/results.json")
    page = LessonSocket(lesson_server.url, "02-bones.ipynb")
    page.bring_widgets_to_life()
    typed = "my-own-words-for-the-nurse"
    page.ask_quiz("check", FIRST.id, answer=typed)  # refused: not an option
    page.ask_quiz("join", FIRST.id, code="QQ" + code[2:])  # a wrong code
    page.close()
    lesson_server.post(f"/voila/api/shutdown/{page.kernel}")
    log = lesson_server.log.read_text()[start:]
    assert "404 GET /voila/render/no-such-lesson.ipynb" in log  # failures are still logged
    assert "refused input from the browser" in log
    for kept_out in ("127.0.0.1", code, "QQ" + code[2:], "ZZZZ22", "join=", typed):
        assert kept_out not in log, kept_out
