"""No export carries the server's folders: paths in downloads are relative to the corpus.

Every file a user can take away (ZIP bundle, Excel workbook, HTML report, Markdown
summary, a table as CSV/JSON/JSONL/Parquet from the dashboard or the CLI) is checked for
the corpus's absolute folder, as given and as its real path; the document and skipped
paths read as they sit inside the corpus ("sub/a.txt", "news.jsonl#line=2").
"""

from __future__ import annotations

import io
import json
import os
import zipfile
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.__main__ import main
from analysis.build import build_corpus
from analysis.filters import Filters
from analysis.nlp import RULE_BASED
from analysis.present import exports, html_report, report
from analysis.tables import Corpus
from tests.properties import examples

TEXT_A = "Iran and Iraq met in Baghdad on Monday, officials said."
TEXT_B = "France voted on Sunday. Macron spoke in Paris."


def _server_folders(root: Path) -> list[str]:
    return sorted({str(root), os.path.realpath(root)}, key=len, reverse=True)


def _leaks(data: bytes | str, root: Path) -> list[str]:
    text = data if isinstance(data, str) else data.decode("utf-8", "replace")
    # JSON escapes "/" nowhere by default, but the check reads it both ways to be sure
    texts = {text, text.replace("\\/", "/")}
    return [folder for folder in _server_folders(root) for t in texts if folder in t]


@pytest.fixture(scope="module")
def folder_corpus(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    """A built corpus in a server folder: a nested file, a duplicate (its skip reason
    names the file it repeats) and an unreadable file."""
    base = tmp_path_factory.mktemp("srv")
    root = base / "newsroom"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text(TEXT_A, encoding="utf-8")
    (root / "b.txt").write_text(TEXT_B, encoding="utf-8")
    (root / "copy-of-b.txt").write_text(TEXT_B, encoding="utf-8")
    (root / "broken.pdf").write_bytes(b"not a pdf at all")
    corpus = build_corpus(root, cache_dir=base / "cache", model=RULE_BASED, workers=1)
    assert len(corpus.skipped) >= 2
    assert any(str(root) in r for r in corpus.skipped["reason"])  # the leak to close
    return root, corpus


def _xlsx_cells(data: bytes) -> list[str]:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]


def test_every_whole_corpus_export_is_free_of_server_folders(folder_corpus) -> None:
    root, corpus = folder_corpus
    files: dict[str, bytes | str] = {
        "report.html": html_report.html_report(corpus, Filters()),
        "summary.md": report.markdown_summary(corpus, Filters()),
        "workbook.xlsx": "\n".join(_xlsx_cells(report.xlsx_workbook(corpus))),
    }
    with zipfile.ZipFile(io.BytesIO(report.bundle_zip(corpus, Filters()))) as zf:
        files.update({f"zip:{n}": zf.read(n) for n in zf.namelist()})
    leaks = {name: _leaks(data, root) for name, data in files.items()}
    assert {name: found for name, found in leaks.items() if found} == {}
    summary = json.loads(files["zip:summary.json"])  # the bundle read above, not made again
    documents = pd.read_csv(io.BytesIO(files["zip:tables/documents.csv"]))
    assert summary["corpus"]["path"] == "newsroom"  # the corpus by its name
    assert sorted(documents["path"]) == ["b.txt", "sub/a.txt"]  # where inside the corpus


@pytest.mark.parametrize("fmt", exports.TABLE_FORMATS)
def test_every_table_download_is_free_of_server_folders(folder_corpus, fmt: str) -> None:
    root, corpus = folder_corpus
    for name in report.EXPORT_TABLES:
        data = exports.table_bytes(corpus.table(name), fmt, root=corpus.path)
        if fmt == "parquet":  # compressed: read the cells back
            frame = pd.read_parquet(io.BytesIO(data))
            data = "\n".join(str(v) for v in frame.astype(str).to_numpy().ravel())
        assert _leaks(data, root) == [], (name, fmt)
    skipped = exports.table_bytes(corpus.skipped, "json", root=corpus.path)
    reasons = {r["path"]: r["reason"] for r in json.loads(skipped)}
    assert "copy-of-b.txt" in reasons and "b.txt" in reasons["copy-of-b.txt"]


