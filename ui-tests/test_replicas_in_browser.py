"""A hospital's deployment in a real Chromium: two replicas behind HAProxy, one PostgreSQL.

Everything runs from the shipped files (tests/deploy/hospital.py): the replicas from
deploy/metsedu@.service, the balancer from deploy/haproxy.cfg. Through the balancer a nurse
starts a group session and learners answer; their pages are spread over both replicas by
HAProxy's cookie; the nurse's sign-in opens the session on either replica; the nurse's page
shows every answer once. Then one replica dies as a crashed machine would (server and
kernels at once): HAProxy takes it out, a learner whose page was on it gets the page's own
plain-words recovery and a working quiz on the other replica (and is not counted twice), a
new learner gets a working lesson, the counts are intact, and signing out ends the sign-in
on every replica.
"""

from __future__ import annotations

import shutil
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator

import pytest
from learner import QUIZ, click, click_answer, headline, right_answer, wrong_answer
from playwright.sync_api import Browser, BrowserContext, Page, expect

from metsedu.content import load_library
from metsedu.names import notebook_name
from metsedu.sessions import SessionStore
from tests.conftest import REPO
from tests.deploy.hospital import REPLICA_COOKIE, Hospital, hospital
from tests.postgres import throwaway_postgres

pytestmark = pytest.mark.browser

LIBRARY = load_library()
UI = LIBRARY.ui
WORDS = UI.facilitator
BONES = LIBRARY.lessons["bones"]
FIRST = BONES.quiz[0]
KERNEL_ID = "JSON.parse(document.getElementById('jupyter-config-data').textContent).kernelId"
SIGN_IN_COOKIE = "metsedu-facilitator"


@pytest.fixture(scope="module")
def place(tmp_path_factory) -> Iterator[Hospital]:
    folder = tmp_path_factory.mktemp("hospital")
    notebooks = folder / "notebooks"
    shutil.copytree(REPO / "notebooks", notebooks)
    with (
        throwaway_postgres() as database,
        hospital(
            folder, database, replicas=2, options="--cull-idle-seconds 0", notebooks=notebooks
        ) as place,
    ):
        yield place


def replica_of(context: BrowserContext) -> str:
    """The replica HAProxy's cookie sticks this browser to (r1, r2)."""
    return next((c["value"] for c in context.cookies() if c["name"] == REPLICA_COOKIE), "")


def quiz_ready(page: Page) -> None:
    page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    page.locator(QUIZ).scroll_into_view_if_needed()
    first = UI.quiz.progress.format(number=1, total=len(BONES.quiz))
    expect(page.locator(QUIZ).get_by_text(first)).to_be_visible(timeout=60_000)


