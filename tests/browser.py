"""The system Chromium, as the browser suite and the benchmark start it.

The browser comes from the system package, never from a download step: a closed
hospital network refuses downloads, and so does this project's CI.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playwright.sync_api import CDPSession, Page

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


#: A mid-range phone on clinic Wi-Fi, the "slow 4G" profile issue 15 measured with:
#: a 390x844 touch screen, the CPU 4x slower than this computer's, 1.6 Mbit/s down,
#: 750 kbit/s up and 150 ms round trip.
PHONE_CONTEXT = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 3,
    "is_mobile": True,
    "has_touch": True,
}
PHONE_CPU_SLOWDOWN = 4
PHONE_NETWORK = {
    "offline": False,
    "latency": 150,  # ms, added to every round trip
    "downloadThroughput": 1_600_000 / 8,  # bytes per second
    "uploadThroughput": 750_000 / 8,
}


def emulate_phone(
    page: Page, network: dict | None = None, cpu: float = PHONE_CPU_SLOWDOWN
) -> CDPSession:
    """Slow ``page``'s CPU and network through Chromium's DevTools protocol, as a phone's.

    ``network`` replaces the phone network (for a test that must only add the round trip).
    Returns the DevTools session, which must stay open while the page is used.
    """
    session = page.context.new_cdp_session(page)
    session.send("Emulation.setCPUThrottlingRate", {"rate": cpu})
    session.send("Network.enable")
    session.send("Network.emulateNetworkConditions", network or PHONE_NETWORK)
    return session
