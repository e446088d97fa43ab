"""The Countries page in Chromium with the internet blocked: the world map draws country
shapes from the shipped GeoJSON, a click on a country opens its details, and nothing
leaves localhost. Saves docs/screenshots/countries.png (1400x900).
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

SCREENSHOT = screenshot_path("countries.png")
MAP = ".js-plotly-plot:has(canvas.maplibregl-canvas)"
CANVAS = f"{MAP} canvas.maplibregl-canvas"

# Hide the plot's SVG layers (colour bar, mode bar) so a screenshot shows the map canvas
# alone: the blue colour bar would otherwise pass for countries.
_SVG_VISIBILITY = """([root, value]) => {
  for (const el of document.querySelector(root).querySelectorAll('svg.main-svg'))
    el.style.visibility = value;
}"""


def coloured_pixels(page, *, timeout: float = 15.0) -> tuple[int, tuple[int, int] | None]:
    """Saturated (country-filled) pixels of the map canvas, waiting for the map to draw.

    Returns their count and the canvas coordinates of one of them (to click on).
    """
    canvas = page.locator(CANVAS).first
    deadline = time.monotonic() + timeout
    while True:
        page.evaluate(_SVG_VISIBILITY, [MAP, "hidden"])
        try:
            shot = Image.open(io.BytesIO(canvas.screenshot())).convert("RGB")
        finally:
            page.evaluate(_SVG_VISIBILITY, [MAP, ""])
        hits = [
            (x, y)
            for y in range(0, shot.height, 2)
            for x in range(0, shot.width, 2)
            if max(c := shot.getpixel((x, y))) - min(c) > 40  # blue fill, not white/grey
        ]
        if hits or time.monotonic() > deadline:
            return len(hits), (hits[len(hits) // 2] if hits else None)
        page.wait_for_timeout(300)


@pytest.mark.e2e
def test_countries_map_draws_offline(app_url: str, page, page_log: PageLog) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.goto(app_url)  # through the router (a fresh server opened at /countries skips it)
    wait_for_app(page, timeout=90_000)
    go_to(page, "Countries")
    assert not app_exceptions(page)
    assert page.get_by_role("heading", name="Countries", exact=True).count() == 1
    wait_for_charts(page, 2)

    canvas = page.locator(CANVAS)
    canvas.first.wait_for(state="visible")
    box = canvas.first.bounding_box()
    assert box and box["width"] > 200 and box["height"] > 200, box

    count, spot = coloured_pixels(page)
    assert count > 200, f"the map drew no country shapes ({count} coloured pixels)"
    page.screenshot(path=str(SCREENSHOT))

    # A click on a filled country opens its details (sentences, surface forms).
    assert spot is not None
    canvas.first.click(position={"x": spot[0], "y": spot[1]})
    details = page.get_by_role("heading", name="How ")
    details.first.wait_for(timeout=20_000)
    wait_for_app(page)
    assert not app_exceptions(page)
    assert page.locator("table.nl-kwic mark").count() > 0  # the mentions, highlighted

    assert not page_log.blocked, sorted(set(page_log.blocked))
    assert not page_log.page_errors, page_log.page_errors
