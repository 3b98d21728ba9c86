"""Lesson kernels forked from a warm process: jupyter_client's kernel provisioner for them.

Why: when a class walks in without warning, every learner after the first needs a new
kernel, and on a two-core laptop each ordinary start (a new Python importing ipykernel,
ipywidgets and metsedu) costs about half a second of CPU before the lesson even runs.
:mod:`metsedu._kernel_forks` imports all that once; this provisioner asks it for each
kernel and gets a warm child in a few milliseconds (see ``bench/run.py``, walk-in class).

The lesson server's kernel spec names this provisioner
(``"kernel_provisioner": {"provisioner_name": "metsedu-forked-kernel"}``), registered
under jupyter_client's own extension point in ``pyproject.toml``. Everything but the
launch is jupyter_client's :class:`LocalProvisioner`: the connection file, the ports,
the signals to the kernel's process group. When the fork server cannot be used (it failed
to start, it died, the spec runs another command, or ``fork`` is off), the kernel starts
the ordinary way and the log says why once.
"""

from __future__ import annotations

import asyncio
import atexit
import contextlib
import json
import os
import select
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from jupyter_client.connect import KernelConnectionInfo
from jupyter_client.provisioning import LocalProvisioner
from traitlets import Bool

#: The kernel command a fork can stand in for (the rest of the command is its arguments).
LESSON_KERNEL = ["-m", "metsedu._lesson_kernel"]

#: How long the fork server may take to import everything before kernels start without it.
START_TIMEOUT = 60.0


class ForkedKernel:
    """A kernel process the fork server made: the parts of ``Popen`` jupyter_client uses.

    It is not this process's child, so it is watched through a pidfd (which names this
    process and no later one with the same number) and its exit status is not known: a
    kernel that ended is reported as 0, or as minus the signal this side sent it.
    """

    stdin = stdout = stderr = None

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.returncode: int | None = None
        self._signal = 0
        try:
            self._fd: int | None = os.pidfd_open(pid)
        except (OSError, AttributeError):
            self._fd = None

    def poll(self) -> int | None:
        if self.returncode is None and not self._alive():
            _reap(self.pid)
            self.returncode = -self._signal if self._signal else 0
            if self._fd is not None:
                os.close(self._fd)
                self._fd = None
        return self.returncode

    def _alive(self) -> bool:
        if self._fd is not None:
            # poll, not select: a server with 100 learners holds descriptors past
            # select()'s limit of 1024 ("filedescriptor out of range in select()").
            watch = select.poll()
            watch.register(self._fd, select.POLLIN)
            return not watch.poll(0)
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def wait(self, timeout: float | None = None) -> int:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.poll() is None:
            if deadline is not None and time.monotonic() > deadline:
                raise subprocess.TimeoutExpired(str(self.pid), timeout or 0)
            time.sleep(0.02)
        return self.returncode or 0

    def send_signal(self, signum: int) -> None:
        if self.poll() is not None:
            return
        if self._fd is not None:
            signal.pidfd_send_signal(self._fd, signum)
        else:
            os.kill(self.pid, signum)
        if signum in (signal.SIGKILL, signal.SIGTERM):
            self._signal = signum

    def kill(self) -> None:
        self.send_signal(signal.SIGKILL)

    def terminate(self) -> None:
        self.send_signal(signal.SIGTERM)


def _reap(pid: int) -> None:
    """Collect an ended kernel's exit, if it became this server's child (see adopt_orphans)."""
    with contextlib.suppress(ChildProcessError):  # not ours: the system reaps it
        os.waitpid(pid, os.WNOHANG)


def adopt_orphans() -> bool:
    """Make this server the parent of any kernel whose fork server ended before it did.

    Why: a kernel outlives a failed fork server (it watches the server, not its parent),
    and without this it would be adopted by init, out of the server's process tree, where
    an administrator (or ``ps --forest``) would not find it. Linux only; False elsewhere.
    """
    import ctypes

    try:
        return ctypes.CDLL(None).prctl(36, 1, 0, 0, 0) == 0  # PR_SET_CHILD_SUBREAPER
    except (OSError, AttributeError):
        return False


