"""Every page on the seed in a real browser: it draws its charts, downloads work, and
the README's screenshots are taken here (Overview, Documents, Downloads, Corpus; the
Entities, Countries and Timeline tests take their own)."""

from __future__ import annotations

import zipfile

import pytest
from streamlit_browser import app_exceptions, go_to, screenshot_path, wait_for_app, wait_for_charts

pytestmark = pytest.mark.e2e
SEED_DOC_ID = "2c810d7c198ffea8"  # content hash of the seed article


def _shot(page, name: str) -> None:
    page.set_viewport_size({"width": 1400, "height": 900})
    page.wait_for_timeout(300)
    page.screenshot(path=str(screenshot_path(f"{name}.png")))


def test_overview_documents_downloads_and_corpus_pages(app_url, page, tmp_path, seeds_dir):
    page.goto(app_url)
    wait_for_app(page)
    page.get_by_role("heading", name="Overview").first.wait_for()
    assert wait_for_charts(page, 2) >= 2
    assert (
        page.get_by_text("Iran Seeks Enhanced Cooperation").count()
        or page.get_by_text("Tasnim News Agency").count()
    )
    _shot(page, "overview")

    go_to(page, "Documents")
    page.get_by_role("heading", name="Documents").first.wait_for()
    page.goto(f"{app_url}/documents?doc={SEED_DOC_ID}")  # how a link opens one document
    wait_for_app(page)
    assert page.locator("mark", has_text="Baqeri").count() > 0  # highlighted entity
    _shot(page, "documents")

    go_to(page, "Downloads")
    page.get_by_role("heading", name="Downloads").first.wait_for()
    _shot(page, "downloads")
    button = page.get_by_role("button", name="ZIP").first
    if button.count():
        with page.expect_download() as info:
            button.click()
        path = tmp_path / "bundle.zip"
        info.value.save_as(path)
        with zipfile.ZipFile(path) as zf:
            names = zf.namelist()
            texts = [zf.read(n).decode("utf-8", "replace") for n in names]
        assert "summary.json" in names and any(n.endswith(".csv") for n in names)
        # what a person downloads names the corpus, never the server's folders
        assert not [n for n, t in zip(names, texts, strict=True) if str(seeds_dir) in t]

    go_to(page, "Corpus")
    page.get_by_role("heading", name="Corpus").first.wait_for()
    _shot(page, "corpus")
    assert app_exceptions(page) == []
