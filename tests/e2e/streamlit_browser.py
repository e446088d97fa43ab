"""Helpers for driving the running dashboard in Chromium (imported by tests in tests/e2e).

- :func:`wait_for_app`: the script run finished (connected, not running, no spinner).
- :func:`go_to`: click a page in the sidebar navigation and wait for it.
- :func:`plotly_charts`: the Plotly charts that have drawn their SVG.
- :func:`app_exceptions`: tracebacks Streamlit shows on the page (an app error).
- :class:`StreamlitServer`: one ``streamlit run dashboard.py`` on a free port.
- :class:`PageLog`: what the browser saw go wrong: page errors, console errors and the
  requests to anywhere but localhost, which were aborted.
- :func:`screenshot_path`: where a test saves its screenshot: the README's
  docs/screenshots/ only under ``make screenshots`` (NEWSLENS_SCREENSHOTS=1), a temporary
  folder otherwise, so a test run never changes tracked files.
"""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, Request, Route

from benchmarks import _harness

REPO = Path(__file__).resolve().parents[2]
STARTUP_TIMEOUT = 60.0
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
# schemes that never leave the machine: inline data, blobs made by the page, about:blank
LOCAL_SCHEMES = {"data", "blob", "about"}

#: set by ``make screenshots``: the browser tests then refresh the README's screenshots
SCREENSHOTS_ENV = "NEWSLENS_SCREENSHOTS"
_APP = "[data-testid='stApp']"
#: ui.first_paint.GATE_KEY (not imported: that would start Streamlit's caches in the test
#: process); tests/pages/test_first_paint.py checks they agree.
FIRST_PAINT_GATE = "nl-first-paint"
_IDLE = f"{_APP}[data-test-connection-state='CONNECTED'][data-test-script-state='notRunning']"


def screenshot_path(name: str) -> Path:
    """Where to save the screenshot ``name`` (e.g. "timeline.png"), its folder created."""
    if os.environ.get(SCREENSHOTS_ENV) == "1":
        folder = REPO / "docs" / "screenshots"
    else:
        # one folder, overwritten by each run (a folder per process piled up in /tmp)
        folder = Path(os.environ.get("TMPDIR", "/tmp")) / "newslens-screenshots"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / name


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
    loading show as skeletons (grey boxes) and are waited for too, and so is a page
    waiting for its first chart to paint before drawing the rest (ui.first_paint's gate).
    """
    deadline = time.monotonic() + timeout / 1000
    busy = page.locator(
        "[data-testid='stStatusWidgetRunningIcon'], [data-testid='stSpinner'], "
        f"[data-testid='stSkeleton'], .st-key-{FIRST_PAINT_GATE}"
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


# ---------------------------------------------------------------- the server


#: what streamlit logs when its port (set with --server.port) was taken before it bound it
_PORT_TAKEN = "is not available"  # streamlit/web/server/starlette/starlette_server.py


#: One free-port and one health check for browser tests and speed benchmarks alike.
free_port = _harness.free_port
_healthy = _harness.healthy


class StreamlitServer:
    """One ``streamlit run dashboard.py`` process and its log file."""

    def __init__(self, corpus: Path, *, cache_dir: Path, log: Path, model: str | None) -> None:
        self.log = log
        self._args = ["--corpus", str(corpus)] + (["--model", model] if model else [])
        self._env = {**os.environ, "NEWSLENS_CACHE": str(cache_dir), "PYTHONUNBUFFERED": "1"}
        self._log_fh = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self._launch()

    def _launch(self) -> None:
        """Start streamlit on a free port. Between :func:`free_port` closing its socket and
        streamlit binding the port another process may take it (tests run in parallel):
        :meth:`wait_healthy` then starts again on another port."""
        self.port = free_port()
        self.base_url = f"http://localhost:{self.port}"
        cmd = _harness.streamlit_command(Path("dashboard.py"), self.port, self._args,
                                         options=_harness.LOCAL_SERVER)  # fmt: skip
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=self._env, stdout=self._log_fh, stderr=subprocess.STDOUT
        )

    def wait_healthy(self, timeout: float = STARTUP_TIMEOUT, *, retries: int = 3) -> None:
        deadline = time.monotonic() + timeout
        while not _healthy(self.base_url):
            if self.proc.poll() is not None and retries and _PORT_TAKEN in self.tail():
                retries -= 1
                self._launch()
                continue
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited ({self.proc.returncode}):\n{self.tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after {timeout:.0f}s:\n{self.tail()}")
            time.sleep(0.2)

    def tail(self, chars: int = 3000) -> str:
        self._log_fh.flush()
        return self.log.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        _harness.stop_process(self.proc)
        self._log_fh.close()
