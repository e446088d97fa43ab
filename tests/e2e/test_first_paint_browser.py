"""First chart first, in Chromium (ui.first_paint): when the Overview's first chart paints,
it is the only chart on the page and the sidebar's filters are not there yet; then the
page completes by itself: every chart, the five filter pickers, no gate left."""

from __future__ import annotations

import pytest
from streamlit_browser import PageLog, app_exceptions, wait_for_app, wait_for_charts

# What the page holds at the instant the first chart's SVG appears.
RECORD = """
window.__atPaint = null;
new MutationObserver((records, observer) => {
  if (!document.querySelector('.st-key-overview-entities .js-plotly-plot .main-svg')) return;
  window.__atPaint = {
    charts: document.querySelectorAll('.js-plotly-plot').length,
    filters: document.querySelectorAll(
      '[data-testid="stSidebar"] [data-testid="stMultiSelect"]').length,
  };
  observer.disconnect();
}).observe(document, {childList: true, subtree: true});
"""
FILTERS = "[data-testid='stSidebar'] [data-testid='stMultiSelect']"


@pytest.mark.e2e
def test_the_first_chart_paints_alone_then_the_page_completes(
    app_url: str, page, page_log: PageLog
) -> None:
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.add_init_script(RECORD)
    page.goto(app_url)
    wait_for_app(page, timeout=90_000)
    at_paint = page.evaluate("window.__atPaint")
    assert at_paint == {"charts": 1, "filters": 0}
    assert wait_for_charts(page, 5) >= 5
    assert page.locator(FILTERS).count() == 5
    assert page.locator(".st-key-nl-first-paint").count() == 0
    assert not app_exceptions(page)
    assert page_log.page_errors == []
    assert page_log.console_errors == []