def learner(browser: Browser, place: Hospital, code: str) -> Page:
    """A learner's own browser opening the address the nurse gave, with the code in it."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.goto(f"{place.url}/voila/render/{notebook_name(BONES)}?join={code}")
    quiz_ready(page)
    expect(page.locator(".metsedu-group-status")).to_have_text(UI.group.joined.format(code=code))
    return page


def answer_first(page: Page, right: bool) -> None:
    click_answer(page, FIRST, right_answer(FIRST) if right else wrong_answer(FIRST))
    click(page, UI.quiz.check)
    expect(page.locator(f"{QUIZ} .metsedu-headline")).to_be_visible()


def opens_on(url: str, path: str, sign_in: str) -> bool:
    """Whether the session page opens on one replica, asked directly, with this sign-in."""
    request = urllib.request.Request(url + path, headers={"Cookie": f"{SIGN_IN_COOKIE}={sign_in}"})
    with urllib.request.urlopen(request, timeout=30) as reply:
        body = reply.read().decode("utf-8")
    return WORDS.key_label not in body and WORDS.sign_out in body


def kernel_status(url: str, kernel: str) -> int:
    """What one replica, asked directly, says of a kernel: 200 it has it, 404 it has not."""
    try:
        with urllib.request.urlopen(f"{url}/api/kernels/{kernel}", timeout=30) as reply:
            return reply.status
    except urllib.error.HTTPError as error:
        return error.code


def first_item(place: Hospital, code: str) -> tuple[int, int]:
    """(answered, right) for the first question, straight from the shared database."""
    [count] = [
        c
        for c in SessionStore(place.database_url).counts(code)
        if (c.lesson, c.item) == ("bones", FIRST.id)
    ]
    return count.answered, count.right


def nurse_sees(nurse: Page, participants: int, answered: int, right: int) -> None:
    expect(nurse.locator("#participants")).to_have_text(
        WORDS.participants.format(count=participants), timeout=30_000
    )
    expect(nurse.locator(".item").first.locator(".summary")).to_have_text(
        WORDS.answered.format(answered=answered) + ". " + WORDS.right.format(right=right) + "."
    )


def test_a_group_session_across_two_replicas_survives_losing_one(browser: Browser, place):
    # A nurse signs in and starts a session, through the balancer.
    nurse_context = browser.new_context(viewport={"width": 1280, "height": 900})
    nurse = nurse_context.new_page()
    nurse.set_default_timeout(30_000)
    nurse.goto(place.url + "/metsedu/facilitator")
    nurse.get_by_label(WORDS.key_label).fill(place.key)
    nurse.keyboard.press("Enter")
    nurse.get_by_label(BONES.title).check()
    nurse.get_by_role("button", name=WORDS.start_button).click()
    code = nurse.locator(".code").inner_text().rsplit(" ", 1)[1]
    expect(
        nurse.get_by_role("heading", name=WORDS.session_heading.format(code=code))
    ).to_be_visible()
    # The address for learners is the balancer's, not a replica's (--public-url).
    assert f"{place.url}/voila/render/{notebook_name(BONES)}?join={code}" in nurse.content()
    session_path = urllib.parse.urlparse(nurse.url).path

    # The nurse's sign-in opens the session on either replica (the database holds it, the
    # cookie secret file signs it alike).
    [sign_in] = [c["value"] for c in nurse_context.cookies() if c["name"] == SIGN_IN_COOKIE]
    assert all(opens_on(r.url, session_path, sign_in) for r in place.replicas)
    assert not opens_on(place.replicas[0].url, session_path, sign_in[:-4] + "AAAA")

    # Four learners, each in their own browser: HAProxy spreads them over both replicas by
    # its cookie (all come from one address here, as behind a clinic's NAT).
    learners = [learner(browser, place, code) for _ in range(4)]
    where = [replica_of(page.context) for page in learners]
    assert sorted(set(where)) == ["r1", "r2"], where
    # Each page's kernel is on the replica its cookie names, and only there.
    for page, name in zip(learners, where, strict=True):
        kernel = page.evaluate(KERNEL_ID)
        for replica in place.replicas:
            wanted = 200 if replica.name == name else 404
            assert kernel_status(replica.url, kernel) == wanted, (name, replica.name)
    for number, page in enumerate(learners):
        answer_first(page, right=number % 2 == 0)
    nurse_sees(nurse, participants=4, answered=4, right=2)
    assert first_item(place, code) == (4, 2)

    # One replica dies, the one the nurse's page is on: server and kernels at once.
    victim = place.replica(replica_of(nurse_context))
    survivor = next(r for r in place.replicas if r is not victim)
    on_victim = [page for page, name in zip(learners, where, strict=True) if name == victim.name]
    assert on_victim, where
    before = on_victim[0].evaluate(KERNEL_ID)
    victim.kill()
    states = place.wait_for_states({victim.name: "DOWN", survivor.name: "UP"})
    assert states == {victim.name: "DOWN", survivor.name: "UP"}, states

    # A learner whose page was on it: the plain-words recovery, then a working quiz.
    stranded = on_victim[0]
    expect(stranded.locator("#metsedu-recover")).to_have_text(UI.app.page_reloading, timeout=30_000)
    stranded.wait_for_function(
        f"() => document.getElementById('jupyter-config-data') && {KERNEL_ID} !== '{before}'",
        timeout=60_000,
    )
    quiz_ready(stranded)
    expect(stranded.locator("#metsedu-recover")).to_be_hidden()
    assert replica_of(stranded.context) == survivor.name
    expect(stranded.locator(".metsedu-group-status")).to_have_text(
        UI.group.joined.format(code=code)
    )
    click_answer(stranded, FIRST, right_answer(FIRST))
    click(stranded, UI.quiz.check)
    assert headline(stranded) == UI.quiz.right

    # A new learner still gets a working lesson through the balancer.
    newcomer = learner(browser, place, code)
    assert replica_of(newcomer.context) == survivor.name
    answer_first(newcomer, right=True)

    # The counts are intact: the four first answers, the newcomer's, and the stranded
    # learner's answer again (same browser, same seat) not counted twice.
    nurse_sees(nurse, participants=5, answered=5, right=3)
    assert first_item(place, code) == (5, 3)
    # The nurse's page went on, its sign-in good on the other replica.
    assert replica_of(nurse_context) == survivor.name
    assert "reloads into a fresh kernel: its kernel is gone" in survivor.log.read_text()

    # Signing out (through the balancer) ends the sign-in on every replica still running.
    nurse.get_by_role("button", name=WORDS.sign_out).click()
    expect(nurse.get_by_label(WORDS.key_label)).to_be_visible()
    assert not opens_on(survivor.url, session_path, sign_in)
    for page in [*learners, newcomer]:
        page.context.close()
    nurse_context.close()
