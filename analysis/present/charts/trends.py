"""Figures for what rose (analysis.spikes) and for comparing two slices (analysis.compare).

Pure plotly: table in, ``go.Figure`` out; corpus strings escaped (analysis.present.charts.overview
.label); the raw item in ``customdata[0]`` so a click can filter or open its sentences.
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from analysis.present.charts import theme
from analysis.present.charts.overview import empty_figure, label


def log_odds_bars(table: pd.DataFrame, names: tuple[str, str], *, top: int = 15) -> go.Figure:
    """Diverging bars of the z-scores: the ``top`` items favouring each slice.

    ``table`` is analysis.compare.compare_slices output (sorted by z, A first).
    """
    if table.empty:
        return empty_figure("Nothing to compare")
    a = table[table["z"] > 0].head(top)
    b = table[table["z"] < 0].tail(top)
    data = pd.concat([a, b]).sort_values("z")
    text = [
        f"{label(i)} ({label(lab)})" if pd.notna(lab) and str(lab) != str(i) else label(i)
        for i, lab in zip(data["item"], data["label"], strict=True)
    ]
    colours = ["#1f77b4" if z > 0 else "#ff7f0e" for z in data["z"]]
    fig = go.Figure(
        go.Bar(
            x=data["z"].astype(float),
            y=text,
            orientation="h",
            marker_color=colours,
            customdata=data[["item", "count_a", "count_b"]].astype(str).to_numpy(),
            hovertemplate=(
                f"%{{y}}<br>z: %{{x:.2f}}<br>{label(names[0])}: %{{customdata[1]}}"
                f"<br>{label(names[1])}: %{{customdata[2]}}<extra></extra>"
            ),
        )
    )
    fig.update_layout(
        height=max(260, 22 * len(data) + 80),
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        xaxis_title=f"← more in {label(names[1])} · z · more in {label(names[0])} →",
        yaxis={"automargin": True},
        template=theme.TEMPLATE,
    )
    return fig


def rose_bars(rose: pd.DataFrame, *, names: dict[str, str] | None = None) -> go.Figure:
    """Bars of what rose (analysis.spikes.what_rose): count in the peak period vs baseline."""
    if rose.empty:
        return empty_figure("Nothing rose above its baseline in this period")
    data = rose.iloc[::-1]
    shown = [label((names or {}).get(i, i)) for i in data["item"]]
    fig = go.Figure()
    fig.add_bar(
        x=data["baseline"].astype(float),
        y=shown,
        orientation="h",
        name="usual (median)",
        marker_color="#c7c7c7",
        customdata=data[["item", "period"]].astype(str).to_numpy(),
        hovertemplate="%{y}<br>usual: %{x:.1f} documents<extra></extra>",
    )
    fig.add_bar(
        x=data["count"].astype(float),
        y=shown,
        orientation="h",
        name="in the peak period",
        marker_color="#d62728",
        customdata=list(
            zip(
                data["item"].astype(str),
                data["period"].astype(str),
                (f"{s:.1f}" for s in data["score"]),
                strict=True,
            )
        ),
        hovertemplate=(
            "%{y}<br>%{x} documents in the period from %{customdata[1]}"
            "<br>robust z-score %{customdata[2]}<extra></extra>"
        ),
    )
    fig.update_layout(
        barmode="overlay",
        height=max(220, 24 * len(data) + 80),
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        xaxis_title="documents",
        yaxis={"automargin": True},
        legend={"orientation": "h", "y": 1.1},
        template=theme.TEMPLATE,
    )
    return fig
