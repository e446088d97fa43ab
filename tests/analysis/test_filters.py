"""analysis.filters: the URL form of the filters and how they narrow a corpus."""

from __future__ import annotations

import copy
import time

import numpy as np
import pandas as pd
import pytest

from analysis import schema
from analysis.filters import Filters, apply_filters, describe
from analysis.tables import Corpus, aggregates
from tests.factories import mention_frame

#: make_corpus's corpus, built once per process: its aggregates cost ~0.08 s of CPU each time,
#: and ~60 tests of five modules call it (test_filters, test_report, test_rules_record, ...).
_MADE: list[Corpus] = []


def make_corpus() -> Corpus:
    """Three dated documents from two sources, and one undated, with mentions and events.
    Each call returns its own deep copy (~3 ms) of :func:`_built_corpus`, built once per
    process, so a test that edits its corpus changes no other test's."""
    if not _MADE:
        _MADE.append(_built_corpus())
    return copy.deepcopy(_MADE[0])


def _built_corpus() -> Corpus:
    """The corpus of :func:`make_corpus`, assembled from its hand-written tables."""
    docs = schema.conform(
        [
            {"doc_id": "d1", "title": "Iran and Iraq talk", "date": "2024-06-13",
             "source": "Tasnim", "text": "Iran and Iraq met in Baghdad.", "words": 6},
            {"doc_id": "d2", "title": "France votes", "date": "2024-06-20T08:00:00",
             "source": "AFP", "text": "France voted. Macron spoke in Paris.", "words": 6},
            {"doc_id": "d3", "title": "Iraq budget", "date": "2024-07-01",
             "source": "AFP", "text": "Iraq passed a budget.", "words": 4},
            {"doc_id": "d4", "title": "Undated note", "date": None,
             "source": None, "text": "Nothing about Iran here, only a CEASEFIRE.", "words": 7},
        ],
        "documents",
    )  # fmt: skip
    m = [
        ("d1", 0, 0, 4, "Iran", "GPE", "Iran", "IRN"),
        ("d1", 0, 9, 13, "Iraq", "GPE", "Iraq", "IRQ"),
        ("d1", 0, 21, 28, "Baghdad", "GPE", "Baghdad", "IRQ"),
        ("d2", 0, 0, 6, "France", "GPE", "France", "FRA"),
        ("d2", 1, 14, 20, "Macron", "PERSON", "Emmanuel Macron", None),
        ("d2", 1, 30, 35, "Paris", "GPE", "Paris", "FRA"),
        ("d3", 0, 0, 4, "Iraq", "GPE", "Iraq", "IRQ"),
        ("d4", 0, 14, 18, "Iran", "GPE", "Iran", "IRN"),
    ]
    cols = ["doc_id", "sent_id", "start", "end", "text", "label", "canonical", "iso3"]
    mentions = mention_frame(m, columns=cols)
    events = schema.conform(
        [
            {"event_id": "d1:0:0", "doc_id": "d1", "sent_id": 0, "actors": "Iran; Iraq",
             "action": "meet", "event_type": "meet", "date": "2024-06-13"},
            {"event_id": "d2:0:0", "doc_id": "d2", "sent_id": 0, "actors": "France",
             "action": "vote", "event_type": "vote", "date": "2024-06-20"},
            {"event_id": "d3:0:0", "doc_id": "d3", "sent_id": 0, "actors": "Iraq",
             "action": "pass budget", "event_type": "legislate", "date": "2024-07-01"},
        ],
        "events",
    )  # fmt: skip
    sentences = schema.conform(
        [{"doc_id": d, "sent_id": s, "start": 0, "end": 1, "text": "x"}
         for d, s in [("d1", 0), ("d2", 0), ("d2", 1), ("d3", 0), ("d4", 0)]],
        "sentences",
    )  # fmt: skip
    skipped = schema.conform([{"path": "x.pdf", "reason": "unsupported"}], "skipped")
    tables = {"sentences": sentences, "mentions": mentions, "events": events}
    tables.update(aggregates(docs, mentions, events))
    return Corpus("test", "test-model 1", "key", docs, skipped, tables)


