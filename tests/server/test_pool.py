"""A waiting kernel's idle clock restarts when a learner takes it (see metsedu/server/pool.py).

The browser test (ui-tests/test_cull_race_in_browser.py) shows it against a real server;
this one pins the clock itself, with a stand-in for Voilà's kernel manager.
"""

from __future__ import annotations

import asyncio
import logging
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace

from metsedu.server.pool import start_idle_clock_when_taken


class StandInManager:
    """Voilà's kernel manager as pool.py sees it: a take, the kernels and a log."""

    def __init__(self) -> None:
        long_ago = datetime.now(UTC) - timedelta(minutes=20)
        self._kernels = {"k1": SimpleNamespace(last_activity=long_ago)}
        self.log = logging.getLogger("stand-in")

    async def get_rendered_notebook(self, notebook_name: str, **kwargs) -> tuple:
        return "task", ["cell"], "k1"


def test_taking_a_waiting_kernel_restarts_its_idle_clock(caplog):
    manager = StandInManager()
    assert start_idle_clock_when_taken(manager)
    with caplog.at_level(logging.INFO, logger="stand-in"):
        result = asyncio.run(manager.get_rendered_notebook(notebook_name="02-bones.ipynb"))
    assert result == ("task", ["cell"], "k1")
    idle = datetime.now(UTC) - manager._kernels["k1"].last_activity
    assert idle < timedelta(seconds=5)
    assert "k1 taken for 02-bones.ipynb after 1200 s idle" in caplog.text


def test_a_manager_without_waiting_kernels_is_left_alone():
    assert not start_idle_clock_when_taken(SimpleNamespace())
