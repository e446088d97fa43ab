"""Aggregates over mapped mentions (analysis.countries.aggregates): the COUNTRIES
table, surface forms, co-occurrence, mentions per month; each document's confidence
(analysis.countries.confidence); and mapped_mentions, what the Countries page counts
and shows apart (analysis.countries.sources)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import (
    CONFIDENT,
    CountryRules,
    country_cooccurrence,
    country_table,
    map_countries,
    mapped_mentions,
    mentions_by_date,
    surface_forms,
)
from tests.factories import document_mentions as mentions
from tests.factories import mention_frame


def test_country_table_counts_mentions_and_documents_most_mentioned_first() -> None:
    out = map_countries(
        mentions(
            [("Iran", "GPE"), ("Iranian", "NORP"), ("Iraq", "GPE")],
            [("Tehran", "GPE"), ("Arab", "NORP")],
        )
    )
    table = country_table(out)
    assert list(table.columns) == list(schema.COUNTRIES)
    assert table.to_dict("records") == [
        {"iso3": "IRN", "name": "Iran", "mentions": 3, "documents": 2},
        {"iso3": "IRQ", "name": "Iraq", "mentions": 1, "documents": 1},
    ]


def test_surface_forms_show_the_evidence_per_country() -> None:
    out = map_countries(mentions([("Iran", "GPE"), ("Iranian", "NORP"), ("Iran", "GPE")]))
    forms = surface_forms(out, "IRN")
    assert forms.to_dict("records") == [
        {"text": "Iran", "rule": "name", "mentions": 2},
        {"text": "Iranian", "rule": "demonym", "mentions": 1},
    ]
    assert surface_forms(out, "FRA").empty


def test_cooccurrence_by_sentence_and_by_document() -> None:
    frame = mentions(
        [("Iran", "GPE"), ("Iraq", "GPE"), ("Syria", "GPE")], sentence_per_mention=True
    )
    frame.loc[1, "sent_id"] = 0  # Iran and Iraq share sentence 0
    out = map_countries(frame)
    by_sentence = country_cooccurrence(out, by="sentence")
    assert by_sentence.to_dict("records") == [{"source": "IRN", "target": "IRQ", "count": 1}]
    by_document = country_cooccurrence(out, by="document")
    assert len(by_document) == 3
    assert set(by_document["count"]) == {1}
    with pytest.raises(ValueError):
        country_cooccurrence(out, by="paragraph")  # type: ignore[arg-type]


def test_mentions_by_date_counts_per_month() -> None:
    out = map_countries(mentions([("Iran", "GPE"), ("Iraq", "GPE")], [("Iran", "GPE")]))
    documents = pd.DataFrame({"doc_id": ["d0", "d1"], "date": ["2024-05-03", "2024-06"]})
    counts = mentions_by_date(out, documents)
    assert counts.to_dict("records") == [
        {"date": "2024-05", "iso3": "IRN", "count": 1},
        {"date": "2024-05", "iso3": "IRQ", "count": 1},
        {"date": "2024-06", "iso3": "IRN", "count": 1},
    ]


def test_document_confidence_weighs_the_evidence() -> None:
    from analysis.countries import (
        CONFIDENT,
        DOUBTFUL,
        PLAUSIBLE,
        confident_documents,
        confident_mentions,
        document_countries,
    )

    out = map_countries(
        mentions(
            [("Iran", "GPE")],
            [("Iranian", "NORP"), ("Iranians", "NORP")],
            [("Athens", "GPE")],  # Greece's capital, or Athens, Georgia (127,000)
            [("Athens", "GPE"), ("Athens", "GPE")],
            [("ATHENS", "GPE")],  # a dateline
            [("Georgia", "GPE")],  # a country, or a US state
        )
    )
    table = document_countries(out)
    keys = zip(table["doc_id"], table["iso3"], strict=True)
    got = dict(zip(keys, table["confidence"], strict=True))
    assert got == {
        ("d0", "IRN"): CONFIDENT,
        ("d1", "IRN"): PLAUSIBLE,
        ("d2", "GRC"): DOUBTFUL,
        ("d3", "GRC"): CONFIDENT,
        ("d4", "GRC"): PLAUSIBLE,
        ("d5", "GEO"): PLAUSIBLE,
    }
    assert list(table.columns) == ["doc_id", "iso3", "mentions", "confidence"]
    assert country_table(out, min_confidence=0.5).set_index("iso3")["mentions"].to_dict() == {
        "IRN": 3,
        "GRC": 3,
        "GEO": 1,
    }
    assert country_table(out).set_index("iso3").loc["GRC", "mentions"] == 4
    assert document_countries(schema.empty("mentions")).empty
    sure = confident_mentions(out, CONFIDENT)
    assert sorted(set(zip(sure["doc_id"], sure["iso3"], strict=True))) == [
        ("d0", "IRN"), ("d3", "GRC"),
    ]  # fmt: skip
    assert len(confident_mentions(out, 0.0)) == out["iso3"].notna().sum()
    assert confident_documents(out).to_dict() == {"GRC": 1, "IRN": 1}


def test_mapped_mentions_counts_confident_places_and_shows_the_rest_apart() -> None:
    """What the Countries page shows (analysis.countries.mapped_mentions): the mentions
    counted for a country at a confidence, the places counted apart, under switched rules."""
    texts = {"d1": "Iraq and the Bank of England met.", "d2": "Iranian troops patrolled Kashmir."}
    documents = schema.conform(
        [{"doc_id": d, "text": t, "source": "Wire"} for d, t in texts.items()], "documents"
    )
    built = mention_frame(
        [("d1", 0, 0, "Iraq", "GPE", "IRQ", "name"),
         ("d1", 0, 25, "England", "GPE", "GBR", "org_home"),
         ("d2", 0, 0, "Iranian", "NORP", "IRN", "demonym"),
         ("d2", 0, 25, "Kashmir", "GPE", None, "disputed")],
        columns=["doc_id", "sent_id", "start", "text", "label", "iso3", "rule"],
    )  # fmt: skip
    every = mapped_mentions(built, documents)
    assert every.counted["text"].tolist() == ["Iraq", "Iranian"]
    assert sorted(every.apart["text"]) == ["England", "Kashmir"]
    assert set(every.apart["kind"]) == {"organisation's home", "disputed region"}
    sure = mapped_mentions(built, documents, min_confidence=CONFIDENT)
    assert sure.counted["text"].tolist() == ["Iraq"]  # a lone demonym is not confident
    no_demonyms = mapped_mentions(built, documents, rules=CountryRules(demonyms=False))
    assert "Iranian" not in no_demonyms.counted["text"].tolist()
