"""Time from navigation to the first drawn Plotly chart: NewsLens against a floor.

    python -m benchmarks.first_draw [--corpus seeds] [--runs 5] [--out results.json]
                                    [--plain]

Measured in headless Debian Chromium (/usr/bin/chromium) through Playwright, every
request but localhost blocked. The clock is the page's own: ``performance.now()`` (zero
at navigation start) when the first ``.js-plotly-plot .main-svg`` appears, seen by a
MutationObserver installed before any page script runs.

* NewsLens is started the way users start it: ``newslens serve CORPUS --port N`` (the
  command line of analysis.__main__.serve_command, which ``make run`` also runs: the
  ui.launch launcher, i.e. ``streamlit run`` with the first page's imports and the
  corpus loaded in the server process as it starts). ``--plain`` adds NewsLens started
  with a bare ``streamlit run dashboard.py`` (no launcher) as a third app in the same run.
* The floor is a minimal Streamlit app drawing one small Plotly bar chart, started with a
  plain ``streamlit run`` with the same Streamlit options as ``newslens serve`` passes.
  Both get ``STREAMLIT_SERVER_ADDRESS=127.0.0.1`` and no file watcher from the environment.
* **cold**: a new server process (its analysis cache already on disk, so no NLP runs:
  this is a restart, not a first build), then the first browser session;
* **warm**: a new browser session (new context) on a server that has served a session.

The apps alternate run by run so all see the same load. Printed per case: medians,
NewsLens minus floor, NewsLens / floor, the median of the run-by-run differences and
ratios, the difference of the fastest runs, and the load average before and after.
Because a loaded machine stretches wall-clock times, each session also records CPU
seconds from navigation to the first drawn chart: the server process's
(``server_cpu_s``, psutil) and the browser's (``browser_cpu_s``, all Chromium processes,
CDP ``SystemInfo.getProcessInfo``); and each server its start: spawn to healthy
(``start_ms``) and the CPU seconds that took (``start_cpu_s``, where the launcher's
preload shows up). Absolute times depend on the machine and its load: compare only
figures from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

from analysis.__main__ import _parser, serve_command
from benchmarks.load_test import CHROMIUM, CHROMIUM_ARGS, free_port, healthy

REPO = Path(__file__).resolve().parents[1]
FLOOR_APP = """import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="floor")
"""
# Records (performance.now(), ms) when the app's first element shows, when the first
# chart's container arrives, and when the first Plotly chart has drawn its SVG.
OBSERVER = """
window.__marks = {};
new MutationObserver((records, observer) => {
  const m = window.__marks, now = performance.now();
  const main = '[data-testid="stMain"] [data-testid="stElementContainer"]';
  if (!m.element && document.querySelector(main)) m.element = now;
  if (!m.container && document.querySelector('[data-testid="stPlotlyChart"], .stPlotlyChart'))
    m.container = now;
  if (document.querySelector('.js-plotly-plot .main-svg')) {
    m.drawn = now;
    observer.disconnect();
  }
}).observe(document, {childList: true, subtree: true});
"""


#: Streamlit options every server gets from the environment (so ``newslens serve`` needs
#: no extra flags): loopback only, no file watcher.
STREAMLIT_ENV = {"STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
                 "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none"}  # fmt: skip


def newslens_command(corpus: Path, port: int) -> list[str]:
    """``newslens serve CORPUS --port N``: the user's command (the launcher)."""
    return serve_command(_parser().parse_args(["serve", str(corpus), "--port", str(port)]))