# ---------------------------------------------------------------- URL form


def test_params_round_trip() -> None:
    f = Filters(
        date_from="2024-06-01",
        date_to="2024-06-30",
        sources=("AFP", "Tasnim"),
        labels=("GPE",),
        entities=("Iran", "Emmanuel Macron"),
        countries=("IRQ",),
        event_types=("meet",),
        text="cease fire",
    )
    params = f.to_params()
    assert params["source"] == ["AFP", "Tasnim"]
    assert params["from"] == "2024-06-01"
    assert params["q"] == "cease fire"
    assert Filters.from_params(params) == f
    # a single value arrives as a plain string from st.query_params
    assert Filters.from_params({"country": "IRQ"}).countries == ("IRQ",)


def test_unset_filters_leave_no_params() -> None:
    assert Filters().to_params() == {}
    assert not Filters().active
    assert Filters(text="x").active


def test_malformed_params_are_ignored() -> None:
    f = Filters.from_params(
        {
            "from": "2024-13-45",
            "to": "yesterday",
            "country": ["irq", "Iraq", "12A", ""],
            "source": ["", "  AFP  ", "AFP"],
            "q": "  many   spaces ",
            "unknown": "ignored",
            "label": None,
        }
    )
    assert f.date_from is None and f.date_to is None
    assert f.countries == ("IRQ",)  # lower case accepted, names and junk dropped
    assert f.sources == ("AFP",)  # stripped and de-duplicated
    assert f.text == "many spaces"
    assert f.labels == ()


def test_backwards_date_range_is_swapped() -> None:
    f = Filters.from_params({"from": "2024-07-01", "to": "2024-06-01"})
    assert (f.date_from, f.date_to) == ("2024-06-01", "2024-07-01")


def test_describe_lists_active_filters() -> None:
    lines = describe(Filters(date_from="2024-06-01", countries=("IRQ",), text="budget"))
    assert lines == ["date: 2024-06-01 to …", "countries: IRQ", "text contains: budget"]


# ---------------------------------------------------------------- narrowing


def doc_ids(corpus: Corpus) -> list[str]:
    return corpus.documents["doc_id"].tolist()


def test_no_filter_returns_the_corpus_itself() -> None:
    corpus = make_corpus()
    assert apply_filters(corpus, Filters()) is corpus


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (Filters(date_from="2024-06-15"), ["d2", "d3"]),  # undated d4 is left out
        (Filters(date_to="2024-06-20"), ["d1", "d2"]),  # a datetime compares by its day
        (Filters(date_from="2024-06-13", date_to="2024-06-13"), ["d1"]),
        (Filters(sources=("AFP",)), ["d2", "d3"]),
        (Filters(sources=("AFP", "Tasnim")), ["d1", "d2", "d3"]),
        (Filters(text="ceasefire"), ["d4"]),  # case-insensitive, in the text
        (Filters(text="iraq"), ["d1", "d3"]),  # title or text
        (Filters(entities=("Iran",)), ["d1", "d4"]),
        (Filters(entities=("Emmanuel Macron",)), ["d2"]),  # canonical name
        (Filters(countries=("IRQ",)), ["d1", "d3"]),
        (Filters(countries=("IRQ",), sources=("AFP",)), ["d3"]),  # filters AND together
        (Filters(labels=("PERSON",)), ["d1", "d2", "d3", "d4"]),  # labels narrow mentions
        (Filters(event_types=("vote",)), ["d1", "d2", "d3", "d4"]),  # types narrow events
    ],
)
def test_documents_narrowed(filters: Filters, expected: list[str]) -> None:
    assert doc_ids(apply_filters(make_corpus(), filters)) == expected


