"""Browser tests: the real Streamlit server, driven by Debian's Chromium through Playwright.

Fixtures:

- ``app_server(corpus, model=None)``: starts ``python -m streamlit run dashboard.py`` on a
  free port with a private NEWSLENS_CACHE, waits for ``/_stcore/health`` and returns the
  base URL. One server per (corpus, model) per session; all are stopped at the end.
- ``app_url``: the server on the seed corpus.
- ``browser``: one headless Chromium per session (``/usr/bin/chromium``; the tests are
  skipped with a reason when it is missing: ``apt-get install chromium``; never run
  Playwright's own browser download).
- ``page``: a fresh browser context and page per test. Every request not to localhost is
  aborted and recorded; a test that made one fails at teardown (an app that needs the
  internet is a defect), as does one that saw a JavaScript dialog.
- ``page_log``: what ``page`` recorded (see streamlit_browser.PageLog).

Every test here should carry ``@pytest.mark.e2e`` (``pytest -m "not e2e"`` skips them).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from streamlit_browser import PageLog, StreamlitServer

from benchmarks import _harness

REPO = Path(__file__).resolve().parents[2]
#: Debian's Chromium and the flags every browser here starts with: one declaration,
#: shared with the speed benchmarks (benchmarks/_harness.py).
CHROMIUM = Path(_harness.CHROMIUM)
CHROMIUM_ARGS = _harness.CHROMIUM_ARGS


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., str]]:
    """``app_server(corpus, model=None)`` -> base URL of a dashboard serving ``corpus``."""
    assert (REPO / "dashboard.py").is_file(), "dashboard.py is missing"
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
        pytest.skip(f"{CHROMIUM} not found: apt-get install chromium (never download a browser)")
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
