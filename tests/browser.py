"""The system Chromium, as the browser suite and the benchmark start it.

The browser comes from the system package, never from a download step: a closed
hospital network refuses downloads, and so does this project's CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    # Without these Chromium calls home at start, which a closed network refuses.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def find_chromium() -> str | None:
    """METSEDU_CHROMIUM, else Debian's chromium binary, else chromium on PATH."""
    candidates = [
        os.environ.get("METSEDU_CHROMIUM", ""),
        "/usr/lib/chromium/chromium",
        shutil.which("chromium") or "",
        shutil.which("chromium-browser") or "",
    ]
    return next((c for c in candidates if c and Path(c).is_file()), None)
