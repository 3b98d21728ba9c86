"""A throwaway PostgreSQL server from the system's binaries (the session store's tests, and the
replicas behind a load balancer in ui-tests/test_replicas_in_browser.py)."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.processes import free_port


def postgres_binary(name: str) -> str:
    found = sorted(map(str, Path("/usr/lib/postgresql").glob(f"*/bin/{name}")))
    found = found or [shutil.which(name) or ""]
    if not found[-1]:
        pytest.fail(
            f"PostgreSQL's {name} was not found: install the system package 'postgresql' "
            "(make test does so when run as root on Debian).",
            pytrace=False,
        )
    return found[-1]


@contextmanager
def throwaway_postgres(max_connections: int = 100) -> Iterator[str]:
    """A real PostgreSQL server on a free loopback port with an empty ``metsedu`` database;
    its URL. Stopped and deleted afterwards."""
    folder = Path(tempfile.mkdtemp(prefix="metsedu-pg-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = free_port()
    run = lambda *cmd: subprocess.run([*as_owner, *cmd], check=True, capture_output=True)  # noqa: E731
    run(postgres_binary("initdb"), "-D", str(data), "-A", "trust", "-U", "metsedu", "--no-sync")
    options = f"-k {folder} -p {port} -h 127.0.0.1 -F -c max_connections={max_connections}"
    pg_ctl = postgres_binary("pg_ctl")
    run(pg_ctl, "-D", str(data), "-o", options, "-l", str(folder / "log"), "-w", "start")
    try:
        import psycopg

        with psycopg.connect(
            f"postgresql://metsedu@127.0.0.1:{port}/postgres", autocommit=True
        ) as db:
            db.execute("CREATE DATABASE metsedu")
        yield f"postgresql://metsedu@127.0.0.1:{port}/metsedu"
    finally:
        subprocess.run([*as_owner, pg_ctl, "-D", str(data), "-m", "immediate", "stop"])
        shutil.rmtree(folder, ignore_errors=True)
