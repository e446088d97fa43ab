"""analysis.present.report: the files the Downloads page hands out, and document highlighting."""

from __future__ import annotations

import base64
import gzip
import io
import json
import re
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_filters import make_corpus

from analysis import schema
from analysis.filters import Filters, apply_filters
from analysis.present import html_report, report
from analysis.present.charts import theme
from analysis.tables import Corpus
from tests.factories import mention_frame
from tests.properties import examples

REPO = Path(__file__).resolve().parents[2]
SCRIPT = "<script>alert(1)</script>"
WHEN = datetime(2024, 7, 2, 12, 0, tzinfo=UTC)


def hostile_corpus() -> Corpus:
    """make_corpus() with markup, formula-like and over-long strings in its documents."""
    corpus = make_corpus()
    docs = corpus.documents.copy()
    docs.loc[0, "title"] = SCRIPT
    docs.loc[1, "title"] = '=HYPERLINK("http://evil.example","click")'
    docs.loc[2, "text"] = "Iraq " + "x" * 40_000
    docs.loc[0, "url"] = "javascript:alert(2)"
    docs = schema.conform(docs, "documents")
    return Corpus(corpus.path, corpus.model, corpus.key, docs, corpus.skipped, corpus.tables)


# ---------------------------------------------------------------- key figures, index


def test_key_figures() -> None:
    kf = report.key_figures(make_corpus())
    assert kf["documents"] == 4
    assert kf["words"] == 23
    assert (kf["first_date"], kf["last_date"]) == ("2024-06-13", "2024-07-01")
    assert kf["undated_documents"] == 1
    assert kf["days"] == 19  # 2024-06-13 to 2024-07-01, inclusive
    assert kf["date_range"] == "2024-06-13 to 2024-07-01 (1 undated)"
    assert kf["skipped"] == 1
    assert kf["event_reports"] == 3


def test_relative_path() -> None:
    assert report.relative_path("/srv/news/a/b.txt", "/srv/news") == "a/b.txt"
    assert report.relative_path("/srv/news/x.csv#row=2", "/srv/news/") == "x.csv#row=2"
    assert report.relative_path("/elsewhere/b.txt", "/srv/news") == "/elsewhere/b.txt"


def test_document_index_counts() -> None:
    index = report.document_index(make_corpus()).set_index("doc_id")
    assert index.loc["d1", "mentions"] == 3
    assert index.loc["d1", "entities"] == 3
    assert index.loc["d2", "events"] == 1
    assert index.loc["d4", "events"] == 0
    assert list(index.index) == ["d1", "d2", "d3", "d4"]


# ---------------------------------------------------------------- highlighting


def mention_rows(rows: list[tuple[int, int, str, str]]) -> pd.DataFrame:
    cols = ["doc_id", "start", "end", "label", "canonical", "text"]
    return mention_frame([("d", s, e, lab, c, c) for s, e, lab, c in rows], columns=cols)


def test_highlight_escapes_everything_and_marks_mentions() -> None:
    text = "<b>Iran</b> & Iraq <script>x</script>"
    html = report.highlight_html(
        text,
        mention_rows([(3, 7, "GPE", "Iran"), (15, 19, "GPE", 'Iraq"><img src=x>')]),
        entity_href=lambda name: "entities?entity=" + name,
    )
    assert "<b>" not in html and "<script>" not in html and "<img" not in html
    assert "&lt;b&gt;" in html and "&amp;" in html and "&lt;script&gt;x" in html
    assert html.count("<mark") == 2
    assert 'href="entities?entity=Iran"' in html
    assert "&quot;&gt;&lt;img" in html  # the canonical name is escaped inside the attribute
    assert report.LABEL_COLOURS["GPE"] in html


def test_highlight_skips_bad_and_overlapping_offsets() -> None:
    text = "Emmanuel Macron visited Paris."
    rows = [(0, 15, "PERSON", "Emmanuel Macron"), (9, 15, "PERSON", "Macron"),
            (24, 29, "GPE", "Paris"), (25, 99, "GPE", "bad"), (5, 5, "GPE", "empty")]  # fmt: skip
    html = report.highlight_html(text, mention_rows(rows))
    assert html.count("<mark") == 2
    assert re.sub(r"<[^>]+>|PERSON|GPE", "", html) == text


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.com/a?b=1", True),
        ("http://example.com", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>", False),
        ("//example.com", False),
        ("/relative", False),
        (None, False),
    ],
)
def test_safe_url(url: str | None, ok: bool) -> None:
    assert (report.safe_url(url) is not None) is ok


