"""What the server log says when the group-session database cannot be used, and how to fix it.

Why its own words: a nurse's laptop with a full disk or a data folder that became read-only
(copied from a USB stick, a synced folder) turns every write into an SQLite error, and the
traceback names neither the folder nor what to do. The page says so in plain words (the
facilitator's error template); the log line here is for whoever can fix the computer.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from .store import sqlite_path

#: SQLite's messages that mean the folder or its disk, not the data.
_FULL = ("database or disk is full", "no space left")
_NOT_WRITABLE = (
    "readonly database",
    "unable to open database file",
    "disk i/o error",
    "permission denied",
    "read-only file system",
)


def is_storage_error(error: BaseException | None) -> bool:
    """Whether ``error`` came from the database or the disk under it, not from our code."""
    if isinstance(error, sqlite3.Error | OSError):
        return True
    return type(error).__module__.split(".")[0] == "psycopg"


def storage_problem(error: BaseException, database_url: str) -> str:
    """One log line naming the database, the folder and the fix for ``error``."""
    message = str(error).strip() or type(error).__name__
    if not database_url.startswith("sqlite:"):
        # The URL may hold a password: it is never written to the log.
        return (
            f"metsedu: the group-session database (PostgreSQL) failed: {message}. Check that "
            "the database server is running and that --database-url names it."
        )
    path = sqlite_path(database_url)
    folder = path.parent if path.is_absolute() else Path.cwd() / path.parent
    lowered = message.lower()
    if any(sign in lowered for sign in _FULL):
        fix = f"Free some space on the disk that holds {folder}"
    elif any(sign in lowered for sign in _NOT_WRITABLE) or isinstance(error, PermissionError):
        fix = f"Make {folder} and the files in it writable (for example: chmod -R u+w {folder})"
    else:
        fix = f"Check {folder} and the disk that holds it"
    return (
        f"metsedu: group sessions cannot be saved: the database {path} in the folder {folder} "
        f"failed ({message}). {fix}, or start metsedu again with --data-dir set to a folder "
        "it can write to."
    )
