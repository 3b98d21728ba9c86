"""Closing a learner's tab in the browser suite, without waiting forever on Chromium.

Why: when a tab is closed while a navigation in it commits, Chromium can acknowledge the
close and not do it (Chromium issue 536385539; playwright issues 42068 and 42366). Then
``page.close()`` waits forever for a close that never comes, and so does ``context.close()``,
which asks Chromium to dispose of the tab with its context. The tests that close tabs the
moment a page starts to arrive hit exactly that moment, and once held the whole CI run until
it was killed. Here the close is asked of Chromium directly, and asked again if the tab is
still open a moment later, which is what playwright's proposed fix does.
"""

from __future__ import annotations

from playwright.sync_api import BrowserContext, Page
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError


class Tab:
    """A page and Chromium's name for its tab, taken before anything can navigate it."""

    def __init__(self, context: BrowserContext) -> None:
        self.page: Page = context.new_page()
        session = context.new_cdp_session(self.page)
        self.target: str = session.send("Target.getTargetInfo")["targetInfo"]["targetId"]
        session.detach()

    def close(self, attempts: int = 5, wait_ms: int = 2_000) -> None:
        """Close the tab without running its ``beforeunload``, as a learner's closing tab
        that the page gets no chance to delay. Fails, never hangs, if Chromium keeps it open."""
        browser = self.page.context.browser
        assert browser is not None
        session = browser.new_browser_cdp_session()
        try:
            for _ in range(attempts):
                if self.page.is_closed():
                    return
                session.send("Target.closeTarget", {"targetId": self.target})
                try:
                    self.page.wait_for_event("close", timeout=wait_ms)
                except PlaywrightTimeoutError:
                    continue
                return
            if not self.page.is_closed():
                raise AssertionError(f"Chromium kept the tab open after {attempts} closes")
        finally:
            session.detach()
