"""The places layer of the Countries page: a PLACES table (analysis.places) as points on
the same offline base map as the country map (analysis.present.charts.countries.world_map: a
MapLibre map on the blank "white-bg" style with the shipped country outlines as its only
layer, so it needs no tiles, no glyphs and no CDN), sized by mentions.

Pure plotly (no Streamlit), DataFrame in, ``go.Figure`` out.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.present.charts import theme
from analysis.present.charts.countries import LAND_COLOUR, country_contexts, world_geojson

#: Marker diameters in pixels: the least and the most mentioned place.
MIN_SIZE, MAX_SIZE = 6.0, 34.0
POINT_COLOUR = "#d94801"
ID_PREFIX = "geonames:"
#: The places table as the page shows and downloads it: the label first.
TABLE_COLUMNS = ["label", "kind", "country", "mentions", "documents", "lat", "lon", "place_id",
                 "iso3", "name", "admin"]  # fmt: skip


def marker_sizes(values: pd.Series | np.ndarray) -> np.ndarray:
    """Diameters for counts: area proportional to the count, from MIN_SIZE (the least)
    to MAX_SIZE (the most); all MIN_SIZE when every count is equal."""
    raw = np.asarray(values, dtype="float64")
    if raw.size == 0:
        return raw
    root = np.sqrt(np.maximum(raw, 0))
    low, high = root.min(), root.max()
    if high == low:
        return np.full(raw.shape, MIN_SIZE)
    return MIN_SIZE + (root - low) / (high - low) * (MAX_SIZE - MIN_SIZE)


def _hover(table: pd.DataFrame) -> list[str]:
    """Escaped hover lines: the place's label (name, division, country), kind, counts."""
    return [
        f"<b>{theme.plotly_text(label)}</b><br>{theme.plotly_text(kind)}"
        f"<br>mentions: {n}<br>documents: {d}"
        for label, kind, n, d in zip(
            table["label"], table["kind"], table["mentions"], table["documents"], strict=True
        )
    ]


def places_map(
    places: pd.DataFrame, *, value: Literal["mentions", "documents"] = "mentions"
) -> go.Figure:
    """Points of a PLACES table on a world map, their area proportional to ``value``.

    Places without coordinates are left out. Most mentioned drawn last (on top);
    ``customdata[0]`` of each point is its place id (for a click).
    """
    if value not in ("mentions", "documents"):
        raise ValueError(f"value must be 'mentions' or 'documents', not {value!r}")
    data = places.dropna(subset=["lat", "lon"]).sort_values(value, kind="stable")
    data = data.reset_index(drop=True)
    trace = go.Scattermap(
        lat=data["lat"].astype("float64"),
        lon=data["lon"].astype("float64"),
        mode="markers",
        marker={
            "size": marker_sizes(data[value]),
            "color": POINT_COLOUR,
            "opacity": 0.7,
            "sizemode": "diameter",
        },
        text=_hover(data),
        customdata=[[str(i)] for i in data["place_id"]],
        hovertemplate="%{text}<extra></extra>",
        name=value,
    )
    fig = go.Figure(trace)
    land = {"sourcetype": "geojson", "source": world_geojson(), "below": "traces", "type": "fill",
            "color": LAND_COLOUR, "fill": {"outlinecolor": "#c8c8c8"}}  # fmt: skip
    fig.update_layout(
        map={"style": "white-bg", "center": {"lat": 20, "lon": 10}, "zoom": 0.6, "layers": [land]},
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=450,
        showlegend=False,
        template=theme.TEMPLATE,
    )
    return fig


def selected_places(event: Mapping[str, Any] | None) -> list[str]:
    """Place ids of the points selected in a Streamlit plotly event, first-seen order."""
    ids: list[str] = []
    for point in ((event or {}).get("selection") or {}).get("points") or []:
        data = point.get("customdata")
        value = data[0] if isinstance(data, list | tuple) and data else data
        if isinstance(value, str) and value.startswith(ID_PREFIX):
            ids.append(value)
    return list(dict.fromkeys(ids))


def place_contexts(
    mentions: pd.DataFrame, sentences: pd.DataFrame, documents: pd.DataFrame, place_id: str
) -> pd.DataFrame:
    """Keyword-in-context rows (analysis.present.charts.countries.country_contexts) for every
    mention located at ``place_id`` (a map click or the place picker)."""
    if "place_id" not in mentions.columns:
        return country_contexts(mentions.iloc[0:0], sentences, documents, "")
    hits = mentions[(mentions["place_id"] == place_id).fillna(False)]
    iso3 = str(hits["iso3"].iloc[0]) if len(hits) else ""
    return country_contexts(hits, sentences, documents, iso3)
