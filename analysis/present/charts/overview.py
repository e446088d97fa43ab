"""Overview figures: small bars of the top entities/countries, events and documents per day.

Pure plotly: table in, ``go.Figure`` out. Every corpus string put into a figure is
HTML-escaped, because plotly renders labels and hovers as (a subset of) HTML. Bars
carry the raw value in ``customdata[0]`` so a page can turn a click into a filter.
Every figure carries :data:`analysis.present.charts.theme.TEMPLATE`; time axes open on the bulk
of the dates (:mod:`analysis.present.charts.axes`) and ``layout.meta["outside"]`` counts the
values outside the range shown.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.present.charts import axes, theme

OTHER = "other sources"


label = theme.plotly_text
#: Top margin (px) of every figure: room for Plotly's toolbar, which otherwise covers
#: the top bar of a chart.
TOP_MARGIN = 32


def _layout(fig: go.Figure, *, height: int, **kwargs: object) -> go.Figure:
    margin = {"l": 0, "r": 0, "t": TOP_MARGIN, "b": 0}
    fig.update_layout(height=height, margin=margin, template=theme.TEMPLATE, **kwargs)
    return fig


def empty_figure(message: str) -> go.Figure:
    """A blank figure saying ``message`` (for tables with no rows)."""
    fig = go.Figure()
    fig.add_annotation(text=label(message), showarrow=False, x=0.5, y=0.5, xref="paper",
                       yref="paper")  # fmt: skip
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return _layout(fig, height=200)


def entity_bar(entities: pd.DataFrame, *, top: int = 10) -> go.Figure:
    """Horizontal bars of the ``top`` most mentioned entities (ENTITIES table), largest on top."""
    if entities.empty:
        return empty_figure("No entities")
    data = entities.sort_values("mentions", ascending=False, kind="stable").head(top).iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=data["mentions"].astype("float64"),
            y=[
                f"{label(n)} ({label(lab)})"
                for n, lab in zip(data["name"], data["label"], strict=True)
            ],
            orientation="h",
            customdata=data[["name", "documents"]].astype(str).to_numpy(),
            hovertemplate="%{y}<br>mentions: %{x}<br>documents: %{customdata[1]}<extra></extra>",
        )
    )
    return _layout(fig, height=max(220, 24 * len(data) + 60), xaxis_title="mentions")


def country_bar(countries: pd.DataFrame, *, top: int = 10) -> go.Figure:
    """Horizontal bars of the ``top`` most mentioned countries (COUNTRIES table)."""
    if countries.empty:
        return empty_figure("No countries")
    data = countries.sort_values("mentions", ascending=False, kind="stable").head(top).iloc[::-1]
    names = [
        label(n if isinstance(n, str) else i)
        for n, i in zip(data["name"], data["iso3"], strict=True)
    ]
    fig = go.Figure(
        go.Bar(
            x=data["mentions"].astype("float64"),
            y=names,
            orientation="h",
            customdata=data[["iso3", "documents"]].astype(str).to_numpy(),
            hovertemplate="%{y} (%{customdata[0]})<br>mentions: %{x}"
            "<br>documents: %{customdata[1]}<extra></extra>",
        )
    )
    return _layout(fig, height=max(220, 24 * len(data) + 60), xaxis_title="mentions")


def per_day(dates: pd.Series) -> pd.Series:
    """Counts per ISO day of ``dates`` (ISO strings; values less precise than a day dropped)."""
    days = dates.dropna().astype("string").str.slice(0, 10)
    days = days[days.str.match(r"^\d{4}-\d{2}-\d{2}$").fillna(False).astype(bool)]
    return days.value_counts().sort_index()


def _day_axis(
    fig: go.Figure,
    counts: pd.Series,
    *,
    eligible: pd.Series | None = None,
    show_all: bool = False,
) -> go.Figure:
    """Label a per-day x axis with dates, never clock times (a single day made plotly
    zoom to milliseconds), with margin so one day's bar is readable.

    ``counts``: items per ISO day. The range is the bulk of the items' days
    (:func:`analysis.present.charts.axes.bulk_range`; ``eligible`` per day marks the days allowed
    to set it), unless ``show_all``. ``layout.meta`` is
    :func:`analysis.present.charts.axes.axis_meta`.
    """
    days = counts.index.repeat(counts.to_numpy().astype(int))
    ok = None if eligible is None else eligible.reindex(days).to_numpy()
    bulk = axes.bulk_range(pd.Series(days), eligible=None if ok is None else pd.Series(ok))
    every_date = show_all or bulk.start is None or bulk.end is None
    if every_date:
        every = axes.to_datetimes(counts.index)
        first, last = pd.Timestamp(every.min()), pd.Timestamp(every.max())
    else:
        first, last = bulk.start, bulk.end
    short = (last - first).days < 14
    fig.update_traces(width=0.8 * 86_400_000, selector={"type": "bar"})  # 0.8 day, in ms
    fig.update_xaxes(
        type="date",
        tickformat=axes.ISO_DAY,
        range=axes.padded(first, last),
        dtick=86_400_000 if short else None,
    )
    fig.update_layout(meta=axes.axis_meta(bulk, show_all=every_date))
    return fig


def events_per_day(events: pd.DataFrame, *, show_all: bool = False) -> go.Figure:
    """Bars of event reports per day (EVENTS or MERGED_EVENTS table, by ``date``).

    The x axis opens on the bulk of the days (``show_all``: on every day); the number
    of events outside is ``layout.meta["outside"]``.
    """
    counts = per_day(events["date"]) if "date" in events else pd.Series(dtype="int64")
    if counts.empty:
        return empty_figure("No dated events")
    fig = go.Figure(
        go.Bar(
            x=pd.to_datetime(counts.index),
            y=counts.to_numpy(),
            customdata=[[d] for d in counts.index],
            hovertemplate="%{customdata[0]}: %{y} events<extra></extra>",
        )
    )
    _day_axis(fig, counts, show_all=show_all)
    return _layout(fig, height=260, yaxis_title="events", bargap=0.1)


def documents_per_day(
    documents: pd.DataFrame, *, top_sources: int = 8, show_all: bool = False
) -> go.Figure:
    """Stacked bars of documents per publication day, one colour per source.

    The ``top_sources`` largest sources get their own colour; the rest are one
    "other sources" series. Undated documents are not drawn (their count is in the
    legend title). The x axis opens on the bulk of the days; implausible publication
    dates (:func:`analysis.present.charts.axes.document_dates_ok`) never set it; ``show_all``
    opens it on every day. ``layout.meta["outside"]`` counts the days outside.
    """
    docs = documents.assign(day=documents["date"].astype("string").str.slice(0, 10))
    dated = docs[docs["day"].str.match(r"^\d{4}-\d{2}-\d{2}$").fillna(False).astype(bool)]
    if dated.empty:
        return empty_figure("No dated documents")
    source = dated["source"].fillna("unknown source").astype(str)
    keep = source.value_counts().head(top_sources).index
    source = source.where(source.isin(keep), OTHER)
    table = pd.crosstab(dated["day"], source)
    order = [*(s for s in table.sum().sort_values(ascending=False).index if s != OTHER)]
    if OTHER in table.columns:
        order.append(OTHER)
    fig = go.Figure()
    x = pd.to_datetime(table.index)
    for name in order:
        fig.add_trace(
            go.Bar(
                x=x,
                y=table[name].to_numpy(),
                name=label(name),
                customdata=[[label(name), d] for d in table.index],
                hovertemplate="%{customdata[0]}<br>%{customdata[1]}: %{y} documents<extra></extra>",
            )
        )
    ok = axes.document_dates_ok(dated, axes.to_datetimes(dated["day"]).set_axis(dated.index))
    eligible = ok.groupby(dated["day"].to_numpy()).all()
    _day_axis(fig, table.sum(axis=1), eligible=eligible, show_all=show_all)
    undated = len(docs) - len(dated)
    legend = {"title": {"text": f"{undated:,} undated" if undated else "source"}}
    return _layout(fig, height=300, barmode="stack", yaxis_title="documents", legend=legend,
                   bargap=0.1)  # fmt: skip


def documents_per_source(documents: pd.DataFrame, *, top: int = 15) -> go.Figure:
    """Horizontal bars of documents per source (``top`` largest)."""
    if documents.empty:
        return empty_figure("No documents")
    counts = documents["source"].fillna("unknown source").astype(str).value_counts().head(top)
    counts = counts.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=counts.to_numpy(),
            y=[label(s) for s in counts.index],
            orientation="h",
            customdata=[[s] for s in counts.index],
            hovertemplate="%{y}: %{x} documents<extra></extra>",
        )
    )
    return _layout(fig, height=max(220, 24 * len(counts) + 60), xaxis_title="documents")
