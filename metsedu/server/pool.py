"""Waiting kernels: a learner's kernel is idle from the moment the learner takes it.

Why: Voilà keeps each lesson already run in a waiting ("preheated") kernel and never culls a
kernel while it waits. But the idle clock jupyter_server culls by (``last_activity``) is the
time the kernel last did anything, which for a waiting kernel is when it finished running its
lesson, possibly twenty minutes before a learner arrives. Once taken, the kernel is no longer
"waiting", so the next cull pass finds it idle for far longer than ``cull_idle_seconds`` and
with no connection yet, and shuts it down in the seconds between the page being sent and the
page's websocket arriving. A phone needs those seconds (about 20 on a slow network) to load
the page's scripts, so its quiz never appeared.

:func:`start_idle_clock_when_taken` resets the clock when Voilà hands a waiting kernel to a
request, so the page has the whole ``cull_idle_seconds`` to connect, and logs how long the
kernel had waited.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from typing import Any


def start_idle_clock_when_taken(manager: Any) -> bool:
    """Make ``manager`` (Voilà's kernel manager) restart a waiting kernel's idle clock on take.

    Returns False, changing nothing, when the manager keeps no waiting kernels (preheat off).
    """
    take: Callable[..., Awaitable[tuple]] | None = getattr(manager, "get_rendered_notebook", None)
    if take is None:
        return False

    async def get_rendered_notebook(*args: Any, **kwargs: Any) -> tuple:
        render_task, rendered_cache, kernel_id = await take(*args, **kwargs)
        # No await between Voilà's take and this line: no cull pass can run in between.
        taken(manager, kernel_id, kwargs.get("notebook_name", args[0] if args else ""))
        return render_task, rendered_cache, kernel_id

    manager.get_rendered_notebook = get_rendered_notebook
    return True


def taken(manager: Any, kernel_id: str, notebook: str) -> None:
    """Restart ``kernel_id``'s idle clock, and say in the log how long it had waited."""
    kernel = getattr(manager, "_kernels", {}).get(kernel_id)
    if kernel is None:
        return
    now = datetime.now(UTC)  # jupyter_server keeps last_activity in UTC
    last = getattr(kernel, "last_activity", None)
    waited = int((now - last).total_seconds()) if last is not None else 0
    kernel.last_activity = now
    manager.log.info(
        "metsedu: waiting kernel %s taken for %s after %d s idle; its idle time starts now",
        kernel_id,
        notebook,
        waited,
    )
