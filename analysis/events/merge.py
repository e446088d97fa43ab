"""Fold reports of the same happening across documents into one merged event.

In: an EVENTS frame. Out: MERGED_EVENTS rows, each listing its reports (``event_ids``)
and why they were joined (``why_merged``). No spaCy: plain pandas and Python.

Two reports are joined only when ALL of these hold (:data:`MERGE_RULES`):

* both are happenings of the same, known type (never "other", never a statement or a
  state) with the same planned/negated flags;
* their times are compatible: both undated, or days within ``window_days``;
* they share a specific participant (a named actor, target or place) that is not
  generic: a name found in more than :data:`GENERIC_SHARE` of the corpus's documents
  (a wire service, a superpower) does not count;
* their sentences describe it alike: the words of 4+ letters they share, weighted by
  rarity (inverse document frequency over the reports' sentences, so "earthquake" or
  "Padang" count more than "said" or "people"), are at least :data:`MIN_WORDING` of
  the weight of all their words;
* they come from different documents: one article reports one happening once.

A report is compared with the first report of each open group (not with every member),
so a chain of look-alikes cannot drift from one happening to another.
"""

from __future__ import annotations

import math
import re
from datetime import date

import pandas as pd

from analysis.events.context import text_of
from analysis.events.lexicon import HAPPENING_TYPES

#: Minimum weighted word overlap of two reports' sentences (tuned on the ECB+ dev topics:
#: benchmarks/event_eval.py; 0.12 gave pair precision 0.93 at recall 0.24, 0.08 0.91 at 0.29).
MIN_WORDING = 0.08
#: A participant named in more than this share of the documents is generic.
GENERIC_SHARE = 0.02
#: ... but a participant of fewer than this many documents is always specific.
GENERIC_MIN_DOCS = 10
MERGE_RULES = (
    "same happening type (not other, statement or state) and flags",
    "dates within the window (or both undated)",
    f"a shared named participant found in at most {GENERIC_SHARE:.0%} of the documents",
    f"sentence wording overlap >= {MIN_WORDING}",
    "different documents",
)
_WORD = re.compile(r"[a-z]{4,}")


def merge_reports(events: pd.DataFrame, *, window_days: int = 1) -> pd.DataFrame:
    """One MERGED_EVENTS row per group of reports of the same happening (module doc)."""
    from analysis import schema

    if events is None or len(events) == 0:
        return schema.empty("merged_events")
    frame = events.reset_index(drop=True)
    n = len(frame)
    days = _days(frame["date"])
    parts = [_split(v) for v in _column(frame, "participants")]
    generic = _generic(parts, frame["doc_id"].astype(str).tolist())
    words = [frozenset(_WORD.findall(str(s).lower())) for s in frame["sentence"].fillna("")]
    weight = _idf(words)
    doc_ids = frame["doc_id"].astype(str).tolist()
    kinds = frame["event_type"].fillna("other").astype(str).tolist()
    classes = _column(frame, "event_class")
    planned = frame["planned"].fillna(False).astype(bool).tolist()
    negated = frame["negated"].fillna(False).astype(bool).tolist()
    groups: list[list[int]] = []
    why: list[list[str]] = []
    # (type, planned, negated) -> participant -> groups whose first report names it
    index: dict[tuple, dict[str, list[int]]] = {}
    order = sorted(range(n), key=lambda i: (days[i] is None, days[i] or 0, i))
    for i in order:
        mergeable = (
            kinds[i] in HAPPENING_TYPES
            and kinds[i] != "other"
            and (classes[i] in (None, "happening"))
        )
        target = None
        key = (kinds[i], planned[i], negated[i])
        if mergeable:
            by_name = index.get(key, {})
            candidates = sorted({g for p in parts[i] - generic for g in by_name.get(p, [])})
            for g in candidates:
                first = groups[g][0]
                reason = _why(first, i, days, parts, generic, (words, weight), window_days)
                if reason and doc_ids[i] not in {doc_ids[j] for j in groups[g]}:
                    target = g
                    why[g].append(reason)
                    break
        if target is None:
            groups.append([i])
            why.append([])
            if mergeable:
                for p in parts[i] - generic:
                    index.setdefault(key, {}).setdefault(p, []).append(len(groups) - 1)
        else:
            groups[target].append(i)
    merged = _merged_rows(frame, groups, why, doc_ids)
    out = merged.sort_values(["date", "merged_id"], na_position="last", kind="stable")
    return schema.conform(out.reset_index(drop=True), "merged_events")


