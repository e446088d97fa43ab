"""Helpers for driving the running dashboard in Chromium (imported by tests in tests/e2e).

- :func:`wait_for_app`: the script run finished (connected, not running, no spinner).
- :func:`go_to`: click a page in the sidebar navigation and wait for it.
- :func:`plotly_charts`: the Plotly charts that have drawn their SVG.
- :func:`app_exceptions`: tracebacks Streamlit shows on the page (an app error).
- :class:`PageLog`: what the browser saw go wrong: page errors, console errors and the
  requests to anywhere but localhost, which were aborted.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, Request, Route

LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# schemes that never leave the machine: inline data, blobs made by the page, about:blank
LOCAL_SCHEMES = {"data", "blob", "about"}

_APP = "[data-testid='stApp']"
_IDLE = f"{_APP}[data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"


@dataclass
class PageLog:
    """Errors and blocked requests recorded while a test drives a page."""

    blocked: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def attach(self, page: Page) -> None:
        """Record errors and dialogs of ``page``; abort every request that is not local."""
        page.route("**/*", self._route)
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))
        page.on("console", self._console)
        page.on("dialog", self._dialog)

    def _route(self, route: Route, request: Request) -> None:
        if is_local(request.url):
            route.continue_()
        else:
            self.blocked.append(request.url)
            route.abort("blockedbyclient")

    def _console(self, message) -> None:  # playwright ConsoleMessage
        if message.type == "error":
            self.console_errors.append(message.text)

    def _dialog(self, dialog) -> None:  # playwright Dialog: record, then dismiss
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


def is_local(url: str) -> bool:
    """True for URLs that stay on this machine (localhost, data:, blob:, about:)."""
    parts = urlsplit(url)
    if parts.scheme in LOCAL_SCHEMES:
        return True
    return parts.scheme in {"http", "https", "ws", "wss"} and parts.hostname in LOCAL_HOSTS


def wait_for_app(page: Page, *, timeout: float = 60_000, settle_ms: int = 250) -> None:
    """Wait until the app is connected, its script run has finished and it has drawn.

    A click reaches the server a moment after it happens, so the idle state must hold
    for ``settle_ms`` before the run counts as finished; elements whose code is still
    loading show as skeletons (grey boxes) and are waited for too.
    """
    deadline = time.monotonic() + timeout / 1000
    busy = page.locator(
        "[data-testid='stStatusWidgetRunningIcon'], [data-testid='stSpinner'], "
        "[data-testid='stSkeleton']"
    )
    while True:
        remaining = max(1.0, (deadline - time.monotonic()) * 1000)
        page.wait_for_selector(_IDLE, timeout=remaining, state="attached")
        page.wait_for_timeout(settle_ms)
        if page.locator(_IDLE).count() == 1 and busy.count() == 0:
            return
        if time.monotonic() > deadline:
            raise TimeoutError("the app did not finish running and drawing")


def go_to(page: Page, title: str, *, timeout: float = 60_000) -> None:
    """Open the page called ``title`` through the sidebar navigation, wait for its run.

    Waits for the address to show the page first: under load the old page can look idle
    for a while after the click.
    """
    link = page.locator("[data-testid='stSidebarNav'] a", has_text=title).first
    path = urlsplit(link.get_attribute("href") or "").path
    link.click()
    page.wait_for_url(lambda url: urlsplit(url).path == path, timeout=timeout)
    wait_for_app(page, timeout=timeout)


def nav_titles(page: Page) -> list[str]:
    """The page titles listed in the sidebar navigation (without their icons' names)."""
    links = page.locator("[data-testid='stSidebarNav'] a")
    return [t.strip().splitlines()[-1].strip() for t in links.all_inner_texts()]


def plotly_charts(page: Page) -> Locator:
    """Plotly charts on the page that have drawn (a .main-svg inside .js-plotly-plot)."""
    return page.locator(".js-plotly-plot").filter(has=page.locator(".main-svg"))


def wait_for_charts(page: Page, count: int = 1, *, timeout: float = 30_000) -> int:
    """Wait for at least ``count`` drawn Plotly charts; returns how many there are."""
    deadline = time.monotonic() + timeout / 1000
    while plotly_charts(page).count() < count:
        if time.monotonic() > deadline:
            raise TimeoutError(f"fewer than {count} Plotly charts were drawn")
        page.wait_for_timeout(200)
    return plotly_charts(page).count()


def app_exceptions(page: Page) -> list[str]:
    """Texts of the exception boxes Streamlit shows when a page raised."""
    return page.locator("[data-testid='stException']").all_inner_texts()


def dataframe_cells(page: Page) -> list[str]:
    """Texts of the cells of every st.dataframe on the page.

    The grid draws on a canvas; its cells are also kept as an accessible HTML table,
    which is what this reads (rows scrolled out of view may be missing).
    """
    grids = page.locator("[data-testid='stDataFrame']")
    cells = grids.locator("td")
    deadline = time.monotonic() + 10
    while grids.count() and not cells.count() and time.monotonic() < deadline:
        page.wait_for_timeout(100)  # the accessible table is filled after the first draw
    return cells.all_inner_texts()
