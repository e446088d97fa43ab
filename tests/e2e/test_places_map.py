"""The places layer of the Countries page in Chromium with the internet blocked (issue 18):
the points map draws its orange points over the shipped country outlines, a click on a
point opens that place's sentences, and nothing leaves localhost. Saves places.png
(docs/screenshots/ under ``make screenshots``, a temporary folder otherwise).
"""

from __future__ import annotations

import io
import time

import pytest
from PIL import Image
from streamlit_browser import (
    PageLog,
    app_exceptions,
    go_to,
    screenshot_path,
    wait_for_app,
    wait_for_charts,
)

SCREENSHOT = screenshot_path("places.png")
MAPS = ".js-plotly-plot:has(canvas.maplibregl-canvas)"


def _orange(rgb: tuple[int, int, int]) -> bool:
    """A pixel of a place point (analysis.present.charts.places.POINT_COLOUR, #d94801, at 0.7
    opacity over white or grey land): red high, blue low."""
    r, g, b = rgb
    return r > 180 and b < 110 and r - g > 60


def orange_pixels(page, places_map, *, timeout: float = 20.0) -> list[tuple[int, int]]:
    """Canvas coordinates of the point pixels of the places map, waiting for it to draw."""
    canvas = places_map.locator("canvas.maplibregl-canvas").first
    svg = places_map.locator("svg.main-svg")
    deadline = time.monotonic() + timeout
    while True:
        svg.evaluate_all("els => els.forEach(e => e.style.visibility = 'hidden')")
        try:
            shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
        finally:
            svg.evaluate_all("els => els.forEach(e => e.style.visibility = '')")
        hits = [
            (x, y)
            for y in range(0, shot.height, 2)
            for x in range(0, shot.width, 2)
            if _orange(shot.getpixel((x, y)))
        ]
        if hits or time.monotonic() > deadline:
            return hits
        page.wait_for_timeout(300)


@pytest.mark.e2e
def test_places_map_draws_offline_and_a_click_shows_sentences(
    app_url: str, page, page_log: PageLog
) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url)
    wait_for_app(page, timeout=90_000)
    go_to(page, "Countries")
    assert not app_exceptions(page)
    page.get_by_role("heading", name="Places", exact=True).first.wait_for()
    wait_for_charts(page, 3)
    places_map = page.locator(MAPS).nth(1)  # the country map is the first
    places_map.scroll_into_view_if_needed()
    box = places_map.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200, box

    hits = orange_pixels(page, places_map)
    assert len(hits) >= 6, f"the places map drew no points ({len(hits)} orange pixels)"
    places_map.screenshot(path=str(SCREENSHOT))

    # A click on a point opens that place's sentences.
    x, y = hits[len(hits) // 2]
    places_map.locator("canvas.maplibregl-canvas").first.click(position={"x": x, "y": y})
    page.get_by_role("heading", name="Sentences naming").first.wait_for(timeout=20_000)
    wait_for_app(page)
    assert not app_exceptions(page)
    assert page.locator("table.nl-kwic mark").count() > 0

    assert not page_log.blocked, sorted(set(page_log.blocked))
    assert not page_log.page_errors, page_log.page_errors
