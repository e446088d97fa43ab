"""The Timeline page in Chromium with the internet blocked: the timeline and the volume
chart draw their markers and bars, a click on a marker opens that event's sentence and
document, and nothing leaves localhost. Saves docs/screenshots/timeline.png (1400x900).
"""

from __future__ import annotations

import pytest
from streamlit_browser import (
    PageLog,
    app_exceptions,
    go_to,
    screenshot_path,
    wait_for_app,
    wait_for_charts,
)

SCREENSHOT = screenshot_path("timeline.png")
TIMELINE = ".st-key-timeline-chart .js-plotly-plot"
POINTS = ".js-plotly-plot .scatterlayer .point"


@pytest.mark.e2e
def test_timeline_draws_markers_offline(app_url: str, page, page_log: PageLog) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    # Through the router: a first request straight to /timeline can meet Streamlit's
    # pages-folder mode (the page without dashboard.py's layout and sidebar).
    page.goto(app_url)
    wait_for_app(page, timeout=90_000)
    go_to(page, "Timeline")
    assert not app_exceptions(page)
    assert page.get_by_role("heading", name="Timeline", exact=True).count() == 1
    wait_for_charts(page, 2)  # the timeline and the events per day

    page.locator(POINTS).first.wait_for(state="visible", timeout=15_000)
    assert page.locator(POINTS).count() > 0
    assert page.locator(f"{TIMELINE} .scatterlayer .point").count() > 0
    assert page.locator(".js-plotly-plot .barlayer .point").count() > 0  # the volume bars
    assert page.locator(f"{TIMELINE} .rangeslider-container").count() == 1
    page.locator(TIMELINE).first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT))

    # A click on a marker opens the event: its sentence (highlighted) and its document.
    box = page.locator(f"{TIMELINE} .scatterlayer .point").first.bounding_box()
    assert box is not None
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.get_by_role("heading", name="The sentence in context").wait_for(timeout=20_000)
    wait_for_app(page)
    assert not app_exceptions(page)
    assert page.locator(".nl-context mark").count() == 1
    assert page.locator("a[href*='documents'][href*='doc=']").count() > 0

    assert not page_log.blocked, sorted(set(page_log.blocked))
    assert not page_log.page_errors, page_log.page_errors
