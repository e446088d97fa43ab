"""Entity figures: top-entities bars, a label treemap, a co-occurrence network and
mentions over time. Pure plotly (no Streamlit), DataFrame in, ``go.Figure`` out.

Every corpus string shown in a label or hover is HTML-escaped (plotly renders a
subset of HTML there). Clickable marks carry the raw entity name in ``customdata``
so a page can read the selection back with ``st.plotly_chart(on_select="rerun")``.
"""

from __future__ import annotations

import html
from typing import Literal

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.colors import qualitative

#: One colour per spaCy label, stable across figures.
LABEL_COLOURS: dict[str, str] = {
    "PERSON": "#1f77b4",
    "ORG": "#ff7f0e",
    "GPE": "#2ca02c",
    "LOC": "#17becf",
    "NORP": "#9467bd",
    "FAC": "#8c564b",
    "EVENT": "#d62728",
    "WORK_OF_ART": "#e377c2",
    "LAW": "#7f7f7f",
    "PRODUCT": "#bcbd22",
    "LANGUAGE": "#aec7e8",
}


def label_colour(label: str) -> str:
    """The colour of ``label``; unknown labels get a stable colour from a palette."""
    if label in LABEL_COLOURS:
        return LABEL_COLOURS[label]
    palette = qualitative.Pastel
    return palette[sum(map(ord, label)) % len(palette)]


def _esc(value: object) -> str:
    return html.escape(str(value))


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(
        text=_esc(message), showarrow=False, x=0.5, y=0.5, xref="paper", yref="paper"
    )
    fig.update_layout(xaxis={"visible": False}, yaxis={"visible": False}, height=200)
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
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        clickmode="event+select",
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
    fig.update_layout(margin={"l": 0, "r": 0, "t": 30, "b": 0}, height=500)
    return fig


def _label_of(node_id: str) -> str:
    """The (unescaped) label in a treemap id 'label/X' or 'entity/X/name'."""
    return html.unescape(node_id.split("/")[1])


def spring_layout(
    n: int, edges: list[tuple[int, int, float]], *, iterations: int = 200
) -> np.ndarray:
    """Deterministic force-directed positions (Fruchterman-Reingold) for ``n`` nodes.

    Starts from a circle (no randomness), so equal inputs give equal pictures.
    ``edges`` are (i, j, weight). Returns an (n, 2) array scaled into [-1, 1].
    """
    if n == 0:
        return np.zeros((0, 2))
    angles = np.linspace(0, 2 * np.pi, n, endpoint=False)
    pos = np.column_stack([np.cos(angles), np.sin(angles)])
    if n < 3:
        return pos
    weight = np.zeros((n, n))
    for i, j, w in edges:
        weight[i, j] = weight[j, i] = w
    weight /= weight.max() or 1.0
    k = 1.0 / np.sqrt(n)
    temperature = 0.1
    for _ in range(iterations):
        delta = pos[:, None, :] - pos[None, :, :]
        distance = np.maximum(np.linalg.norm(delta, axis=-1), 1e-3)
        force = k * k / distance**2 - weight * distance / k
        np.fill_diagonal(force, 0.0)
        shift = (delta * force[:, :, None]).sum(axis=1)
        length = np.maximum(np.linalg.norm(shift, axis=1), 1e-9)
        pos += shift / length[:, None] * np.minimum(length, temperature)[:, None]
        temperature *= 0.98
    pos -= pos.mean(axis=0)
    return pos / (np.abs(pos).max() or 1.0)


def cooccurrence_network(
    entities_df: pd.DataFrame,
    cooc_df: pd.DataFrame,
    *,
    top: int = 30,
    max_edges: int = 60,
) -> go.Figure:
    """Network of the ``top`` most-mentioned entities and their strongest links.

    Node size grows with mentions, colour is the label; edge width grows with shared
    sentences (at most ``max_edges`` edges). Node markers carry the entity name in
    ``customdata``; there is one node trace per label.
    """
    nodes = entities_df.sort_values(["mentions", "name"], ascending=[False, True]).head(top)
    if len(nodes) == 0:
        return _empty("No entities")
    index = {name: i for i, name in enumerate(nodes["name"])}
    links = cooc_df[cooc_df["source"].isin(index) & cooc_df["target"].isin(index)]
    links = links.sort_values("sentences", ascending=False).head(max_edges)
    edges = [
        (index[s], index[t], float(w))
        for s, t, w in zip(links["source"], links["target"], links["sentences"], strict=True)
    ]
    pos = spring_layout(len(nodes), edges)
    fig = go.Figure()
    _add_edges(fig, edges, pos)
    _add_nodes(fig, nodes.reset_index(drop=True), pos)
    fig.update_layout(
        showlegend=True,
        legend_title_text="label",
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        margin={"l": 0, "r": 0, "t": 30, "b": 0},
        height=600,
        clickmode="event+select",
    )
    return fig


def _add_edges(fig: go.Figure, edges: list[tuple[int, int, float]], pos: np.ndarray) -> None:
    heaviest = max((w for _, _, w in edges), default=1.0)
    for i, j, w in edges:
        fig.add_scatter(
            x=[pos[i, 0], pos[j, 0]],
            y=[pos[i, 1], pos[j, 1]],
            mode="lines",
            line={"width": 0.5 + 5.5 * w / heaviest, "color": "rgba(120,120,120,0.5)"},
            hoverinfo="skip",
            showlegend=False,
        )


def _add_nodes(fig: go.Figure, nodes: pd.DataFrame, pos: np.ndarray) -> None:
    biggest = float(nodes["mentions"].max()) or 1.0
    for label, rows in nodes.groupby("label", sort=True):
        at = rows.index.to_numpy()
        fig.add_scatter(
            x=pos[at, 0],
            y=pos[at, 1],
            mode="markers+text",
            name=_esc(label),
            text=[_esc(n) for n in rows["name"]],
            textposition="top center",
            customdata=rows["name"].astype(str).tolist(),
            marker={
                "size": (10 + 40 * np.sqrt(rows["mentions"].astype(float) / biggest)).tolist(),
                "color": label_colour(str(label)),
                "line": {"width": 1, "color": "white"},
            },
            hovertext=[
                f"<b>{_esc(n)}</b> ({_esc(label)})<br>mentions: {m}"
                for n, m in zip(rows["name"], rows["mentions"], strict=True)
            ],
            hovertemplate="%{hovertext}<extra></extra>",
        )


def mentions_over_time(frame: pd.DataFrame) -> go.Figure:
    """Lines of mention counts over time.

    In: columns ``date`` and ``count``, optionally ``name`` (one line per name).
    Dates are ISO strings or datetimes; rows are sorted by date.
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
    fig.update_layout(
        xaxis_title="date",
        yaxis_title="mentions",
        margin={"l": 10, "r": 10, "t": 30, "b": 40},
        height=350,
    )
    return fig