def test_tables_follow_the_documents() -> None:
    out = apply_filters(make_corpus(), Filters(sources=("AFP",)))
    assert set(out.table("mentions")["doc_id"]) == {"d2", "d3"}
    assert set(out.table("sentences")["doc_id"]) == {"d2", "d3"}
    assert out.table("events")["event_id"].tolist() == ["d2:0:0", "d3:0:0"]
    # aggregates are recomputed: Iran is not mentioned by AFP
    names = set(out.table("entities")["name"])
    assert "Iran" not in names and {"Iraq", "France"} <= names
    assert set(out.table("countries")["iso3"]) == {"FRA", "IRQ"}
    assert len(out.skipped) == 1  # inputs, not documents: kept whole


def test_label_and_event_type_narrow_rows_not_documents() -> None:
    out = apply_filters(make_corpus(), Filters(labels=("PERSON",), event_types=("meet",)))
    assert out.table("mentions")["text"].tolist() == ["Macron"]
    assert out.table("entities")["name"].tolist() == ["Emmanuel Macron"]
    assert out.table("events")["event_id"].tolist() == ["d1:0:0"]
    assert len(out.table("merged_events")) == 1


def test_filter_matching_nothing_gives_empty_typed_tables() -> None:
    out = apply_filters(make_corpus(), Filters(text="no such words anywhere"))
    assert out.documents.empty
    for name in ("mentions", "events", "entities", "countries", "cooccurrences", "merged_events"):
        table = out.table(name)
        assert table.empty
        assert list(table.columns) == list(schema.TABLES[name])


def test_input_corpus_is_not_modified() -> None:
    corpus = make_corpus()
    before = {n: corpus.table(n).copy() for n in ("documents", "mentions", "events")}
    apply_filters(corpus, Filters(sources=("AFP",), labels=("GPE",)))
    for name, frame in before.items():
        pd.testing.assert_frame_equal(corpus.table(name), frame)


def test_fast_on_a_large_corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    """19,000 documents / 300,000 mentions: narrowing (without aggregates) under a second."""
    rng = np.random.default_rng(0)
    n_docs, n_mentions = 19_000, 300_000
    ids = pd.array([f"{i:016x}" for i in range(n_docs)], dtype="string")
    days = pd.date_range("2024-01-01", periods=180).strftime("%Y-%m-%d").to_numpy()
    docs = pd.DataFrame(
        {
            "doc_id": ids,
            "date": pd.array(rng.choice(days, n_docs), dtype="string"),
            "source": pd.array(rng.choice(["AFP", "AP", "BBC", "Reuters"], n_docs), dtype="string"),
            "title": pd.array([f"title {i}" for i in range(n_docs)], dtype="string"),
            "text": pd.array(
                [f"some text number {i} about things" for i in range(n_docs)], dtype="string"
            ),
        }
    )
    names = [f"Entity {i}" for i in range(5000)]
    mentions = pd.DataFrame(
        {
            "doc_id": ids[rng.integers(0, n_docs, n_mentions)],
            "canonical": pd.array(rng.choice(names, n_mentions), dtype="string"),
            "text": pd.array(["x"] * n_mentions, dtype="string"),
            "label": pd.array(rng.choice(["PERSON", "ORG", "GPE"], n_mentions), dtype="string"),
            "iso3": pd.array(rng.choice(["FRA", "IRQ", None], n_mentions), dtype="string"),
        }
    )
    events = schema.empty("events")
    tables = {"mentions": mentions, "events": events, "sentences": schema.empty("sentences")}
    corpus = Corpus("big", "m", "k", docs, schema.empty("skipped"), tables)
    monkeypatch.setattr("analysis.tables.aggregates", lambda d, m, e: {})
    f = Filters(
        date_from="2024-02-01",
        sources=("AFP", "BBC"),
        entities=("Entity 1", "Entity 2"),
        countries=("IRQ",),
        labels=("PERSON",),
        text="number",
    )
    started = time.perf_counter()
    out = apply_filters(corpus, f)
    elapsed = time.perf_counter() - started
    assert 0 < len(out.documents) < n_docs
    assert set(out.table("mentions")["doc_id"]) <= set(out.documents["doc_id"])
    assert elapsed < 1.0, f"apply_filters took {elapsed:.2f}s"