def test_document_html_links_only_http_urls() -> None:
    corpus = hostile_corpus()
    doc = corpus.documents.iloc[0].to_dict()
    html = report.document_html(doc, corpus.table("mentions").iloc[0:0])
    assert SCRIPT not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html
    doc["url"] = "https://example.com/story"
    assert 'href="https://example.com/story"' in report.document_html(doc, schema.empty("mentions"))


# ---------------------------------------------------------------- bundle


def test_bundle_contains_tables_summary_and_readme() -> None:
    corpus = make_corpus()
    f = Filters(sources=("AFP",))
    data = report.bundle_zip(apply_filters(corpus, f), f, exported_at=WHEN)
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        names = set(zf.namelist())
        for table in ("documents", "entities", "mentions", "countries", "events", "cooccurrences"):
            assert f"tables/{table}.csv" in names and f"tables/{table}.json" in names
        assert {"README.txt", "summary.json"} <= names
        summary = json.loads(zf.read("summary.json"))
        readme = zf.read("README.txt").decode()
        docs = pd.read_csv(io.BytesIO(zf.read("tables/documents.csv")))
    assert set(summary) == {"corpus", "entities", "countries", "events"}
    assert summary["corpus"]["documents"] == 2
    assert summary["corpus"]["filters"] == {"source": ["AFP"]}
    assert "Model: test-model 1" in readme
    assert "sources: AFP" in readme
    assert "2024-07-02T12:00:00+00:00" in readme
    assert sorted(docs["doc_id"]) == ["d2", "d3"]


def test_markdown_summary_mentions_filters() -> None:
    f = Filters(countries=("IRQ",))
    text = report.markdown_summary(apply_filters(make_corpus(), f), f)
    assert text.startswith("# NewsLens summary")
    assert "countries: IRQ" in text


# ---------------------------------------------------------------- xlsx


def test_xlsx_one_sheet_per_table_and_no_formulas() -> None:
    data = report.xlsx_workbook(hostile_corpus())
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        workbook = zf.read("xl/workbook.xml").decode()
        sheets = re.findall(r'<sheet name="([^"]+)"', workbook)
        sheet_xml = "".join(
            zf.read(n).decode() for n in zf.namelist() if n.startswith("xl/worksheets/sheet")
        )
        strings = zf.read("xl/sharedStrings.xml").decode()
    assert sheets == [*report.EXPORT_TABLES, "country_rules"]
    assert "<f>" not in sheet_xml  # the =HYPERLINK title stayed a string
    assert "=HYPERLINK(" in strings.replace("&quot;", '"')
    longest = max(len(s) for s in re.findall(r"<t[^>]*>([^<]*)</t>", strings))
    assert longest == report.XLSX_MAX_CELL_CHARS


