"""What a browser user reads: URL text escaped in messages, no server paths in the
skipped-items tables and the corpus caption (AppTest on the fixture corpus)."""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "news"
BEACON = "![x](http://127.0.0.1:9/b.gif) [log in](http://evil.example)"


def skipped_cells(at: AppTest) -> list[str]:
    frames = [d.value for d in at.dataframe if {"path", "reason"} <= set(d.value.columns)]
    assert frames, "no skipped-items table"
    return [str(v) for f in frames for v in [*f["path"], *f["reason"]]]


def test_skipped_items_show_no_server_path(open_app) -> None:
    at = open_app()
    for page in (None, "pages/corpus.py"):
        if page:
            at.switch_page(page).run()
        cells = skipped_cells(at)
        assert len(cells) == 4  # the fixture's two skipped items
        assert not any(str(ROOT) in c or c.startswith("/") for c in cells), cells


def test_corpus_caption_names_the_folder_not_the_path(open_app) -> None:
    at = open_app(params={"corpus": f"{FIXTURE}/{BEACON}/../../../.."})
    assert not at.exception
    caption = " ".join(m.value for m in at.sidebar.markdown)
    assert "**news**" in caption and str(FIXTURE) not in caption
    assert "](http" not in caption


def test_an_invalid_corpus_in_the_url_is_escaped_in_the_error(open_app) -> None:
    at = open_app(params={"corpus": f"upload-{BEACON}"})
    errors = [e.value for e in at.error]
    assert errors and "valid upload id" in errors[0]
    assert "![x](" not in errors[0] and "\\!\\[x\\]" in errors[0]
