"""benchmarks._harness, the parts that need no browser: alternating runs, paired figures,
CPU read at an instant, URL filter, commands, a server's start and stop, a revision's
extraction."""

from __future__ import annotations

import math
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from benchmarks import _harness as h

ROOT = Path(__file__).resolve().parents[2]


def test_alternate_runs_the_subjects_in_turn():
    calls = []

    def subject(name):
        def run():
            calls.append(name)
            return len(calls)

        return run

    got = h.alternate(3, {"a": subject("a"), "b": subject("b")})
    assert calls == ["a", "b", "a", "b", "a", "b"]
    assert got == {"a": [1, 3, 5], "b": [2, 4, 6]}
    assert h.alternate(0, {"a": subject("a")}) == {"a": []}


def test_paired_figures():
    got = h.paired([110.0, 220.0, 300.0], [100.0, 200.0, 150.0])
    assert got["paired_over_floor_ms"] == 20.0  # differences 10, 20, 150
    assert got["paired_ratio"] == pytest.approx(1.1)  # ratios 1.1, 1.1, 2.0
    assert got["best_over_floor_ms"] == 10.0  # 110 - 100
    with pytest.raises(ValueError):
        h.paired([1.0], [1.0, 2.0])


def test_medians_mark_a_missing_key_as_nan():
    got = h.medians([{"a": 1.0, "b": 2.0}, {"a": 3.0}], ["a", "b"])
    assert got["a"] == 2.0
    assert math.isnan(got["b"])
    # an odd number of runs: statistics.median would order the NaN arbitrarily
    odd = h.medians([{"a": 5.0, "b": 1.0}, {"a": 4.0}, {"a": 1.0, "b": 3.0}], ["a", "b"])
    assert odd["a"] == 4.0
    assert math.isnan(odd["b"])
    assert math.isnan(h.medians([{"a": 1.0}, {"a": float("nan")}, {"a": 3.0}], ["a"])["a"])


def test_cpu_at_interpolates_between_the_samples_around_the_instant():
    samples = [(10.0, 1.0), (11.0, 1.5), (13.0, 3.5)]
    assert h.cpu_at(samples, 10.5) == pytest.approx(1.25)
    assert h.cpu_at(samples, 12.0) == pytest.approx(2.5)
    assert h.cpu_at(samples, 11.0) == 1.5
    assert h.cpu_at(samples, 9.0) == 1.0  # before the first sample
    assert h.cpu_at(samples, 20.0) == 3.5  # after the last
    assert h.cpu_at([(1.0, 2.0), (1.0, 4.0)], 1.0) == 2.0  # two samples at one time
    with pytest.raises(ValueError):
        h.cpu_at([], 1.0)


@given(
    st.lists(st.tuples(st.floats(0, 1e3), st.floats(0, 1e3)), min_size=1, max_size=20).map(
        lambda pairs: sorted(pairs)
    ),
    st.floats(-10, 1.1e3),
)
def test_cpu_at_stays_within_the_samples_and_grows_with_time(pairs, instant):
    times = [t for t, _ in pairs]
    cpu = sorted(c for _, c in pairs)  # a cumulative CPU counter never goes down
    samples = list(zip(times, cpu, strict=True))
    got = h.cpu_at(samples, instant)
    assert min(cpu) - 1e-9 <= got <= max(cpu) + 1e-9
    assert h.cpu_at(samples, instant + 1.0) >= got - 1e-9


def test_only_this_machine_is_reachable():
    for url in ("http://127.0.0.1:8501/static/x.js", "http://localhost:1/", "ws://127.0.0.1/",
                "data:text/plain,x", "blob:http://127.0.0.1/abc"):  # fmt: skip
        assert h.is_local(url), url
    for url in ("https://fonts.gstatic.com/x.woff2", "http://example.com/", "http://10.0.0.1/"):
        assert not h.is_local(url), url


