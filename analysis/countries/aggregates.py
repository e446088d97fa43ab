"""Aggregates over mapped mentions: the COUNTRIES table, surface forms per country,
mentions over time, countries named together.
"""

from __future__ import annotations

from typing import Literal

import pandas as pd

from analysis import schema
from analysis.countries.confidence import _mapped, confident_mentions
from analysis.gazetteer import (
    country_name,
)


def country_table(mentions: pd.DataFrame, *, min_confidence: float = 0.0) -> pd.DataFrame:
    """Mapped mentions -> COUNTRIES table (iso3, name, mentions, documents).

    Most mentioned first (ties: more documents, then ISO3 code). With
    ``min_confidence`` only a document's countries of at least that
    :func:`document_countries` confidence count.
    """
    mapped = confident_mentions(mentions, min_confidence)
    if mapped.empty:
        return schema.empty("countries")
    table = (
        mapped.groupby("iso3")
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    table["name"] = table["iso3"].map(country_name)
    table = table.sort_values(
        ["mentions", "documents", "iso3"], ascending=[False, False, True], kind="stable"
    )
    return schema.conform(table, "countries")


def surface_forms(mentions: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """The evidence for one country: DataFrame(text, rule, mentions), most frequent first."""
    mapped = _mapped(mentions)
    rows = mapped[mapped["iso3"] == iso3]
    if rows.empty:
        return pd.DataFrame(
            {
                "text": pd.Series([], dtype=schema.STR),
                "rule": pd.Series([], dtype=schema.STR),
                "mentions": pd.Series([], dtype=schema.INT),
            }
        )
    forms = rows.groupby(["text", "rule"]).size().rename("mentions").reset_index()
    forms = forms.sort_values(["mentions", "text"], ascending=[False, True], kind="stable")
    return forms.astype({"text": schema.STR, "rule": schema.STR, "mentions": schema.INT})


def top_surface_forms(mentions: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """DataFrame(iso3, forms): each country's ``n`` most frequent surface forms.

    ``forms`` reads like "Iran (11), Iranian (2)", for a map's hover text.
    """
    mapped = _mapped(mentions)
    if mapped.empty:
        return pd.DataFrame(
            {"iso3": pd.Series([], dtype=schema.STR), "forms": pd.Series([], dtype=schema.STR)}
        )
    counts = mapped.groupby(["iso3", "text"]).size().rename("k").reset_index()
    counts = counts.sort_values(["iso3", "k", "text"], ascending=[True, False, True])
    top = counts.groupby("iso3").head(n)
    labels = top["text"].astype(str) + " (" + top["k"].astype(str) + ")"
    forms = labels.groupby(top["iso3"]).agg(", ".join).rename("forms").reset_index()
    return forms.astype({"iso3": schema.STR, "forms": schema.STR})


def mentions_by_date(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    period: Literal["year", "month", "day"] = "month",
) -> pd.DataFrame:
    """DataFrame(date, iso3, count): country mentions per period of document date.

    ``documents`` needs doc_id and date (ISO strings); undated documents are left
    out. ``date`` is the ISO prefix of the period ("2024-05" for a month).
    """
    width = {"year": 4, "month": 7, "day": 10}[period]
    dates = documents[["doc_id", "date"]].dropna().drop_duplicates("doc_id")
    dates = dates.assign(date=dates["date"].astype(str).str[:width])
    dates = dates[dates["date"].str.len() == width]
    rows = _mapped(mentions)[["doc_id", "iso3"]].merge(dates, on="doc_id")
    counts = rows.groupby(["date", "iso3"]).size().rename("count").reset_index()
    return counts.astype({"date": schema.STR, "iso3": schema.STR, "count": schema.INT})


def country_cooccurrence(
    mentions: pd.DataFrame, *, by: Literal["sentence", "document"] = "sentence"
) -> pd.DataFrame:
    """Pairs of countries named together: DataFrame(source, target, count).

    ``count`` is the number of sentences (``by="sentence"``) or documents
    (``by="document"``) naming both. Each unordered pair appears once, with
    source < target; most frequent first.
    """
    if by not in ("sentence", "document"):
        raise ValueError(f"by must be 'sentence' or 'document', not {by!r}")
    unit = ["doc_id", "sent_id"] if by == "sentence" else ["doc_id"]
    mapped = _mapped(mentions)[[*unit, "iso3"]].drop_duplicates()
    pairs = mapped.merge(mapped, on=unit, suffixes=("_s", "_t"))
    pairs = pairs[pairs["iso3_s"] < pairs["iso3_t"]]
    counts = pairs.groupby(["iso3_s", "iso3_t"]).size().rename("count").reset_index()
    counts = counts.rename(columns={"iso3_s": "source", "iso3_t": "target"})
    counts = counts.sort_values(
        ["count", "source", "target"], ascending=[False, True, True], kind="stable"
    )
    return counts.reset_index(drop=True).astype(
        {"source": schema.STR, "target": schema.STR, "count": schema.INT}
    )
