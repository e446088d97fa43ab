"""The Timeline's tables: which events a view shows, how a picker names them, and the
evidence of one event (its reports, documents and sentence in context).

In: EVENTS / MERGED_EVENTS, DOCUMENTS and SENTENCES tables of a built corpus
(analysis.schema). Out: pandas frames and plain values; pure pandas, no Streamlit, no
plotting (analysis.present.charts.timeline draws what these select). pages/timeline.py reads
the filters and controls, calls these, and draws.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from analysis.dates import value_span

#: The kinds of event (analysis/data/event_types.csv ``class``); the Timeline shows
#: happenings by default.
EVENT_CLASSES = ("happening", "statement")


def is_true(value: object) -> bool:
    """A flag cell (planned, negated) as a bool: None and <NA> are False."""
    return value is not None and value is not pd.NA and bool(value)


def event_ids(events: pd.DataFrame) -> pd.Series:
    """The id of each row: ``merged_id`` for MERGED_EVENTS, ``event_id`` for EVENTS."""
    return events["merged_id" if "merged_id" in events.columns else "event_id"]


def undated_events(events: pd.DataFrame) -> pd.DataFrame:
    """The rows :func:`timeline` leaves out: no date, or one that is not an ISO value."""
    dated = [isinstance(v, str) and value_span(v) is not None for v in events["date"]]
    return events[~np.array(dated, dtype=bool)].reset_index(drop=True)


def with_flags(events: pd.DataFrame, *, planned: bool, negated: bool) -> pd.DataFrame:
    """``events`` without the planned rows (``planned=False``) and/or the negated ones."""
    return events[flags_kept(events, planned=planned, negated=negated)].reset_index(drop=True)


def flags_kept(events: pd.DataFrame, *, planned: bool, negated: bool) -> np.ndarray:
    """Which rows :func:`with_flags` keeps (booleans), to count them without copying rows
    (on 141,196 Reuters reports the copy took a quarter of a second per page run)."""
    keep = np.ones(len(events), dtype=bool)
    for column, wanted in (("planned", planned), ("negated", negated)):
        if not wanted:
            keep &= ~events[column].fillna(False).to_numpy(dtype=bool)
    return keep


def event_labels(events: pd.DataFrame) -> list[str]:
    """:func:`event_label` of every row of ``events``, in order."""
    columns = ["date", "event_type", "actors", "action", "planned", "negated"]
    frame = events.reindex(columns=columns).astype(object)
    frame = frame.where(frame.notna(), None)
    return [event_label(dict(zip(columns, values, strict=True)))
            for values in frame.itertuples(index=False)]  # fmt: skip


def event_label(row: pd.Series | dict) -> str:
    """One line naming an event for a picker: date · type · actors: action (plain text)."""
    date = row.get("date")
    parts = [date if isinstance(date, str) else "undated", str(row.get("event_type") or "other")]
    flags = [f for f in ("planned", "negated") if is_true(row.get(f))]
    text = f"{' · '.join(parts)} · {row.get('actors') or '?'}: {row.get('action') or '?'}"
    return text + (f" ({', '.join(flags)})" if flags else "")


def report_ids(event_ids_text: object) -> list[str]:
    """The ``event_ids`` of a MERGED_EVENTS row as a list."""
    if not isinstance(event_ids_text, str):
        return []
    return [i.strip() for i in event_ids_text.split(";") if i.strip()]


def merged_event_of(merged: pd.DataFrame, event_id: str) -> pd.Series | None:
    """The MERGED_EVENTS row whose ``event_ids`` include ``event_id`` (None if none)."""
    padded = "; " + merged["event_ids"].fillna("") + "; "
    hits = merged[padded.str.contains(f"; {event_id}; ", regex=False).fillna(False)]
    return hits.iloc[0] if len(hits) else None


def event_reports(ids: list[str], events: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """EVENTS rows of ``ids`` (in that order) with their document's title and date.

    Out: the EVENTS columns plus ``title`` and ``published`` (the document's date).
    """
    rows = events[events["event_id"].isin(ids)]
    order = {event_id: i for i, event_id in enumerate(ids)}
    rows = rows.iloc[np.argsort([order[i] for i in rows["event_id"]], kind="stable")]
    docs = documents[["doc_id", "title", "date"]].rename(columns={"date": "published"})
    return rows.merge(docs, on="doc_id", how="left").reset_index(drop=True)


def sentence_context(
    sentences: pd.DataFrame, doc_id: str, sent_id: int, *, around: int = 2
) -> pd.DataFrame:
    """The sentence ``sent_id`` of ``doc_id`` with ``around`` neighbours on each side.

    Out: SENTENCES rows in order plus ``is_event`` (True for the event's sentence).
    """
    doc = sentences[(sentences["doc_id"] == doc_id).fillna(False).to_numpy(dtype=bool)]
    near = doc[(doc["sent_id"] - sent_id).abs().le(around).fillna(False).to_numpy(dtype=bool)]
    near = near.sort_values("sent_id").reset_index(drop=True)
    return near.assign(is_event=(near["sent_id"] == sent_id).fillna(False).astype(bool))


def of_classes(events: pd.DataFrame, classes: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Rows of ``events`` whose ``event_class`` is in ``classes`` (a row without a class,
    from a cache built before classes existed, counts as a happening)."""
    if "event_class" not in events.columns:
        return events.reset_index(drop=True) if "happening" in classes else events.iloc[:0]
    kinds = events["event_class"].astype(object).where(events["event_class"].notna(), "happening")
    return events[kinds.isin(list(classes)).to_numpy()].reset_index(drop=True)


def in_date_range(events: pd.DataFrame, date_from: str | None, date_to: str | None) -> pd.DataFrame:
    """Events whose OWN date (at its precision) overlaps [date_from, date_to], ISO days,
    inclusive; undated events are kept (the page lists them apart, never dated)."""
    if (not date_from and not date_to) or len(events) == 0:
        return events.reset_index(drop=True)
    low = date.fromisoformat(date_from) if date_from else date.min
    high = date.fromisoformat(date_to) if date_to else date.max
    keep = []
    for value in events["date"].astype(object):
        span = value_span(value) if isinstance(value, str) else None
        keep.append(span is None or (span[0] <= high and span[1] >= low))
    return events[np.array(keep, dtype=bool)].reset_index(drop=True)


def why_merged(row: pd.Series | dict) -> list[str]:
    """The reasons a merged event joined its reports, one line per joined report."""
    value = row.get("why_merged") if hasattr(row, "get") else None
    if not isinstance(value, str) or not value:
        return []
    return [part.strip() for part in value.split(" | ") if part.strip()]


# ---------------------------------------------------------------- what a Timeline view shows


def shown_events(
    events: pd.DataFrame,
    merged_events: pd.DataFrame,
    *,
    merged: bool,
    planned: bool,
    negated: bool,
    classes: tuple[str, ...] | list[str],
    date_from: str | None = None,
    date_to: str | None = None,
) -> pd.DataFrame:
    """The events a Timeline view draws: reports (``merged=False``) or merged events of
    ``classes``, without planned and/or negated ones when those are off, whose OWN date
    overlaps [date_from, date_to] (undated ones kept: the page lists them apart).

    Reports come sorted by date then id (undated last); merged events keep their
    table's order (analysis.events.merge_reports sorts them). Merging keeps planned and
    negated reports apart, so hiding them from the merged events equals merging what
    is left.
    """
    rows = with_flags(merged_events if merged else events, planned=planned, negated=negated)
    rows = in_date_range(of_classes(rows, classes), date_from, date_to)
    if merged:
        return rows
    return rows.sort_values(["date", "event_id"], na_position="last", kind="stable")


def hidden_reports(events: pd.DataFrame, *, planned: bool, negated: bool) -> int:
    """How many reports the planned / negated switches hide."""
    return int((~flags_kept(events, planned=planned, negated=negated)).sum())


def unique_labels(labels: dict[str, str]) -> dict[str, str]:
    """Picker labels (event id -> label) told apart: a repeated label gets its sentence
    number (from the id ``doc:sentence:n``), then a running count if still repeated."""
    repeated = Counter(labels.values())
    out: dict[str, str] = {}
    for event_id, label in labels.items():
        if repeated[label] > 1:
            parts = event_id.split(":")
            label += f" · sentence {int(parts[-2]) + 1}" if len(parts) >= 3 else ""
        out[event_id] = label
    seen: Counter[str] = Counter()
    for event_id, label in out.items():
        seen[label] += 1
        if seen[label] > 1:
            out[event_id] = f"{label} ({seen[label]})"
    return out


def picker_options(shown: pd.DataFrame, *, limit: int, keep: str | None = None) -> dict[str, str]:
    """The events a picker offers, id -> unique label: the newest dated first, then the
    undated, at most ``limit``, plus ``keep`` (the picked id) when it is among ``shown``.

    ``shown`` comes in date order (:func:`shown_events`)."""
    ids = event_ids(shown).astype(str)
    dated = shown["date"].notna().to_numpy()
    newest = [*ids[dated].iloc[::-1], *ids[~dated]][:limit]
    if keep is not None and keep not in newest and keep in set(ids):
        newest.append(keep)
    position = pd.Series(range(len(ids)), index=ids.to_numpy())
    offered = shown.iloc[position[newest].to_numpy()] if newest else shown.iloc[:0]
    return unique_labels(dict(zip(newest, event_labels(offered), strict=True)))


@dataclass(frozen=True)
class EventEvidence:
    """What backs one shown event: its report ids, those reports with their documents
    (:func:`event_reports`), and the report the event is drawn from (None when that
    report's document is not among the documents given)."""

    report_ids: list[str]
    reports: pd.DataFrame
    report: pd.Series | None


def event_evidence(
    event_id: str,
    row: pd.Series,
    *,
    merged: bool,
    events: pd.DataFrame,
    merged_events: pd.DataFrame,
    documents: pd.DataFrame,
) -> EventEvidence:
    """The evidence of the shown event ``event_id`` (its ``row`` in :func:`shown_events`):
    a merged event lists its reports; a single report is looked up in the merged event
    that contains it, so its other reports show too."""
    if merged:
        ids = report_ids(row["event_ids"])
        own_id = ids[0] if ids else None
    else:
        whole = merged_event_of(merged_events, event_id)
        ids = report_ids(whole["event_ids"]) if whole is not None else [event_id]
        own_id = event_id
    rows = event_reports(ids, events, documents)
    own = rows[rows["event_id"] == own_id]
    return EventEvidence(ids, rows, own.iloc[0] if len(own) else None)
