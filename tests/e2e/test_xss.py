"""Hostile corpus text never becomes markup: every page, a document and the HTML report.

tests/fixtures/xss/ carries payloads in text, titles, sources, urls, ids and zip member
names, through each way metadata arrives (metadata.csv manifest, JSONL fields, zip):
``<script>alert(1)</script>``, ``<img src=x onerror=alert(1)>``, ``javascript:`` urls,
``"><svg onload=alert(1)>``, Markdown links/images to ``javascript:``, LaTeX ``\\href``,
Streamlit ``:red[...]`` directives, ``</script>`` break-outs and attribute injection.

Passing means: no JavaScript dialog ever opened, no element or attribute a payload would
create exists in any frame, and the payloads are shown to the reader as plain text.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

import pytest
from streamlit_browser import (
    app_exceptions,
    dataframe_cells,
    go_to,
    nav_titles,
    wait_for_app,
    wait_for_charts,
)

from analysis.corpus import load_corpus

XSS = Path(__file__).resolve().parents[1] / "fixtures" / "xss"
PAGES = [
    "Overview", "Entities", "Countries", "Timeline", "Compare", "Documents", "Downloads", "Corpus"
]  # fmt: skip
PAYLOADS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>", '"><svg onload=alert(1)>']

# Elements and attributes that only exist if a payload was parsed as HTML. Scripts are
# flagged when short and calling alert: a break-out makes exactly such a script, while a
# report may legitimately carry the payload as escaped data inside a large JSON script.
_INJECTED = """() => {
  const found = [];
  const cut = (s) => s.slice(0, 160);
  for (const el of document.querySelectorAll('img[src="x"], svg[onload], details[ontoggle]'))
    found.push(cut(el.outerHTML));
  for (const s of document.scripts)
    if (s.textContent.includes('alert(') && s.textContent.length < 2000)
      found.push('script: ' + cut(s.textContent));
  for (const el of document.querySelectorAll('*')) {
    for (const a of el.attributes) {
      const desc = cut(`${el.tagName} ${a.name}="${a.value}"`);
      if (a.name.startsWith('on')) found.push(desc);
      if (/^(href|src|action|formaction|xlink:href|data)$/.test(a.name)
          && /^\\s*javascript:/i.test(a.value)) found.push(desc);
    }
  }
  return found;
}"""


def injected(page) -> list[str]:
    """Payload-made elements in the page and every frame inside it."""
    found = []
    for frame in page.frames:
        try:
            found += [f"{frame.url[:60]}: {item}" for item in frame.evaluate(_INJECTED)]
        except Exception as exc:  # noqa: BLE001 - a frame navigating away: report it
            found.append(f"{frame.url[:60]}: could not inspect ({exc})")
    return found


def shows_text(page, text: str) -> bool:
    return page.get_by_text(text, exact=False).filter(visible=True).count() > 0


@pytest.fixture(scope="module")
def xss_url(app_server) -> str:
    return app_server(XSS)


@pytest.mark.e2e
def test_every_page_renders_payloads_as_text(page, page_log, xss_url):
    page.goto(xss_url)
    wait_for_app(page, timeout=120_000)  # the first run builds the corpus
    titles = nav_titles(page)
    assert set(PAGES) <= set(titles), titles
    cells: dict[str, list[str]] = {}
    for title in titles:
        go_to(page, title)
        assert app_exceptions(page) == [], title
        assert injected(page) == [], title
        cells[title] = dataframe_cells(page)
    # tables show hostile titles and skipped zip member names as they are
    assert any("<script>alert(1)</script> Summit in Paris" in c for c in cells["Documents"])
    assert any(c.endswith('"><svg onload=alert(1)>.exe') for c in cells["Corpus"])
    assert page_log.dialogs == [] and page_log.page_errors == []


@pytest.mark.e2e
def test_filter_options_and_chips_render_payloads_as_text(page, page_log, xss_url):
    page.goto(xss_url)
    wait_for_app(page, timeout=120_000)
    sources = page.locator("[data-testid='stMultiSelect']").filter(has_text="Sources")
    if sources.count() == 0:
        pytest.skip("no Sources filter in the sidebar")
    sources.first.click()
    options = page.get_by_role("option")
    options.first.wait_for()
    texts = options.all_inner_texts()
    assert "<script>alert(1)</script> Wire" in texts, texts
    assert injected(page) == []
    options.filter(has_text="<img src=x onerror=alert(1)>").first.click()
    page.keyboard.press("Escape")
    page.wait_for_url(lambda url: "source=" in url)
    wait_for_app(page)
    assert app_exceptions(page) == []
    assert injected(page) == []
    chip = sources.first.get_by_text("<img src=x onerror=alert(1)>", exact=True)
    assert chip.count() == 1 and chip.is_visible()
    assert wait_for_charts(page) >= 1
    assert page_log.dialogs == [] and page_log.page_errors == []


@pytest.mark.e2e
def test_the_injection_detector_sees_markup_and_dialogs(browser):
    # the checks above must be able to fail: feed them the payloads as real markup
    context = browser.new_context()
    page = context.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.set_content(
        "<img src=x onerror=alert(1)><svg onload=alert(2)></svg><script>alert(3)</script>"
        '<a href="javascript:alert(4)">x</a>'
    )
    page.wait_for_timeout(300)
    found = " ".join(injected(page))
    context.close()
    assert dialogs and "img" in found.lower() and "svg" in found.lower()
    assert "script: alert(3)" in found and 'href="javascript:alert(4)"' in found


@pytest.mark.e2e
def test_documents_show_payloads_as_text(page, page_log, xss_url):
    docs = load_corpus(XSS).documents
    # payloads in text, a Markdown/LaTeX/iframe mix, a </title> title and a quoted url
    wanted = ("01_script.txt", "02_img.txt", "03_markdown.txt", "feed.jsonl#line=2")
    docs = docs[docs["path"].map(lambda p: p.endswith(wanted))]
    assert len(docs) == len(wanted)
    seen: set[str] = set()
    for doc in docs.itertuples(index=False):
        page.goto(f"{xss_url}/documents?doc={quote(doc.doc_id)}")
        wait_for_app(page, timeout=120_000)
        assert app_exceptions(page) == [], doc.path
        assert injected(page) == [], doc.path
        if isinstance(doc.title, str):
            assert shows_text(page, doc.title), f"title of {doc.path} not shown as text"
        seen |= {p for p in PAYLOADS if shows_text(page, p)}
    assert seen == set(PAYLOADS)
    assert page_log.dialogs == [] and page_log.page_errors == []


@pytest.mark.e2e
def test_html_report_is_inert_and_offline(page, page_log, xss_url, tmp_path):
    page.goto(f"{xss_url}/downloads")
    wait_for_app(page, timeout=120_000)
    button = page.get_by_role("button", name="HTML report")
    if button.count() == 0:
        pytest.skip("the Downloads page has no HTML report button")
    with page.expect_download(timeout=60_000) as info:
        button.first.click()
    report = tmp_path / "report.html"
    info.value.save_as(report)
    html = report.read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    page.set_content(html, wait_until="load")
    page.wait_for_timeout(500)
    assert injected(page) == []
    assert shows_text(page, "<script>alert(1)</script>") or shows_text(page, "alert(1)")
    assert page_log.dialogs == [] and page_log.page_errors == []
