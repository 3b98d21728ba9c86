"""Helpers the test packages share, so no test module imports another.

Mostly a real lesson server (``metsedu serve``) on a free loopback port, for the server,
session and browser tests. Each server serves a temporary folder of notebooks. Kernels
are counted as the server's child processes, which is what memory on a nurse's laptop
depends on. Also: how a test speaks to a quiz widget as its page does, and the fixture
lessons with extra quiz kinds that the widget and session tests both use, and the real
teaching pictures with a maker of broken ones, for the drawings' and the figures' tests.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cache
from http.cookiejar import CookieJar
from pathlib import Path
from typing import TYPE_CHECKING, Any

import nbformat

from tests.conftest import REPO
from tests.processes import free_port, kernels_of

if TYPE_CHECKING:
    from metsedu.content import Lesson
    from metsedu.content.model import Picture
    from metsedu.widgets import Quiz

METSEDU = Path(sys.executable).parent / "metsedu"


#: The facilitator key the test servers start with (a real server makes a random one).
FACILITATOR_KEY = "test-facilitator-key"


def fixture_notebook(path: Path, *sources: str) -> None:
    cells = [nbformat.v4.new_code_cell(source) for source in sources]
    for index, cell in enumerate(cells):
        cell.id = f"cell-{index}"
    nbformat.write(nbformat.v4.new_notebook(cells=cells), path)


@dataclass
class Response:
    status: int
    body: str


@dataclass
class Server:
    url: str
    process: subprocess.Popen
    log: Path
    notebooks: list[str]
    #: The cookies of the browser this stands for (a page sets ``_xsrf``; a POST sends it).
    cookies: CookieJar = field(default_factory=CookieJar)

    def get(self, path: str) -> Response:
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        try:
            with opener.open(self.url + path, timeout=60) as reply:
                return Response(reply.status, reply.read().decode("utf-8"))
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode("utf-8"))

    def visit(self, path: str) -> Response:
        """Open a page and close its tab: the page's kernel is shut down as the browser does."""
        reply = self.get(path)
        if '<script id="jupyter-config-data"' in reply.body:
            self.post(f"/voila/api/shutdown/{kernel_id(reply.body)}")
        return reply

    def post(self, path: str, token: bool = True) -> int:
        """A POST as the page sends it when its tab closes: the ``_xsrf`` cookie a page set,
        and its value in the form (``token=False``: the cookie alone)."""
        if not xsrf_cookie(self.cookies):
            self.get("/")  # a first page gives this browser its cookie
        form = {"_xsrf": xsrf_cookie(self.cookies)} if token else {}
        request = urllib.request.Request(
            self.url + path, data=urllib.parse.urlencode(form).encode(), method="POST"
        )
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.cookies))
        try:
            with opener.open(request, timeout=30) as reply:
                return reply.status
        except urllib.error.HTTPError as error:
            return error.code

    def kernel_pids(self) -> list[int]:
        """The server's IPython kernels: its descendants, since most are forked by a helper."""
        return kernels_of(self.process.pid)

    def kernels(self) -> int:
        """How many kernels are running."""
        return len(self.kernel_pids())

    def wait_for_kernels(self, count: int, timeout: float = 90) -> int:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            now = self.kernels()
            if now == count:
                return now
            time.sleep(0.25)
        return self.kernels()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def xsrf_cookie(jar: CookieJar) -> str:
    """The anti-forgery token the server gave this browser (its ``_xsrf`` cookie), or ''."""
    return next((c.value or "" for c in jar if c.name == "_xsrf"), "")


class Nurse:
    """A browser with its own cookies, that does not follow redirects by itself.

    Its forms carry the page's anti-forgery token, as a form from the page does; ``token=False``
    posts the cookies without it, as a form from another page would.
    """

    def __init__(self, server: Server) -> None:
        self.server = server
        self.cookies = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect
        )

    def call(
        self,
        path: str,
        form: dict | list | bytes | None = None,
        token: bool = True,
        headers: dict | None = None,
    ) -> tuple[int, dict, str]:
        """GET ``path``, or POST ``form`` (fields, or raw JSON bytes) to it."""
        data = None
        sent = dict(headers or {})
        if isinstance(form, bytes):
            data = form
            sent.setdefault("Content-Type", "application/json")
        elif form is not None:
            fields = list(form.items()) if isinstance(form, dict) else list(form)
            if token:
                if not xsrf_cookie(self.cookies):
                    self.call("/metsedu/facilitator")  # the key form gives the cookie
                fields.append(("_xsrf", xsrf_cookie(self.cookies)))
            data = urllib.parse.urlencode(fields, doseq=True).encode()
        request = urllib.request.Request(self.server.url + path, data=data, headers=sent)
        try:
            with self.opener.open(request, timeout=30) as reply:
                return reply.status, dict(reply.headers), reply.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, dict(error.headers), error.read().decode("utf-8", "replace")

    def log_in(self) -> None:
        status, _, _ = self.call("/metsedu/facilitator", {"key": FACILITATOR_KEY})
        assert status == 302

    def start(self, *lessons: str) -> str:
        status, headers, _ = self.call(
            "/metsedu/facilitator/sessions", [("lessons", x) for x in lessons]
        )
        assert status == 302
        return headers["Location"].rsplit("/", 1)[1]


