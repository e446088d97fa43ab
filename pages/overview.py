"""Overview: key figures, small versions of the main charts, documents over time, skipped items."""

import streamlit as st

from analysis import dates
from analysis.present import report
from analysis.present.charts import overview as charts
from ui import first_paint, state, view_params, widgets
from ui.text import md

ALL_DATES = "alldates"  # the "show all" control of the time axes (a view parameter)

st.title("Overview")
corpus = state.filtered()
kf = report.key_figures(corpus)

row = st.columns(4) + st.columns(3)
metrics = [
    ("Documents", f"{kf['documents']:,}", None),
    ("Words", f"{kf['words']:,}", None),
    (
        "Date span",
        f"{kf['days']:,} day{'s' if kf['days'] != 1 else ''}" if kf["days"] else "undated",
        kf["date_range"],
    ),
    ("Entities", f"{kf['entities']:,}", f"{kf['mentions']:,} mentions"),
    ("Countries", f"{kf['countries']:,}", None),
    ("Events", f"{kf['events']:,}", f"{kf['event_reports']:,} reports before merging"),
    ("Skipped items", f"{kf['skipped']:,}", "inputs that did not become documents"),
]
for col, (label, value, help_text) in zip(row, metrics, strict=True):
    col.metric(label, value, help=help_text, border=True)
st.caption(f"Dates: {md(kf['date_range'])}.")
if banner := dates.date_banner(state.current_corpus().documents):
    st.warning(banner, icon=":material/event_busy:")
    st.page_link("pages/corpus.py", label="List them", icon=":material/arrow_forward:",
                 query_params=state.link_params())  # fmt: skip

if kf["documents"] == 0:
    widgets.empty_state("No documents match the current filters.")
else:
    # Time axes open on the bulk of the dates (analysis.present.charts.axes); stray dates are
    # announced, and this control (read before the figures are built) shows them all.
    show_all = view_params.toggle_value(ALL_DATES, False)
    left, middle, right = st.columns(3)
    with left:
        st.subheader("Top entities")
        widgets.chart(
            charts.entity_bar(corpus.table("entities")),
            "overview-entities",
            filter="entities",
        )
        st.page_link("pages/entities.py", label="All entities", icon=":material/arrow_forward:",
                     query_params=state.link_params())  # fmt: skip
    # A session's first run ends here until this chart has painted; the next run draws
    # everything (ui.first_paint: the rest no longer delays the first chart).
    first_paint.defer_rest("overview-entities")
    with middle:
        st.subheader("Top countries")
        widgets.chart(
            charts.country_bar(corpus.table("countries")),
            "overview-countries",
            filter="countries",
        )
        st.page_link("pages/countries.py", label="All countries", icon=":material/arrow_forward:",
                     query_params=state.link_params())  # fmt: skip
    with right:
        st.subheader("Events per day")
        per_day_events = charts.events_per_day(corpus.table("merged_events"), show_all=show_all)
        widgets.chart(per_day_events, "overview-events")
        st.page_link("pages/timeline.py", label="Timeline", icon=":material/arrow_forward:",
                     query_params=state.link_params())  # fmt: skip

    st.subheader("Documents per day")
    per_day_docs = charts.documents_per_day(corpus.documents, show_all=show_all)
    widgets.outside_switch({"documents": per_day_docs.layout.meta or {},
                            "events": per_day_events.layout.meta or {}},
                           **view_params.bound(ALL_DATES))  # fmt: skip
    widgets.chart(per_day_docs, "overview-documents-per-day")
    st.subheader("Documents per source")
    widgets.chart(
        charts.documents_per_source(corpus.documents),
        "overview-documents-per-source",
        filter="sources",
    )

if kf["documents"]:
    from ui import trends  # below the first charts: its imports (scipy) never delay them

    trends.panel()

st.subheader("Skipped items")
if corpus.skipped.empty:
    st.caption("Every input item became a document.")
else:
    st.caption("Inputs that did not become documents, with the reason.")
    widgets.table(state.skipped_for_display(corpus), "skipped items")
