"""The installed command: ``newslens serve`` starts the dashboard the way ``make run`` does."""

from __future__ import annotations

import sys

from analysis.__main__ import DASHBOARD, LAUNCHER, _parser, serve_command


def test_serve_runs_the_dashboard_router_with_the_corpus(tmp_path):
    args = _parser().parse_args(["serve", str(tmp_path), "--port", "8600", "--model", "m"])
    cmd = serve_command(args)
    assert cmd[:4] == [sys.executable, "-m", LAUNCHER, "run"]
    assert cmd[4] == str(DASHBOARD) and DASHBOARD.is_file()
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    after = cmd[cmd.index("--") + 1 :]
    assert after == ["--corpus", str(tmp_path.resolve()), "--model", "m"]


def test_serve_without_a_corpus_leaves_the_dashboard_default():
    cmd = serve_command(_parser().parse_args(["serve"]))
    assert cmd[-1] == "--" and "--corpus" not in cmd