def kernel_id(page: str) -> str:
    start = page.index('<script id="jupyter-config-data" type="application/json">')
    config = page[start:].split(">", 1)[1].split("</script>", 1)[0]
    return json.loads(config)["kernelId"]


def notebooks_folder(tmp_path_factory: Any, label: str, *names: str) -> Path:
    """A fresh folder holding copies of just the named lesson notebooks, for one server."""
    folder = tmp_path_factory.mktemp(label) / "notebooks"
    folder.mkdir()
    for name in names:
        shutil.copy(REPO / "notebooks" / name, folder)
    return folder


def start_server(
    folder: Path,
    *options: str,
    port: int | None = None,
    cwd: Path | None = None,
    preexec_fn: Callable[[], None] | None = None,
) -> Iterator[Server]:
    port = port or free_port()
    log = folder.parent / "server.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [
                *(str(METSEDU), "serve", "--port", str(port), "--notebooks", str(folder)),
                *("--facilitator-key", FACILITATOR_KEY, "--data-dir", str(folder.parent / "data")),
                *options,
            ],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1"},
            start_new_session=True,
            cwd=cwd,
            preexec_fn=preexec_fn,
        )
    server = Server(
        f"http://127.0.0.1:{port}", process, log, sorted(p.name for p in folder.glob("*.ipynb"))
    )
    try:
        deadline = time.monotonic() + 90
        while time.monotonic() < deadline:
            assert process.poll() is None, log.read_text()
            try:
                if server.get("/").status == 200:
                    break
            except OSError:
                time.sleep(0.25)
        yield server
    finally:
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=20)
        except ProcessLookupError:
            pass  # a test ended it already
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)


def send(quiz: Quiz, action: str, item: str | None = None, **extra) -> None:
    """What the browser does: a custom comm message naming the current item."""
    quiz._handle_custom_msg({"action": action, "item": item or quiz.item["id"], **extra}, [])


# Built on first use: most tests that import this module never load the fixture lessons.


@cache
def bones_with_more_kinds() -> Lesson:
    """The valid fixture's bones lesson with a multiple-select and a scenario item added."""
    from metsedu.content import load_library
    from metsedu.content.model import MultipleSelect, Scenario
    from tests.conftest import VALID

    bones = load_library(root=VALID).lessons["bones"]
    first = bones.quiz[0].model_dump()
    return bones.model_copy(
        update={
            "quiz": [
                *bones.quiz,
                MultipleSelect.model_validate(
                    {
                        **first,
                        "id": "q-multi",
                        "type": "multiple_select",
                        "options": [
                            {"id": "a", "text": "Weak legs", "correct": True, "feedback": "Yes."},
                            {"id": "b", "text": "Numb legs", "correct": True, "feedback": "Yes."},
                            {"id": "c", "text": "A sunburn", "feedback": "Not quite."},
                        ],
                    }
                ),
                Scenario.model_validate(
                    {
                        **first,
                        "id": "q-scenario",
                        "type": "scenario",
                        "situation": "It is late at night and your legs feel weak.",
                    }
                ),
            ]
        }
    )


@cache
def bones_with_ordering() -> Lesson:
    """The valid fixture's bones lesson with an ordering item first."""
    from tests.content.quiz_kinds.items import BONES, ORDERING

    return BONES.model_copy(update={"quiz": [ORDERING, *BONES.quiz]})


def right_order() -> list[str]:
    """The step ids of :func:`bones_with_ordering`'s ordering item, in the right order."""
    from tests.content.quiz_kinds.items import ORDERING

    return [step.id for step in ORDERING.steps]


# -- teaching pictures (tests/content/test_drawings.py, tests/lesson/test_pictures.py) ----

#: The real drawings, and the words of each picture in ``content/en/pictures.yaml``.
PICTURES_FOLDER = REPO / "content" / "pictures"


@cache
def real_pictures() -> tuple[Picture, ...]:
    """Read directly (not through the whole lesson loader), so the picture tests say what is
    wrong with a picture even while a lesson elsewhere does not load."""
    import yaml

    from metsedu.content.model import PictureTable

    text = (REPO / "content" / "en" / "pictures.yaml").read_text(encoding="utf-8")
    return tuple(PictureTable.model_validate(yaml.safe_load(text)).pictures)


def a_picture(folder: Path, svg: str, **fields) -> Picture:
    """A picture whose drawing is ``svg`` (inside an <svg> with a viewBox), in ``folder``."""
    from metsedu.content.drawings import SVG_NS
    from metsedu.content.model import Picture

    (folder / "test.svg").write_text(
        f'<svg xmlns="{SVG_NS}" viewBox="0 0 400 200" font-size="20">{svg}</svg>',
        encoding="utf-8",
    )
    values = {
        "id": "test",
        "file": "test.svg",
        "alt": "What it teaches",
        "caption": "A caption",
        "labels": {"a": "Label A"},
        "shown_in": [{"lesson": "bones", "after": "about"}],
        **fields,
    }
    return Picture.model_validate(values)
