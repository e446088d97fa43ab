"""ui.launch: the first session of a server started by ``newslens serve`` finds the router's
and the Overview's modules imported and the startup corpus loaded (benchmarks/first_draw.py
measures what that saves)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from ui import launch

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "news"

# Runs in a fresh interpreter: the preload, then the dashboard's first run (AppTest) with
# the build replaced by a failure, listing the modules that run imported.
_FIRST_SESSION = """
import json, os, sys
from ui import launch
launch.preload(sys.argv[1:], os.environ)
from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest
import ui.state

def no_build(*args, **kwargs):
    raise AssertionError("the first session built or read the corpus itself")

ui.state.build_corpus = no_build
init = PagesManager.__init__
def routed(self, *args, **kwargs):
    init(self, *args, **kwargs)
    PagesManager.uses_pages_directory = False
PagesManager.__init__ = routed
before = set(sys.modules)
at = AppTest.from_file(os.path.join(os.getcwd(), "dashboard.py"), default_timeout=120)
at.run()
ours = ("analysis", "ui", "pandas", "plotly", "scipy", "numpy")
new = sorted(m for m in set(sys.modules) - before if m.split(".")[0] in ours)
print(json.dumps({"new": new, "exceptions": [str(e.value) for e in at.exception],
                  "charts": len(at.get("plotly_chart"))}))
"""


@pytest.mark.slow  # a fresh interpreter: imports, a small build, one dashboard run
def test_first_session_after_preload_imports_nothing_and_reads_no_corpus(tmp_path):
    env = {**os.environ, "NEWSLENS_CACHE": str(tmp_path / "cache"),
           "NEWSLENS_CORPUS": str(FIXTURE), "NEWSLENS_MODEL": "rule-based"}  # fmt: skip
    out = subprocess.run(
        [sys.executable, "-c", _FIRST_SESSION, "--corpus", str(FIXTURE)],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=True,
    )  # fmt: skip
    got = json.loads(out.stdout.strip().splitlines()[-1])
    assert got["exceptions"] == []
    assert got["charts"] >= 1  # the Overview was drawn, from the preloaded corpus
    assert got["new"] == []


def test_dashboard_args_are_those_after_the_separator():
    argv = ["run", "dashboard.py", "--server.port", "8501", "--", "--corpus", "x"]
    assert launch.dashboard_args(argv) == ["--corpus", "x"]
    assert launch.dashboard_args(["run", "dashboard.py"]) == []


def test_a_failing_preload_is_logged_not_raised(tmp_path, monkeypatch, caplog):
    """The server starts whatever the preload meets; an unexpected error is logged."""
    import ui.state

    def broken(start):
        raise RuntimeError("disk on fire")

    monkeypatch.setattr(ui.state, "warm", broken)
    launch.preload(["--corpus", str(FIXTURE), "--cache", str(tmp_path / "c")], {})
    assert "disk on fire" in caplog.text


def test_a_corpus_that_cannot_be_read_leaves_the_slot_to_the_first_session(tmp_path):
    """A missing corpus: warm gives None (the session shows the error), nothing raised."""
    from ui import config, state

    start = config.parse_startup(["--corpus", str(tmp_path / "nowhere"),
                                  "--cache", str(tmp_path / "c")], {})  # fmt: skip
    assert state.warm(start) is None
