"""Country figures: an offline world map, a bar chart, a co-occurrence heatmap and a
timeline. Pure plotly (no Streamlit), DataFrame in, ``go.Figure`` out.

The map is a ``go.Choroplethmap`` over the GeoJSON shipped in analysis/data/, drawn on
a blank ("white-bg") style, so it needs no tiles and no CDN: plotly's ``geo`` maps
fetch their outlines from the internet and draw nothing offline.
"""

from __future__ import annotations

import html
import json
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.gazetteer import DATA_DIR, country_name

GEOJSON_FILE = DATA_DIR / "countries.geojson"
COLORSCALE = "Blues"


@lru_cache(maxsize=1)
def world_geojson() -> dict:
    """The shipped country outlines: a FeatureCollection whose feature ``id`` is ISO3."""
    return json.loads(GEOJSON_FILE.read_text(encoding="utf-8"))


def _hover_text(countries: pd.DataFrame) -> list[str]:
    """Escaped hover lines: name, mentions, documents, top surface forms if given."""
    forms = countries["forms"] if "forms" in countries.columns else [None] * len(countries)
    lines = []
    for name, n_mentions, n_docs, form in zip(
        countries["name"], countries["mentions"], countries["documents"], forms, strict=True
    ):
        text = f"<b>{html.escape(str(name))}</b><br>mentions: {n_mentions}<br>documents: {n_docs}"
        if isinstance(form, str) and form:
            text += f"<br>as: {html.escape(form)}"
        lines.append(text)
    return lines


def world_map(
    countries_df: pd.DataFrame,
    *,
    value: Literal["mentions", "documents"] = "mentions",
    log: bool = False,
) -> go.Figure:
    """Choropleth of a COUNTRIES table (iso3, name, mentions, documents).

    An optional ``forms`` column (see analysis.countries.top_surface_forms) is shown
    in the hover, HTML-escaped. ``log`` colours by log10(value) for skewed corpora.
    Rows whose ISO3 has no outline in the shipped GeoJSON are left out.
    """
    if value not in ("mentions", "documents"):
        raise ValueError(f"value must be 'mentions' or 'documents', not {value!r}")
    known = {f["id"] for f in world_geojson()["features"]}
    data = countries_df[countries_df["iso3"].isin(known)].reset_index(drop=True)
    raw = data[value].astype("float64").to_numpy()
    z = np.log10(np.maximum(raw, 1)) if log else raw
    trace = go.Choroplethmap(
        geojson=world_geojson(),
        featureidkey="id",
        locations=data["iso3"].astype(str).tolist(),
        z=z,
        text=_hover_text(data),
        hovertemplate="%{text}<extra></extra>",
        colorscale=COLORSCALE,
        marker={"line": {"width": 0.5, "color": "#888"}},
        colorbar=_colorbar(raw, log=log, title=value),
    )
    fig = go.Figure(trace)
    fig.update_layout(
        map={"style": "white-bg", "center": {"lat": 20, "lon": 10}, "zoom": 0.6},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=450,
    )
    return fig


def _colorbar(raw: np.ndarray, *, log: bool, title: str) -> dict:
    """A colorbar; on a log scale its ticks are labelled with real counts."""
    bar: dict = {"title": {"text": title}}
    if log and raw.size:
        top = int(np.ceil(np.log10(max(raw.max(), 1))))
        ticks = list(range(top + 1))
        bar.update(tickvals=ticks, ticktext=[f"{10**t:,}" for t in ticks])
    return bar


def country_bar(countries_df: pd.DataFrame, top: int = 20) -> go.Figure:
    """Horizontal bars of the ``top`` most mentioned countries, largest at the top."""
    data = countries_df.sort_values("mentions", ascending=False, kind="stable").head(top)
    data = data.iloc[::-1]
    fig = go.Figure(
        go.Bar(
            x=data["mentions"].astype("float64"),
            y=[html.escape(str(n)) for n in data["name"]],
            orientation="h",
            customdata=data[["iso3", "documents"]].astype(str).to_numpy(),
            hovertemplate="%{y} (%{customdata[0]})<br>mentions: %{x}"
            "<br>documents: %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        height=max(250, 22 * len(data) + 60),
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        xaxis_title="mentions",
    )
    return fig


def cooccurrence_heatmap(pairs_df: pd.DataFrame, *, top: int = 25) -> go.Figure:
    """Symmetric heatmap of DataFrame(source, target, count) over the ``top`` countries.

    Countries are ranked by their total co-occurrence count; names on the axes.
    """
    pairs = pairs_df[["source", "target", "count"]].astype({"count": "float64"})
    both = pd.concat([pairs, pairs.rename(columns={"source": "target", "target": "source"})])
    totals = both.groupby("source")["count"].sum().sort_values(ascending=False, kind="stable")
    codes = totals.index[:top].tolist()
    matrix = (
        both[both["source"].isin(codes) & both["target"].isin(codes)]
        .pivot_table(index="source", columns="target", values="count", aggfunc="sum")
        .reindex(index=codes, columns=codes)
        .fillna(0)
    )
    names = [html.escape(country_name(c)) for c in codes]
    fig = go.Figure(
        go.Heatmap(
            z=matrix.to_numpy(),
            x=names,
            y=names,
            colorscale=COLORSCALE,
            hovertemplate="%{y} + %{x}: %{z}<extra></extra>",
        )
    )
    fig.update_layout(
        height=max(300, 20 * len(codes) + 120),
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        yaxis={"autorange": "reversed"},
    )
    return fig


def mentions_over_time(counts_df: pd.DataFrame, *, countries: list[str] | None = None) -> go.Figure:
    """One line per country from DataFrame(date, iso3, count).

    ``countries``: ISO3 codes to draw (default: every code in the frame), in legend
    order. Dates are ISO strings (day, month or year) and are plotted as given.
    """
    codes = countries if countries is not None else sorted(counts_df["iso3"].dropna().unique())
    fig = go.Figure()
    for code in codes:
        rows = counts_df[counts_df["iso3"] == code].sort_values("date", kind="stable")
        name = html.escape(country_name(code))
        fig.add_trace(
            go.Scatter(
                x=rows["date"].astype(str),
                y=rows["count"].astype("float64"),
                mode="lines+markers",
                name=name,
                hovertemplate=f"{name}<br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    fig.update_layout(
        height=350,
        margin={"l": 0, "r": 0, "t": 10, "b": 0},
        yaxis_title="mentions",
        legend={"orientation": "h"},
    )
    return fig
