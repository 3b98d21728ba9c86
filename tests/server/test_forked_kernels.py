"""Lesson kernels forked from a warm process: used, recovered when it dies, never orphaned.

A real ``metsedu serve`` and its real processes, read from ``/proc``; the fork server's own
socket is spoken to directly only to send it the odd requests a browser never could.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from metsedu.server.forked_kernels import ForkedKernel
from tests.helpers import Server, kernel_id, notebooks_folder, start_server


def _comm(pid: int) -> bytes:
    return Path(f"/proc/{pid}/comm").read_bytes().strip()


def _parent(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def _fork_servers(server: Server) -> list[int]:
    return [
        int(p.name)
        for p in Path("/proc").iterdir()
        if p.name.isdigit()
        and _safe(lambda p=p: _parent(int(p.name))) == server.process.pid
        and _safe(lambda p=p: _comm(int(p.name))) == b"metsedu-forks"
    ]


def _safe(read, default=None):
    try:
        return read()
    except OSError:
        return default


@pytest.fixture
def forking_server(tmp_path_factory):
    folder = notebooks_folder(tmp_path_factory, "forks", "00-start.ipynb", "02-bones.ipynb")
    yield from start_server(folder)


def test_every_lesson_kernel_is_forked_from_the_warm_process(forking_server):
    assert forking_server.wait_for_kernels(2) == 2
    (forks,) = _fork_servers(forking_server)
    assert _comm(forks) == b"metsedu-forks"
    for pid in forking_server.kernel_pids():
        assert _comm(pid) == b"metsedu-kernel"
        assert _parent(pid) == forks
        assert os.getpgid(pid) == pid  # its own process group, as jupyter_client expects


def test_kernels_outlive_a_failed_warm_process_and_a_new_one_takes_over(forking_server):
    assert forking_server.wait_for_kernels(2) == 2
    waiting = set(forking_server.kernel_pids())
    (forks,) = _fork_servers(forking_server)
    os.kill(forks, signal.SIGKILL)
    time.sleep(2)
    assert set(forking_server.kernel_pids()) == waiting  # the learners' kernels go on
    page = forking_server.get("/voila/render/02-bones.ipynb")  # takes one; a refill follows
    assert page.status == 200
    assert "application/vnd.jupyter.widget-view+json" in page.body  # the lesson ran
    assert forking_server.wait_for_kernels(3) == 3  # the refill was forked by a new one
    assert "ended; starting a new one" in forking_server.log.read_text()
    (new,) = _fork_servers(forking_server)
    assert new != forks
    forking_server.post(f"/voila/api/shutdown/{kernel_id(page.body)}")


def test_no_kernel_outlives_a_killed_server(tmp_path_factory):
    folder = notebooks_folder(tmp_path_factory, "orphans", "00-start.ipynb", "02-bones.ipynb")
    running = start_server(folder)
    server = next(running)
    assert server.wait_for_kernels(2) == 2
    kernels = server.kernel_pids() + _fork_servers(server)
    os.kill(server.process.pid, signal.SIGKILL)  # only the server: no clean-up runs
    server.process.wait(10)
    deadline = time.monotonic() + 20
    while any(_alive(pid) for pid in kernels) and time.monotonic() < deadline:
        time.sleep(0.25)
    assert not [pid for pid in kernels if _alive(pid)]
    running.close()


def _alive(pid: int) -> bool:
    status = _safe(lambda: Path(f"/proc/{pid}/stat").read_text(), "")
    return bool(status) and status.rsplit(")", 1)[1].split()[0] != "Z"


@pytest.mark.parametrize(
    "request_bytes",
    [b"not json\n", b'{"argv": "-f x"}\n', b'{"env": {}}\n', b"[1, 2]\n", b"\n"],
    ids=["not-json", "argv-not-a-list", "no-argv", "not-an-object", "empty"],
)
def test_the_warm_process_refuses_an_odd_request_and_goes_on(tmp_path, request_bytes):
    path = str(tmp_path / "forks.sock")
    process = subprocess.Popen(
        [sys.executable, "-m", "metsedu._kernel_forks", path],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    try:
        assert process.stdout.readline().strip() == b"ready"
        for _ in range(2):  # it answers, then answers again: it did not stop
            with socket.socket(socket.AF_UNIX) as conn:
                conn.connect(path)
                conn.sendall(request_bytes)
                answer = json.loads(conn.makefile("rb").readline())
            assert answer["error"].startswith("bad request")
            assert process.poll() is None
        process.stdin.close()  # the server's end closes: the warm process ends too
        assert process.wait(10) == 0
    finally:
        if process.poll() is None:
            process.kill()


def test_a_forked_kernel_that_ends_is_seen_to_end():
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    kernel = ForkedKernel(child.pid)
    assert kernel.poll() is None
    kernel.terminate()
    child.wait(10)  # reaped here, as the warm process's kernel would be by the system
    assert kernel.wait(5) == -signal.SIGTERM
    kernel.kill()  # after the end: nothing to signal, and no error


def test_a_kernel_is_watched_when_the_server_holds_over_a_thousand_descriptors():
    """A walk-in class of 100 leaves the server holding more than 1024 descriptors, where
    select() refuses; the kernel's pidfd must still be watched (it was 30 errors in 100)."""
    held = [os.open(os.devnull, os.O_RDONLY) for _ in range(1100)]
    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        kernel = ForkedKernel(child.pid)
        assert kernel._fd is None or kernel._fd >= 1024  # the case select() cannot take
        assert kernel.poll() is None
        kernel.kill()
        child.wait(10)
        assert kernel.wait(5) == -signal.SIGKILL
    finally:
        for fd in held:
            os.close(fd)
        if child.poll() is None:
            child.kill()
