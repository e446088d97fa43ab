"""A bookmarked page URL opened first on a fresh server gets the full app around it."""

from __future__ import annotations

import pytest
from conftest import StreamlitServer
from streamlit_browser import app_exceptions, nav_titles, wait_for_app

pytestmark = pytest.mark.e2e


def test_first_request_to_a_page_url_shows_router_and_sidebar(tmp_path, seeds_dir, page):
    server = StreamlitServer(
        seeds_dir, cache_dir=tmp_path / "cache", log=tmp_path / "log.txt", model=None
    )
    try:
        server.wait_healthy()
        page.goto(f"{server.base_url}/countries")
        wait_for_app(page)
        page.get_by_role("heading", name="Countries").first.wait_for()
        titles = nav_titles(page)
        assert {"Overview", "Entities", "Countries", "Timeline"} <= set(titles), titles
        assert "dashboard" not in titles
        assert not app_exceptions(page)
    finally:
        server.stop()
