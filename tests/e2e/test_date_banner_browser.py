"""What a person sees of unreadable publication dates: a banner on the Overview and the
list on the Corpus page, with corpus-relative names only (issues 19.3 and 15)."""

from __future__ import annotations

import pytest
from streamlit_browser import app_exceptions, dataframe_cells, go_to, wait_for_app

pytestmark = pytest.mark.e2e


def test_date_banner_and_corpus_list_in_a_browser(app_server, tmp_path, page):
    corpus = tmp_path / "dated"
    corpus.mkdir()
    headers = ["date: 2024-06-13", "date: the 7th of Smarch", "source: Wire", "date: 1863-07-01"]
    for i, header in enumerate(headers):
        (corpus / f"story{i}.md").write_text(f"---\ntitle: Story {i}\n{header}\n---\nParis {i}.\n")
    page.goto(app_server(corpus, model="rule-based"))
    wait_for_app(page, timeout=180_000)
    banner = page.locator("[data-testid='stAlert']", has_text="no readable publication date")
    banner.first.wait_for()
    assert "2 documents have no readable publication date" in banner.first.inner_text()
    go_to(page, "Corpus")
    page.get_by_text("Publication dates").first.wait_for()
    cells = dataframe_cells(page)
    assert "the 7th of Smarch" in cells and "story2.md" in cells, cells
    assert str(tmp_path) not in page.content()
    assert not app_exceptions(page)
