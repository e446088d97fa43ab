"""Entity figures: top-entities bars, a label treemap, a co-occurrence network and
mentions over time. Pure plotly (no Streamlit), DataFrame in, ``go.Figure`` out.

Every corpus string shown in a label or hover is HTML-escaped (plotly renders a
subset of HTML there). Clickable marks carry the raw entity name in ``customdata``
so a page can read the selection back with ``st.plotly_chart(on_select="rerun")``.
"""

from __future__ import annotations

import html
from typing import Literal

import pandas as pd
import plotly.graph_objects as go

from analysis.present.charts import axes, theme
from analysis.present.charts.network import cooccurrence_network  # noqa: F401 - part of this API
from analysis.present.charts.theme import LABEL_COLOURS, label_colour  # noqa: F401 - re-exported

_esc = theme.plotly_text


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=_esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_layout(template=theme.TEMPLATE, xaxis={"visible": False},
                      yaxis={"visible": False}, height=200)  # fmt: skip
    return fig


def top_entities_bar(
    entities_df: pd.DataFrame,
    *,
    by: Literal["mentions", "documents"] = "mentions",
    top: int = 20,
) -> go.Figure:
    """Horizontal bars of the ``top`` entities of an ENTITIES table, coloured by label.

    Largest at the top; one trace per label (the legend filters labels);
    ``customdata`` holds the entity name of each bar.
    """
    if by not in ("mentions", "documents"):
        raise ValueError(f"by must be 'mentions' or 'documents', not {by!r}")
    data = entities_df.sort_values([by, "name"], ascending=[False, True]).head(top)
    if len(data) == 0:
        return _empty("No entities")
    order = [_esc(n) for n in data["name"]]
    fig = go.Figure()
    for label, rows in data.groupby("label", sort=True):
        fig.add_bar(
            orientation="h",
            name=_esc(label),
            x=rows[by].astype(int).tolist(),
            y=[_esc(n) for n in rows["name"]],
            customdata=rows["name"].astype(str).tolist(),
            marker_color=label_colour(str(label)),
            hovertext=[
                f"<b>{_esc(n)}</b> ({_esc(label)})<br>mentions: {m}<br>documents: {d}"
                for n, m, d in zip(rows["name"], rows["mentions"], rows["documents"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )
    fig.update_layout(
        barmode="stack",
        yaxis={"categoryorder": "array", "categoryarray": order, "autorange": "reversed"},
        xaxis_title=by,
        legend_title_text="label",
        height=max(300, 22 * len(data) + 80),
        margin={"l": 10, "r": 10, "t": 32, "b": 40},
        clickmode="event+select",
        template=theme.TEMPLATE,
    )
    return fig


def entity_treemap(entities_df: pd.DataFrame, *, value: str = "mentions") -> go.Figure:
    """Treemap label -> entity, area = ``value``; leaves carry the entity name in
    ``customdata`` (label boxes carry "")."""
    data = entities_df[entities_df[value] > 0]
    if len(data) == 0:
        return _empty("No entities")
    labels = data.groupby("label", sort=True)[value].sum()
    ids = [f"label/{_esc(lab)}" for lab in labels.index]
    names = [_esc(lab) for lab in labels.index]
    parents = [""] * len(labels)
    values = labels.astype(int).tolist()
    custom = [""] * len(labels)
    for label, name, amount in zip(data["label"], data["name"], data[value], strict=True):
        ids.append(f"entity/{_esc(label)}/{_esc(name)}")
        names.append(_esc(name))
        parents.append(f"label/{_esc(label)}")
        values.append(int(amount))
        custom.append(str(name))
    trace = go.Treemap(
        ids=ids,
        labels=names,
        parents=parents,
        values=values,
        customdata=custom,
        branchvalues="total",
        marker={"colors": [label_colour(_label_of(i)) for i in ids]},
        hovertemplate=f"<b>%{{label}}</b><br>{value}: %{{value}}<extra></extra>",
    )
    fig = go.Figure(trace)
    fig.update_layout(margin={"l": 0, "r": 0, "t": 30, "b": 0}, height=500,
                      template=theme.TEMPLATE)  # fmt: skip
    return fig


def _label_of(node_id: str) -> str:
    """The (unescaped) label in a treemap id 'label/X' or 'entity/X/name'."""
    return html.unescape(node_id.split("/")[1])


def mentions_over_time(frame: pd.DataFrame, *, show_all: bool = False) -> go.Figure:
    """Lines of mention counts over time.

    In: columns ``date`` and ``count``, optionally ``name`` (one line per name).
    Dates are ISO strings or datetimes; rows are sorted by date. The x axis opens on
    the bulk of the mentions' dates (:mod:`analysis.present.charts.axes`; ``show_all``: all);
    ``layout.meta["outside"]`` counts the mentions outside it.
    """
    if len(frame) == 0:
        return _empty("No dated mentions")
    data = frame.assign(date=pd.to_datetime(frame["date"], errors="coerce", format="mixed"))
    data = data.dropna(subset=["date"]).sort_values("date")
    groups = data.groupby("name", sort=False) if "name" in data.columns else [("mentions", data)]
    fig = go.Figure()
    for name, rows in groups:
        fig.add_scatter(
            x=rows["date"],
            y=rows["count"],
            mode="lines+markers",
            name=_esc(name),
            customdata=[str(name)] * len(rows),
            hovertext=[_esc(name)] * len(rows),
            hovertemplate="<b>%{hovertext}</b><br>%{x|%Y-%m-%d}: %{y}<extra></extra>",
        )
    fig.update_xaxes(tickformat=axes.ISO_DAY)  # ISO days, as on every time axis
    fig.update_layout(
        xaxis_title="date",
        yaxis_title="mentions",
        margin={"l": 10, "r": 10, "t": 32, "b": 40},
        height=350,
        template=theme.TEMPLATE,
    )
    days = data["date"].repeat(data["count"].clip(lower=0).astype(int))
    bulk = axes.bulk_range(days)
    if not show_all and bulk.start is not None and bulk.end is not None:
        fig.update_xaxes(range=axes.padded(bulk.start, bulk.end))
    fig.update_layout(meta=axes.axis_meta(bulk, show_all=show_all or bulk.start is None))
    return fig


def kwic_html(rows: pd.DataFrame, *, width: int) -> str:
    """Keyword-in-context rows (analysis.entity_views.sentences_naming: ``left``,
    ``match``, ``right``) as HTML lines, the mention marked; "…" where a side of ``width``
    characters was cut short. Every corpus string is escaped before any markup."""
    esc = theme.escape_html
    mark = 'style="background:#ffe08a;padding:0 2px;border-radius:3px"'
    cut = width - 1  # a side this long was cut short by entity_mentions
    lines = [
        f'<p style="margin:0 0 .35em 0">{"…" * (len(left) >= cut)}{esc(left)}'
        f"<mark {mark}><b>{esc(match)}</b></mark>{esc(right)}{'…' * (len(right) >= cut)}</p>"
        for left, match, right in rows[["left", "match", "right"]].itertuples(index=False)
    ]
    return f'<div style="font-size:.92em;line-height:1.5">{"".join(lines)}</div>'