def _why(a: int, b: int, days, parts, generic, words, window: int) -> str | None:
    """Why reports ``a`` and ``b`` are one happening, or None when they are not."""
    if (days[a] is None) != (days[b] is None):
        return None
    if days[a] is not None and abs(days[b] - days[a]) > window:
        return None
    shared = sorted((parts[a] & parts[b]) - generic)
    if not shared:
        return None
    bags, weight = words
    union = bags[a] | bags[b]
    total = sum(weight[w] for w in union)
    overlap = sum(weight[w] for w in bags[a] & bags[b]) / total if total else 0.0
    if overlap < MIN_WORDING:
        return None
    when = "both undated" if days[a] is None else "dates within the window"
    return f"shared: {', '.join(shared)}; {when}; wording overlap {overlap:.2f}"


def _idf(bags: list[frozenset[str]]) -> dict[str, float]:
    """Inverse document frequency of each word over the reports' sentences."""
    counts: dict[str, int] = {}
    for bag in set(bags):
        for w in bag:
            counts[w] = counts.get(w, 0) + 1
    n = len(set(bags)) + 1
    return {w: math.log(n / c) for w, c in counts.items()}


def _generic(parts: list[set[str]], doc_ids: list[str]) -> set[str]:
    """Participants named in too many documents to identify a happening."""
    docs_of: dict[str, set[str]] = {}
    for names, doc in zip(parts, doc_ids, strict=True):
        for name in names:
            docs_of.setdefault(name, set()).add(doc)
    limit = max(GENERIC_MIN_DOCS, GENERIC_SHARE * len(set(doc_ids)))
    return {name for name, docs in docs_of.items() if len(docs) > limit}


def _column(frame: pd.DataFrame, name: str) -> list:
    if name not in frame.columns:
        return [None] * len(frame)
    return frame[name].astype(object).where(frame[name].notna(), None).tolist()


def _split(value: object) -> set[str]:
    if not isinstance(value, str):
        return set()
    return {p.strip() for p in value.split(";") if p.strip()}


def _days(values: pd.Series) -> list[int | None]:
    raw = values.astype(object).where(values.notna(), None).tolist()
    ordinal = {v: _ordinal_day(v) for v in set(raw)}
    return [ordinal[v] for v in raw]


def _ordinal_day(value: object) -> int | None:
    """The first calendar day of an ISO value at any precision, as an ordinal."""
    text = text_of(value)
    if text is None:
        return None
    try:
        if "-W" in text:
            year, week = text.split("-W")
            return date.fromisocalendar(int(year), int(week[:2]), 1).toordinal()
        padded = {4: f"{text}-01-01", 7: f"{text}-01"}.get(len(text), text[:10])
        return date.fromisoformat(padded).toordinal()
    except ValueError:
        return None


def _merged_rows(
    frame: pd.DataFrame, groups: list[list[int]], why: list[list[str]], doc_ids: list[str]
) -> pd.DataFrame:
    """One MERGED_EVENTS row per group: its first report's facts, counts, ids, reasons."""
    first = [g[0] for g in groups]
    event_ids = frame["event_id"].astype(str).tolist()
    planned = frame["planned"].fillna(False).astype(bool).tolist()
    negated = frame["negated"].fillna(False).astype(bool).tolist()
    cols = ["date", "date_precision", "date_basis", "actors", "action", "event_type",
            "event_class", "place", "place_iso3", "sentence", "source"]  # fmt: skip
    facts = frame.reindex(columns=cols).iloc[first]
    return facts.reset_index(drop=True).assign(
        merged_id=[event_ids[i] for i in first],
        planned=[all(planned[i] for i in g) for g in groups],
        negated=[all(negated[i] for i in g) for g in groups],
        reports=[len(g) for g in groups],
        documents=[len({doc_ids[i] for i in g}) for g in groups],
        event_ids=["; ".join(event_ids[i] for i in g) for g in groups],
        why_merged=[" | ".join(dict.fromkeys(w)) or None for w in why],
    )