def _normal(value: object) -> object:
    """A cell as compared across the round trip: missing and "" are None, numbers floats."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, str):
        return value or None
    if isinstance(value, bool | np.bool_):
        return bool(value)
    if isinstance(value, int | float | np.integer | np.floating):
        return float(value)
    return str(value)


def _same_table(frame: pd.DataFrame, read: pd.DataFrame) -> None:
    assert list(read.columns) == [str(c) for c in frame.columns]
    assert len(read) == len(frame)
    for column in frame.columns:
        wanted = [_normal(v) for v in frame[column].tolist()]
        wanted = [_normal(report.xlsx_text(w)) if isinstance(w, str) else w for w in wanted]
        assert [_normal(v) for v in read[str(column)].tolist()] == wanted, column


def test_xlsx_round_trip_of_every_sheet() -> None:
    corpus = hostile_corpus()
    sheets = pd.read_excel(io.BytesIO(report.xlsx_workbook(corpus)), sheet_name=None,
                           dtype=object, keep_default_na=False)  # fmt: skip
    assert list(sheets) == [*report.EXPORT_TABLES, "country_rules"]
    for name in report.EXPORT_TABLES:
        _same_table(corpus.table(name), sheets[name])


@settings(max_examples=examples(25), deadline=None)
@given(st.lists(st.text(max_size=40), min_size=1, max_size=5))
def test_xlsx_round_trip_of_any_text(texts: list[str]) -> None:
    corpus = make_corpus()
    docs = corpus.documents.head(len(texts)).copy()
    docs["title"] = texts[: len(docs)]
    docs = schema.conform(docs, "documents")
    corpus = Corpus(corpus.path, corpus.model, corpus.key, docs, corpus.skipped, corpus.tables)
    book = report.xlsx_workbook(corpus, tables=["documents"])
    read = pd.read_excel(io.BytesIO(book), sheet_name="documents", dtype=object,
                         keep_default_na=False)  # fmt: skip
    _same_table(docs, read)


def test_sheet_names_are_valid_and_unique() -> None:
    taken: set[str] = set()
    a = report.sheet_name("a" * 40, taken)
    b = report.sheet_name("a" * 40, taken)
    c = report.sheet_name("what/is:this?", taken)
    assert len(a) <= 31 and len(b) <= 31 and a != b
    assert c == "what_is_this_"


# ---------------------------------------------------------------- HTML report


def _payload(html: str, name: str) -> str:
    found = re.findall(rf'<script type="application/gzip;base64" id="{name}">([^<]*)</script>',
                       html)  # fmt: skip
    assert len(found) == 1, name
    return gzip.decompress(base64.b64decode(found[0])).decode("utf-8")  # what the page inflates


def test_html_report_is_self_contained_and_escaped() -> None:
    html = html_report.html_report(hostile_corpus(), Filters(text=SCRIPT), exported_at=WHEN)
    assert "plotly.js v" in _payload(html, "nl-plotly")  # the library, embedded once
    assert re.search(r"<script[^>]*\bsrc=", html) is None  # nothing loaded from elsewhere
    assert "default-src &#39;none&#39;" in html  # the page itself may fetch nothing
    assert SCRIPT not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    figures = json.loads(_payload(html, "nl-figures"))
    assert len(figures) == len(html_report.report_figures(hostile_corpus()))
    assert html.count('class="plot plotly-graph-div"') == len(figures)
    assert SCRIPT not in json.dumps(figures, ensure_ascii=False)  # escaped in labels too
    assert "Key figures" in html and "2024-07-02T12:00:00+00:00" in html


def _figures_built_in_a_process(import_streamlit: bool) -> list[dict]:
    """The report's figures (JSON) made in a fresh Python, with or without streamlit."""
    code = (
        ("import streamlit\n" if import_streamlit else "") + "import json, sys\n"
        "sys.path[:0] = [%r, %r]\n"
        "from test_filters import make_corpus\n"
        "from analysis.present import html_report\n"
        "from analysis.filters import Filters\n"
        "html = html_report.html_report(make_corpus(), Filters())\n"
        "sys.stdout.write(html)\n"
    ) % (str(REPO), str(Path(__file__).parent))
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=REPO).stdout  # fmt: skip
    return json.loads(_payload(out, "nl-figures"))


def test_report_made_after_importing_streamlit_is_the_same() -> None:
    """Importing streamlit switches plotly's default template to placeholder colours
    (#000001...); every report figure carries its own template, so nothing changes."""
    with ThreadPoolExecutor(2) as pool:  # the two fresh processes side by side
        plain, inside = pool.map(_figures_built_in_a_process, (False, True))
    assert inside == plain
    text = json.dumps(inside)
    assert re.search(r"#0000[0-9]{2}\b", text) is None
    for figure in inside:
        template = figure["layout"]["template"]["layout"]
        assert template["colorway"] == list(theme.COLORWAY)
        assert template["yaxis"]["automargin"] is True


def test_html_report_on_an_empty_selection() -> None:
    f = Filters(text="matches nothing")
    html = html_report.html_report(apply_filters(make_corpus(), f), f)
    assert "<h2>Key figures</h2>" in html
