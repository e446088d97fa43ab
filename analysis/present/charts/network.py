"""The co-occurrence network: who is named with whom, legible past a few dozen names.

Pure plotly + networkx, DataFrame in, ``go.Figure`` out. What keeps it legible:

* **Strongest links only.** A link is drawn when the two entities share at least
  ``min_sentences`` sentences (the user moves this threshold; :func:`suggested_threshold`
  picks the lowest one leaving at most :data:`DEFAULT_MAX_EDGES` links); entities left
  without a link are not drawn (their count is in ``layout.meta``).
* **Communities coloured.** Groups of entities more linked among themselves than to the
  rest (networkx's Louvain modularity communities, weighted by shared sentences, fixed
  seed so a corpus always gives the same picture), one colour and one legend entry each,
  named after their two most mentioned members.
* **Labels on hubs only.** The :data:`HUB_LABELS` entities with the most link weight
  carry their name on the chart; every node has it in its hover.
* **Layout** by networkx's force-directed ``spring_layout`` (weighted, fixed seed).

Node markers carry the raw entity name in ``customdata`` so a click can set a filter.
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import plotly.graph_objects as go

from analysis.present.charts import theme

#: Links drawn by default (the threshold is raised until at most this many are left).
DEFAULT_MAX_EDGES = 80
#: Entities (the most linked) that carry their name on the chart.
HUB_LABELS = 12
#: Width classes of the links (one trace each: a trace per link is slow to draw).
EDGE_WIDTHS = (0.8, 2.0, 3.5, 5.5)
SEED = 7


def candidate_links(entities_df: pd.DataFrame, cooc_df: pd.DataFrame, *, top: int) -> pd.DataFrame:
    """Links (source, target, sentences) among the ``top`` most mentioned entities,
    strongest first."""
    nodes = entities_df.sort_values(["mentions", "name"], ascending=[False, True]).head(top)
    names = set(nodes["name"])
    links = cooc_df[cooc_df["source"].isin(names) & cooc_df["target"].isin(names)]
    links = links[links["source"] != links["target"]]
    return links.sort_values(["sentences", "source", "target"], ascending=[False, True, True])


def suggested_threshold(links: pd.DataFrame, *, max_edges: int = DEFAULT_MAX_EDGES) -> int:
    """The least shared-sentence count that leaves at most ``max_edges`` links (>= 1)."""
    weights = links["sentences"].astype(int).sort_values(ascending=False).to_numpy()
    if len(weights) <= max_edges:
        return 1
    # Links with exactly the weight of the (max_edges+1)-th are dropped as a whole.
    return int(weights[max_edges]) + 1


def network_graph(
    entities_df: pd.DataFrame, cooc_df: pd.DataFrame, *, top: int, min_sentences: int
) -> nx.Graph:
    """A weighted graph of the ``top`` entities' links with ``min_sentences`` or more shared
    sentences. Nodes carry ``label`` and ``mentions``; isolated entities are left out."""
    links = candidate_links(entities_df, cooc_df, top=top)
    links = links[links["sentences"] >= min_sentences]
    info = entities_df.drop_duplicates("name").set_index("name")
    graph = nx.Graph()
    for s, t, w in zip(links["source"], links["target"], links["sentences"], strict=True):
        graph.add_edge(str(s), str(t), weight=float(w))
    for name in graph.nodes:
        graph.nodes[name]["label"] = str(info.at[name, "label"]) if name in info.index else ""
        graph.nodes[name]["mentions"] = int(info.at[name, "mentions"]) if name in info.index else 0
    return graph


def communities(graph: nx.Graph) -> list[list[str]]:
    """Louvain communities (weighted, fixed seed), each most mentioned first, largest
    community first."""
    if graph.number_of_nodes() == 0:
        return []
    groups = nx.community.louvain_communities(graph, weight="weight", seed=SEED)
    ordered = [sorted(g, key=lambda n: (-graph.nodes[n]["mentions"], n)) for g in groups]
    return sorted(ordered, key=lambda g: (-len(g), g[0]))


def cooccurrence_network(
    entities_df: pd.DataFrame,
    cooc_df: pd.DataFrame,
    *,
    top: int = 60,
    min_sentences: int | None = None,
    max_edges: int = DEFAULT_MAX_EDGES,
) -> go.Figure:
    """Network of the ``top`` most mentioned entities linked by shared sentences.

    ``min_sentences``: least shared sentences for a link (default
    :func:`suggested_threshold` with ``max_edges``). Node size grows with mentions,
    colour is the community, link width with shared sentences. ``layout.meta`` holds
    ``min_sentences``, ``links``, ``nodes`` and ``communities``.
    """
    links = candidate_links(entities_df, cooc_df, top=top)
    if min_sentences is None:
        min_sentences = suggested_threshold(links, max_edges=max_edges)
    graph = network_graph(entities_df, cooc_df, top=top, min_sentences=min_sentences)
    if graph.number_of_nodes() == 0:
        return _empty("No entities share a sentence at this threshold")
    groups = communities(graph)
    pos = nx.spring_layout(graph, weight="weight", seed=SEED, k=1.5 / math.sqrt(len(graph)))
    strength = dict(graph.degree(weight="weight"))
    hubs = set(sorted(strength, key=lambda n: (-strength[n], n))[:HUB_LABELS])
    fig = go.Figure()
    _add_edges(fig, graph, pos)
    for i, members in enumerate(groups):
        _add_community(fig, graph, pos, members, i, hubs)
    meta = {"min_sentences": int(min_sentences), "links": graph.number_of_edges(),
            "nodes": graph.number_of_nodes(), "communities": len(groups)}  # fmt: skip
    fig.update_layout(
        template=theme.TEMPLATE,
        showlegend=True,
        legend_title_text="community",
        xaxis={"visible": False},
        yaxis={"visible": False, "scaleanchor": "x"},
        margin={"l": 0, "r": 0, "t": 32, "b": 0},
        height=640,
        clickmode="event+select",
        hovermode="closest",
        meta=meta,
    )
    return fig


def _empty(message: str) -> go.Figure:
    fig = go.Figure()
    fig.add_annotation(text=theme.plotly_text(message), showarrow=False, x=0.5, y=0.5,
                       xref="paper", yref="paper")  # fmt: skip
    fig.update_layout(template=theme.TEMPLATE, xaxis={"visible": False},
                      yaxis={"visible": False}, height=200)  # fmt: skip
    return fig


def _add_edges(fig: go.Figure, graph: nx.Graph, pos: dict) -> None:
    """One line trace per width class (None-separated segments)."""
    weights = [d["weight"] for _, _, d in graph.edges(data=True)]
    heaviest = max(weights, default=1.0)
    classes: dict[int, tuple[list, list]] = {}
    for a, b, data in graph.edges(data=True):
        k = min(len(EDGE_WIDTHS) - 1, int(len(EDGE_WIDTHS) * data["weight"] / (heaviest + 1e-9)))
        xs, ys = classes.setdefault(k, ([], []))
        xs += [pos[a][0], pos[b][0], None]
        ys += [pos[a][1], pos[b][1], None]
    for k in sorted(classes):
        xs, ys = classes[k]
        line = {"width": EDGE_WIDTHS[k], "color": "rgba(120,120,120,0.45)"}
        fig.add_scatter(x=xs, y=ys, mode="lines", hoverinfo="skip", showlegend=False, line=line)


def _add_community(
    fig: go.Figure, graph: nx.Graph, pos: dict, members: list[str], i: int, hubs: set[str]
) -> None:
    biggest = max(graph.nodes[n]["mentions"] for n in graph.nodes) or 1
    mentions = np.array([graph.nodes[n]["mentions"] for n in members], dtype=float)
    label = theme.plotly_text(", ".join(members[:2]) + ("…" if len(members) > 2 else ""),
                              width=40)  # fmt: skip
    colour = theme.COLORWAY[i % len(theme.COLORWAY)]
    fig.add_scatter(
        x=[pos[n][0] for n in members],
        y=[pos[n][1] for n in members],
        mode="markers+text",
        name=label,
        text=[theme.plotly_text(n, width=30) if n in hubs else "" for n in members],
        textposition="top center",
        textfont={"size": 12},
        customdata=list(members),
        marker={
            "size": (8 + 34 * np.sqrt(mentions / biggest)).tolist(),
            "color": colour,
            "line": {"width": 1, "color": "white"},
        },
        hovertext=[
            f"<b>{theme.plotly_text(n)}</b> ({theme.plotly_text(graph.nodes[n]['label'])})"
            f"<br>mentions: {graph.nodes[n]['mentions']:,}<br>links: {graph.degree(n)}"
            for n in members
        ],
        hovertemplate="%{hovertext}<extra></extra>",
    )
