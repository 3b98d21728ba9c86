"""Kernels serving lesson pages: how many there may be, whose they are, and which never came.

Why: every lesson page a browser asks for gets a kernel of its own (about 50 MiB), and
until now it lived until the cull (``--cull-idle-seconds``, 10 minutes) whether or not the
page's script ever connected to it. Ten requests from a script held half a gigabyte; a tab
closed before its widgets loaded, or a quick click from a lesson to the start page, left a
kernel behind each time. On a nurse's laptop that memory is the class's.

So the server keeps, for each kernel it hands to a page, the moment and the address that
asked (in memory only, for as long as the kernel lives), and:

* refuses a page, in plain words and without starting anything, when ``--max-kernels``
  kernels already serve pages, or ``--max-kernels-per-address`` serve that one address (a
  learner has a few tabs at most; a script has hundreds). A kernel serves a page while the
  page is on its way or connected; one whose page went away is the cull's and not counted;
* shuts down a kernel whose page's widgets have not come alive within
  ``--connect-grace-seconds`` and that has no page connected to it now (a phone on slow
  Wi-Fi needs about 20 s; the default leaves room for several times that). The page's
  widget manager asking for the widgets (its ``jupyter.widget.control`` comm, seen by
  :mod:`.kernel_channels`) is what counts as alive. A page that came alive and then went
  away is the cull's, as before.

Waiting kernels (the pool) are not counted: they serve no one yet, and their number is
the pool size.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

#: The address of the page request being served, for the kernel manager's wrappers.
REQUEST_ADDRESS: ContextVar[str | None] = ContextVar("metsedu_request_address", default=None)

Clock = Callable[[], float]


@dataclass
class PageKernel:
    address: str
    given: float
    alive: bool = False


class PageKernels:
    """The kernels a server handed to pages, with the caps and the grace period."""

    def __init__(
        self,
        manager: Any,
        max_total: int,
        max_per_address: int,
        grace_seconds: float,
        clock: Clock = time.monotonic,
    ) -> None:
        self.manager = manager
        self.max_total = max_total
        self.max_per_address = max_per_address
        self.grace_seconds = grace_seconds
        self.clock = clock
        self.kernels: dict[str, PageKernel] = {}

    # -- what the page handler asks --------------------------------------------------------

    def room_for(self, address: str) -> bool:
        """Whether a page for ``address`` may have a kernel now."""
        serving = self._serving()
        if len(serving) >= self.max_total:
            return False
        return sum(k.address == address for k in serving.values()) < self.max_per_address

    def is_full(self) -> bool:
        return len(self._serving()) >= self.max_total

    # -- what the kernel manager tells -----------------------------------------------------

    def given(self, kernel_id: str) -> None:
        """A kernel was handed to the page request now being served."""
        address = REQUEST_ADDRESS.get()
        if address is not None:
            self.kernels[kernel_id] = PageKernel(address, self.clock())

    def watch(self) -> None:
        """Wrap the manager's two ways of giving a page a kernel, to learn each kernel's page."""
        manager = self.manager
        take: Callable[..., Awaitable[tuple]] | None = getattr(
            manager, "get_rendered_notebook", None
        )
        start: Callable[..., Awaitable[str]] = manager.start_kernel

        if take is not None:

            async def get_rendered_notebook(*args: Any, **kwargs: Any) -> tuple:
                result = await take(*args, **kwargs)
                self.given(result[2])
                return result

            manager.get_rendered_notebook = get_rendered_notebook

        async def start_kernel(*args: Any, **kwargs: Any) -> str:
            kernel_id = await start(*args, **kwargs)
            # Voilà starts a page's own kernel (no waiting one left) with VOILA_PREHEAT
            # "False"; a kernel for the pool says "True" and serves no one yet.
            if (kwargs.get("env") or {}).get("VOILA_PREHEAT") == "False":
                self.given(kernel_id)
            return kernel_id

        manager.start_kernel = start_kernel

    def came_alive(self, kernel_id: str) -> None:
        """The page's widget manager asked for its widgets: the page is there."""
        kernel = self.kernels.get(kernel_id)
        if kernel is not None:
            kernel.alive = True

    # -- the sweep -------------------------------------------------------------------------

    def never_connected(self) -> list[str]:
        """Kernels whose page did not come alive in time and is not connected (forgets the gone)."""
        live_ids = set(self.manager.list_kernel_ids())
        connections = getattr(self.manager, "_kernel_connections", {})
        now = self.clock()
        late = []
        for kernel_id, kernel in list(self.kernels.items()):
            if kernel_id not in live_ids:
                del self.kernels[kernel_id]
            elif kernel.alive or connections.get(kernel_id, 0) > 0:
                continue
            elif now - kernel.given >= self.grace_seconds:
                late.append(kernel_id)
        return late

    async def sweep(self, log: Any) -> None:
        """Shut down the kernels whose page never connected; say so in the log."""
        for kernel_id in self.never_connected():
            self.kernels.pop(kernel_id, None)
            log.info(
                "metsedu: kernel %s: its page did not connect within %d s; shut down",
                kernel_id,
                self.grace_seconds,
            )
            try:
                await self.manager.shutdown_kernel(kernel_id)
            except Exception as error:  # gone already, or failing: the cull will try again
                log.warning("metsedu: kernel %s could not be shut down: %s", kernel_id, error)
            await asyncio.sleep(0)

    def _serving(self) -> dict[str, PageKernel]:
        """Kernels a page is waiting for or connected to.

        A kernel whose page came alive and then went away (a tab closed without its closing
        request, a phone asleep) is the cull's: it is not counted, so a learner who opens
        lesson after lesson on a phone that never says it closed a tab is not refused.
        """
        live_ids = set(self.manager.list_kernel_ids())
        connections = getattr(self.manager, "_kernel_connections", {})
        return {
            k: v
            for k, v in self.kernels.items()
            if k in live_ids and (not v.alive or connections.get(k, 0) > 0)
        }
