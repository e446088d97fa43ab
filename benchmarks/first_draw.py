"""Time from navigation to the first drawn Plotly chart: NewsLens against a floor.

    python -m benchmarks.first_draw [--corpus seeds] [--runs 5] [--out results.json]
                                    [--plain] [--baseline-tree /work/main]

Measured in headless Debian Chromium (/usr/bin/chromium) through Playwright, every
request but localhost blocked. The clock is the page's own: ``performance.now()`` (zero
at navigation start) when the first ``.js-plotly-plot .main-svg`` appears, seen by a
MutationObserver installed before any page script runs.

* NewsLens is started the way users start it: ``newslens serve CORPUS --port N`` (the
  command line of analysis.__main__.serve_command, which ``make run`` also runs: the
  ui.launch launcher, i.e. ``streamlit run`` with the first page's imports and the
  corpus loaded in the server process as it starts). ``--plain`` adds NewsLens started
  with a bare ``streamlit run dashboard.py`` (no launcher) as a third app in the same run;
  ``--baseline-tree DIR`` adds ``newslens serve`` from another checkout (e.g. main, with
  its own ``.venv``), its corpus built by its own code first (app ``baseline``).
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
CDP ``SystemInfo.getProcessInfo``), both sampled while the page is polled and read at the
``drawn`` instant (linear between the samples around it: work done right after the first
draw, such as the rest of a page drawn once its first chart has painted, is not counted);
``complete``: the page clock at the last change of the page before it went idle (every
element drawn); and each server its start: spawn to healthy (``start_ms``) and the CPU
seconds that took (``start_cpu_s``, where the launcher's preload shows up). Absolute
times depend on the machine and its load: compare only figures from one run.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from benchmarks._harness import (
    REPO,
    STREAMLIT_ENV,
    Server,
    alternate,
    browser_cpu,
    build_corpus,
    cpu_at,
    cpu_since,
    launch_browser,
    loadavg,
    local_only,
    medians,
    new_context,
    newslens_command,
    paired,
    streamlit_command,
    tree_serve_command,
    wait_idle,
)

FLOOR_APP = """import plotly.graph_objects as go
import streamlit as st

