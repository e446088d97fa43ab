"""The table schemas of NewsLens, defined once.

Every table the core produces, caches, exports or shows is a pandas DataFrame whose
columns and dtypes are listed here. Use :func:`empty` for a typed empty table and
:func:`conform` to coerce a frame to its schema (missing columns are added as nulls,
extra columns are dropped, columns come out in schema order).

Dtypes are pandas extension dtypes so that nulls survive a Parquet round trip:
``string`` for text, ``Int64`` for integers, ``Float64`` for floats, ``boolean``.
Dates are ISO strings (``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM:SS``), not datetimes,
because a corpus date may be a day or a full timestamp and users read them as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

import pandas as pd

STR = "string"
INT = "Int64"
FLOAT = "Float64"
BOOL = "boolean"

#: One row per input document that was loaded.
DOCUMENTS: dict[str, str] = {
    "doc_id": STR,  # stable content hash of the text (16 hex chars)
    "path": STR,  # where it came from: file, file#row=N, archive.zip!member
    "id": STR,  # the input's own id column, when it has one
    "title": STR,
    "date": STR,  # ISO date or datetime; null when undated
    "source": STR,  # publisher or outlet
    "url": STR,
    "text": STR,
    "words": INT,  # whitespace-separated tokens in text
    "warning": STR,  # e.g. an unparseable date that left the document undated
    # Publication-date quality (analysis.dates.DATE_FLAGS; read by the Corpus page's list
    # and the Overview banner). Chart builders must not let a row whose date_flag is
    # "implausible" (dated outside analysis.dates.plausible_window(), e.g. 0001-01-01,
    # 1863, 2099) set an axis range; its date is kept in the table.
    "date_raw": STR,  # the publication date exactly as the input gave it (first 80 chars)
    "date_flag": STR,  # null when fine; "missing" | "unreadable" | "implausible"
}

#: One row per sentence, offsets into the document text as loaded.
SENTENCES: dict[str, str] = {
    "doc_id": STR,
    "sent_id": INT,  # 0-based index of the sentence in its document
    "start": INT,
    "end": INT,
    "text": STR,
}

#: One row per named-entity mention (spaCy labels), offsets into the document text.
MENTIONS: dict[str, str] = {
    "doc_id": STR,
    "sent_id": INT,
    "start": INT,
    "end": INT,
    "text": STR,  # the surface form exactly as in the text
    "label": STR,  # spaCy label, possibly corrected by analysis.entities rules
    "canonical": STR,  # merged name (analysis.entities)
    "iso3": STR,  # ISO 3166-1 alpha-3 country, for place-like mentions (analysis.countries)
    "rule": STR,  # the country rule that matched (analysis.countries)
    "resolved": STR,  # DATE/TIME: ISO value at its precision (analysis.dates)
    "precision": STR,  # DATE/TIME: day | week | month | year
    # Issue 18: the sub-country place a mapped mention names (analysis.places.locate).
    "place_id": STR,  # GeoNames id ("geonames:5946768", "geonames:CA.01"), null otherwise
}

#: One row per input item that did not become a document, with why.
SKIPPED: dict[str, str] = {
    "path": STR,
    "reason": STR,
}

#: One row per extracted event report (one clause in one document).
EVENTS: dict[str, str] = {
    "event_id": STR,  # stable id of this report: doc_id:sent_id:index
    "doc_id": STR,
    "sent_id": INT,
    "actors": STR,  # canonical actor names joined by "; "
    "action": STR,  # verb lemma with particle/object head: "hold press conference"
    "event_type": STR,  # taxonomy code name, see analysis.events
    "target": STR,
    "place": STR,
    "place_iso3": STR,
    "date": STR,  # ISO value at its precision, null when undated
    "date_precision": STR,  # day | week | month | year
    "date_basis": STR,  # "text" (a date in the clause) | "reported" (publication date)
    "planned": BOOL,
    "negated": BOOL,
    "sentence": STR,
    # Added by issue 16: where the event is in the document text, who reported it.
    "trigger_start": INT,  # character offsets of the trigger word in the document text
    "trigger_end": INT,
    "source": STR,  # who reported it ("police" in "police said"), null when unattributed
    "source_start": INT,  # character offsets of the source's reporting words
    "source_end": INT,
    "event_class": STR,  # happening | statement (analysis/data/event_types.csv)
    "participants": STR,  # named actors, targets and places joined by "; " (merging)
}

#: Aggregate: one row per canonical entity.
ENTITIES: dict[str, str] = {
    "name": STR,
    "label": STR,
    "mentions": INT,
    "documents": INT,
    "first_date": STR,
    "last_date": STR,
}

#: Aggregate: one row per country.
COUNTRIES: dict[str, str] = {
    "iso3": STR,
    "name": STR,
    "mentions": INT,
    "documents": INT,
}

#: Aggregate: pairs of canonical entities named in the same sentence.
COOCCURRENCES: dict[str, str] = {
    "source": STR,
    "target": STR,
    "sentences": INT,  # sentences naming both
    "documents": INT,  # documents naming both in one sentence
}

TABLES: dict[str, dict[str, str]] = {
    "documents": DOCUMENTS,
    "sentences": SENTENCES,
    "mentions": MENTIONS,
    "skipped": SKIPPED,
    "events": EVENTS,
    "entities": ENTITIES,
    "countries": COUNTRIES,
    "cooccurrences": COOCCURRENCES,
}

#: Tables produced per document by the NLP stage and stored in the cache segments.
PER_DOCUMENT_TABLES = ("sentences", "mentions", "events")


def schema(table: str) -> dict[str, str]:
    """Return the column -> dtype mapping of ``table`` (KeyError for unknown names)."""
    return TABLES[table]


def empty(table: str) -> pd.DataFrame:
    """An empty DataFrame with the columns and dtypes of ``table`` (a fresh copy)."""
    return _empty(table).copy()


@cache
def _empty(table: str) -> pd.DataFrame:
    # Building typed empty columns costs milliseconds; copying a built frame does not.
    return pd.DataFrame({c: pd.Series([], dtype=d) for c, d in TABLES[table].items()})


def conform(frame: pd.DataFrame | list[Mapping[str, object]], table: str) -> pd.DataFrame:
    """Coerce ``frame`` (a DataFrame or a list of row dicts) to the schema of ``table``.

    Missing columns become nulls, extra columns are dropped, and the index is reset.
    A column that already has its dtype is kept as it is (pandas copies on write, so the
    result never changes with ``frame``); the others are converted.
    """
    cols = TABLES[table]
    df = pd.DataFrame(list(frame)) if isinstance(frame, list) else frame
    if df is None or len(df) == 0:
        return empty(table)
    out: dict[str, pd.Series] = {}
    for col, dtype in cols.items():
        if col not in df.columns:
            out[col] = pd.Series([pd.NA] * len(df), dtype=dtype)
            continue
        values = df[col].reset_index(drop=True)
        if values.dtype == _DTYPES[dtype]:
            out[col] = values
            continue
        if dtype == STR:
            values = values.astype(object).where(values.notna(), None)
            # str() only where a value is not text already (one C-level check first: the
            # per-value call cost more than the rest of the conversion for text columns)
            if pd.api.types.infer_dtype(values, skipna=True) not in ("string", "empty"):
                values = values.map(lambda v: v if v is None or isinstance(v, str) else str(v))
        out[col] = values.astype(dtype)
    return pd.DataFrame(out, index=pd.RangeIndex(len(df)))


_DTYPES = {name: pd.api.types.pandas_dtype(name) for name in (STR, INT, FLOAT, BOOL, "object")}


#: Events after merging reports of the same happening (analysis.events.merge rules).
MERGED_EVENTS: dict[str, str] = {
    "merged_id": STR,
    "date": STR,
    "date_precision": STR,
    "date_basis": STR,
    "actors": STR,
    "action": STR,
    "event_type": STR,
    "place": STR,
    "place_iso3": STR,
    "planned": BOOL,
    "negated": BOOL,
    "reports": INT,  # number of per-report rows merged
    "documents": INT,
    "event_ids": STR,  # the merged reports' event_id values joined by "; "
    "sentence": STR,  # the first report's sentence
    "event_class": STR,  # happening | statement
    "source": STR,  # the first report's source
    "why_merged": STR,  # the shared fields that joined the reports, null when one report
}
TABLES["merged_events"] = MERGED_EVENTS

# ---- Per-day aggregates (analysis.daily), written at build time for scale (issue 8). ----
# Added at the end by the scale work; ``date`` is the publication day (YYYY-MM-DD, null
# for undated documents). ``documents`` adds up across days (one day per document).

#: Aggregate: one row per (canonical entity, publication day).
ENTITY_DAYS: dict[str, str] = {
    "name": STR,
    "label": STR,  # the entity's label in the entities table
    "date": STR,
    "mentions": INT,
    "documents": INT,
}
TABLES["entity_days"] = ENTITY_DAYS

#: Aggregate: one row per (country, publication day).
COUNTRY_DAYS: dict[str, str] = {
    "iso3": STR,
    "date": STR,
    "mentions": INT,
    "documents": INT,
}
TABLES["country_days"] = COUNTRY_DAYS

# ---- Near-duplicate stories (analysis.stories), written at build time (issue 21). ----

#: One row per document: the story (group of near-duplicate documents) it belongs to.
STORIES: dict[str, str] = {
    "doc_id": STR,
    "story_id": STR,  # doc_id of the group's representative (earliest date, then order)
    "story_size": INT,  # documents in the group; 1 when the document has no near-duplicate
    "similarity": FLOAT,  # highest estimated Jaccard with another member; null when alone
}
TABLES["stories"] = STORIES

#: Aggregate: per country, the documents that name it with CONFIDENT evidence
#: (analysis.countries.confident_documents). Built with the other aggregates so that
#: reading a built corpus (the summary) needs no gazetteer.
COUNTRY_CONFIDENCE: dict[str, str] = {
    "iso3": STR,
    "confident_documents": INT,
}
TABLES["country_confidence"] = COUNTRY_CONFIDENCE

#: Aggregate: one row per sub-country place the mentions name (analysis.places). A place
#: is its GeoNames id, so namesakes in different countries or divisions are different rows.
PLACES: dict[str, str] = {
    "place_id": STR,  # "geonames:<geonameid>" (city, town), "geonames:CA.01" (division)
    "name": STR,  # the GeoNames name ("Edmonton")
    "kind": STR,  # city | town | region | county
    "admin": STR,  # the first-level division it lies in ("Alberta"); null for a region
    "iso3": STR,  # the country it belongs to
    "country": STR,  # that country's common name
    "label": STR,  # "Edmonton, Alberta, Canada": name, division and country
    "lat": FLOAT,  # WGS84; a division's or county's is the centre of its places
    "lon": FLOAT,
    "mentions": INT,
    "documents": INT,
}
TABLES["places"] = PLACES

# ---- The stored parse (analysis.parse, stage "parse" of analysis.stages): cache only. ----
BYTES = "object"  # raw bytes (Parquet binary); nulls stay None

#: One row per document: its spaCy Doc as the parse stage stored it (analysis.parse.to_bytes).
#: Kept in the cache so later stages re-derive their tables without running the model;
#: never exported or shown.
PARSES: dict[str, str] = {
    "doc_id": STR,
    "parse": BYTES,
}
TABLES["parses"] = PARSES
