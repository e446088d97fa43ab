"""Small typed tables for tests, built one way (``from tests.factories import ...``).

Every test that needs a MENTIONS frame builds it here, so the frames have the schema's
columns and dtypes (analysis.schema.conform) like the tables the build writes, and a
schema change is made once.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from analysis import schema


def mention_frame(
    rows: Iterable[Mapping[str, Any] | Sequence[Any]] = (),
    *,
    columns: Sequence[str] | None = None,
) -> pd.DataFrame:
    """A MENTIONS table from ``rows``: dicts, or tuples named by ``columns``.

    A row with ``start`` and ``text`` but no ``end`` ends after its text. Columns the
    rows leave out are null; the result has the schema's columns and dtypes.
    """
    records = []
    for row in rows:
        record = dict(row) if columns is None else dict(zip(columns, row, strict=True))
        if "end" not in record and record.get("start") is not None and record.get("text"):
            record["end"] = record["start"] + len(record["text"])
        records.append(record)
    return schema.conform(records, "mentions")


def document_mentions(
    *docs: Sequence[tuple[Any, ...]],
    fields: Sequence[str] = ("text", "label"),
    spacing: int = 100,
    sentence_per_mention: bool = False,
    canonical: bool = False,
) -> pd.DataFrame:
    """A MENTIONS table of documents ``d0``, ``d1``…, one per argument, each a list of
    tuples named by ``fields`` (e.g. ``("Iran", "GPE")``).

    Mention ``i`` of a document starts at ``spacing * i`` (far enough apart that none
    qualifies the next) in sentence 0, or sentence ``i`` with ``sentence_per_mention``;
    ``canonical=True`` sets each mention's canonical name to its text.
    """
    rows = []
    for d, mentions in enumerate(docs):
        for i, values in enumerate(mentions):
            row = dict(zip(fields, values, strict=True))
            row.update(doc_id=f"d{d}", sent_id=i if sentence_per_mention else 0, start=spacing * i)
            if canonical:
                row.setdefault("canonical", row["text"])
            rows.append(row)
    return mention_frame(rows)
