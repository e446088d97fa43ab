"""Browser tests: the real Streamlit server, driven by Debian's Chromium through Playwright.

Fixtures:

- ``app_server(corpus, model=None)``: starts ``python -m streamlit run dashboard.py`` on a
  free port with a private NEWSLENS_CACHE, waits for ``/_stcore/health`` and returns the
  base URL. One server per (corpus, model) per session; all are stopped at the end.
- ``app_url``: the server on the seed corpus.
- ``browser``: one headless Chromium per session (``/usr/bin/chromium``; the tests are
  skipped with a reason when it is missing: ``apt-get install chromium``; never run
  ``playwright install``).
- ``page``: a fresh browser context and page per test. Every request not to localhost is
  aborted and recorded; a test that made one fails at teardown (an app that needs the
  internet is a defect), as does one that saw a JavaScript dialog.
- ``page_log``: what ``page`` recorded (see streamlit_browser.PageLog).

Every test here should carry ``@pytest.mark.e2e`` (``pytest -m "not e2e"`` skips them).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit_browser import PageLog

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--disable-dev-shm-usage",
]
STARTUP_TIMEOUT = 60.0


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _healthy(base_url: str) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=2) as resp:
            return resp.status == 200 and resp.read().strip() == b"ok"
    except OSError:
        return False


class StreamlitServer:
    """One ``streamlit run dashboard.py`` process and its log file."""

    def __init__(self, corpus: Path, *, cache_dir: Path, log: Path, model: str | None) -> None:
        self.port = free_port()
        self.base_url = f"http://localhost:{self.port}"
        self.log = log
        cmd = [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "dashboard.py",
            "--server.headless",
            "true",
            "--server.port",
            str(self.port),
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
            "--server.fileWatcherType",
            "none",
            "--",
            "--corpus",
            str(corpus),
        ]
        if model:
            cmd += ["--model", model]
        env = {**os.environ, "NEWSLENS_CACHE": str(cache_dir), "PYTHONUNBUFFERED": "1"}
        self._log_fh = open(log, "wb")  # noqa: SIM115 - closed in stop()
        self.proc = subprocess.Popen(
            cmd, cwd=REPO, env=env, stdout=self._log_fh, stderr=subprocess.STDOUT
        )

    def wait_healthy(self, timeout: float = STARTUP_TIMEOUT) -> None:
        deadline = time.monotonic() + timeout
        while not _healthy(self.base_url):
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited ({self.proc.returncode}):\n{self.tail()}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"streamlit not healthy after {timeout:.0f}s:\n{self.tail()}")
            time.sleep(0.2)

    def tail(self, chars: int = 3000) -> str:
        self._log_fh.flush()
        return self.log.read_text(errors="replace")[-chars:]

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log_fh.close()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """``app_server(corpus, model=None)`` -> base URL of a dashboard serving ``corpus``."""
    if not (REPO / "dashboard.py").exists():
        pytest.skip("dashboard.py does not exist yet")
    servers: dict[tuple[str, str | None], StreamlitServer] = {}

    def start(corpus: Path, model: str | None = None) -> str:
        key = (str(corpus), model)
        if key not in servers:
            folder = tmp_path_factory.mktemp("streamlit")
            server = StreamlitServer(
                corpus, cache_dir=folder / "cache", log=folder / "log.txt", model=model
            )
            servers[key] = server
            server.wait_healthy()
        return servers[key].base_url

    yield start
    for server in servers.values():
        server.stop()


@pytest.fixture(scope="session")
def app_url(app_server: Callable[..., str], seeds_dir: Path) -> str:
    """Base URL of the dashboard on the seed corpus."""
    return app_server(seeds_dir)


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium (never playwright install)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page_log() -> PageLog:
    return PageLog()


@pytest.fixture
def page(browser, page_log: PageLog) -> Iterator[object]:
    """A new page (own context: no shared cookies or storage) with requests checked."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    context.set_default_timeout(30_000)
    tab = context.new_page()
    page_log.attach(tab)
    yield tab
    context.close()
    if page_log.blocked:
        pytest.fail(f"the page tried to reach the internet: {sorted(set(page_log.blocked))}")
    if page_log.dialogs:
        pytest.fail(f"a JavaScript dialog opened: {page_log.dialogs}")