class ForkServer:
    """The one warm process per lesson server, started on the first kernel request."""

    def __init__(self, log: Any) -> None:
        self.log = log
        adopt_orphans()
        self.folder = Path(tempfile.mkdtemp(prefix="metsedu-forks-"))  # mode 0700
        self.path = str(self.folder / "forks.sock")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "metsedu._kernel_forks", self.path],
            stdin=subprocess.PIPE,  # closes when this server ends: the fork server ends too
            stdout=subprocess.PIPE,
            start_new_session=True,
        )
        self._lock = asyncio.Lock()
        atexit.register(self.stop)

    async def ready(self) -> bool:
        """Wait (without blocking the server) for the fork server's "ready" line."""
        loop = asyncio.get_running_loop()
        try:
            line = await asyncio.wait_for(
                loop.run_in_executor(None, self.process.stdout.readline), START_TIMEOUT
            )
        except TimeoutError:
            line = b""
        if line.strip() == b"ready":
            return True
        self.log.warning("metsedu: the kernel fork server did not start; kernels start alone")
        self.stop()
        return False

    def alive(self) -> bool:
        return self.process.poll() is None

    async def fork(self, argv: list[str], env: dict[str, str], cwd: str) -> int:
        """A new kernel process; raises OSError when the fork server cannot make one."""
        request = json.dumps({"argv": argv, "env": env, "cwd": cwd}).encode() + b"\n"
        async with self._lock:  # one fork at a time: each takes a few milliseconds
            reader, writer = await asyncio.open_unix_connection(self.path)
            try:
                writer.write(request)
                await writer.drain()
                answer = json.loads(await asyncio.wait_for(reader.readline(), 30) or b"{}")
            finally:
                writer.close()
        if "pid" not in answer:
            raise OSError(answer.get("error", "no answer"))
        return int(answer["pid"])

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
        shutil.rmtree(self.folder, ignore_errors=True)


_server: asyncio.Task | None = None


async def fork_server(log: Any) -> ForkServer | None:
    """The running fork server, started on first use; None when it cannot be used."""
    global _server
    if _server is not None and _server.done():
        server = _server.result()
        if server is not None and not server.alive():
            log.warning("metsedu: the kernel fork server ended; starting a new one")
            server.stop()
            _server = None
    if _server is None:

        async def start() -> ForkServer | None:
            server = ForkServer(log)
            return server if await server.ready() else None

        _server = asyncio.ensure_future(start())
    return await asyncio.shield(_server)


class ForkedKernelProvisioner(LocalProvisioner):
    """jupyter_client's local provisioner, with the kernel forked instead of started."""

    fork = Bool(
        True,
        config=True,
        help="Fork lesson kernels from a warm process (False: start each as a new Python).",
    )

    async def launch_kernel(self, cmd: list[str], **kwargs: Any) -> KernelConnectionInfo:
        server = await fork_server(self.log) if self.fork and _forkable(cmd) else None
        if server is None:
            return await super().launch_kernel(cmd, **kwargs)
        env = dict(kwargs.get("env") or os.environ)
        env["JPY_PARENT_PID"] = str(os.getpid())  # the kernel ends when this server does
        cwd = str(kwargs.get("cwd") or Path.cwd())
        try:
            pid = await server.fork(cmd[3:], env, cwd)
        except (OSError, ValueError) as error:
            self.log.warning("metsedu: a kernel could not be forked (%s); starting it alone", error)
            return await super().launch_kernel(cmd, **kwargs)
        self.process = ForkedKernel(pid)
        self.pid = self.pgid = pid
        self.cwd = cwd
        return self.connection_info


def _forkable(cmd: list[str]) -> bool:
    """Only the lesson kernel's own command is forked; any other runs as written."""
    return len(cmd) >= 3 and cmd[1:3] == LESSON_KERNEL
