"""The offline HTML report in Chromium, opened from file:// with every request blocked.

The report is built in a process that imported streamlit first (as the dashboard's
Downloads page does), from the seed corpus. Every chart must draw its SVG, in the
shared template's colours (never Streamlit's #000001... placeholders), with no axis label
cut at the edge of its chart, the world map filled with country paths, and the file
small. Saves docs/screenshots/report.png.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from streamlit_browser import screenshot_path

REPO = Path(__file__).resolve().parents[2]
SCREENSHOT = screenshot_path("report.png")
MAX_BYTES = 3_000_000
LAND = "rgb(238, 238, 238)"  # analysis.present.charts.countries.LAND_COLOUR

BUILD = """
import streamlit  # the dashboard's process: plotly's default template is now Streamlit's
import json, sys
from analysis.build import build_corpus
from analysis.filters import Filters
from analysis.present import html_report
corpus = build_corpus(sys.argv[1], cache_dir=sys.argv[2], workers=1)
html = html_report.html_report(corpus, Filters())
open(sys.argv[3], "w", encoding="utf-8").write(html)
print(json.dumps({"figures": len(html_report.report_figures(corpus))}))
"""

# Colours used in each drawn chart, and tick labels sticking out of their chart's box.
_INSPECT = """() => {
  const out = [];
  for (const plot of document.querySelectorAll('.plot')) {
    const svg = plot.querySelector('.main-svg');
    const box = svg ? svg.getBoundingClientRect() : null;
    const colours = new Set();
    const cut = [];
    let labels = 0;
    if (svg) {
      for (const el of plot.querySelectorAll('.main-svg *')) {
        const style = getComputedStyle(el);
        colours.add(style.fill); colours.add(style.stroke);
      }
      for (const t of plot.querySelectorAll('.xtick text, .ytick text, .legendtext')) {
        const r = t.getBoundingClientRect();
        labels += 1;
        if (r.width && (r.left < box.left - 1 || r.right > box.right + 1 ||
                        r.top < box.top - 1 || r.bottom > box.bottom + 1))
          cut.push(t.textContent);
      }
    }
    out.push({id: plot.id, drawn: !!svg, colours: [...colours], cut, labels});
  }
  return out;
}"""


@pytest.fixture(scope="module")
def built_report(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> tuple[Path, int]:
    folder = tmp_path_factory.mktemp("report")
    out = folder / "newslens-report.html"
    done = subprocess.run(
        [sys.executable, "-c", BUILD, str(seeds_dir), str(folder / "cache"), str(out)],
        cwd=REPO, capture_output=True, text=True, check=True, timeout=600,
    )  # fmt: skip
    return out, json.loads(done.stdout.strip().splitlines()[-1])["figures"]


@pytest.fixture
def offline_page(browser):
    """A page on which every request but file:, data: and blob: is aborted and recorded."""
    context = browser.new_context(viewport={"width": 1200, "height": 900})
    page = context.new_page()
    page.blocked, page.errors, page.console = [], [], []

    def route(route, request):
        if request.url.split(":", 1)[0] in {"file", "data", "blob"}:
            route.continue_()
        else:
            page.blocked.append(request.url)
            route.abort("blockedbyclient")

    page.route("**/*", route)
    page.on("pageerror", lambda exc: page.errors.append(str(exc)))
    page.on("console", lambda m: page.console.append(m.text) if m.type == "error" else None)
    yield page
    context.close()


@pytest.mark.e2e
def test_report_draws_every_chart_offline(offline_page, built_report) -> None:
    page = offline_page
    path, figures = built_report
    assert path.stat().st_size <= MAX_BYTES, path.stat().st_size
    page.goto(path.as_uri())
    page.wait_for_selector(f"body[data-plotted='{figures}']", timeout=60_000)
    assert page.locator("#nl-status").is_hidden()

    charts = page.evaluate(_INSPECT)
    assert len(charts) == figures
    assert sum(chart["labels"] for chart in charts) > 20  # the labels were looked at
    for chart in charts:
        assert chart["drawn"], chart["id"]
        colours = chart["colours"]
        placeholders = [c for c in colours if c.startswith("rgb(0, 0, ") and c != "rgb(0, 0, 0)"]
        assert not placeholders, (chart["id"], placeholders)
        assert not chart["cut"], (chart["id"], chart["cut"])

    countries = page.locator("path.choroplethlocation")
    assert countries.count() > 150  # every shipped country is a path
    fills = countries.evaluate_all("els => els.map(e => getComputedStyle(e).fill)")
    coloured = [f for f in fills if f not in (LAND, "none")]
    assert coloured, "no country is coloured"
    assert len(set(fills)) >= 2

    page.screenshot(path=str(SCREENSHOT), full_page=False)
    assert page.blocked == [] and page.errors == [] and page.console == []
