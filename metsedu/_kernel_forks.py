"""A warm process that forks lesson kernels, so a learner's kernel starts in milliseconds.

Why: a lesson kernel started the ordinary way is a new Python that imports ipykernel,
IPython, ipywidgets, anywidget, pydantic and metsedu before it can run its lesson: about
0.5 s of CPU, and a class of 30 walk-in learners on a two-core laptop waits for 30 of them.
This process pays that once. It imports everything a lesson needs, then waits; for each
kernel the server asks for, it forks a child that is already warm. The child also shares
the imported code's memory with this process until it writes to it, so a waiting kernel
costs less private memory.

The server talks to it through :mod:`metsedu.server.forked_kernels` (a jupyter_client
kernel provisioner) over a Unix socket in a private (0700) folder: one JSON line per
request, ``{"argv": [...], "env": {...}, "cwd": "..."}``, answered by ``{"pid": N}``.
It ends when the server does (its standard input closes). Each kernel watches the server
itself, not this process: it ends the moment the server does, however the server ended,
and it goes on serving its learner if this process alone fails.

Only imports happen before a fork: no thread, no zmq context, no event loop, no IPython
shell (a fork copies none of these safely). :func:`_fork_safe` checks that before each fork.
"""

from __future__ import annotations

import contextlib
import gc
import json
import os
import select
import selectors
import signal
import socket
import sys
import threading
import traceback
from pathlib import Path

from metsedu._lesson_kernel import KERNEL_NAME, name_process

#: The name this process shows in ``ps`` and ``/proc/<pid>/comm`` (a kernel's: KERNEL_NAME).
FORKS_NAME = b"metsedu-forks"

#: What a request may carry, at most (a kernel's environment is a few kilobytes).
MAX_REQUEST = 1 << 20


def warm_up() -> None:
    """Import what every lesson kernel imports, and read the checked content once."""
    sys.modules["debugpy"] = None  # type: ignore[assignment]  # as in _lesson_kernel
    import anywidget  # noqa: F401
    import ipykernel.ipkernel
    import ipykernel.kernelapp  # noqa: F401
    import ipywidgets  # noqa: F401

    import metsedu.lesson
    import metsedu.widgets  # noqa: F401
    from metsedu.content import ContentError, cache, load_library

    # From the server's checked cache; a kernel re-checks freshness. Content with problems
    # is left to each kernel, which shows the calm message and logs why, as without forks.
    cache.prime()
    with contextlib.suppress(ContentError):
        load_library()
    gc.collect()
    gc.freeze()  # keep the collector off the shared pages, so children share more


def serve(path: str) -> None:
    """Answer fork requests on the Unix socket ``path`` until standard input closes."""
    name_process(FORKS_NAME)
    warm_up()
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the system reaps our kernels
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(path)
    listener.listen(64)
    watch = selectors.DefaultSelector()
    watch.register(listener, selectors.EVENT_READ, "request")
    watch.register(sys.stdin, selectors.EVENT_READ, "server")
    print("ready", flush=True)  # the server reads this line before its first request
    while True:
        for key, _ in watch.select():
            if key.data == "server":
                if not os.read(sys.stdin.fileno(), 1024):
                    return  # the server has gone: so do we
                continue
            conn, _ = listener.accept()
            with conn:
                _answer(conn, listener)


def _answer(conn: socket.socket, listener: socket.socket) -> None:
    conn.settimeout(10)
    try:
        request = json.loads(_read_line(conn))
        argv = [str(a) for a in request["argv"]]
        env = {str(k): str(v) for k, v in request["env"].items()}
        cwd = str(request.get("cwd") or Path.cwd())
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as error:
        _reply(conn, {"error": f"bad request: {type(error).__name__}"})
        return
    problem = _fork_safe()
    if problem:
        _reply(conn, {"error": problem})
        return
    pid = os.fork()
    if pid == 0:  # the kernel
        listener.close()
        conn.close()
        _become_kernel(argv, env, cwd)  # never returns
    _reply(conn, {"pid": pid})


def _read_line(conn: socket.socket) -> bytes:
    data = b""
    while not data.endswith(b"\n"):
        chunk = conn.recv(65536)
        if not chunk:
            break
        data += chunk
        if len(data) > MAX_REQUEST:
            raise ValueError("request too long")
    return data


def _reply(conn: socket.socket, answer: dict) -> None:
    with contextlib.suppress(OSError):
        conn.sendall(json.dumps(answer).encode() + b"\n")


def _fork_safe() -> str:
    """Why forking now would be unsafe, or ``""``: a fork copies only the calling thread."""
    if threading.active_count() != 1:
        return f"{threading.active_count()} threads are running"
    return ""


def _become_kernel(argv: list[str], env: dict[str, str], cwd: str) -> None:
    """In the child: take the kernel's environment and folder, then run the kernel."""
    code = 1
    try:
        signal.signal(signal.SIGCHLD, signal.SIG_DFL)  # the kernel waits for its own children
        os.setsid()  # its own process group, as jupyter_client starts kernels
        name_process(KERNEL_NAME)
        devnull = os.open(os.devnull, os.O_RDONLY)
        os.dup2(devnull, 0)
        os.close(devnull)
        os.chdir(cwd)
        os.environ.clear()
        os.environ.update(env)
        _end_with_server(int(env.get("JPY_PARENT_PID") or 0))
        from metsedu._lesson_kernel import run

        run(argv)
        code = 0
    except SystemExit as stop:
        code = stop.code if isinstance(stop.code, int) else 1
    except BaseException:
        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(OSError, ValueError):
                stream.flush()
        os._exit(code)


def _end_with_server(server: int) -> None:
    """End this kernel when the server process ends.

    Why not ipykernel's own watch: it watches the kernel's parent, which here is the fork
    server, so a failed fork server would take every learner's kernel with it. A pidfd
    names the server itself; a thread blocked on it costs no CPU until the server ends.
    """
    try:
        server_fd = os.pidfd_open(server)
    except (OSError, AttributeError, ValueError):
        # No pidfd here (or no server named): fall back to ipykernel watching its parent.
        os.environ["JPY_PARENT_PID"] = str(os.getppid())
        return
    os.environ["JPY_PARENT_PID"] = "0"  # ipykernel's own watch is not needed

    def watch() -> None:
        select.select([server_fd], [], [])
        os._exit(0)

    threading.Thread(target=watch, name="metsedu-server-watch", daemon=True).start()


if __name__ == "__main__":
    serve(sys.argv[1])
