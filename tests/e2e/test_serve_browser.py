"""``newslens serve`` (the launcher, ui.launch) serves the dashboard a browser draws, with
the first page's work done before the server announces itself."""

from __future__ import annotations

import os
import subprocess
import time
from pathlib import Path

import pytest
from streamlit_browser import free_port

from analysis.__main__ import cli_parser, serve_command
from benchmarks._harness import STREAMLIT_ENV, stop_process

pytestmark = [pytest.mark.slow, pytest.mark.e2e]
REPO = Path(__file__).resolve().parents[2]


def test_newslens_serve_preloads_then_serves_the_overview(browser, seeds_dir, tmp_path):
    port = free_port()
    cmd = serve_command(cli_parser().parse_args(["serve", str(seeds_dir), "--port", str(port)]))
    env = {**os.environ, "NEWSLENS_CACHE": str(tmp_path / "cache"), "PYTHONUNBUFFERED": "1",
           **STREAMLIT_ENV}  # fmt: skip
    log = tmp_path / "log.txt"
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=out, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + 300
            while "You can now view" not in log.read_text(errors="replace"):
                assert proc.poll() is None and time.monotonic() < deadline, log.read_text()
                time.sleep(0.2)
            text = log.read_text(errors="replace")
            # the preload finished (corpus read, figures warmed) before the server announced
            assert text.index("NewsLens: preloaded the dashboard (") < text.index("You can now")
            assert "1 documents" in text.split("preloaded the dashboard", 1)[1].split(")")[0]
            context = browser.new_context(viewport={"width": 1400, "height": 1000})
            try:
                page = context.new_page()
                page.goto(f"http://127.0.0.1:{port}/")
                page.wait_for_selector(".js-plotly-plot .main-svg", timeout=120_000)
                page.get_by_text("Top entities").wait_for(timeout=60_000)
                page.get_by_text("Filters", exact=True).wait_for(timeout=60_000)
            finally:
                context.close()
            assert "Traceback" not in log.read_text(errors="replace")
        finally:
            stop_process(proc, timeout=20)