def plain_command(script: Path, port: int, args: list[str]) -> list[str]:
    """A bare ``streamlit run SCRIPT`` with the Streamlit options ``newslens serve`` passes."""
    return [sys.executable, "-m", "streamlit", "run", str(script), "--server.port", str(port),
            "--server.headless", "true", "--browser.gatherUsageStats", "false",
            "--", *args]  # fmt: skip


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of one process so far."""
    times = psutil.Process(pid).cpu_times()
    return times.user + times.system


class Server:
    """One server process started by ``command(port)``."""

    def __init__(self, command, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self._log = log.open("ab")
        self.started = time.monotonic()
        self.proc = subprocess.Popen(command(self.port), cwd=REPO, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT)  # fmt: skip
        self.start_ms = float("nan")
        self.start_cpu_s = float("nan")

    def wait(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"the server exited with {self.proc.returncode}")
            if healthy(self.url):
                self.start_ms = (time.monotonic() - self.started) * 1000
                self.start_cpu_s = self.cpu()
                return
            time.sleep(0.05)
        raise RuntimeError("the server did not become healthy")

    def cpu(self) -> float:
        """CPU seconds of the server process so far (``newslens serve`` execs Streamlit
        in place, so the pid is the server's)."""
        return cpu_seconds(self.proc.pid)

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def browser_cpu(cdp) -> dict[int, float]:
    """CPU seconds so far of each Chromium process (browser, renderers, GPU, network)."""
    return {p["id"]: p["cpuTime"] for p in cdp.send("SystemInfo.getProcessInfo")["processInfo"]}


def first_draw_ms(browser, server: Server, *, timeout_ms: float = 120_000) -> dict[str, float]:
    """Milliseconds from navigation start to the app's first element (``element``), the
    first chart's container (``container``) and its drawn SVG (``drawn``), new session;
    with the CPU seconds the server (``server_cpu_s``) and Chromium (``browser_cpu_s``)
    spent from navigation to the drawn chart."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    cdp = browser.new_browser_cdp_session()
    try:
        page = context.new_page()
        page.route("**/*", lambda route, req: route.continue_()
                   if req.url.startswith(("http://127.0.0.1", "http://localhost", "ws://",
                                          "data:", "blob:"))
                   else route.abort())  # fmt: skip
        page.add_init_script(OBSERVER)
        browser_before, server_before = browser_cpu(cdp), server.cpu()
        page.goto(server.url, wait_until="commit")
        page.wait_for_function("window.__marks.drawn", timeout=timeout_ms, polling=50)
        server_after, browser_after = server.cpu(), browser_cpu(cdp)
        marks = {k: float(v) for k, v in page.evaluate("window.__marks").items()}
        marks["server_cpu_s"] = server_after - server_before
        marks["browser_cpu_s"] = sum(
            cpu - browser_before.get(pid, 0.0) for pid, cpu in browser_after.items()
        )
        return marks
    finally:
        cdp.detach()
        context.close()


def measure(app: str, make_server, browser) -> dict[str, dict[str, float]]:
    """One cold and one warm measurement (marks in ms, CPU in s) of one app, and its start."""
    server = make_server()
    try:
        server.wait()
        cold = first_draw_ms(browser, server)
        warm = first_draw_ms(browser, server)
    finally:
        server.stop()
    start = {"start_ms": server.start_ms, "start_cpu_s": server.start_cpu_s}
    print(f"  {app}: {start}, cold {cold}, warm {warm}", file=sys.stderr)
    return {"cold": cold, "warm": warm, "start": start}


def paired(ours: list[dict[str, float]], floor: list[dict[str, float]]) -> dict[str, float]:
    """Load-robust views of run-by-run ``drawn`` marks: the median of the differences
    and of the ratios of each NewsLens run and the floor run right after it, and the
    difference of the fastest runs (the least disturbed by other processes)."""
    a = [run["drawn"] for run in ours]
    b = [run["drawn"] for run in floor]
    return {
        "paired_over_floor_ms": statistics.median(x - y for x, y in zip(a, b, strict=True)),
        "paired_ratio": statistics.median(x / y for x, y in zip(a, b, strict=True)),
        "best_over_floor_ms": min(a) - min(b),
    }


MARKS = ("element", "container", "drawn", "server_cpu_s", "browser_cpu_s")


def summarise(times: dict, starts: dict, result: dict) -> None:
    """Medians per app and case into ``result``, and the lines comparing each NewsLens
    variant with the floor (wall clock, then CPU seconds)."""
    floor_name = "floor"
    for case in ("cold", "warm"):
        marks = {
            name: {mark: statistics.median(run.get(mark, float("nan")) for run in runs[case])
                   for mark in MARKS}
            for name, runs in times.items()
        }  # fmt: skip
        floor = marks[floor_name]["drawn"]
        result[case] = {"marks": marks}
        print(f"  medians {case}: {json.dumps(marks)}")
        for name in (n for n in times if n != floor_name):
            ours = marks[name]["drawn"]
            result[case][name] = {"ms": ours, "floor_ms": floor, "over_floor_ms": ours - floor,
                                  "ratio": ours / floor,
                                  **paired(times[name][case], times[floor_name][case])}  # fmt: skip
            got = result[case][name]
            print(
                f"{case} {name}: {ours / 1000:.2f} s, floor {floor / 1000:.2f} s (medians): "
                f"+{(ours - floor) / 1000:.2f} s, x{ours / floor:.2f}; run by run: median "
                f"difference +{got['paired_over_floor_ms'] / 1000:.2f} s, median ratio "
                f"x{got['paired_ratio']:.2f}; fastest of each: "
                f"+{got['best_over_floor_ms'] / 1000:.2f} s; CPU to first draw: server "
                f"{marks[name]['server_cpu_s']:.2f} s (floor "
                f"{marks[floor_name]['server_cpu_s']:.2f}), browser "
                f"{marks[name]['browser_cpu_s']:.2f} s (floor "
                f"{marks[floor_name]['browser_cpu_s']:.2f})"
            )
    result["start"] = {
        name: {key: statistics.median(run[key] for run in runs) for key in runs[0]}
        for name, runs in starts.items()
    }
    for name, start in result["start"].items():
        print(f"start {name}: spawn to healthy {start['start_ms'] / 1000:.2f} s, "
              f"{start['start_cpu_s']:.2f} s CPU (medians)")  # fmt: skip


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    parser.add_argument("--plain", action="store_true",
                        help="also measure NewsLens started with a bare `streamlit run` "
                        "(no launcher), in the same run")  # fmt: skip
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="newslens-first-draw-"))
    floor_app = work / "floor_app.py"
    floor_app.write_text(FLOOR_APP, encoding="utf-8")
    env = {**os.environ, **STREAMLIT_ENV, "NEWSLENS_CACHE": str(work / "cache"),
           "PYTHONUNBUFFERED": "1"}  # fmt: skip
    corpus = args.corpus.resolve()
    subprocess.run([sys.executable, "-m", "analysis", "build", str(corpus), "--cache",
                    str(work / "cache"), "--workers", "1"], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    commands = {"newslens": lambda port: newslens_command(corpus, port),
                "floor": lambda port: plain_command(floor_app, port, [])}  # fmt: skip
    if args.plain:
        commands["newslens_plain"] = lambda port: plain_command(
            REPO / "dashboard.py", port, ["--corpus", str(corpus)]
        )
    load_before = os.getloadavg()
    times = {name: {"cold": [], "warm": []} for name in commands}
    starts: dict[str, list[dict[str, float]]] = {name: [] for name in commands}
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.runs):  # alternate, so all see the same load
            for name, command in commands.items():
                got = measure(name, lambda c=command, n=name: Server(c, env, work / f"{n}.log"),
                              browser)  # fmt: skip
                starts[name].append(got["start"])
                for case in ("cold", "warm"):
                    times[name][case].append(got[case])
        browser.close()
    result = {"corpus": str(corpus), "runs": args.runs, "loadavg_before": load_before,
              "loadavg_after": os.getloadavg(), "times": times, "starts": starts}  # fmt: skip
    summarise(times, starts, result)
    print(f"load average before {load_before}, after {result['loadavg_after']}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
