"""Timeline: events over time (merged or per report), their volume, the undated ones apart,
and per-event evidence (the sentence in context, its document, its other reports, why
they were merged).

Happenings are shown by default; statements (speech acts that are news) are a switch.
The date filter selects events by their OWN date (a happening dated from its text),
not by the publication date of their document; undated events stay listed apart.
"""

import dataclasses

import pandas as pd
import streamlit as st
from plotly.graph_objects import Figure

from analysis import event_views as views
from analysis.events import MERGE_RULES
from analysis.filters import Filters
from analysis.present.charts import timeline as charts
from analysis.present.charts.axes import AxisRange
from analysis.tables import Corpus
from ui import state, view_params, widgets
from ui.text import md

PICK = "timeline-pick"  # the event in the detail panel (an id), set by a click or the select
Y_LABELS = {"actor": "Actor", "event_type": "Event type", "country": "Country"}
OPTIONS = 5000  # newest events offered in the picker (plus the picked one)
TABLE_ROWS = 5000  # rows drawn in the table; the downloads have them all
REPORT_LINKS = 20  # documents linked under "other reports"
MAX_MARKERS = 1000  # latest dated events drawn on the timeline; the volume counts all
MAX_LANES = 40  # rows of the timeline (those with the most events)
ALL_DATES = "tlall"  # the "Show all dates" switch (a view parameter, as the Overview's)


def events_corpus() -> tuple[Corpus, Filters]:
    """The corpus whose events the page shows (every filter but the dates: events are
    selected by their own date below), and the active filters."""
    active = state.filters()
    if not (active.date_from or active.date_to):
        return state.filtered(), active
    return state.filtered_by(dataclasses.replace(active, date_from=None, date_to=None)), active


# Memoised with st.cache_resource, not st.cache_data: on the 18,781-story Reuters corpus
# the tables and figures are large, and cache_data would unpickle a copy on every run
# (benchmarks/timeline_switch.py). Nothing here modifies what these return.
MEMO = {"max_entries": 32, "ttl": 3600}


@st.cache_resource(**MEMO, show_spinner=False)
def shown_events(
    token: str, merged: bool, planned: bool, negated: bool, classes: tuple[str, ...],
    dates: tuple[str | None, str | None], _corpus: Corpus,
) -> pd.DataFrame:  # fmt: skip
    """analysis.event_views.shown_events of this corpus, cached per view (``token``
    names the corpus; the other arguments are the controls)."""
    return views.shown_events(
        _corpus.table("events"), _corpus.table("merged_events"), merged=merged, planned=planned,
        negated=negated, classes=classes, date_from=dates[0], date_to=dates[1],
    )  # fmt: skip


@st.cache_resource(**MEMO, show_spinner=False)
def drawn_events(key: str, _events: pd.DataFrame) -> tuple[int, pd.DataFrame]:
    """How many of ``_events`` are dated, and the latest :data:`MAX_MARKERS` of them (the
    markers drawn; rows come in date order)."""
    dated = _events[_events["date"].notna().to_numpy()]
    return len(dated), dated.tail(MAX_MARKERS)


@st.cache_resource(**MEMO, show_spinner=False)
def axis_range(key: str, _events: pd.DataFrame) -> AxisRange:
    """The default x range of both charts: the bulk of all shown events' own dates."""
    return charts.event_range(_events)


@st.cache_resource(**MEMO, show_spinner="Drawing the timeline…")
def timeline_figure(key: str, y: str, show_all: bool, _events: pd.DataFrame,
                    _axis: AxisRange) -> Figure:  # fmt: skip
    """The timeline of ``_events`` (``key`` names them: corpus, filters and controls)."""
    return charts.timeline(_events, y=y, max_lanes=MAX_LANES, show_all=show_all, axis=_axis)


@st.cache_resource(**MEMO, show_spinner=False)
def volume_figure(key: str, freq: str, show_all: bool, _events: pd.DataFrame,
                  _axis: AxisRange) -> Figure:  # fmt: skip
    return charts.event_volume(_events, freq=freq, show_all=show_all, axis=_axis)


@st.cache_resource(**MEMO, show_spinner=False)
def undated_of(key: str, _events: pd.DataFrame) -> pd.DataFrame:
    return views.undated_events(_events)


@st.cache_resource(**MEMO, show_spinner=False)
def picker(key: str, keep: str | None, _events: pd.DataFrame) -> tuple[pd.Series, dict]:
    """The ids of ``_events`` as text and the picker's options (id -> label, see
    analysis.event_views.picker_options): the same for every run of one view."""
    ids = views.event_ids(_events).astype(str)
    if keep is not None and not (ids == keep).any():
        keep = None
    return ids, views.picker_options(_events, limit=OPTIONS, keep=keep)


