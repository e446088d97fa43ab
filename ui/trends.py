"""The Overview's "What rose" panel: entities and countries that spiked in the selected period.

The spikes are scored on the corpus under every sidebar filter but the dates (a period
needs the weeks before it as its baseline), then kept when they fall in the selected
dates (analysis.spikes.what_rose; without dates, the corpus's last weeks). Selecting a
row opens the Entities or Countries page narrowed to that item and its peak period,
with the sentences naming it.
"""

from __future__ import annotations

import streamlit as st

from analysis import spikes
from analysis.present.charts import trends as charts
from ui import state, view_params, widgets

TOP = 10


def panel() -> None:
    """Draw the panel (subheader, period switch, two charts with their tables)."""
    f = state.filters()
    base = state.filtered_by(f.replace(date_from=None, date_to=None))
    entity_days, country_days = base.table("entity_days"), base.table("country_days")
    default = spikes.default_period(country_days)
    st.subheader("What rose")
    period = (
        st.segmented_control(
            "Counted per", ["day", "week"], default=default, **view_params.bound("rose")
        )
        or default
    )
    where = (
        f"between {f.date_from or 'the start'} and {f.date_to or 'the end'}"
        if f.date_from or f.date_to
        else f"in the last {spikes.WINDOW[period]} {period}s"
    )
    st.caption(
        f"Entities and countries named in unusually many documents {where}, against the "
        f"{spikes.WINDOW[period]} {period}s before (median and interquartile range; z ≥ "
        f"{spikes.THRESHOLD}, at least {spikes.MIN_COUNT} documents, Poisson tail ≤ "
        f"{spikes.MAX_P:g}). Select a row for its sentences in the peak {period}."
    )
    names = dict(zip(base.table("countries")["iso3"], base.table("countries")["name"], strict=True))
    left, right = st.columns(2)
    for col, kind, days, key, page, param in (
        (left, "Entities", entity_days, "name", "pages/entities.py", "entity"),
        (right, "Countries", country_days, "iso3", "pages/countries.py", "country"),
    ):
        with col:
            rose = spikes.what_rose(days, key, date_from=f.date_from, date_to=f.date_to,
                                    period=period, top=TOP)  # fmt: skip
            st.markdown(f"**{kind}**")
            if rose.empty:  # a caption, not an empty chart: nothing to see, nothing to draw
                st.caption("Nothing rose above its baseline in this period.")
                continue
            shown_names = names if key == "iso3" else None
            widgets.chart(charts.rose_bars(rose, names=shown_names), f"overview-rose-{key}")
            table = rose[["item", "period", "count", "baseline", "score"]]
            event = st.dataframe(table, key=f"overview-rose-table-{key}", hide_index=True,
                                 on_select="rerun", selection_mode="single-row")  # fmt: skip
            rows = event.selection.rows if event else []
            if rows:
                row = table.iloc[rows[0]]
                start = str(row["period"])
                params = state.link_params(
                    **{
                        param: str(row["item"]),
                        "from": start,
                        "to": spikes.period_end(start, period),
                    }
                )
                st.switch_page(page, query_params=params)
