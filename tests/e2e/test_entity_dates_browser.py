"""An entity's First seen / Last seen in Chromium (issue 19.4): the ISO dates are shown
whole, not cut, at a wide and a narrower window."""

from __future__ import annotations

import pytest
from streamlit_browser import PageLog, app_exceptions, go_to, wait_for_app

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("width", [1400, 1100])
def test_first_and_last_seen_are_not_cut(app_url: str, page, page_log: PageLog, width: int):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(app_url)
    wait_for_app(page, timeout=90_000)
    go_to(page, "Entities")
    picker = page.locator(".st-key-entities-pick input")
    picker.click()
    picker.fill("Iran")
    page.keyboard.press("Enter")
    wait_for_app(page)
    seen = {}
    for metric in page.locator("[data-testid='stMetric']").all():
        label = metric.locator("[data-testid='stMetricLabel']").inner_text().strip()
        if label in ("First seen", "Last seen"):
            value = metric.locator("[data-testid='stMetricValue'] > *").first
            text = value.inner_text().strip()
            wide, room = value.evaluate("e => [e.scrollWidth, e.clientWidth]")
            seen[label] = (text, wide <= room + 1, wide, room)
    assert set(seen) == {"First seen", "Last seen"}, seen
    for label, (text, whole, wide, room) in seen.items():
        assert text == "2024-06-13" and whole, (label, text, wide, room)
    assert not app_exceptions(page)
    assert page_log.page_errors == []
