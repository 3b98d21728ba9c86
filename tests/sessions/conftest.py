"""Both databases the session store speaks: SQLite in a temporary folder, and a throwaway
PostgreSQL cluster started from the system's PostgreSQL binaries for this test session."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from metsedu.sessions import SessionStore
from tests.postgres import throwaway_postgres


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """A real PostgreSQL server on a free loopback port, gone after the tests."""
    with throwaway_postgres() as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path}/data/metsedu.db"
    return request.getfixturevalue("postgres_url")


@pytest.fixture
def store(database_url: str) -> SessionStore:
    return SessionStore(database_url)
