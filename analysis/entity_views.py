"""The Entities page's tables: one entity's mentions, sentences and days, the entity
table as shown, and pages of documents.

In: MENTIONS, SENTENCES, DOCUMENTS, ENTITIES and ENTITY_DAYS tables of a built corpus
(analysis.schema). Out: pandas frames and plain values; pure pandas, no Streamlit, no
plotting. pages/entities.py reads the filters and controls, calls these, and draws.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from analysis.entity_tables import entity_mentions
from analysis.filters import isin


def _named(frame: pd.DataFrame, column: str, name: str) -> pd.DataFrame:
    """Rows of ``frame`` whose ``column`` is ``name`` (a missing value never matches)."""
    return frame[(frame[column] == name).fillna(False).to_numpy(dtype=bool)]


def mentions_of(mentions: pd.DataFrame, name: str) -> pd.DataFrame:
    """The MENTIONS rows whose canonical name is ``name``."""
    return _named(mentions, "canonical", name)


def sentences_naming(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    name: str,
    *,
    width: int,
) -> pd.DataFrame:
    """Keyword-in-context rows of ``name`` (analysis.entity_tables.entity_mentions, ``width``
    characters each side) with their document's ``title`` and ``date``: newest documents
    first, undated last, then by document and sentence."""
    hits = mentions_of(mentions, name)
    sentences = sentences[isin(sentences["doc_id"], hits["doc_id"])]  # only the docs needed
    rows = entity_mentions(hits, sentences, name, width=width)
    rows = rows.merge(documents[["doc_id", "title", "date"]], on="doc_id", how="left")
    order = ["date", "doc_id", "sent_id"]
    return rows.sort_values(order, ascending=[False, True, True], na_position="last")


def days_of(entity_days: pd.DataFrame, name: str) -> pd.DataFrame:
    """ENTITY_DAYS rows of ``name`` with ``mentions`` named ``count`` (what
    analysis.present.charts.entities.mentions_over_time draws)."""
    return _named(entity_days, "name", name).rename(columns={"mentions": "count"})


def with_labels(entities: pd.DataFrame, labels: Sequence[str]) -> pd.DataFrame:
    """ENTITIES rows whose label is one of ``labels``; all of them when none is given."""
    return entities[entities["label"].isin(list(labels))] if labels else entities


def entity_table(entities: pd.DataFrame, rows: int) -> pd.DataFrame:
    """The first ``rows`` ENTITIES rows as the table shows them: first and last seen as
    ISO days (no clock times)."""
    return entities.head(rows).assign(
        first_date=lambda t: t["first_date"].str.slice(0, 10),
        last_date=lambda t: t["last_date"].str.slice(0, 10),
    )


def document_page(doc_ids: Sequence[str], page: int, per_page: int) -> tuple[list[str], int]:
    """(the ids on page ``page`` (1-based, clamped to the pages there are), how many pages)
    of ``doc_ids`` in pages of ``per_page``."""
    pages = max(1, -(-len(doc_ids) // per_page))
    first = (min(max(page, 1), pages) - 1) * per_page
    return list(doc_ids[first : first + per_page]), pages
