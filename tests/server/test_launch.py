"""The lesson server class (metsedu/server/launch.py), built without starting it."""

from __future__ import annotations

import logging
import socket
import subprocess

from jupyter_server.services.kernels.kernelmanager import (
    AsyncMappingKernelManager,
    ServerKernelManager,
)

from metsedu.content import content_source
from metsedu.server.facilitator_handlers import FacilitatorContext
from metsedu.server.launch import _lesson_server
from metsedu.server.settings import ServerSettings
from metsedu.sessions import SessionStore
from tests.helpers import METSEDU
from tests.processes import free_port


def test_every_kernel_manager_shares_the_servers_event_logger(tmp_path):
    """jupyter_server makes a new logger per kernel unless its app has one: 100 learners
    left 100 named loggers in ``logging`` for good."""
    settings = ServerSettings(data_dir=str(tmp_path))
    store = SessionStore(settings.database())
    group = FacilitatorContext(store, "key", settings, "http://127.0.0.1:1/", content_source())
    app = _lesson_server(settings, group, content_source())()
    kernels = AsyncMappingKernelManager(parent=app, connection_dir=str(tmp_path))
    shared = app.event_logger
    assert ServerKernelManager(parent=kernels).event_logger is shared  # registers the schemas
    before = len(logging.Logger.manager.loggerDict)
    loggers = {id(ServerKernelManager(parent=kernels).event_logger) for _ in range(5)}
    assert loggers == {id(shared)}
    assert len(logging.Logger.manager.loggerDict) == before


def test_a_busy_port_stops_the_server_with_a_line_naming_the_port(tmp_path):
    """Voilà moved on to the next port while metsedu printed (and put in the QR code) this
    one: learners were sent to whatever else listened there."""
    port = free_port()
    with socket.socket() as other_server:
        other_server.bind(("127.0.0.1", port))
        other_server.listen()
        done = subprocess.run(
            [str(METSEDU), "serve", "--port", str(port), "--data-dir", str(tmp_path)],
            capture_output=True,
            text=True,
            timeout=60,
        )
    assert done.returncode != 0
    assert f"port {port} is already in use; stop the other server" in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1  # one line, no traceback
    assert "the lessons are at" not in done.stdout  # no address that leads elsewhere
