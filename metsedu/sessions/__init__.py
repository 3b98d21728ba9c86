"""Nurse-led group sessions: join codes and anonymous answer counts shared across kernels.

Every learner's page has its own kernel, so answers from a group meet in one real database
(SQLite in WAL mode by default; the address is a URL so a larger site can move it). Only
counts are kept: a random per-page token, never a name or anything about a learner's health.
"""

from .store import (
    JOIN_CODE_PATTERN,
    SessionStore,
    UnknownCodeError,
    normalise_code,
)

__all__ = ["JOIN_CODE_PATTERN", "SessionStore", "UnknownCodeError", "normalise_code"]
