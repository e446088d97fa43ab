"""Switching to the Timeline on a warm server: time from the click to its charts drawn.

    python -m benchmarks.timeline_switch [--corpus PATH] [--cache DIR] [--runs 5] [--out F]

Issue 19: on the 18,781-article Reuters-21578 corpus, switching to the Timeline page on a
warm server must paint its charts in at most 1.5 s. Measured in headless Debian Chromium
(/usr/bin/chromium) through Playwright, every request but localhost blocked, by the
page's own clock: ``performance.now()`` at the click on "Timeline" in the sidebar, then
when both Timeline charts (``timeline-chart``, ``timeline-volume``) have drawn their SVG,
seen by a MutationObserver.

* The server is started once on ``--corpus`` with ``--cache`` and warmed: a first
  session opens the Overview and waits until the app is idle (the corpus is loaded).
* ``first``: that session then switches to the Timeline (the Timeline's own memoised
  tables and figures are still cold: what the first visitor of the page waits).
* ``warm``: ``--runs`` new sessions each open the Overview, wait until idle, then switch
  (the Timeline's memoised preparation is shared, as between users of one server).

The floor, measured the same way in the same run and alternating with NewsLens, is a
minimal two-page Streamlit app switching from a one-chart page to a two-chart page.
Prints the medians, NewsLens minus floor and NewsLens / floor, and the load average.

``--cache`` may point at a cache already built for ``--corpus`` by the same code (then
nothing is rebuilt; the cache key covers analysis/ outside analysis/present, so an edit
there selects a new, empty cache folder). Without ``--cache`` the corpus is built first
into a private folder (Reuters: minutes on an idle machine, with one worker).
Without ``--corpus`` the Reuters corpus is converted by benchmarks/reuters_to_corpus.py.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
from pathlib import Path

from benchmarks._harness import (
    REPO,
    Server,
    alternate,
    build_corpus,
    launch_browser,
    loadavg,
    local_only,
    new_context,
    streamlit_command,
    wait_idle,
)

FLOOR_MAIN = """import streamlit as st

st.navigation([st.Page("floor_one.py", title="One", default=True),
               st.Page("floor_two.py", title="Timeline")]).run()
"""
FLOOR_ONE = """import plotly.graph_objects as go
import streamlit as st

st.title("One")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="one")
"""
FLOOR_TWO = """import plotly.graph_objects as go
import streamlit as st

st.title("Timeline")
st.plotly_chart(go.Figure(go.Scatter(x=[1, 2, 3], y=[3, 1, 2], mode="markers")),
                key="timeline-chart")
