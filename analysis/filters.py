"""The global filters of the dashboard: a value object, its URL form, and how it narrows a corpus.

:class:`Filters` is what the sidebar edits and what every page and download applies.
Its URL form (:meth:`Filters.to_params` / :meth:`Filters.from_params`) is the query
string of the dashboard, so a copied link reopens the same view::

    ?from=2024-06-01&to=2024-06-30&source=Reuters&source=AP&label=PERSON
     &entity=Ali+Baqeri&country=IRQ&event_type=meet&q=ceasefire

Semantics of :func:`apply_filters`: values inside one filter are alternatives (any of
them), filters combine with AND. Documents are narrowed by date, source, free text,
entity and country (a document passes the entity filter when it mentions one of the
entities, the country filter when one of its mentions maps to one of the countries).
Every per-document table is then narrowed to those documents, mentions further by
entity label and events further by event type, and the aggregates are recomputed
from the narrowed tables. Nothing here raises for a filter that matches nothing: the
result is a corpus with empty tables.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

from analysis import tables as corpus_tables
from analysis.tables import Corpus

#: Query-parameter name of each filter field (the URL contract; do not rename).
PARAMS: dict[str, str] = {
    "date_from": "from",
    "date_to": "to",
    "sources": "source",
    "labels": "label",
    "entities": "entity",
    "countries": "country",
    "event_types": "event_type",
    "text": "q",
    "stories_once": "once",
}
_MULTI = ("sources", "labels", "entities", "countries", "event_types")
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_MAX_VALUE_CHARS = 300
_MAX_VALUES = 200


@dataclass(frozen=True)
class Filters:
    """The dashboard's filter state. Empty tuples and None mean "no filter".

    Dates are ISO days (``YYYY-MM-DD``), inclusive. ``countries`` holds ISO 3166-1
    alpha-3 codes. ``text`` is matched case-insensitively in titles and texts.
    """

    date_from: str | None = None
    date_to: str | None = None
    sources: tuple[str, ...] = ()
    labels: tuple[str, ...] = ()
    entities: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    event_types: tuple[str, ...] = ()
    text: str = ""
    #: Count each story once: keep one document per group of near-duplicates
    #: (analysis.stories); every table and aggregate is then computed from those.
    stories_once: bool = False

    @property
    def active(self) -> bool:
        """True when at least one filter is set."""
        return self != Filters()

    def replace(self, **changes: object) -> Filters:
        """A copy with ``changes`` applied, normalised like :meth:`from_params` values."""
        fields = dataclasses.asdict(self)
        fields.update(changes)
        return Filters(
            date_from=_day(fields["date_from"]),
            date_to=_day(fields["date_to"]),
            text=_text(fields["text"]),
            stories_once=_flag(fields["stories_once"]),
            **{name: _values(fields[name], name) for name in _MULTI},
        )

    def to_params(self) -> dict[str, str | list[str]]:
        """The query parameters of this state (unset filters are left out)."""
        out: dict[str, str | list[str]] = {}
        for name, key in PARAMS.items():
            value = getattr(self, name)
            if isinstance(value, tuple):
                if value:
                    out[key] = list(value)
            elif isinstance(value, bool):
                if value:
                    out[key] = "1"
            elif value:
                out[key] = value
        return out

    @classmethod
    def from_params(cls, params: Mapping[str, str | Iterable[str] | None]) -> Filters:
        """Filters from query parameters; malformed or unknown values are ignored.

        Each value may be a string or a list of strings (repeated parameters).
        A date range given backwards is swapped.
        """
        fields: dict[str, object] = {}
        for name, key in PARAMS.items():
            raw = params.get(key)
            values = [raw] if isinstance(raw, str) else list(raw or [])
            values = [v for v in values if isinstance(v, str)]
            if name in _MULTI:
                fields[name] = values
            else:
                fields[name] = values[-1] if values else None
        out = Filters().replace(**fields)
        if out.date_from and out.date_to and out.date_from > out.date_to:
            out = dataclasses.replace(out, date_from=out.date_to, date_to=out.date_from)
        return out


def _day(value: object) -> str | None:
    if isinstance(value, date):
        return value.isoformat()[:10]
    if not isinstance(value, str):
        return None
    value = value.strip()[:10]
    if not _ISO_DAY.match(value):
        return None
    try:
        date.fromisoformat(value)
    except ValueError:
        return None
    return value


def _flag(value: object) -> bool:
    """A boolean filter from its URL form ("1", "true", "yes", "on") or a bool."""
    if isinstance(value, bool):
        return value
    return isinstance(value, str) and value.strip().lower() in {"1", "true", "yes", "on"}


def _text(value: object) -> str:
    if not isinstance(value, str):
        return ""
    return " ".join(value.split())[:_MAX_VALUE_CHARS]


def _values(value: object, name: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, Iterable):
        return ()
    seen: dict[str, None] = {}
    for item in value:
        if not isinstance(item, str):
            continue
        item = item.strip()
        if name == "countries":
            item = item.upper()
            if not _ISO3.match(item):
                continue
        if item and len(item) <= _MAX_VALUE_CHARS:
            seen[item] = None
    return tuple(seen)[:_MAX_VALUES]


# ---------------------------------------------------------------- applying


def apply_filters(corpus: Corpus, filters: Filters) -> Corpus:
    """``corpus`` narrowed by ``filters`` (a new Corpus; ``corpus`` is not modified).

    Returns ``corpus`` itself when no filter is set. The skipped table is kept whole:
    it lists inputs, not documents.
    """
    if not filters.active:
        return corpus
    docs = corpus.documents
    keep = np.ones(len(docs), dtype=bool)
    if filters.date_from or filters.date_to:
        day = docs["date"].str.slice(0, 10)
        if filters.date_from:
            keep &= _true(day >= filters.date_from)
        if filters.date_to:
            keep &= _true(day <= filters.date_to)
    if filters.sources:
        keep &= isin(docs["source"], filters.sources)
    if filters.text:
        keep &= _contains(docs["title"], filters.text) | _contains(docs["text"], filters.text)
    if filters.stories_once and "stories" in corpus.tables:
        from analysis import stories  # MinHash (datasketch, scipy): only for this filter

        keep &= isin(docs["doc_id"], stories.representatives(corpus.tables["stories"]))
    mentions = corpus.table("mentions")
    if filters.entities:
        names = mentions["canonical"].fillna(mentions["text"])
        keep &= isin(docs["doc_id"], mentions["doc_id"][isin(names, filters.entities)])
    if filters.countries:
        keep &= isin(docs["doc_id"], mentions["doc_id"][isin(mentions["iso3"], filters.countries)])
    documents = docs[keep].reset_index(drop=True)
    ids = documents["doc_id"]

    tables = {
        name: _rows(frame, isin(frame["doc_id"], ids))
        for name, frame in corpus.tables.items()
        if name in ("sentences", "mentions", "events")
    }
    if filters.labels:
        m = tables["mentions"]
        tables["mentions"] = _rows(m, isin(m["label"], filters.labels))
    if filters.event_types:
        e = tables["events"]
        tables["events"] = _rows(e, isin(e["event_type"], filters.event_types))
    tables.update(corpus_tables.aggregates(documents, tables["mentions"], tables["events"]))
    if "stories" in corpus.tables:
        st = corpus.tables["stories"]
        tables["stories"] = _rows(st, isin(st["doc_id"], ids))
    # Every other field as given (what produced the tables: model, aliases, country rules;
    # ``shared``: paths already relative), so a field added to Corpus is never dropped here.
    return dataclasses.replace(corpus, documents=documents, tables=tables, repairs=[])


def isin(column: pd.Series, allowed: Iterable[str] | pd.Series) -> np.ndarray:
    """Boolean mask: which values of the string ``column`` are in ``allowed`` (nulls: False).

    pandas' isin on Arrow strings converts every allowed value in Python, which takes
    seconds for 100,000 doc ids; pyarrow's is_in on the unique values takes milliseconds.
    """
    values = pa.array(column, from_pandas=True)
    if not pa.types.is_string(values.type) and not pa.types.is_large_string(values.type):
        values = values.cast(pa.string())
    if isinstance(allowed, pd.Series):
        wanted = pc.unique(pa.array(allowed, from_pandas=True).cast(values.type))
    else:
        wanted = pa.array(list(dict.fromkeys(allowed)), type=values.type)
    hits = pc.is_in(values, value_set=wanted.drop_null())
    return hits.fill_null(False).to_numpy(zero_copy_only=False).astype(bool, copy=False)


def _true(mask: pd.Series) -> np.ndarray:
    """A nullable boolean Series as a numpy mask, nulls counted as False."""
    return mask.fillna(False).to_numpy(dtype=bool)


def _rows(frame: pd.DataFrame, mask: np.ndarray) -> pd.DataFrame:
    return frame[mask].reset_index(drop=True)


def _contains(values: pd.Series, needle: str) -> np.ndarray:
    return _true(values.str.contains(needle, case=False, regex=False))


def describe(filters: Filters) -> list[str]:
    """One human-readable line per active filter (for README.txt, reports, captions)."""
    lines = []
    if filters.date_from or filters.date_to:
        lines.append(f"date: {filters.date_from or '…'} to {filters.date_to or '…'}")
    labels = {
        "sources": "sources",
        "labels": "entity labels",
        "entities": "entities",
        "countries": "countries",
        "event_types": "event types",
    }
    for name, label in labels.items():
        values = getattr(filters, name)
        if values:
            lines.append(f"{label}: {', '.join(values)}")
    if filters.text:
        lines.append(f"text contains: {filters.text}")
    if filters.stories_once:
        lines.append(counting(filters))
    return lines


def counting(filters: Filters) -> str:
    """How documents are counted under ``filters`` (said by every table, chart and export)."""
    if filters.stories_once:
        return "counting: each story once (near-duplicate documents grouped, analysis.stories)"
    return "counting: every document (near-duplicates counted separately)"
