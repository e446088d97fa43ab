"""The dashboard builds a corpus big enough for the worker pool (more than one chunk).

Every other browser test opens a corpus of one chunk (64 documents or fewer), which the
build analyses in the server process. Here 150 documents on an empty cache make
analysis.build.run_local start spawned worker processes from inside Streamlit. A spawned
child re-imports the parent's main module; if that is the dashboard script, each worker
runs the whole app in "bare mode" instead of serving tasks and the build never finishes.
The test fails as soon as the server log shows that, instead of waiting for a timeout.
"""

from __future__ import annotations

import time

import pytest
from streamlit_browser import StreamlitServer, app_exceptions, wait_for_app

N_DOCS = 150  # three chunks of 64
BARE_MODE = "to view a Streamlit app on a browser"
IDLE = "[data-testid='stApp'][data-test-script-state='notRunning']"


@pytest.mark.e2e
def test_dashboard_builds_a_multi_chunk_corpus(tmp_path, news_corpus, page):
    corpus = news_corpus(tmp_path / "corpus", N_DOCS)
    server = StreamlitServer(
        corpus, cache_dir=tmp_path / "cache", log=tmp_path / "log.txt", model=None
    )
    try:
        server.wait_healthy()
        page.goto(server.base_url)
        deadline = time.monotonic() + 240
        while True:
            log = server.tail(20_000)
            assert BARE_MODE not in log, (
                "worker processes re-ran dashboard.py instead of analysing (spawn imports "
                f"the main module); the build hangs. Server log:\n{log[-1500:]}"
            )
            if page.locator(IDLE).count() and page.get_by_text("150 documents").count():
                break
            assert time.monotonic() < deadline, f"build not finished:\n{log[-1500:]}"
            page.wait_for_timeout(500)
        wait_for_app(page)
        assert app_exceptions(page) == []
    finally:
        server.stop()
