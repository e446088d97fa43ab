"""The Entities page's tables (analysis.entity_views); the page only draws these."""

from __future__ import annotations

import pandas as pd

from analysis import entity_views as views
from analysis import schema
from analysis.present.charts.entities import kwic_html
from tests.factories import mention_frame

TEXTS = {
    "d1": "Iran met Iraq. Then Iran left.",
    "d2": "Iran spoke.",
    "d3": "Nobody said anything about Iran.",
}
DOCUMENTS = schema.conform(
    [{"doc_id": "d1", "title": "One", "date": "2024-06-13", "text": TEXTS["d1"]},
     {"doc_id": "d2", "title": "Two", "date": "2024-06-20T08:00:00", "text": TEXTS["d2"]},
     {"doc_id": "d3", "title": "Three", "date": None, "text": TEXTS["d3"]}],
    "documents",
)  # fmt: skip
SENTENCES = schema.conform(
    [{"doc_id": "d1", "sent_id": 0, "start": 0, "end": 14, "text": "Iran met Iraq."},
     {"doc_id": "d1", "sent_id": 1, "start": 15, "end": 30, "text": "Then Iran left."},
     {"doc_id": "d2", "sent_id": 0, "start": 0, "end": 11, "text": "Iran spoke."},
     {"doc_id": "d3", "sent_id": 0, "start": 0, "end": 32, "text": TEXTS["d3"]}],
    "sentences",
)  # fmt: skip
MENTIONS = mention_frame(
    [("d1", 0, 0, "Iran", "GPE", "Iran"), ("d1", 0, 9, "Iraq", "GPE", "Iraq"),
     ("d1", 1, 20, "Iran", "GPE", "Iran"), ("d2", 0, 0, "Iran", "ORG", "Iran"),
     ("d3", 0, 27, "Iran", "GPE", "Iran"), ("d3", 0, 0, "Nobody", "PERSON", None)],
    columns=["doc_id", "sent_id", "start", "text", "label", "canonical"],
)  # fmt: skip


def test_mentions_of_a_name_never_match_a_missing_name() -> None:
    assert views.mentions_of(MENTIONS, "Iran")["doc_id"].tolist() == ["d1", "d1", "d2", "d3"]
    assert views.mentions_of(MENTIONS, "Nobody").empty  # its canonical name is missing


def test_sentences_naming_a_name_newest_document_first_undated_last() -> None:
    rows = views.sentences_naming(MENTIONS, SENTENCES, DOCUMENTS, "Iran", width=10)
    assert rows[["doc_id", "sent_id"]].values.tolist() == [
        ["d2", 0], ["d1", 0], ["d1", 1], ["d3", 0]]  # fmt: skip
    assert rows["title"].tolist() == ["Two", "One", "One", "Three"]
    assert rows["match"].tolist() == ["Iran"] * 4
    assert rows.iloc[3]["left"] == "ing about "  # the width-character context
    assert views.sentences_naming(MENTIONS, SENTENCES, DOCUMENTS, "Peru", width=10).empty


def test_days_labels_table_and_pages() -> None:
    days = pd.DataFrame({"name": ["Iran", "Iraq", None], "date": ["2024-06-13"] * 3,
                         "mentions": [2, 1, 5]})  # fmt: skip
    assert views.days_of(days, "Iran").to_dict("records") == [
        {"name": "Iran", "date": "2024-06-13", "count": 2}]  # fmt: skip
    entities = pd.DataFrame({"name": ["Iran", "Ali", "UN"], "label": ["GPE", "PERSON", "ORG"],
                             "first_date": ["2024-06-13T08:00:00", "2024-06-14", None],
                             "last_date": ["2024-06-20T09:00:00", "2024-06-14", None]})  # fmt: skip
    assert views.with_labels(entities, ["PERSON", "ORG"])["name"].tolist() == ["Ali", "UN"]
    assert views.with_labels(entities, []) is entities
    table = views.entity_table(entities, 2)
    assert table["first_date"].tolist() == ["2024-06-13", "2024-06-14"]
    assert table["last_date"].tolist() == ["2024-06-20", "2024-06-14"]
    ids = [f"d{i}" for i in range(23)]
    assert views.document_page(ids, 1, 10) == (ids[:10], 3)
    assert views.document_page(ids, 3, 10) == (ids[20:], 3)
    assert views.document_page(ids, 9, 10) == (ids[20:], 3)  # past the end: the last page
    assert views.document_page([], 1, 10) == ([], 1)


def test_kwic_html_escapes_corpus_text_and_marks_cut_sides() -> None:
    rows = pd.DataFrame({"left": ["<script>x</script> said ", "a" * 9],
                         "match": ["<b>Iran", "Iran"], "right": [" & co.", " left"]})  # fmt: skip
    out = kwic_html(rows, width=10)
    assert "<script>" not in out and "&lt;script&gt;x&lt;/script&gt;" in out
    assert "<b>&lt;b&gt;Iran</b>" in out and "&amp; co." in out
    assert out.count("<mark") == 2
    assert out.count("…") == 2  # both left sides reach width - 1: they were cut
