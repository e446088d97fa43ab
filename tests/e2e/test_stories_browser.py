"""In a real browser: the sidebar's "Count each story once" switch changes the counts."""

from __future__ import annotations

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from streamlit_browser import app_exceptions, wait_for_app

pytestmark = pytest.mark.e2e

WIRE = (
    "Officials from France and Germany met in Paris on Monday to discuss a new trade "
    "agreement covering steel, grain and machinery, the French foreign ministry said. "
    "The talks, the third round this year, will continue in Berlin next month, and a "
    "draft text is expected before the summer, ministry spokeswoman Claire Martin said."
)
REWRITE = WIRE.replace("will continue", "will resume").replace("said.", "told reporters.")


def _documents_metric(page) -> str:
    metric = page.locator("[data-testid='stMetric']").filter(has_text="Documents").first
    return metric.locator("[data-testid='stMetricValue']").inner_text().strip()


def test_count_each_story_once_in_the_browser(app_server, page, tmp_path):
    rows = [
        {"title": "Trade talks", "date": "2024-05-20", "source": "Wire One", "text": WIRE},
        {"title": "Trade talks resume", "date": "2024-05-21", "source": "Daily Two",
         "text": REWRITE},
        {"title": "Lima market", "date": "2024-05-22", "source": "Daily Two",
         "text": "Lima - Officials in Lima opened a new market on Wednesday, the city said."},
    ]  # fmt: skip
    corpus = tmp_path / "copies.jsonl"
    corpus.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    url = app_server(corpus, model="rule-based")
    page.goto(url)
    wait_for_app(page)
    assert _documents_metric(page) == "3"
    page.get_by_text("Count each story once").first.click()
    wait_for_app(page)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetric]')].some("
        "m => m.innerText.includes('Documents') && m.innerText.includes('2'))"
    )
    assert _documents_metric(page) == "2"
    assert parse_qs(urlsplit(page.url).query).get("once") == ["1"]
    assert app_exceptions(page) == []
