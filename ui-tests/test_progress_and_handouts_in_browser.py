"""Progress kept in the learner's own browser, and the take-home handout, in a real Chromium.

Progress must survive a refresh and a server restart (the same address, so the same
browser storage), and must never reach the server: the test watches every websocket
frame and request the page sends, and every file in the server's folder.
"""

from __future__ import annotations

import io
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import Visit
from learner import AXE, QUIZ, WCAG_21_AA, click, click_answer, right_answer
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from metsedu.content import load_library
from metsedu.names import START_NOTEBOOK, notebook_name
from tests.conftest import REPO
from tests.helpers import Server, free_port, start_server

pytestmark = pytest.mark.browser

LIBRARY = load_library()
UI = LIBRARY.ui
WORDS = UI.progress
BONES = LIBRARY.lessons["bones"]
STORE = "metsedu-progress"
AXE_RUN = (
    "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
    ".then(r => r.violations.map(v => ({id: v.id, nodes: v.nodes.map(n => n.target.join(' '))})))"
)


def files_under(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file the server could have written to, with its size and change time."""
    return {
        str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
        for path in folder.rglob("*")
        if path.is_file() and path.name != "server.log"
    }


class Tab:
    """One browser profile across pages and server restarts, watching what it sends."""

    def __init__(self, browser: Browser) -> None:
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.page = self.context.new_page()
        self.page.set_default_timeout(20_000)
        self.sent: list[str] = []
        self.page.on("websocket", self._watch)
        self.page.on("request", lambda req: self.sent.append(f"{req.url} {req.post_data or ''}"))

    def _watch(self, socket) -> None:
        socket.on("framesent", lambda payload: self.sent.append(str(payload)))

    def open(self, server: Server, notebook: str) -> Page:
        self.page.goto(f"{server.url}/voila/render/{notebook}")
        self.page.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
        self.page.wait_for_load_state("networkidle")
        return self.page

    def stored(self) -> dict | None:
        return self.page.evaluate(f"() => JSON.parse(localStorage.getItem('{STORE}'))")


def restartable(folder: Path, port: int) -> Iterator[Server]:
    return start_server(folder, "--cull-idle-seconds", "0", port=port)


@pytest.fixture
def own_site(tmp_path: Path) -> Iterator[tuple[Path, int]]:
    folder = tmp_path / "notebooks"
    shutil.copytree(REPO / "notebooks", folder)
    yield folder, free_port()


def read_whole_lesson_and_finish_the_quiz(page: Page) -> None:
    for heading in page.locator("main .metsedu-part h2[id]").all():
        heading.scroll_into_view_if_needed()
        page.wait_for_timeout(50)  # let the browser report the heading as seen
    page.locator(QUIZ).scroll_into_view_if_needed()
    for number, item in enumerate(BONES.quiz, 1):
        progress = UI.quiz.progress.format(number=number, total=len(BONES.quiz))
        expect(page.locator(f"{QUIZ} .metsedu-progress")).to_have_text(progress)
        click_answer(page, item, right_answer(item))
        click(page, UI.quiz.check)
        click(page, UI.quiz.next if number < len(BONES.quiz) else UI.quiz.finish)
    expect(page.locator(QUIZ).get_by_role("heading", name=UI.quiz.summary_heading)).to_be_visible()


def test_progress_survives_refresh_and_restart_and_never_reaches_the_server(
    browser: Browser, own_site
):
    folder, port = own_site
    tab = Tab(browser)
    servers = restartable(folder, port)
    server = next(servers)
    before = files_under(folder.parent)

    start = tab.open(server, START_NOTEBOOK)
    expect(start.locator(".metsedu-progress-box")).to_be_hidden()
    bones_item = start.locator('li[data-metsedu-lesson="bones"]')
    expect(bones_item.locator(".metsedu-lesson-progress")).to_have_text(WORDS.not_started)

    lesson = tab.open(server, notebook_name(BONES))
    read_whole_lesson_and_finish_the_quiz(lesson)
    parts = lesson.locator("main .metsedu-part h2[id]").count()
    lesson.reload()
    lesson.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
    saved = tab.stored()["lessons"]["bones"]
    assert saved["best"] == {"right": len(BONES.quiz), "total": len(BONES.quiz)}
    ids = lesson.eval_on_selector_all("main .metsedu-part h2[id]", "els => els.map(e => e.id)")
    assert len(ids) == parts
    assert sorted(saved["visited"]) == sorted(ids), "every part read is counted as read"

    # The server restarts (kernels and all); the address, and so the browser's storage, stay.
    next(servers, None)
    servers = restartable(folder, port)
    server = next(servers)
    try:
        start = tab.open(server, START_NOTEBOOK)
        box = start.locator(".metsedu-progress-box")
        expect(box).to_be_visible()
        line = bones_item.locator(".metsedu-lesson-progress")
        expect(line).to_contain_text(WORDS.visited.format(visited=parts, total=parts))
        expect(line).to_contain_text(
            WORDS.best.format(score=len(BONES.quiz), total=len(BONES.quiz))
        )
        expect(line).to_contain_text(WORDS.finished)
        start.add_script_tag(content=AXE)  # the box, now shown, meets WCAG 2.1 AA too
        assert start.evaluate(AXE_RUN, WCAG_21_AA) == []
        other = start.locator('li[data-metsedu-lesson="liver"] .metsedu-lesson-progress')
        expect(other).to_have_text(WORDS.not_started)

        # Continue where you left off: the lesson opens at the part last seen, focused.
        last = tab.stored()["last"]["part"]
        start.get_by_role("link", name=WORDS.continue_link.format(title=BONES.title)).click()
        start.wait_for_selector("#rendered_cells", state="visible", timeout=60_000)
        expect(start.locator(f"#{last}")).to_be_focused()
        expect(start.locator(f"#{last}")).to_be_in_viewport()

        # Forget my progress, by keyboard.
        start = tab.open(server, START_NOTEBOOK)
        start.locator(".metsedu-forget").focus()
        start.keyboard.press("Enter")
        expect(start.locator(".metsedu-forgotten")).to_have_text(WORDS.forgotten)
        expect(bones_item.locator(".metsedu-lesson-progress")).to_have_text(WORDS.not_started)
        expect(start.locator(".metsedu-continue")).to_be_empty()
        assert tab.stored() is None
    finally:
        next(servers, None)
        tab.context.close()

    # Nothing of it went to the server, and the server kept nothing.
    sent = "\n".join(tab.sent)
    assert STORE not in sent and '"visited"' not in sent and "metsedu-quiz-finished" not in sent
    assert files_under(folder.parent) == before


def test_the_handout_downloads_from_the_lesson_page_by_keyboard(visit: Visit):
    page = visit.open(notebook_name(BONES))
    link = page.get_by_role("link", name=UI.handout.download)
    link.focus()
    with page.expect_download() as waiting:
        page.keyboard.press("Enter")
    download = waiting.value
    assert download.suggested_filename == "metsedu-bones-handout.pdf"
    pdf = PdfReader(io.BytesIO(Path(download.path()).read_bytes()))
    assert len(pdf.pages) <= 4
    text = " ".join(" ".join(p.extract_text().split()) for p in pdf.pages)
    for sign_id in BONES.red_flags:
        assert " ".join(BONES.sign(sign_id).text.split()) in text
    assert visit.outside == [] and visit.errors == []
