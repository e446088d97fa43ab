"""Compare: two periods, two sources, or the filtered slice against the whole corpus —
which entities, countries and event types each one over-represents (weighted log-odds)."""

from datetime import date

import streamlit as st

from analysis import compare
from analysis.filters import PARAMS, Filters
from analysis.present.charts import trends as charts
from ui import sidebar, state, view_params, widgets
from ui.text import md

MODES = {
    "periods": "Two periods",
    "sources": "Two sources",
    "filters": "Sidebar filters vs the whole corpus",
}
KIND_TITLES = {"entities": "Entities", "countries": "Countries", "event_types": "Event types"}
TARGET_PAGE = {"entities": "pages/entities.py", "countries": "pages/countries.py",
               "event_types": "pages/timeline.py"}  # fmt: skip
TARGET_PARAM = {"entities": "entity", "countries": "country", "event_types": "event_type"}
TOP = 15
PARAM_NAMES = dict.fromkeys(PARAMS.values())

st.title("Compare")
st.caption(
    "Which entities, countries and event types one slice names more than the other: "
    "weighted log-odds with an informative Dirichlet prior (Monroe, Colaresi and Quinn, "
    "2008), on documents naming each entity or country and on event reports. "
    f"|z| ≥ {compare.Z_LISTED} is listed as favouring a side. Select a row to read its "
    "sentences in that slice."
)
corpus = state.current_corpus()
base = state.filters()
opts = sidebar.options(corpus)
mode = st.segmented_control(
    "Compare", list(MODES), format_func=MODES.get, default="periods", **view_params.bound("mode")
)


def _periods() -> tuple[Filters, Filters, tuple[str, str]] | None:
    if not (opts.first_day and opts.last_day) or opts.first_day == opts.last_day:
        st.info("Comparing periods needs documents dated on at least two days.")
        return None
    middle = date.fromordinal((opts.first_day.toordinal() + opts.last_day.toordinal()) // 2)
    left, right = st.columns(2)
    a = left.date_input("Period A", (opts.first_day, middle), min_value=opts.first_day,
                        max_value=opts.last_day, format="YYYY-MM-DD", key="compare-a")  # fmt: skip
    b = right.date_input("Period B", (date.fromordinal(middle.toordinal() + 1), opts.last_day),
                         min_value=opts.first_day, max_value=opts.last_day,
                         format="YYYY-MM-DD", key="compare-b")  # fmt: skip
    if len(a) != 2 or len(b) != 2:
        st.info("Pick a start and an end for each period.")
        return None
    fa = base.replace(date_from=a[0], date_to=a[1])
    fb = base.replace(date_from=b[0], date_to=b[1])
    return fa, fb, (f"{a[0]} – {a[1]}", f"{b[0]} – {b[1]}")


def _sources() -> tuple[Filters, Filters, tuple[str, str]] | None:
    if len(opts.sources) < 2:
        st.info("Comparing sources needs documents from at least two sources.")
        return None
    left, right = st.columns(2)
    a = left.selectbox("Source A", opts.sources, index=0, key="compare-src-a")
    b = right.selectbox("Source B", opts.sources, index=1, key="compare-src-b")
    return base.replace(sources=[a]), base.replace(sources=[b]), (a, b)


def _filters() -> tuple[Filters, Filters, tuple[str, str]] | None:
    if not base.active:
        st.info("Set some filters in the sidebar: the filtered documents are compared "
                "with the whole corpus.")  # fmt: skip
        return None
    keep = Filters(stories_once=base.stories_once)
    return base, keep, ("filtered", "whole corpus")


slices = {"periods": _periods, "sources": _sources, "filters": _filters}.get(mode or "")
chosen = slices() if slices else None
if chosen is None:
    state.end_page()
fa, fb, names = chosen
a, b = state.filtered_by(fa), state.filtered_by(fb)
st.caption(
    f"A: {md(names[0])} · {len(a.documents):,} documents — "
    f"B: {md(names[1])} · {len(b.documents):,} documents"
    + (" · each story counted once" if base.stories_once else "")
)
if a.documents.empty or b.documents.empty:
    widgets.empty_state("One of the two slices has no documents.")
    state.end_page()

for kind, tab in zip(KIND_TITLES, st.tabs(list(KIND_TITLES.values())), strict=True):
    with tab:
        table = compare.compare_slices(a.tables, b.tables, kind, names=names)
        widgets.chart(charts.log_odds_bars(table, names, top=TOP), f"compare-{kind}-chart")
        columns = st.columns(2)
        for side, (col, name, frame) in enumerate(
            zip(
                columns,
                names,
                (table[table["z"] > 0], table[table["z"] < 0].iloc[::-1]),
                strict=True,
            )
        ):
            with col:
                st.subheader(f"More in {md(name)}")
                shown = frame.head(TOP * 2)
                key = f"compare-{kind}-{side}"
                event = st.dataframe(
                    shown,
                    key=key,
                    hide_index=True,
                    on_select="rerun",
                    selection_mode="single-row",
                    column_config={
                        "share_a": st.column_config.NumberColumn("share A", format="percent"),
                        "share_b": st.column_config.NumberColumn("share B", format="percent"),
                        "delta": st.column_config.NumberColumn(format="%.2f"),
                        "z": st.column_config.NumberColumn(format="%.2f"),
                    },
                )
                rows = event.selection.rows if event else []
                if rows:
                    item = str(shown.iloc[rows[0]]["item"])
                    target = (fa, fb)[side]
                    # Reopen the slice (its filters replace the sidebar's) narrowed to the item.
                    overrides = {**PARAM_NAMES, **target.to_params()}
                    params = state.link_params(**overrides)
                    params[TARGET_PARAM[kind]] = item
                    st.switch_page(TARGET_PAGE[kind], query_params=params)
        widgets.download_table(table, f"comparison of {KIND_TITLES[kind].lower()}",
                               key=f"compare-{kind}")  # fmt: skip
