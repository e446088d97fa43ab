"""Corpus page lists every document whose publication date is missing, unreadable or
implausible (with a download); Overview announces them in a banner (issue 19.3)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from streamlit.testing.v1 import AppTest

OpenApp = Callable[..., AppTest]


def _corpus(folder: Path) -> Path:
    folder.mkdir()
    stories = {
        "good.md": "date: 2024-06-13",
        "feed.md": "date: Wed Nov 23, 2016 | 4:58pm EST",
        "unread.md": "date: the 7th of Smarch",
        "nodate.md": "source: Wire",
        "old.md": "date: 1863-07-01",
    }
    for i, (name, header) in enumerate(stories.items()):
        (folder / name).write_text(f"---\ntitle: Story {i}\n{header}\n---\nParis and Berlin {i}.\n")
    (folder / "scan.pdf").write_bytes(b"%PDF-1.4")
    return folder


def test_corpus_page_lists_date_problems_with_a_download(open_app: OpenApp, tmp_path: Path):
    corpus = _corpus(tmp_path / "dated")
    at = open_app(corpus, page="pages/corpus.py")
    assert not at.exception, [e.value for e in at.exception]
    banner = " ".join(w.value for w in at.warning)
    assert "2 documents have no readable publication date (1 missing, 1 unreadable)" in banner
    assert "1 document has a publication date outside the plausible window" in banner
    frames = [df.value for df in at.dataframe]
    (problems,) = [f for f in frames if "problem" in f.columns]
    listed = dict(zip(problems["path"], problems["problem"], strict=True))
    assert listed == {"nodate.md": "missing", "old.md": "implausible", "unread.md": "unreadable"}
    assert problems.set_index("path").loc["unread.md", "date_raw"] == "the 7th of Smarch"
    keys = [b.key for b in at.get("download_button")]
    assert any(k and "corpus-date-problems" in k for k in keys), keys
    # no server folder reaches the browser: the skipped list names the file only
    (skipped,) = [f for f in frames if "reason" in f.columns]
    assert list(skipped["path"]) == ["scan.pdf"]
    assert str(tmp_path) not in "".join(str(f.to_csv()) for f in frames)


def test_overview_banner_counts_date_problems(open_app: OpenApp, tmp_path: Path):
    at = open_app(_corpus(tmp_path / "dated"))
    assert not at.exception, [e.value for e in at.exception]
    assert any("2 documents have no readable publication date" in w.value for w in at.warning)


def test_no_banner_when_every_date_is_fine(open_app: OpenApp, tmp_path: Path):
    folder = tmp_path / "fine"
    folder.mkdir()
    (folder / "a.md").write_text("---\ntitle: A\ndate: 2024-06-13\n---\nParis.\n")
    at = open_app(folder)
    assert not at.exception
    assert not [w for w in at.warning if "publication date" in w.value]
