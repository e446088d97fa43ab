"""Per-day aggregates written at build time: entity x day and country x day.

A chart of an entity or a country over time, or a ranking over a date range, then reads
a few thousand precomputed rows instead of regrouping every mention. The day is the
document's publication day (``YYYY-MM-DD``; null for undated documents, kept so that
the days of one name add up to its corpus total).

Because every document has exactly one publication day, ``documents`` adds up across
days too: the documents naming X between two days are the sum of X's daily
``documents`` (:func:`entities_between` relies on this).

Counting follows the corpus tables exactly: an entity's days sum to its row in the
entities table (analysis.entities.entity_table: canonical names, quantities and dates
left out), a country's days to its row in the countries table.
"""

from __future__ import annotations

import pandas as pd

from analysis import entities, schema


def _days(documents: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {"doc_id": documents["doc_id"], "date": documents["date"].str.slice(0, 10)}
    ).drop_duplicates("doc_id")


def _per_day(rows: pd.DataFrame, key: str) -> pd.DataFrame:
    grouped = rows.groupby([key, "date"], dropna=False, observed=True, sort=False)
    return grouped["doc_id"].agg(mentions="size", documents="nunique").reset_index()


def entity_days(
    mentions: pd.DataFrame, documents: pd.DataFrame, entity_table: pd.DataFrame
) -> pd.DataFrame:
    """MENTIONS + DOCUMENTS (+ the ENTITIES table, for labels) -> ENTITY_DAYS.

    One row per (canonical name, publication day) with mentions and documents; label is
    the entity's label in ``entity_table``. Sorted by day, then most mentioned first.
    """
    keep = mentions["canonical"].notna() & (mentions["canonical"].astype(str) != "")
    keep &= ~mentions["label"].isin(list(entities.NUMERIC_LABELS))
    named = mentions.loc[keep.to_numpy(dtype=bool, na_value=False), ["doc_id", "canonical"]]
    if len(named) == 0:
        return schema.empty("entity_days")
    rows = named.rename(columns={"canonical": "name"}).merge(_days(documents), on="doc_id")
    table = _per_day(rows, "name")
    labels = entity_table.drop_duplicates("name").set_index("name")["label"]
    table["label"] = table["name"].map(labels)
    table = table.sort_values(
        ["date", "mentions", "name"], ascending=[True, False, True], na_position="last"
    )
    return schema.conform(table, "entity_days")


def country_days(mentions: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """MENTIONS + DOCUMENTS -> COUNTRY_DAYS: one row per (iso3, publication day)."""
    mapped = mentions.loc[mentions["iso3"].notna().to_numpy(dtype=bool), ["doc_id", "iso3"]]
    if len(mapped) == 0:
        return schema.empty("country_days")
    table = _per_day(mapped.merge(_days(documents), on="doc_id"), "iso3")
    table = table.sort_values(
        ["date", "mentions", "iso3"], ascending=[True, False, True], na_position="last"
    )
    return schema.conform(table, "country_days")


def daily_tables(
    documents: pd.DataFrame, mentions: pd.DataFrame, entity_table: pd.DataFrame
) -> dict[str, pd.DataFrame]:
    """{"entity_days", "country_days"} for analysis.tables.aggregates."""
    return {
        "entity_days": entity_days(mentions, documents, entity_table),
        "country_days": country_days(mentions, documents),
    }


def entities_between(
    days: pd.DataFrame,
    date_from: str | None = None,
    date_to: str | None = None,
    *,
    labels: tuple[str, ...] = (),
) -> pd.DataFrame:
    """ENTITY_DAYS -> name, label, mentions, documents over an inclusive day range.

    Undated documents count only when no bound is given. Most mentioned first.
    """
    keep = pd.Series(True, index=days.index)
    if date_from:
        keep &= (days["date"] >= date_from).fillna(False)
    if date_to:
        keep &= (days["date"] <= date_to).fillna(False)
    if labels:
        keep &= days["label"].isin(labels).fillna(False)
    rows = days[keep.to_numpy(dtype=bool)]
    table = (
        rows.groupby(["name", "label"], observed=True, dropna=False)[["mentions", "documents"]]
        .sum()
        .reset_index()
        .sort_values(["mentions", "documents", "name"], ascending=[False, False, True])
    )
    return table.reset_index(drop=True)