def _pick(event_id: str | None) -> None:
    st.session_state[PICK] = event_id


def _clicked(event: dict) -> None:
    ids = widgets.picked(event)
    if ids:
        _pick(ids[0])


def _row_selected() -> None:
    rows = st.session_state["timeline-table"]["selection"]["rows"]
    if rows:
        _pick(str(views.event_ids(table_rows).iloc[rows[0]]))


def _document_link(doc_id: str, title: object, day: object) -> None:
    label = (title if isinstance(title, str) and title else "Untitled") + (
        f" · {str(day)[:10]}" if isinstance(day, str) else ""
    )
    st.page_link("pages/documents.py", label=md(label), icon=":material/article:",
                 query_params=state.link_params(doc=str(doc_id)))  # fmt: skip


st.title("Timeline")
corpus, active_filters = events_corpus()
token = state.corpus_token(corpus)
reports = corpus.table("events")

view_col, y_col, flag_col = st.columns([3, 3, 2], vertical_alignment="bottom")
view = view_col.segmented_control(
    "Show", ["merged", "reports"], default="merged", required=True, **view_params.bound("show"),
    format_func={"merged": "Merged events", "reports": "Individual reports"}.get,
)  # fmt: skip
y = y_col.segmented_control("Rows", list(Y_LABELS), default="actor", required=True,
                            **view_params.bound("rows"), format_func=Y_LABELS.get)  # fmt: skip
planned = flag_col.toggle("Include planned", value=True, **view_params.bound("planned"))
negated = flag_col.toggle("Include negated", value=False, **view_params.bound("negated"))
classes = st.segmented_control(
    "Kinds of event", list(views.EVENT_CLASSES), default=["happening"], selection_mode="multi",
    format_func={"happening": "Happenings", "statement": "Statements"}.get,
    **view_params.bound("kinds"),
    help="Happenings: what was done or what happened (an attack, an arrest, a meeting). "
    "Statements: speech acts that are news themselves (an accusation, a denial, an appeal). "
    "Reporting verbs (\"said\", \"according to\") are never events: they are the source "
    "of what they report.",
)  # fmt: skip
classes = tuple(classes or ())
merged = view == "merged"
dates = (active_filters.date_from, active_filters.date_to)
shown = shown_events(token, merged, planned, negated, classes, dates, corpus)

if reports.empty:
    active = state.filters().active
    widgets.empty_state("No events match the current filters." if active
                        else "This corpus has no events.")  # fmt: skip
    state.end_page()
if shown.empty:
    widgets.empty_state(
        f"None of the {len(reports):,} event reports is of the kinds, flags and dates chosen: "
        "switch on statements, planned or negated events above, or widen the dates.",
        clear_filters=False,
    )
    state.end_page()

key = f"{token}\x1f{view}\x1f{planned}\x1f{negated}\x1f{classes}\x1f{dates}"
undated = undated_of(key, shown)
hidden = views.hidden_reports(reports, planned=planned, negated=negated)
noun = "events" if merged else "event reports"
st.caption(
    f"{len(shown):,} {noun} ({len(shown) - len(undated):,} dated, {len(undated):,} undated)"
    + (f" from {len(reports):,} reports" if merged else "")
    + f" in {reports['doc_id'].nunique():,} documents"
    + (f" · {hidden:,} planned or negated reports hidden" if hidden else "")
    + (
        f" · dated by the events' own dates {dates[0] or '…'} to {dates[1] or '…'}"
        if any(dates)
        else ""
    )
    + ". Click a marker for the event's sentence and document."
)

# ---------------------------------------------------------------- timeline and volume
dated_count, latest = drawn_events(key, shown)
show_all = view_params.toggle_value(ALL_DATES, False)
bulk = axis_range(key, shown)
figure = timeline_figure(key, y, show_all, latest, bulk)
widgets.outside_switch({noun: figure.layout.meta or {}}, **view_params.bound("tlall"))
widgets.chart(figure, "timeline-chart", on_select=_clicked)
lanes = figure.layout.meta or {}
notes = []
if dated_count > len(latest):
    notes.append(f"the latest {len(latest):,} of {dated_count:,} dated {noun}")
if lanes.get("lanes", 0) > lanes.get("lanes_shown", 0):
    notes.append(f"the {lanes['lanes_shown']} of {lanes['lanes']:,} rows with the most events")
if notes:
    st.caption(f"Drawn: {' and '.join(notes)}. Narrow the dates or filters for the rest; "
               "the volume below and the downloads count them all.")  # fmt: skip
