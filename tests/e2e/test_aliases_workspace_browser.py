"""Alias edits in Chromium: merge two entities in the editor, reload the page, and they are
still merged (the edit lives in the corpus's server workspace, named in the URL)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit_browser import PageLog, app_exceptions, go_to, wait_for_app

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "news"


def pick(page, key: str, name: str) -> None:
    """Choose ``name`` in the multiselect ``key`` the way a user does: type, then Enter."""
    box = page.locator(f".st-key-{key} input").first
    box.click()
    box.fill(name)
    page.get_by_role("option", name=name, exact=True).first.click()
    page.keyboard.press("Escape")


def entity_names(page) -> set[str]:
    """The entities of the bar chart (its axis labels: every entity of the small corpus)."""
    ticks = page.locator(".st-key-entities-bar .js-plotly-plot .ytick text")
    ticks.first.wait_for(timeout=30_000)
    return set(ticks.evaluate_all("els => els.map(e => e.textContent)"))


@pytest.mark.e2e
def test_merge_survives_a_reload(app_server: Callable[..., str], page, page_log: PageLog) -> None:
    base = app_server(FIXTURE, model="rule-based")
    ws = f"e2e-{uuid.uuid4().hex[:8]}"  # a workspace of its own: other tests see nothing
    page.set_viewport_size({"width": 1400, "height": 1000})
    page.goto(f"{base}/?ws={ws}")
    wait_for_app(page, timeout=90_000)
    go_to(page, "Entities")
    assert "Hamburg" in entity_names(page) and "Berlin" in entity_names(page)

    page.get_by_text("Aliases: merge, rename, relabel or exclude entities").click()
    wait_for_app(page)
    pick(page, "aliases-merge-names", "Hamburg")
    pick(page, "aliases-merge-names", "Berlin")
    page.locator(".st-key-aliases-merge-into input").fill("Berlin")
    page.locator(".st-key-aliases-merge-go button").click()
    wait_for_app(page)
    page.get_by_text("Merged 2 entities").wait_for(timeout=30_000)
    assert "Hamburg" not in entity_names(page)
    assert f"ws={ws}" in page.url  # the link names the workspace

    page.reload()
    wait_for_app(page, timeout=90_000)
    assert not app_exceptions(page)
    names = entity_names(page)
    assert "Berlin" in names and "Hamburg" not in names
    assert page_log.page_errors == []
