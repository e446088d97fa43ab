"""Country figures: an offline world map, a bar chart, a co-occurrence heatmap and a
timeline. Pure plotly (no Streamlit), DataFrame in, ``go.Figure`` out.

The dashboard's map is a ``go.Choroplethmap`` over the GeoJSON shipped in
analysis/data/, drawn on a blank ("white-bg") style, so it needs no tiles and no CDN.
The offline report draws :func:`world_map_svg` instead: the same GeoJSON as a ``geo``
choropleth, which plotly.js draws as SVG paths (no WebGL) — see :data:`EMPTY_TOPOJSON_URL`
for why it fetches nothing.
"""

from __future__ import annotations

import base64
import itertools
import json
from collections.abc import Mapping
from functools import lru_cache
from typing import Any, Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis import schema
from analysis.countries import country_table, top_surface_forms
from analysis.geo_sources import DATA_DIR, country_name
from analysis.present.charts import theme

GEOJSON_FILE = DATA_DIR / "countries.geojson"
COLORSCALE = "Blues"
#: The map's scale starts at a visible blue: the lightest "Blues" is nearly the page's white.
MAP_COLORSCALE = theme.SEQUENTIAL
LAND_COLOUR = "#eeeeee"
#: plotly.js ``config.topojsonURL`` for :func:`world_map_svg`. A ``geo`` subplot fetches
#: ``<topojsonURL>world_110m.json`` (default: cdn.plot.ly) for its base layers (land,
#: coasts) as soon as a trace has a ``locationmode``, even when every base layer is off
#: and the countries come from an embedded GeoJSON; offline that fetch fails and the map
#: stays blank. This URL is an empty topology inline: the "#" makes the appended file
#: name a fragment, which a data: URL ignores. Nothing is requested.
EMPTY_TOPOJSON_URL = (
    "data:application/json;base64,"
    + base64.b64encode(b'{"type":"Topology","objects":{},"arcs":[]}').decode("ascii")
    + "#"
)