def test_dashboard_table_download_uses_the_sessions_corpus_folder(
    folder_corpus, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui import widgets

    root, corpus = folder_corpus
    buttons: list[dict[str, Any]] = []

    class Row:
        def download_button(self, label: str, **kwargs: Any) -> None:
            buttons.append(kwargs)

    monkeypatch.setattr(widgets, "st", SimpleNamespace(container=lambda **_: Row()))
    monkeypatch.setattr(widgets.state, "corpus_path", lambda: Path(corpus.path))
    widgets.download_table(corpus.documents, "documents", formats=exports.TABLE_FORMATS[:3])
    assert len(buttons) == 3
    for button in buttons:
        assert _leaks(button["data"](), root) == []


def test_cli_export_writes_paths_relative_to_the_corpus(folder_corpus, tmp_path: Path) -> None:
    root, _ = folder_corpus
    for table in ("documents", "skipped"):
        out = tmp_path / f"{table}.json"
        code = main(["export", str(root), "--cache", str(tmp_path / "cache"), "--model",
                     RULE_BASED, "--quiet", "--workers", "1", "--table", table, "--format",
                     "json", "--out", str(out)])  # fmt: skip
        assert code == 0
        assert _leaks(out.read_bytes(), root) == []
    paths = {r["path"] for r in json.loads((tmp_path / "documents.json").read_text())}
    assert paths == {"b.txt", "sub/a.txt"}


def test_a_single_file_corpus_keeps_its_file_name_and_rows(tmp_path: Path) -> None:
    path = tmp_path / "feed" / "news.jsonl"
    docs = schema.conform(
        [{"doc_id": "d1", "path": f"{path}#line=2", "text": "x", "words": 1,
          "warning": f"unreadable date in {path}#line=2"}],
        "documents",
    )  # fmt: skip
    corpus = Corpus(str(path), RULE_BASED, "k", docs, schema.empty("skipped"))
    shared = exports.shareable(corpus)
    assert shared.path == "news.jsonl"
    assert list(shared.documents["path"]) == ["news.jsonl#line=2"]
    assert list(shared.documents["warning"]) == ["unreadable date in news.jsonl#line=2"]
    assert exports.shareable(shared) is shared  # applying it twice changes nothing


_NAME = st.text(
    st.characters(whitelist_categories=("L", "N"), whitelist_characters="-_ ."),
    min_size=1,
    max_size=12,
).filter(lambda s: s.strip(". ") == s)  # a file or folder name, no "." or ".."


@settings(max_examples=examples(150), deadline=None)
@given(root_parts=st.lists(_NAME, min_size=1, max_size=4),
       inner=st.lists(st.lists(_NAME, min_size=1, max_size=3), min_size=1, max_size=5))  # fmt: skip
def test_no_table_cell_keeps_the_absolute_corpus_folder(root_parts, inner) -> None:
    root = "/" + "/".join(root_parts)
    rows = [{"path": root + "/" + "/".join(p), "reason": f"duplicate text of {root}/{p[-1]}"}
            for p in inner]  # fmt: skip
    frame = schema.conform(rows, "skipped")
    out = json.loads(exports.table_bytes(frame, "json", root=root))
    assert [r["path"] for r in out] == ["/".join(p) for p in inner]
    assert [r["reason"] for r in out] == [f"duplicate text of {p[-1]}" for p in inner]


def test_a_filtered_shareable_corpus_stays_shareable(folder_corpus) -> None:
    from analysis.filters import apply_filters

    _, corpus = folder_corpus
    shared = exports.shareable(corpus)
    narrowed = apply_filters(shared, Filters(text="France"))
    assert narrowed.shared and exports.shareable(narrowed) is narrowed
    assert list(narrowed.documents["path"]) == ["b.txt"]