def test_commands(tmp_path):
    cmd = h.streamlit_command(Path("app.py"), 8600, ["--corpus", "c"])
    assert cmd[:4] == [sys.executable, "-m", "streamlit", "run"]
    assert cmd[cmd.index("--server.port") + 1] == "8600"
    assert cmd[-3:] == ["--", "--corpus", "c"]
    # the browser tests' and the load test's server: options before the script's "--"
    local = h.streamlit_command(Path("app.py"), 8600, ["--corpus", "c"], options=h.LOCAL_SERVER)
    assert local[: len(cmd) - 3] == cmd[:-3] and local[-3:] == cmd[-3:]
    between = local[len(cmd) - 3 : -3]
    assert dict(zip(between[::2], between[1::2], strict=True)) == {
        "--server.address": "127.0.0.1", "--server.fileWatcherType": "none"}  # fmt: skip
    assert h.tree_python(tmp_path) == sys.executable  # no .venv: this Python
    venv = tmp_path / ".venv" / "bin"
    venv.mkdir(parents=True)
    (venv / "python").write_text("")
    serve = h.tree_serve_command(tmp_path, Path("/c"), 8601)
    assert serve == [str(venv / "python"), "-m", "analysis", "serve", "/c", "--port", "8601"]
    user = h.newslens_command(Path("/c"), 8602)  # the launcher, as `newslens serve` runs it
    assert "ui.launch" in user and "8602" in user


# A stand-in for Streamlit: answers 200 on /_stcore/health.
_HEALTH = """
import http.server, sys
class H(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200 if self.path == "/_stcore/health" else 404)
        self.end_headers(); self.wfile.write(b"ok")
    def log_message(self, *a): pass
http.server.HTTPServer(("127.0.0.1", int(sys.argv[1])), H).serve_forever()
"""


def test_server_waits_for_health_then_stops(tmp_path):
    server = h.Server(lambda port: [sys.executable, "-c", _HEALTH, str(port)], {},
                      tmp_path / "s.log")  # fmt: skip
    with server:
        server.wait(timeout=30)
        assert h.healthy(server.url)
        assert server.start_ms > 0
        # the server's own CPU (an interpreter start at least), and it only grows
        assert 0 < server.start_cpu_s <= server.cpu()
    assert server.proc.poll() is not None  # stopped
    server.stop()  # twice is fine


def test_a_server_that_exits_is_reported(tmp_path):
    server = h.Server(lambda port: [sys.executable, "-c", "raise SystemExit(3)"], {},
                      tmp_path / "s.log")  # fmt: skip
    with server, pytest.raises(RuntimeError, match="exited with 3"):
        server.wait(timeout=30)


_DEAF = """
import signal, sys, time
signal.signal(signal.SIGTERM, signal.SIG_IGN)
print("ready", flush=True)
time.sleep(60)
"""


def test_stop_process_terminates_then_kills_a_process_that_ignores_it():
    polite = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    h.stop_process(polite)
    assert polite.returncode == -signal.SIGTERM
    deaf = subprocess.Popen([sys.executable, "-c", _DEAF], stdout=subprocess.PIPE, text=True)
    assert deaf.stdout.readline() == "ready\n"  # its SIGTERM handler is set
    started = time.monotonic()
    h.stop_process(deaf, timeout=0.5)
    assert deaf.returncode == -signal.SIGKILL and time.monotonic() - started < 10
    deaf.stdout.close()
    h.stop_process(deaf)  # an exited process: nothing to do


def test_extract_revision_unpacks_the_tree(tmp_path):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, check=True,
                          capture_output=True, text=True).stdout.strip()  # fmt: skip
    folder = h.extract_revision(head, tmp_path / "tree")
    assert (folder / "pyproject.toml").read_bytes() == subprocess.run(
        ["git", "show", f"{head}:pyproject.toml"], cwd=ROOT, check=True, capture_output=True
    ).stdout
    assert not (folder / ".git").exists()