@lru_cache(maxsize=1)
def world_geojson() -> dict:
    """The shipped country outlines: a FeatureCollection whose feature ``id`` is ISO3."""
    return json.loads(GEOJSON_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def world_geojson_clockwise() -> dict:
    """:func:`world_geojson` with its rings wound the way d3-geo (plotly's ``geo``) reads
    them: outer rings clockwise, holes anticlockwise. GeoJSON (RFC 7946) winds them the
    other way, which d3 reads as "the whole globe except this country" (the map then
    paints every country over the whole sphere)."""
    world = world_geojson()
    features = []
    for feature in world["features"]:
        geometry = feature["geometry"]
        polygons = geometry["coordinates"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        rewound = [[_wind(ring, clockwise=(i == 0)) for i, ring in enumerate(p)]
                   for p in polygons]  # fmt: skip
        coords = rewound[0] if geometry["type"] == "Polygon" else rewound
        features.append({**feature, "geometry": {**geometry, "coordinates": coords}})
    return {**world, "features": features}


def _wind(ring: list, *, clockwise: bool) -> list:
    """``ring`` (lon/lat pairs) in the asked orientation (shoelace sign)."""
    area = sum(x0 * y1 - x1 * y0 for (x0, y0, *_), (x1, y1, *_) in itertools.pairwise(ring))
    return ring[::-1] if (area > 0) == clockwise else ring


def _hover_text(countries: pd.DataFrame) -> list[str]:
    """Escaped hover lines: name, mentions, documents, top surface forms if given."""
    forms = countries["forms"] if "forms" in countries.columns else [None] * len(countries)
    lines = []
    for name, n_mentions, n_docs, form in zip(
        countries["name"], countries["mentions"], countries["documents"], forms, strict=True
    ):
        text = f"<b>{theme.plotly_text(name)}</b><br>mentions: {n_mentions}<br>documents: {n_docs}"
        if isinstance(form, str) and form:
            text += f"<br>as: {theme.plotly_text(form)}"
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
    Rows whose ISO3 has no outline in the shipped GeoJSON are left out. Every country
    is drawn in light grey underneath (a map layer: no hover, no click), so the map
    reads as a world map; ``customdata[0]`` of each coloured country is its ISO3 code.
    """
    if value not in ("mentions", "documents"):
        raise ValueError(f"value must be 'mentions' or 'documents', not {value!r}")
    world = world_geojson()
    known = {f["id"] for f in world["features"]}
    data = countries_df[countries_df["iso3"].isin(known)].reset_index(drop=True)
    codes = data["iso3"].astype(str).tolist()
    raw = data[value].astype("float64").to_numpy()
    z = np.log10(np.maximum(raw, 1)) if log else raw
    trace = go.Choroplethmap(
        geojson=world,
        featureidkey="id",
        locations=codes,
        z=z,
        zmin=0,
        zmax=float(z.max()) if z.size and z.max() > 0 else 1.0,
        text=_hover_text(data),
        customdata=[[code] for code in codes],
        hovertemplate="%{text}<extra></extra>",
        colorscale=MAP_COLORSCALE,
        marker={"line": {"width": 0.5, "color": "#666"}},
        colorbar=_colorbar(raw, log=log, title=value),
        name=value,
    )
    fig = go.Figure(trace)
    land = {"sourcetype": "geojson", "source": world, "below": "traces", "type": "fill",
            "color": LAND_COLOUR, "fill": {"outlinecolor": "#c8c8c8"}}  # fmt: skip
    fig.update_layout(
        map={
            "style": "white-bg",
            "center": {"lat": 20, "lon": 10},
            "zoom": 0.6,
            "layers": [land],
        },
        margin={"l": 0, "r": 0, "t": 0, "b": 0},
        height=450,
        template=theme.TEMPLATE,
    )
    return fig


def world_map_svg(
    countries_df: pd.DataFrame, *, value: Literal["mentions", "documents"] = "mentions"
) -> go.Figure:
    """The world map of :func:`world_map` as a ``geo`` choropleth drawn in SVG (for files
    opened anywhere: no WebGL, no tiles). Every shipped country is one path: the counted
    ones on the blue scale, the others light grey (a zero, below the scale's first blue);
    ``customdata[0]`` is the ISO3 code. One trace, so the GeoJSON is embedded once.

    Render it with ``config={"topojsonURL": EMPTY_TOPOJSON_URL}`` (see there).
    """
    world = world_geojson_clockwise()
    every = [f["id"] for f in world["features"]]
    counted = countries_df[countries_df["iso3"].isin(set(every))].drop_duplicates("iso3")
    data = pd.DataFrame({"iso3": every}).merge(counted, on="iso3", how="left")
    data["name"] = data["name"].fillna(data["iso3"].map(country_name))
    data[["mentions", "documents"]] = data[["mentions", "documents"]].fillna(0)
    raw = data[value].astype("float64").to_numpy()
    top = float(raw.max()) if raw.max() > 0 else 1.0
    low = 0.5 / top  # below half a count: land, not counted; the blues squeezed above
    scale = [[0.0, LAND_COLOUR], [low, LAND_COLOUR]]
    scale += [[low + 1e-6 + (1 - low - 1e-6) * float(p), c] for p, c in MAP_COLORSCALE]
    trace = go.Choropleth(
        geojson=world, featureidkey="id", locations=every, z=raw, zmin=0, zmax=top,
        text=_hover_text(data), customdata=[[code] for code in every],
        hovertemplate="%{text}<extra></extra>", colorscale=scale,
        marker={"line": {"width": 0.4, "color": "#9a9a9a"}},
        colorbar=_colorbar(raw, log=False, title=value), name=value,
    )  # fmt: skip
    fig = go.Figure(trace)
    fig.update_geos(visible=False, projection_type="natural earth", lataxis_range=[-58, 85])
    fig.update_layout(margin={"l": 0, "r": 0, "t": 0, "b": 0}, height=460,
                      template=theme.TEMPLATE)  # fmt: skip
    return fig


def _colorbar(raw: np.ndarray, *, log: bool, title: str) -> dict:
    """A colorbar; on a log scale its ticks are labelled with real counts."""
    bar: dict = {"title": {"text": title}}
    if not log and raw.size and raw.max() <= 10:
        bar["dtick"] = 1  # counts are whole: no 0.5 ticks on a small scale
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
            y=[theme.plotly_text(n) for n in data["name"]],
            orientation="h",
            customdata=data[["iso3", "documents"]].astype(str).to_numpy(),
            hovertemplate="%{y} (%{customdata[0]})<br>mentions: %{x}"
            "<br>documents: %{customdata[1]}<extra></extra>",
        )
    )
    fig.update_layout(
        height=max(250, 22 * len(data) + 60),
        margin={"l": 0, "r": 0, "t": 32, "b": 0},
        xaxis_title="mentions",
        template=theme.TEMPLATE,
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
    names = [theme.plotly_text(country_name(c)) for c in codes]
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
        margin={"l": 0, "r": 0, "t": 32, "b": 0},
        yaxis={"autorange": "reversed"},
        template=theme.TEMPLATE,
    )
    return fig


#: Length of an ISO date prefix -> its pandas period (mentions_by_date's periods).
_PERIOD_FREQ = {4: "Y", 7: "M", 10: "D"}


def _periods(dates: pd.Series) -> list[str]:
    """Every period from the first of ``dates`` (ISO prefixes of one length) to the last,
    as ISO prefixes; ``dates`` themselves, sorted, when they are of no one such length."""
    values = sorted(set(dates))
    freq = _PERIOD_FREQ.get(len(values[0])) if values else None
    if freq is None or any(len(v) != len(values[0]) for v in values):
        return values
    try:
        return [str(p) for p in pd.period_range(values[0], values[-1], freq=freq)]
    except ValueError:  # not ISO dates after all
        return values


def mentions_over_time(counts_df: pd.DataFrame, *, countries: list[str] | None = None) -> go.Figure:
    """One line per country from DataFrame(date, iso3, count) (analysis.countries
    .mentions_by_date, every country: a period in which any country is named is one the
    corpus covers).

    ``countries``: ISO3 codes to draw (default: every code in the frame), in legend
    order. Dates are ISO strings (day, month or year). Each line runs over every period
    from the first to the last: 0 in a period the corpus covers without naming that
    country, a gap in one it does not cover at all, never a straight line drawn across
    the periods between two counts as if they were counted.
    """
    codes = countries if countries is not None else sorted(counts_df["iso3"].dropna().unique())
    dates = counts_df["date"].dropna().astype(str)
    grid = pd.Index(_periods(dates))
    base = np.where(grid.isin(set(dates)), 0.0, np.nan)  # 0 where covered, else a gap
    x = np.asarray(grid, dtype=object)
    fig = go.Figure()
    for code in codes:
        rows = counts_df[counts_df["iso3"] == code]
        count = pd.Series(rows["count"].to_numpy("float64"), index=rows["date"].astype(str))
        y = count.groupby(level=0).sum().reindex(grid).to_numpy("float64")
        name = theme.plotly_text(country_name(code))
        fig.add_trace(
            go.Scatter(
                x=x,
                y=np.where(np.isnan(y), base, y),
                mode="lines+markers",
                connectgaps=False,
                name=name,
                hovertemplate=f"{name}<br>%{{x}}: %{{y}}<extra></extra>",
            )
        )
    fig.update_layout(
        height=350,
        margin={"l": 0, "r": 0, "t": 32, "b": 0},
        yaxis_title="mentions",
        legend={"orientation": "h"},
        template=theme.TEMPLATE,
    )
    if counts_df["date"].nunique() <= 1:  # a date axis over one instant ticks in microseconds
        fig.update_xaxes(type="category")
    return fig


# ---------------------------------------------------------------- tables the page shows


def country_overview(mentions: pd.DataFrame, *, forms: int = 3) -> pd.DataFrame:
    """COUNTRIES table (iso3, name, mentions, documents) of mapped mentions, plus ``forms``.

    ``forms`` is each country's ``forms`` most frequent surface forms ("Iran (11),
    Iranian (2)"), for the map's hover and the table. Most mentioned first.
    """
    table = country_table(mentions)
    top = top_surface_forms(mentions, n=forms)
    out = table.merge(top, on="iso3", how="left")
    return out.astype({"forms": schema.STR}).reset_index(drop=True)


def named_pairs(pairs: pd.DataFrame) -> pd.DataFrame:
    """DataFrame(source, target, count) of ISO3 pairs -> with source_name and target_name."""
    out = pairs[["source", "target", "count"]].copy()
    out.insert(1, "source_name", out["source"].map(country_name).astype(schema.STR))
    out.insert(3, "target_name", out["target"].map(country_name).astype(schema.STR))
    return out.reset_index(drop=True)


def selected_countries(event: Mapping[str, Any] | None) -> list[str]:
    """ISO3 codes of the points selected in a Streamlit plotly event, first-seen order.

    A map point carries its code as ``customdata[0]`` and ``location``; a bar of
    :func:`country_bar` as ``customdata[0]``. Values that are not ISO3 codes are ignored.
    """
    codes: list[str] = []
    for point in ((event or {}).get("selection") or {}).get("points") or []:
        data = point.get("customdata")
        value = data[0] if isinstance(data, list | tuple) and data else data
        if not isinstance(value, str):
            value = point.get("location")
        if isinstance(value, str) and len(value) == 3 and value.isalpha() and value.isupper():
            codes.append(value)
    return list(dict.fromkeys(codes))


def with_documents(frame: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """``frame`` (rows with a ``doc_id``) with each document's ``title`` and ``date``
    right after ``doc_id``, in its own row order: a reader knows a story by its title,
    not by its hash id (the per-mention readings of the Countries page)."""
    docs = documents[["doc_id", "title", "date"]].drop_duplicates("doc_id")
    out = frame.drop(columns=["title", "date"], errors="ignore")
    out = out.merge(docs, on="doc_id", how="left", sort=False)
    after = list(out.columns).index("doc_id") + 1
    rest = [c for c in out.columns if c not in ("title", "date")]
    return out[[*rest[:after], "title", "date", *rest[after:]]].reset_index(drop=True)


#: Columns of :func:`country_contexts`.
CONTEXT_COLUMNS = ["doc_id", "title", "date", "sent_id", "left", "match", "right", "rule",
                   "sentence"]  # fmt: skip


def country_contexts(
    mentions: pd.DataFrame,
    sentences: pd.DataFrame,
    documents: pd.DataFrame,
    iso3: str,
    *,
    width: int = 80,
) -> pd.DataFrame:
    """Keyword-in-context rows for every mention mapped to ``iso3``.

    In: mapped MENTIONS (iso3, rule), SENTENCES and DOCUMENTS of the same corpus.
    Out: doc_id, title, date, sent_id, left (at most ``width`` characters of the
    sentence before the mention, "…" when cut), match (the surface form), right,
    rule, sentence; in document order (date, title, doc_id), then by offset.
    """
    hits = mentions.loc[mentions["iso3"] == iso3, ["doc_id", "sent_id", "start", "end", "rule"]]
    sents = sentences[["doc_id", "sent_id", "start", "text"]].rename(
        columns={"start": "sent_start", "text": "sentence"}
    )
    docs = documents[["doc_id", "title", "date"]].drop_duplicates("doc_id")
    rows = hits.merge(sents, on=["doc_id", "sent_id"]).merge(docs, on="doc_id", how="left")
    rows = rows.dropna(subset=["start", "end", "sent_start", "sentence"])
    if rows.empty:
        return pd.DataFrame({c: pd.Series([], dtype=schema.STR) for c in CONTEXT_COLUMNS}).astype(
            {"sent_id": schema.INT}
        )
    rows = rows.sort_values(["date", "title", "doc_id", "start"], kind="stable", na_position="last")
    begin = (rows["start"] - rows["sent_start"]).clip(lower=0).astype(int).tolist()
    end = (rows["end"] - rows["sent_start"]).astype(int).tolist()
    text = rows["sentence"].astype(str).tolist()
    left, match, right = [], [], []
    for t, b, e in zip(text, begin, end, strict=True):
        e = max(b, min(e, len(t)))
        before, after = " ".join(t[:b].split()), " ".join(t[e:].split())
        left.append(before if len(before) <= width else "…" + before[-width:].lstrip())
        match.append(t[b:e])
        right.append(after if len(after) <= width else after[:width].rstrip() + "…")
    out = pd.DataFrame(
        {
            "doc_id": rows["doc_id"].to_numpy(),
            "title": rows["title"].to_numpy(),
            "date": rows["date"].to_numpy(),
            "sent_id": rows["sent_id"].to_numpy(),
            "left": left,
            "match": match,
            "right": right,
            "rule": rows["rule"].to_numpy(),
            "sentence": [" ".join(t.split()) for t in text],
        }
    )
    return out.astype({c: schema.STR for c in CONTEXT_COLUMNS if c != "sent_id"}).astype(
        {"sent_id": schema.INT}
    )


def kwic_html(rows: pd.DataFrame) -> str:
    """Rows of :func:`country_contexts` as an HTML concordance, the mention in ``<mark>``.

    Every corpus string is HTML-escaped; the rule is shown beside each line.
    """
    esc = theme.escape_html
    lines = []
    for left, match, right, rule in rows[["left", "match", "right", "rule"]].itertuples(
        index=False
    ):
        lines.append(
            "<tr>"
            f'<td style="text-align:right;width:44%;padding:2px 4px">{esc(left)}</td>'
            f'<td style="white-space:nowrap;padding:2px 0"><mark style="background:#ffe08a;'
            f'padding:0 2px;border-radius:3px"><b>{esc(match)}</b></mark></td>'
            f'<td style="width:44%;padding:2px 4px">{esc(right)}</td>'
            f'<td style="white-space:nowrap;color:#888;font-size:0.8em;padding:2px 4px">'
            f"{esc(rule)}</td>"
            "</tr>"
        )
    return (
        '<table class="nl-kwic" style="width:100%;border-collapse:collapse;font-size:0.9em;'
        f'line-height:1.5">{"".join(lines)}</table>'
    )
