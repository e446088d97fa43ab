"""Time from navigation to the first drawn Plotly chart: NewsLens against a floor.

    python benchmarks/first_draw.py [--corpus seeds] [--runs 5] [--out results.json]

Measured in headless Debian Chromium (/usr/bin/chromium) through Playwright, every
request but localhost blocked. The clock is the page's own: ``performance.now()`` (zero
at navigation start) when the first ``.js-plotly-plot .main-svg`` appears, seen by a
MutationObserver installed before any page script runs.

* **cold**: a new ``streamlit run`` process (its analysis cache already on disk, so no
  NLP runs: this is a restart, not a first build), then the first browser session;
* **warm**: a new browser session (new context) on a server that has served a session.

The floor is a minimal Streamlit app drawing one small Plotly bar chart, measured the
same way in the same run, alternating with NewsLens run by run so both see the same load.
Prints medians of ``--runs`` per case, NewsLens minus floor, NewsLens / floor, the
median of the run-by-run differences and ratios, the difference of the fastest runs,
and the load average (``os.getloadavg``) before and after: absolute figures depend on
the machine and its load; compare only figures from one run.
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


class Server:
    """One ``streamlit run`` of ``script`` (extra arguments after ``--``)."""

    def __init__(self, script: Path, args: list[str], env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        cmd = [sys.executable, "-m", "streamlit", "run", str(script), "--server.headless", "true",
               "--server.port", str(self.port), "--server.address", "127.0.0.1",
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none",
               "--", *args]  # fmt: skip
        self._log = log.open("ab")
        self.proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=self._log,
                                     stderr=subprocess.STDOUT)  # fmt: skip

    def wait(self, timeout: float = 120.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"streamlit exited with {self.proc.returncode}")
            if healthy(self.url):
                return
            time.sleep(0.1)
        raise RuntimeError("streamlit did not become healthy")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self._log.close()


def first_draw_ms(browser, url: str, *, timeout_ms: float = 120_000) -> dict[str, float]:
    """Milliseconds from navigation start to the app's first element (``element``), the
    first chart's container (``container``) and its drawn SVG (``drawn``), new session."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    try:
        page = context.new_page()
        page.route("**/*", lambda route, req: route.continue_()
                   if req.url.startswith(("http://127.0.0.1", "http://localhost", "ws://",
                                          "data:", "blob:"))
                   else route.abort())  # fmt: skip
        page.add_init_script(OBSERVER)
        page.goto(url, wait_until="commit")
        page.wait_for_function("window.__marks.drawn", timeout=timeout_ms, polling=50)
        return {k: float(v) for k, v in page.evaluate("window.__marks").items()}
    finally:
        context.close()


def measure(app: str, make_server, browser) -> dict[str, dict[str, float]]:
    """One cold and one warm measurement (marks in ms) of one app."""
    server = make_server()
    try:
        server.wait()
        cold = first_draw_ms(browser, server.url)
        warm = first_draw_ms(browser, server.url)
    finally:
        server.stop()
    print(f"  {app}: cold {cold}, warm {warm}", file=sys.stderr)
    return {"cold": cold, "warm": warm}


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


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=REPO / "seeds")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="newslens-first-draw-"))
    floor_app = work / "floor_app.py"
    floor_app.write_text(FLOOR_APP, encoding="utf-8")
    env = {**os.environ, "NEWSLENS_CACHE": str(work / "cache"), "PYTHONUNBUFFERED": "1"}
    subprocess.run([sys.executable, "-m", "analysis", "build", str(args.corpus), "--cache",
                    str(work / "cache"), "--workers", "1"], cwd=REPO, env=env, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    apps = {
        "newslens": lambda: Server(REPO / "dashboard.py", ["--corpus", str(args.corpus)],
                                   env, work / "newslens.log"),
        "floor": lambda: Server(floor_app, [], env, work / "floor.log"),
    }  # fmt: skip
    load_before = os.getloadavg()
    times: dict[str, dict[str, list[dict[str, float]]]] = {
        name: {"cold": [], "warm": []} for name in apps
    }
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for _ in range(args.runs):  # alternate, so both see the same load
            for name, make in apps.items():
                got = measure(name, make, browser)
                for case in ("cold", "warm"):
                    times[name][case].append(got[case])
        browser.close()
    result = {"corpus": str(args.corpus), "runs": args.runs, "loadavg_before": load_before,
              "loadavg_after": os.getloadavg(), "times_ms": times}  # fmt: skip
    for case in ("cold", "warm"):
        marks = {
            name: {mark: statistics.median(run.get(mark, float("nan")) for run in runs)
                   for mark in ("element", "container", "drawn")}
            for name, runs in ((n, times[n][case]) for n in apps)
        }  # fmt: skip
        ours, floor = marks["newslens"]["drawn"], marks["floor"]["drawn"]
        result[case] = {"newslens_ms": ours, "floor_ms": floor, "over_floor_ms": ours - floor,
                        "ratio": ours / floor, "marks_ms": marks,
                        **paired(times["newslens"][case], times["floor"][case])}  # fmt: skip
        print(f"  medians {case}: {json.dumps(marks)}")
        print(
            f"{case}: NewsLens {ours / 1000:.2f} s, floor {floor / 1000:.2f} s (medians): "
            f"+{(ours - floor) / 1000:.2f} s, x{ours / floor:.2f}; run by run (NewsLens then "
            f"floor): median difference +{result[case]['paired_over_floor_ms'] / 1000:.2f} s, "
            f"median ratio x{result[case]['paired_ratio']:.2f}; fastest of each: "
            f"+{result[case]['best_over_floor_ms'] / 1000:.2f} s"
        )
    print(f"load average before {load_before}, after {result['loadavg_after']}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