st.plotly_chart(go.Figure(go.Bar(x=["a", "b", "c"], y=[3, 1, 2])), key="timeline-volume")
"""
# Records performance.now() when both Timeline charts have drawn (keys as in pages/).
OBSERVER = """() => {
  window.__drawn = null;
  const done = () => ['timeline-chart', 'timeline-volume'].every(
    k => document.querySelector(`.st-key-${k} .js-plotly-plot .main-svg`));
  new MutationObserver((records, observer) => {
    if (done()) { window.__drawn = performance.now(); observer.disconnect(); }
  }).observe(document, {childList: true, subtree: true});
  return performance.now();
}"""


def switch_ms(context, url: str, *, timeout_ms: float = 600_000) -> float:
    """Open ``url`` (the first page), wait until idle, click "Timeline" in the sidebar
    navigation; milliseconds from the click to both Timeline charts drawn."""
    page = context.new_page()
    local_only(page)
    page.goto(url, wait_until="commit")
    page.wait_for_selector(".js-plotly-plot .main-svg", timeout=timeout_ms)
    wait_idle(page, timeout_ms, settle_ms=500)  # the corpus loaded, the page complete
    link = page.locator("[data-testid='stSidebarNav'] a", has_text="Timeline").first
    link.wait_for(timeout=timeout_ms)
    start = page.evaluate(OBSERVER)
    link.click()
    page.wait_for_function("window.__drawn", timeout=timeout_ms, polling=50)
    return float(page.evaluate("window.__drawn")) - float(start)


def measure(servers: dict[str, Server], browser, runs: int) -> dict[str, dict]:
    """Per app: the first switch on its freshly started server, then ``runs`` switches in
    new sessions, the apps alternating session by session so both see the same load."""

    def one(name: str, server: Server, case: str):
        def run() -> float:
            context = new_context(browser)
            try:
                ms = switch_ms(context, server.url)
            finally:
                context.close()
            print(f"  {name} {case}: {ms:.0f} ms", file=sys.stderr)
            return ms

        return run

    first = alternate(1, {n: one(n, s, "first") for n, s in servers.items()})
    warm = alternate(runs, {n: one(n, s, "warm") for n, s in servers.items()})
    return {name: {"first": first[name][0], "warm": warm[name]} for name in servers}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, help="default: Reuters-21578, converted")
    parser.add_argument("--cache", type=Path, help="an analysis cache built for --corpus")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    work = Path(tempfile.mkdtemp(prefix="newslens-timeline-switch-"))
    corpus = args.corpus
    if corpus is None:
        from benchmarks.reuters_to_corpus import DEFAULT_OUT, DEFAULT_SRC, convert

        corpus = DEFAULT_OUT
        if not corpus.exists():
            convert(DEFAULT_SRC, corpus)
    cache = args.cache or work / "cache"
    env = {**os.environ, "NEWSLENS_CACHE": str(cache), "PYTHONUNBUFFERED": "1"}
    env.pop("NEWSLENS_MODEL", None)
    if args.cache is None:
        build_corpus(corpus, cache, env)
    for name, text in (("floor_app.py", FLOOR_MAIN), ("floor_one.py", FLOOR_ONE),
                       ("floor_two.py", FLOOR_TWO)):  # fmt: skip
        (work / name).write_text(text, encoding="utf-8")
    apps = {
        "newslens": lambda: Server(lambda port: streamlit_command(
            REPO / "dashboard.py", port, ["--corpus", str(corpus)]), env,
            work / "newslens.log"),
        "floor": lambda: Server(lambda port: streamlit_command(work / "floor_app.py", port),
                                env, work / "floor.log"),
    }  # fmt: skip
    result: dict = {"corpus": str(corpus), "cache": str(cache), "runs": args.runs,
                    "loadavg_before": loadavg()}  # fmt: skip
    servers = {name: make() for name, make in apps.items()}
    try:
        for server in servers.values():
            server.wait(timeout=3600)
        with sync_playwright() as pw:
            browser = launch_browser(pw)
            result.update(measure(servers, browser, args.runs))
            browser.close()
    finally:
        for server in servers.values():
            server.stop()
    result["loadavg_after"] = loadavg()
    ours, floor = result["newslens"], result["floor"]
    for case in ("first", "warm"):
        a = ours[case] if case == "first" else statistics.median(ours[case])
        b = floor[case] if case == "first" else statistics.median(floor[case])
        result[case] = {"newslens_ms": a, "floor_ms": b, "over_floor_ms": a - b, "ratio": a / b}
        print(f"{case}: NewsLens {a / 1000:.2f} s, floor {b / 1000:.2f} s, "
              f"+{(a - b) / 1000:.2f} s, x{a / b:.2f}")  # fmt: skip
    pairs = list(zip(ours["warm"], floor["warm"], strict=True))
    result["warm"]["paired_over_floor_ms"] = statistics.median(x - y for x, y in pairs)
    result["warm"]["best_ms"] = min(ours["warm"])
    diff = result["warm"]["paired_over_floor_ms"] / 1000
    print(f"warm, run by run: median difference +{diff:.2f} s; "
          f"fastest NewsLens switch {min(ours['warm']) / 1000:.2f} s")  # fmt: skip
    print(f"load average before {result['loadavg_before']}, after {result['loadavg_after']}")
    if args.out:
        args.out.write_text(json.dumps(result, indent=2), encoding="utf-8")
    return result


if __name__ == "__main__":
    main()
