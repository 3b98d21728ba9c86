"""The processes a lesson server runs, read from /proc: shared by the tests and the benchmark.

Why one module: the server tests and ``bench/run.py`` both count a server's kernels, which is
what memory on a nurse's laptop depends on, and both must count the same processes. Kernels
are the server's descendants, not its children: most are forked by the warm process
(``metsedu-forks``).
"""

from __future__ import annotations

import socket
from pathlib import Path


def free_port() -> int:
    """A loopback port nothing listens on (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def parents() -> dict[int, int]:
    """Every process's parent, from one reading of /proc."""
    found = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                stat = (proc / "stat").read_text()
            except OSError:
                continue
            found[int(proc.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    return found


def descendants(pid: int) -> list[int]:
    """Children, grandchildren and so on of ``pid``."""
    tree = parents()
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        children = [child for child, up in tree.items() if up == parent]
        found += children
        todo += children
    return found


def children(pid: int) -> list[int]:
    return [child for child, up in parents().items() if up == pid]


def comm(pid: int) -> bytes:
    """The process's name (``metsedu-kernel``, ``metsedu-forks``), or b"" once it is gone."""
    try:
        return Path(f"/proc/{pid}/comm").read_bytes().strip()
    except OSError:
        return b""


def cmdline(pid: int) -> bytes:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return b""


def is_kernel(pid: int) -> bool:
    """Ours are named metsedu-kernel (forked or not); plain Voilà's run ipykernel."""
    line = cmdline(pid)
    return comm(pid) == b"metsedu-kernel" or b"ipykernel" in line or b"_lesson_kernel" in line


def kernels_of(pid: int) -> list[int]:
    """The kernels a server process runs."""
    return [child for child in descendants(pid) if is_kernel(child)]