st.title("Floor")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="floor")
"""
# Records (performance.now(), ms) when the app's first element shows, when the first
# chart's container arrives, when the first Plotly chart has drawn its SVG, and the last
# change of the page after that (``complete``, read once the app is idle).
OBSERVER = """
window.__marks = {};
new MutationObserver(() => {
  const m = window.__marks, now = performance.now();
  if (m.drawn) { m.complete = now; return; }
  const main = '[data-testid="stMain"] [data-testid="stElementContainer"]';
  if (!m.element && document.querySelector(main)) m.element = now;
  if (!m.container && document.querySelector('[data-testid="stPlotlyChart"], .stPlotlyChart'))
    m.container = now;
  if (document.querySelector('.js-plotly-plot .main-svg')) m.drawn = m.complete = now;
}).observe(document, {childList: true, subtree: true});
"""
_DRAWN = "window.__marks.drawn ? {...window.__marks, origin: performance.timeOrigin} : null"


def _sample(cdp, server: Server, start: dict[int, float], server_start: float):
    """(epoch seconds, browser CPU since ``start``, server CPU since ``server_start``)."""
    before = time.time()
    browser = cpu_since(start, browser_cpu(cdp))
    ours = server.cpu() - server_start
    return ((before + time.time()) / 2, browser, ours)


def first_draw_ms(
    browser, server: Server, *, timeout_ms: float = 120_000, poll_s: float = 0.03
) -> dict[str, float]:
    """Milliseconds from navigation start to the app's first element (``element``), the
    first chart's container (``container``), its drawn SVG (``drawn``) and the page's last
    change before it went idle (``complete``), new session; with the CPU seconds the server
    (``server_cpu_s``) and Chromium (``browser_cpu_s``) spent from navigation to ``drawn``."""
    context = new_context(browser)
    cdp = browser.new_browser_cdp_session()
    try:
        page = context.new_page()
        local_only(page)
        page.add_init_script(OBSERVER)
        start, server_start = browser_cpu(cdp), server.cpu()
        samples = [_sample(cdp, server, start, server_start)]
        deadline = time.monotonic() + timeout_ms / 1000
        page.goto(server.url, wait_until="commit")
        while True:
            marks = page.evaluate(_DRAWN)
            samples.append(_sample(cdp, server, start, server_start))
            if marks:
                break
            if time.monotonic() > deadline:
                raise TimeoutError("no chart was drawn")
            time.sleep(poll_s)
        drawn_at = (marks["origin"] + marks["drawn"]) / 1000  # epoch seconds
        wait_idle(page, timeout_ms)
        marks = page.evaluate("window.__marks")
        out = {k: float(v) for k, v in marks.items()}
        out["browser_cpu_s"] = cpu_at([(t, b) for t, b, _ in samples], drawn_at)
        out["server_cpu_s"] = cpu_at([(t, s) for t, _, s in samples], drawn_at)
        return out
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


MARKS = ("element", "container", "drawn", "complete", "server_cpu_s", "browser_cpu_s")


def summarise(times: dict, starts: dict, result: dict) -> None:
    """Medians per app and case into ``result``, and the lines comparing each NewsLens
    variant with the floor (wall clock, then CPU seconds)."""
    floor_name = "floor"
    for case in ("cold", "warm"):
        marks = {name: medians(runs[case], MARKS) for name, runs in times.items()}
        floor = marks[floor_name]["drawn"]
        result[case] = {"marks": marks}
        print(f"  medians {case}: {json.dumps(marks)}")
        for name in (n for n in times if n != floor_name):
            ours = marks[name]["drawn"]
            drawn = [r["drawn"] for r in times[name][case]]
            floor_drawn = [r["drawn"] for r in times[floor_name][case]]
            result[case][name] = {"ms": ours, "floor_ms": floor, "over_floor_ms": ours - floor,
                                  "ratio": ours / floor, **paired(drawn, floor_drawn)}  # fmt: skip
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
                f"{marks[floor_name]['browser_cpu_s']:.2f}); page complete "
                f"{marks[name]['complete'] / 1000:.2f} s"
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
    parser.add_argument("--baseline-tree", type=Path,
                        help="also measure `newslens serve` from this checkout (e.g. "
                        "/work/main, with its .venv), in the same run")  # fmt: skip
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="newslens-first-draw-"))
    floor_app = work / "floor_app.py"
    floor_app.write_text(FLOOR_APP, encoding="utf-8")
    env = {**os.environ, **STREAMLIT_ENV, "NEWSLENS_CACHE": str(work / "cache"),
           "PYTHONUNBUFFERED": "1"}  # fmt: skip
    corpus = args.corpus.resolve()
    build_corpus(corpus, work / "cache", env)
    commands = {"newslens": (lambda port: newslens_command(corpus, port), REPO),
                "floor": (lambda port: streamlit_command(floor_app, port, []), REPO)}  # fmt: skip
    if args.plain:
        commands["newslens_plain"] = (
            lambda port: streamlit_command(REPO / "dashboard.py", port, ["--corpus", str(corpus)]),
            REPO,
        )
    if args.baseline_tree:
        tree = args.baseline_tree.resolve()
        build_corpus(corpus, work / "cache", env, tree=tree)  # its own code's cache key
        commands["baseline"] = (lambda port: tree_serve_command(tree, corpus, port), tree)
    load_before = loadavg()
    with sync_playwright() as pw:
        browser = launch_browser(pw)
        got = alternate(args.runs, {  # alternate, so all see the same load
            name: lambda c=command, d=cwd, n=name: measure(
                n, lambda: Server(c, env, work / f"{n}.log", cwd=d), browser)
            for name, (command, cwd) in commands.items()
        })  # fmt: skip
        browser.close()
    times = {name: {case: [run[case] for run in runs] for case in ("cold", "warm")}
             for name, runs in got.items()}  # fmt: skip
    starts = {name: [run["start"] for run in runs] for name, runs in got.items()}
    result = {"corpus": str(corpus), "runs": args.runs, "loadavg_before": load_before,
              "loadavg_after": loadavg(), "times": times, "starts": starts}  # fmt: skip
    summarise(times, starts, result)
    print(f"load average before {load_before}, after {result['loadavg_after']}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
