"""The Entities page in Chromium (internet blocked): the bar chart, treemap and network
draw, a click on a bar opens that entity's sentences. Saves docs/screenshots/entities.png
(1400x900).

Named test_entities_browser.py, not test_entities_page.py: tests/ has no __init__.py
files, so two test modules with one basename (tests/pages/test_entities_page.py) break
collection of the whole suite.
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

SCREENSHOT = screenshot_path("entities.png")


def chart(page, key: str):
    """The drawn Plotly chart that the page created with ``key``."""
    return page.locator(f".st-key-{key} .js-plotly-plot").filter(has=page.locator(".main-svg"))


def click_widest(page, bars) -> None:
    """Click the middle of the longest bar with the mouse (Plotly's drag layer lies over
    the bars, so the click must land where a user's would, not on the path element)."""
    bars.first.evaluate("e => e.scrollIntoView({block: 'center'})")
    boxes = [b for b in (bars.nth(i).bounding_box() for i in range(bars.count())) if b]
    box = max(boxes, key=lambda b: b["width"])
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


@pytest.mark.e2e
def test_entities_charts_draw_and_a_bar_opens_the_detail(
    app_url: str, page, page_log: PageLog
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url)  # through the router, as a user arrives
    wait_for_app(page, timeout=90_000)
    go_to(page, "Entities")
    assert not app_exceptions(page)
    wait_for_charts(page, 3)
    for key in ("entities-bar", "entities-treemap", "entities-network"):
        assert chart(page, key).count() == 1, key
    bars = chart(page, "entities-bar").locator("g.trace.bars g.point path")
    assert bars.count() >= 5  # the seed names dozens of entities
    network_nodes = chart(page, "entities-network").locator("g.trace.scatter g.points path")
    assert network_nodes.count() >= 5
    heading = page.get_by_role("heading", name="Sentences naming")
    assert heading.count() == 0  # nothing picked yet

    click_widest(page, bars)
    wait_for_app(page)
    assert not app_exceptions(page)
    heading.wait_for(timeout=15_000)
    name = heading.inner_text().removeprefix("Sentences naming").strip()
    assert name and page.locator(".st-key-entities-pick input").input_value() == name
    marks = page.locator("mark")
    # The sentences stream in after their heading (a CI run under load counted 0 marks).
    marks.first.wait_for(timeout=15_000)
    assert marks.count() >= 1 and all(name.split()[-1] in m for m in marks.all_inner_texts())
    assert page.locator("a[href*='documents?'][href*='doc=']").count() >= 1
    wait_for_charts(page, 4)  # + mentions over time

    page.mouse.move(5, 5)  # no hover label in the picture
    page.locator("h1").first.scroll_into_view_if_needed()
    page.screenshot(path=str(SCREENSHOT))
    assert SCREENSHOT.stat().st_size > 10_000
    assert page_log.page_errors == []
