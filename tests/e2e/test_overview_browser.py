"""The Overview in Chromium: Plotly's toolbar (shown on hover) does not cover the top
bar of a bar chart (the figures keep a top margin for it)."""

from __future__ import annotations

import pytest
from streamlit_browser import PageLog, app_exceptions, wait_for_app, wait_for_charts


def overlap(a: dict, b: dict) -> bool:
    return not (a["x"] + a["width"] <= b["x"] or b["x"] + b["width"] <= a["x"]
                or a["y"] + a["height"] <= b["y"] or b["y"] + b["height"] <= a["y"])  # fmt: skip


@pytest.mark.e2e
def test_toolbar_leaves_the_top_bar_visible(app_url: str, page, page_log: PageLog) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app_url)
    wait_for_app(page, timeout=90_000)
    wait_for_charts(page, 3)
    assert not app_exceptions(page)
    for key in ("overview-entities", "overview-countries"):
        plot = page.locator(f".st-key-{key} .js-plotly-plot")
        plot.scroll_into_view_if_needed()
        plot.hover()
        toolbar = plot.locator(".modebar")
        toolbar.wait_for(state="visible", timeout=10_000)
        bars = plot.locator("g.trace.bars g.point path")
        boxes = [b for b in (bars.nth(i).bounding_box() for i in range(bars.count())) if b]
        top = min(boxes, key=lambda b: b["y"])  # the top bar: the most mentioned
        tools = toolbar.bounding_box()
        assert tools and not overlap(tools, top), (key, tools, top)
    assert page_log.page_errors == []
