"""Loaders: every format, metadata sources, column flags and every kind of bad input."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis.corpus import Columns, CorpusError, Limits, content_hash, load_corpus
from analysis.dates import parse_publication_date

SEEDS = Path(__file__).resolve().parents[2] / "seeds"


def _zip(entries: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buf.getvalue()


def test_seed_loads_with_manifest_metadata():
    result = load_corpus(SEEDS)
    assert len(result.documents) == 1 and len(result.skipped) == 0
    doc = result.documents.iloc[0]
    assert doc["title"] == (
        "Iran Seeks Enhanced Cooperation with Iraq to Address Regional Instability"
    )
    assert doc["date"] == "2024-06-13"
    assert doc["source"] == "Tasnim News Agency"
    assert doc["url"].startswith("https://www.tasnimnews.com/en/news/2024/06/13/3103585/")
    raw = (SEEDS / "000_9635e7a99c58f50c.txt").read_bytes().decode("utf-8")
    assert doc["text"] == raw.replace("\r\n", "\n")
    assert doc["doc_id"] == content_hash(doc["text"])
    assert doc["words"] > 600


def test_txt_and_md_front_matter(tmp_path):
    (tmp_path / "a.md").write_text(
        "---\ntitle: Hello\ndate: 2024-01-02\nsource: Wire\nurl: https://x.org/a\n---\nBody text."
    )
    (tmp_path / "b.txt").write_text("Plain text body.")
    docs = load_corpus(tmp_path).documents.set_index("path")
    a = docs.loc[str(tmp_path / "a.md")]
    assert (a["title"], a["date"], a["source"], a["url"]) == (
        "Hello", "2024-01-02", "Wire", "https://x.org/a",
    )  # fmt: skip
    assert a["text"].strip() == "Body text."
    b = docs.loc[str(tmp_path / "b.txt")]
    assert b["text"] == "Plain text body."
    # no front matter: no metadata is invented (the first line is not taken as a title)
    assert all(pd.isna(b[f]) for f in ("title", "date", "source", "url"))


def test_csv_columns_rows_and_flags(tmp_path):
    (tmp_path / "news.csv").write_text(
        "id,headline,published,body,outlet\n"
        "7,First,2024-03-01,Text one.,Wire\n"
        "8,Second,not a date,Text two.,Wire\n"
        "9,Third,2024-03-02,,Wire\n"
        "10,Bad,2024-03-02,too,many,fields\n"
    )
    result = load_corpus(tmp_path)
    docs = result.documents
    assert list(docs["id"]) == ["7", "8"]
    assert list(docs["title"]) == ["First", "Second"]
    assert docs["date"].iloc[0] == "2024-03-01"
    assert docs["date"].isna().iloc[1] and "could not be parsed" in docs["warning"].iloc[1]
    reasons = dict(zip(result.skipped["path"], result.skipped["reason"], strict=True))
    assert reasons[f"{tmp_path / 'news.csv'}#row=3"] == "row has no text"
    assert "malformed CSV row" in reasons[f"{tmp_path / 'news.csv'}#row=4"]
    assert docs["path"].iloc[0] == f"{tmp_path / 'news.csv'}#row=1"


def test_column_overrides(tmp_path):
    (tmp_path / "x.csv").write_text("k,story,when\nA1,Some story.,2020-05-05\n")
    assert load_corpus(tmp_path).documents.empty
    cols = Columns.from_overrides(text="story", id="k", date="when")
    doc = load_corpus(tmp_path, columns=cols).documents.iloc[0]
    assert (doc["id"], doc["text"], doc["date"]) == ("A1", "Some story.", "2020-05-05")


def test_jsonl_and_json(tmp_path):
    (tmp_path / "a.jsonl").write_text(
        json.dumps({"text": "One.", "title": "T1", "date": "2024-05-01T10:20:00Z"})
        + "\n{not json\n"
        + json.dumps({"title": "no text"})
        + "\n"
        + json.dumps([1, 2])
        + "\n"
    )
    (tmp_path / "b.json").write_text(json.dumps({"articles": [{"content": "Two."}, "oops"]}))
    result = load_corpus(tmp_path)
    assert sorted(result.documents["text"]) == ["One.", "Two."]
    one = result.documents.set_index("text").loc["One."]
    assert one["date"] == "2024-05-01T10:20:00"
    reasons = sorted(result.skipped["reason"])
    assert any(r.startswith("invalid JSON") for r in reasons)
    assert "row has no text" in reasons
    assert sum("not an object" in r for r in reasons) == 2


def test_html_extraction(tmp_path):
    para = "<p>" + "Officials in Baghdad met their Iranian counterparts on Monday. " * 5 + "</p>"
    (tmp_path / "page.html").write_text(
        "<html><head><title>Talks &amp; more</title>"
        '<meta property="og:site_name" content="Example News">'
        '<meta name="date" content="2024-05-02"></head>'
        f"<body><nav>Home | About</nav><article>{para}</article></body></html>"
    )
    doc = load_corpus(tmp_path).documents.iloc[0]
    assert "Baghdad" in doc["text"] and "Home | About" not in doc["text"]
    assert doc["title"] == "Talks & more"
    assert doc["date"] == "2024-05-02"
    assert doc["source"] == "Example News"


def test_zip_members_manifest_and_bad_entries(tmp_path):
    data = _zip(
        {
            "inner/a.txt": b"Alpha text.",
            "inner/metadata.csv": b"file,title,date,source\na.txt,Alpha,2023-12-31,Z\n",
            "../evil.txt": b"escape",
            "/abs.txt": b"absolute",
            "rows.jsonl": b'{"text": "From jsonl."}\n',
            "image.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
        }
    )
    (tmp_path / "bundle.zip").write_bytes(data)
    result = load_corpus(tmp_path / "bundle.zip")
    docs = result.documents.set_index("text")
    assert docs.loc["Alpha text."]["title"] == "Alpha"
    assert docs.loc["Alpha text."]["date"] == "2023-12-31"
    assert docs.loc["Alpha text."]["path"].endswith("bundle.zip!inner/a.txt")
    assert docs.loc["From jsonl."]["path"].endswith("bundle.zip!rows.jsonl#line=1")
    reasons = dict(zip(result.skipped["path"], result.skipped["reason"], strict=True))
    assert reasons[f"{tmp_path / 'bundle.zip'}!../evil.txt"].startswith("zip entry has an abs")
    assert reasons[f"{tmp_path / 'bundle.zip'}!/abs.txt"].startswith("zip entry has an abs")
    assert "unsupported file type" in reasons[f"{tmp_path / 'bundle.zip'}!image.png"]


def test_zip_limits(tmp_path):
    (tmp_path / "many.zip").write_bytes(_zip({f"{i}.txt": b"x y" for i in range(5)}))
    (tmp_path / "big.zip").write_bytes(_zip({"a.txt": b"a" * 5000}))
    limits = Limits(max_zip_entries=3, max_zip_uncompressed_bytes=4000)
    result = load_corpus(tmp_path, limits=limits)
    reasons = dict(zip(result.skipped["path"], result.skipped["reason"], strict=True))
    assert "over the 3 limit" in reasons[str(tmp_path / "many.zip")]
    assert "expands to 5,000 bytes" in reasons[str(tmp_path / "big.zip")]
    assert result.documents.empty


def test_bad_inputs_are_skipped_with_reasons_and_good_ones_kept(tmp_path):
    (tmp_path / "good.txt").write_text("A good document.")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "binary.txt").write_bytes(bytes(range(256)) * 3)
    latin = "Le café de São Paulo est très connu. Les résumés sont prêts à être envoyés. " * 3
    (tmp_path / "latin1.txt").write_bytes(latin.encode("cp1252"))
    (tmp_path / "huge.txt").write_text("word " * 400)
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 not really")
    (tmp_path / "empty.csv").write_text("")
    (tmp_path / "notext.csv").write_text("a,b\n1,2\n")
    (tmp_path / "bad.json").write_text("{")
    result = load_corpus(tmp_path, limits=Limits(max_document_bytes=1000))
    texts = list(result.documents["text"])
    assert "A good document." in texts
    assert any("São Paulo" in t for t in texts)
    reasons = {Path(p).name: r for p, r in zip(result.skipped["path"], result.skipped["reason"],
                                                strict=True)}  # fmt: skip
    assert reasons["empty.txt"] == "empty document (no text)"
    assert reasons["binary.txt"] == "binary or undecodable file"
    assert "over the 1,000-byte limit" in reasons["huge.txt"]
    assert reasons["broken.zip"].startswith("not a readable zip archive")
    assert reasons["empty.csv"] == "empty CSV file"
    assert reasons["notext.csv"].startswith("no text column")
    assert reasons["bad.json"].startswith("invalid JSON")
    # count conservation: 9 files, 2 documents + 7 skipped
    assert len(result.documents) + len(result.skipped) == 9


def test_duplicates_and_unsupported_and_hidden(tmp_path):
    (tmp_path / "a.txt").write_text("Same text.")
    (tmp_path / "b.txt").write_text("Same text.")
    (tmp_path / "c.pdf").write_bytes(b"%PDF-1.4")
    (tmp_path / ".hidden.txt").write_text("ignored")
    result = load_corpus(tmp_path)
    assert len(result.documents) == 1
    reasons = sorted(result.skipped["reason"])
    assert reasons == [f"duplicate text of {tmp_path / 'a.txt'}", "unsupported file type '.pdf'"]


def test_unreadable_corpus_path_raises(tmp_path):
    with pytest.raises(CorpusError, match="not found"):
        load_corpus(tmp_path / "missing")


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2024-06-13", "2024-06-13"),
        ("June 13, 2024", "2024-06-13"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
        ("2024-06-13T08:00:00+02:00", "2024-06-13T08:00:00"),
        ("yesterday-ish", None),
        ("June 13", None),  # no year: undated rather than invented
        ("", None),
    ],
)
def test_parse_date(raw, expected):
    assert parse_publication_date(raw) == expected


def test_a_document_without_a_source_takes_its_web_addresss_site(tmp_path) -> None:
    (tmp_path / "news.jsonl").write_text(
        '{"text": "One.", "url": "https://www.lfpress.com/news/local/1"}\n'
        '{"text": "Two.", "url": "https://lfpress.com/2", "source": "London Free Press"}\n'
        '{"text": "Three.", "url": "not a web address"}\n'
        '{"text": "Four.", "url": "http://[::1"}\n',
        encoding="utf-8",
    )
    docs = load_corpus(tmp_path).documents
    assert docs["source"].tolist()[:2] == ["lfpress.com", "London Free Press"]
    assert docs["source"].iloc[2:].isna().all()  # a malformed address gives no source
