"""A data folder that cannot be written: plain words for the nurse, the fix in the log.

The folder is made read-only for real (chmod) after a session started, as when a laptop's
disk fills or a synced folder turns read-only. Run as root (as CI may be), the server is
started without the capabilities that let root write where the permissions say no.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from markupsafe import escape

from metsedu.content import load_library
from metsedu.sessions.storage_problems import is_storage_error, storage_problem
from tests.helpers import Nurse, Server, notebooks_folder, start_server
from tests.kernel_socket import LessonSocket

WORDS = load_library().ui.facilitator
SAID = str(escape(WORDS.storage_failed))  # as the page writes it (an apostrophe escaped)

PR_CAPBSET_DROP = 24
#: Linux capabilities that override file permissions (see capabilities(7)).
CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH = 1, 2


def obey_file_permissions() -> None:
    """In the server's process before it starts: root keeps no way round a read-only folder
    (dropped from the bounding set, so the server's own root loses them at exec)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH):
        if libc.prctl(PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "cannot drop a capability for the test server")


@pytest.fixture
def storage_server(tmp_path_factory) -> Iterator[Server]:
    folder = tmp_path_factory.mktemp("read-only") / "notebooks"
    folder.mkdir()
    yield from start_server(folder, "--no-preheat", preexec_fn=obey_file_permissions)


@pytest.fixture
def learners_storage_server(tmp_path_factory) -> Iterator[Server]:
    folder = notebooks_folder(tmp_path_factory, "read-only-learners", "02-bones.ipynb")
    yield from start_server(folder, "--no-preheat", preexec_fn=obey_file_permissions)


def make_read_only(folder: Path) -> None:
    for path in folder.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IRGRP | stat.S_IROTH)
    folder.chmod(stat.S_IRUSR | stat.S_IXUSR | stat.S_IRGRP | stat.S_IXGRP)


def make_writable(folder: Path) -> None:
    folder.chmod(stat.S_IRWXU)
    for path in folder.iterdir():
        path.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_a_read_only_data_folder_gets_plain_words_and_the_fix_in_the_log(storage_server):
    nurse = Nurse(storage_server)
    nurse.log_in()
    code = nurse.start("bones")
    session = f"/metsedu/facilitator/sessions/{code}"
    data = Path(storage_server.log).parent / "data"
    make_read_only(data)
    try:
        writes = [
            ("/metsedu/facilitator/sessions", {"lessons": "bones"}),
            (session + "/notes", {"notes": "kept?"}),
            (session + "/phase", {"phase": "post"}),
        ]
        for path, form in writes:
            status, _, body = nurse.call(path, form)
            assert status == 503 and SAID in body, path
            assert "Internal Server Error" not in body and "Traceback" not in body
        # Reading may still work; if it does not, it says so in the same words.
        for part in ("", "/record.csv", "/record.pdf", "/results.json"):
            status, _, body = nurse.call(session + part)
            assert status in (200, 503), part
            assert status == 200 or SAID in body or WORDS.storage_failed in body, part
        # Sign-ins live in the database too: the start page either opens or says the same.
        status, _, body = nurse.call("/metsedu/facilitator")
        assert (status, WORDS.start_button in body) == (200, True) or (status, SAID in body) == (
            503,
            True,
        )
    finally:
        make_writable(data)
    log = storage_server.log.read_text()
    assert f"in the folder {data.resolve()} failed" in log
    assert f"chmod -R u+w {data.resolve()}" in log and "--data-dir" in log
    assert "Traceback" not in log


def test_a_full_disk_is_named_as_such():
    problem = storage_problem(
        sqlite3.OperationalError("database or disk is full"), "sqlite:////srv/data/metsedu.db"
    )
    assert "Free some space on the disk that holds /srv/data" in problem
    assert is_storage_error(sqlite3.OperationalError("disk I/O error"))
    assert not is_storage_error(ValueError("a bug of ours"))
    secret = storage_problem(OSError("refused"), "postgresql://nurse:secret@db/metsedu")
    assert "secret" not in secret and "PostgreSQL" in secret


def test_a_learners_quiz_goes_on_calmly_when_answers_cannot_be_counted(learners_storage_server):
    server = learners_storage_server
    nurse = Nurse(server)
    nurse.log_in()
    code = nurse.start("bones")
    page = LessonSocket(server.url, "02-bones.ipynb")
    page.bring_widgets_to_life()
    quiz = page.widgets[page.quiz()]
    joined = page.ask_quiz("join", quiz["item"]["id"], code=code)
    assert any(r.get("group", {}).get("state") == "joined" for r in joined)
    data = Path(server.log).parent / "data"
    make_read_only(data)
    try:
        item = quiz["item"]
        answer = item["options"][0]["id"] if item.get("options") else ""
        replies = page.ask_quiz("check", item["id"], answer=answer)
    finally:
        make_writable(data)
        page.close()
    results = [r["result"] for r in replies if r.get("result")]
    assert results and results[0]["status"] in {"right", "wrong", "partly"}, replies
    assert not any(r.get("notice") for r in replies)  # nothing alarming: just the feedback
    assert not {m["msg_type"] for m in page.received} & {"stream", "error"}
    log = server.log.read_text()
    assert f"in the folder {data.resolve()} failed" in log and "--data-dir" in log
    assert code not in log.split("facilitator key")[-1]  # the join code is not logged
