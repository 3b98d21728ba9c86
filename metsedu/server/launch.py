"""Start the lesson server and tell the nurse which address to give learners."""

from __future__ import annotations

import os
import socket

from .settings import SHARE, ServerSettings


def addresses(settings: ServerSettings) -> list[str]:
    """Addresses a browser can open: this computer's, and the network one when shared."""
    local = f"http://127.0.0.1:{settings.port}/"
    if settings.host in {"127.0.0.1", "localhost"}:
        return [local]
    if settings.host not in {"0.0.0.0", ""}:
        return [f"http://{settings.host}:{settings.port}/"]
    return [local, f"http://{_network_address()}:{settings.port}/"]


def _network_address() -> str:
    """This computer's address on the local network (no packet is sent)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))
            return probe.getsockname()[0]
        except OSError:
            return socket.gethostbyname(socket.gethostname())


def serve(settings: ServerSettings) -> None:
    """Run Voilà with metsedu's settings until Ctrl+C."""
    from voila.app import Voila

    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(SHARE), os.environ.get("JUPYTER_PATH", "")) if p
    )
    urls = addresses(settings)
    print("metsedu: the lessons are at " + urls[0], flush=True)
    if len(urls) > 1:
        print("metsedu: give learners this address: " + urls[1], flush=True)
    Voila.launch_instance(argv=[], config=settings.voila_config())
