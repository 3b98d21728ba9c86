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


class NetworkLog:
    """What a page asked the network for, as Chromium's DevTools protocol reports it.

    Counts only what went over the wire: a request answered from the browser's cache (memory
    or disk) is counted apart, and bytes are the encoded (compressed) bytes received.
    Start it before the page navigates; read it after.
    """

    def __init__(self, session: CDPSession) -> None:
        self.urls: dict[str, str] = {}
        self.cached: set[str] = set()
        self.bytes: dict[str, float] = {}
        session.send("Network.enable")
        session.on("Network.requestWillBeSent", self._sent)
        session.on("Network.requestServedFromCache", self._from_cache)
        session.on("Network.responseReceived", self._received)
        session.on("Network.loadingFinished", self._finished)

    def _sent(self, event: dict) -> None:
        self.urls[event["requestId"]] = event["request"]["url"]

    def _from_cache(self, event: dict) -> None:
        self.cached.add(event["requestId"])

    def _received(self, event: dict) -> None:
        response = event["response"]
        if response.get("fromDiskCache") or response.get("fromPrefetchCache"):
            self.cached.add(event["requestId"])

    def _finished(self, event: dict) -> None:
        self.bytes[event["requestId"]] = event.get("encodedDataLength", 0)

    def over_the_network(self) -> list[str]:
        """Addresses fetched from the server (not from the cache), data: and blob: left out."""
        return [
            url
            for rid, url in self.urls.items()
            if rid not in self.cached and url.startswith(("http:", "https:"))
        ]

    def bytes_received(self) -> int:
        return int(sum(n for rid, n in self.bytes.items() if rid not in self.cached))
