"""The sidebar's date filter in Chromium: both dates are shown whole, and picking a day
in the calendar applies the filter at once (the URL changes) without a click elsewhere."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit_browser import PageLog, app_exceptions, wait_for_app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "news"


@pytest.mark.e2e
def test_picking_a_day_applies_the_date_filter(app_server, page, page_log: PageLog) -> None:
    page.goto(app_server(FIXTURE, "rule-based"))
    wait_for_app(page, timeout=90_000)
    for key in ("flt_date_from", "flt_date_to"):  # the whole date fits in its field
        scroller = page.locator(f".st-key-{key} [data-testid='stDateInputFieldsScroller']")
        wide, room = scroller.evaluate("e => [e.scrollWidth, e.clientWidth]")
        assert wide <= room + 1, (key, wide, room)
    field = page.locator(".st-key-flt_date_from [data-testid='stDateInputField']")
    field.click()
    day = page.locator("[role='button'][aria-label*='March 6, 2024']").first
    day.click()
    page.wait_for_url(lambda url: "from=2024-03-06" in url, timeout=15_000)
    wait_for_app(page)
    assert not app_exceptions(page)
    assert page_log.page_errors == []
