"""Both databases the session store speaks: SQLite in a temporary folder, and a throwaway
PostgreSQL cluster started from the system's PostgreSQL binaries for this test session."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest

from metsedu.sessions import SessionStore
from tests.helpers import free_port


def _binary(name: str) -> str:
    found = sorted(map(str, Path("/usr/lib/postgresql").glob(f"*/bin/{name}")))
    found = found or [shutil.which(name) or ""]
    if not found[-1]:
        pytest.fail(
            f"PostgreSQL's {name} was not found: install the system package 'postgresql' "
            "(make test does so when run as root on Debian).",
            pytrace=False,
        )
    return found[-1]


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on a free loopback port, gone after the tests."""
    folder = Path(tempfile.mkdtemp(prefix="metsedu-pg-"))
    as_owner: list[str] = []
    if os.geteuid() == 0:  # PostgreSQL refuses to run as root
        shutil.chown(folder, "postgres")
        as_owner = ["runuser", "-u", "postgres", "--"]
    data = folder / "data"
    port = free_port()
    run = lambda *cmd: subprocess.run([*as_owner, *cmd], check=True, capture_output=True)  # noqa: E731
    run(_binary("initdb"), "-D", str(data), "-A", "trust", "-U", "metsedu", "--no-sync")
    options = f"-k {folder} -p {port} -h 127.0.0.1 -F"
    pg_ctl = _binary("pg_ctl")
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


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/data/metsedu.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(database_url: str) -> SessionStore:
    return SessionStore(database_url)
