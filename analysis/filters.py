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

import pandas as pd

from analysis import build
from analysis.build import Corpus

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
    keep = pd.Series(True, index=docs.index)
    if filters.date_from or filters.date_to:
        day = docs["date"].str.slice(0, 10)
        if filters.date_from:
            keep &= (day >= filters.date_from).fillna(False)
        if filters.date_to:
            keep &= (day <= filters.date_to).fillna(False)
    if filters.sources:
        keep &= docs["source"].isin(filters.sources).fillna(False)
    if filters.text:
        keep &= _contains(docs["title"], filters.text) | _contains(docs["text"], filters.text)
    mentions = corpus.table("mentions")
    if filters.entities:
        names = mentions["canonical"].fillna(mentions["text"])
        keep &= docs["doc_id"].isin(mentions.loc[names.isin(filters.entities), "doc_id"])
    if filters.countries:
        hits = mentions["iso3"].isin(filters.countries).fillna(False)
        keep &= docs["doc_id"].isin(mentions.loc[hits, "doc_id"])
    documents = docs[keep.to_numpy(dtype=bool, na_value=False)].reset_index(drop=True)
    ids = documents["doc_id"]

    tables = {
        name: frame[frame["doc_id"].isin(ids)].reset_index(drop=True)
        for name, frame in corpus.tables.items()
        if name in ("sentences", "mentions", "events")
    }
    if filters.labels:
        m = tables["mentions"]
        tables["mentions"] = m[m["label"].isin(filters.labels).fillna(False)].reset_index(drop=True)
    if filters.event_types:
        e = tables["events"]
        tables["events"] = e[e["event_type"].isin(filters.event_types).fillna(False)].reset_index(
            drop=True
        )
    tables.update(build.aggregates(documents, tables["mentions"], tables["events"]))
    return Corpus(
        path=corpus.path,
        model=corpus.model,
        key=corpus.key,
        documents=documents,
        skipped=corpus.skipped,
        tables=tables,
        warning=corpus.warning,
        processed=corpus.processed,
    )


def _contains(values: pd.Series, needle: str) -> pd.Series:
    return values.str.contains(needle, case=False, regex=False).fillna(False).astype(bool)


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
    return lines