st.caption(
    "Filled: the sentence gives the date · hollow: **reported on** the publication date "
    "(no date in the sentence) · diamond: planned · cross: negated. Bars span events dated "
    "to a week or a month. Colour: event type."
)
per = st.radio("Events per", ["day", "week"], horizontal=True,
               index=0 if charts.volume_period(bulk) == "D" else 1,
               help="By default per week when the dates shown span more than "
               f"{charts.DAILY_VOLUME_DAYS} days", **view_params.bound("per"))  # fmt: skip
widgets.chart(volume_figure(key, "D" if per == "day" else "W", show_all, shown, bulk),
              "timeline-volume")  # fmt: skip

if len(undated):
    st.subheader("Undated events")
    st.caption(
        "No date in the sentence and an undated document: these are not on the timeline "
        "and are never given a date."
    )
    st.dataframe(undated, key="timeline-undated", hide_index=True)
    widgets.download_table(undated, f"undated {noun}", key="timeline-undated")

# ---------------------------------------------------------------- one event
st.header("Event details")
ids, labels = picker(key, st.session_state.get(PICK), shown)
if st.session_state.get(PICK) not in labels:
    st.session_state[PICK] = None  # picked under other filters or controls
event_id = st.selectbox("Event", list(labels), key=PICK, index=None, format_func=labels.get,
                        placeholder="Click a marker, select a table row, or type…")  # fmt: skip
if event_id is not None:
    row = shown[(ids == event_id).to_numpy()].iloc[0]
    evidence = views.event_evidence(
        event_id, row, merged=merged, events=reports,
        merged_events=corpus.table("merged_events"), documents=corpus.documents,
    )  # fmt: skip
    report_list, rows, report = evidence.report_ids, evidence.reports, evidence.report

    a, b, c, d = st.columns(4)
    basis = {"text": "in the sentence", "reported": "reported on (publication)"}
    a.metric("Date", str(row["date"]) if pd.notna(row["date"]) else "undated",
             help=f"precision: {md(row['date_precision'])}; "
                  f"{basis.get(row['date_basis'], 'no date')}")  # fmt: skip
    b.metric("Event type", str(row["event_type"]))
    c.metric("Reports", f"{len(report_list):,}")
    d.metric("Documents", f"{rows['doc_id'].nunique():,}")
    facts = [("Actors", row["actors"]), ("Action", row["action"]),
             ("Target", row.get("target")), ("Place", row["place"]),
             ("Source", row.get("source")), ("Kind", row.get("event_class")),
             ("Date", f"{row['date']} ({row['date_precision']}, {row['date_basis']})"
              if pd.notna(row["date"]) else "undated")]  # fmt: skip
    flags = [f for f in ("planned", "negated") if pd.notna(row[f]) and bool(row[f])]
    st.markdown(
        "  \n".join(f"**{k}:** {md(v)}" for k, v in facts if isinstance(v, str) and v)
        + (f"  \n**Flags:** {', '.join(flags)}" if flags else "")
    )

    st.subheader("The sentence in context")
    if report is None:
        st.caption("The report behind this event is not among the documents shown.")
    else:
        around = views.sentence_context(corpus.table("sentences"), str(report["doc_id"]),
                                         int(report["sent_id"]))  # fmt: skip
        st.html(charts.context_html(around, fallback=report["sentence"]))
        _document_link(report["doc_id"], report["title"], report["published"])

    reasons = views.why_merged(row) if merged else []
    if merged and len(report_list) > 1:
        st.subheader("Why these reports are one event")
        st.markdown("\n".join(f"- {md(r)}" for r in reasons) or "No reason recorded.")
        st.caption("Reports are joined only when all hold: " + "; ".join(MERGE_RULES) + ".")

    others = rows[rows["event_id"] != (report["event_id"] if report is not None else None)]
    st.subheader(f"Other reports of this event ({len(others):,})")
    if others.empty:
        st.caption("No other report was merged with this one.")
    else:
        st.dataframe(others[["event_id", "date", "actors", "action", "sentence", "title",
                             "published"]], key="timeline-reports", hide_index=True)  # fmt: skip
        seen = {report["doc_id"]} if report is not None else set()
        docs = others[~others["doc_id"].isin(seen)].drop_duplicates("doc_id")
        docs = docs.head(REPORT_LINKS)
        for r in docs.itertuples(index=False):
            _document_link(r.doc_id, r.title, r.published)
        widgets.download_table(others, "other reports", key="timeline-reports")

# ---------------------------------------------------------------- the table
st.header("All events" if merged else "All event reports")
table_rows = shown.head(TABLE_ROWS)
if len(shown) > TABLE_ROWS:
    st.caption(f"The first {TABLE_ROWS:,} of {len(shown):,}; the downloads have all.")
st.dataframe(table_rows, key="timeline-table", hide_index=True, on_select=_row_selected,
             selection_mode="single-row")  # fmt: skip
widgets.download_table(shown, noun, key="timeline-table")
