"""analysis.present.charts.network: strongest links only, communities coloured, hubs labelled."""

from __future__ import annotations

import pandas as pd

from analysis import schema
from analysis.present.charts import entities as charts
from analysis.present.charts import network


def two_camps(n: int = 12) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Two groups of ``n`` entities, densely linked inside (5+ shared sentences), one
    weak link (1 sentence) between them, plus many 1-sentence links to noise."""
    names = [f"A{i}" for i in range(n)] + [f"B{i}" for i in range(n)]
    ents = pd.DataFrame({"name": names, "label": ["PERSON"] * n + ["ORG"] * n,
                         "mentions": list(range(100, 100 - 2 * n, -1)),
                         "documents": [3] * (2 * n)})  # fmt: skip
    rows = []
    for camp in "AB":
        for i in range(n):
            for j in range(i + 1, n):
                rows.append((f"{camp}{i}", f"{camp}{j}", 5 + (i + j) % 3))
    rows.append(("A0", "B0", 1))
    rows += [(f"A{i}", f"B{(i * 7) % n}", 1) for i in range(1, n)]
    cooc = pd.DataFrame(rows, columns=["source", "target", "sentences"]).assign(documents=1)
    return ents, cooc


def test_default_threshold_keeps_only_the_strongest_links() -> None:
    ents, cooc = two_camps()
    links = network.candidate_links(ents, cooc, top=100)
    threshold = network.suggested_threshold(links, max_edges=80)
    assert (links["sentences"] >= threshold).sum() <= 80
    assert threshold >= 2  # the 1-sentence noise is gone
    assert network.suggested_threshold(links.head(10), max_edges=80) == 1


def test_communities_are_the_two_camps_and_coloured_apart() -> None:
    ents, cooc = two_camps()
    fig = network.cooccurrence_network(ents, cooc, top=100, min_sentences=2)
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    groups = [set(t.customdata) for t in nodes]
    assert len(groups) == 2
    assert {n[0] for n in groups[0]} != {n[0] for n in groups[1]}
    assert all(len({n[0] for n in g}) == 1 for g in groups)  # each camp is one community
    assert nodes[0].marker.color != nodes[1].marker.color
    assert fig.layout.meta["communities"] == 2


def test_user_threshold_changes_the_links_and_drops_isolated_nodes() -> None:
    ents, cooc = two_camps()
    loose = network.cooccurrence_network(ents, cooc, top=100, min_sentences=1)
    strict = network.cooccurrence_network(ents, cooc, top=100, min_sentences=7)
    assert loose.layout.meta["links"] > strict.layout.meta["links"]
    assert strict.layout.meta["min_sentences"] == 7
    drawn = {n for t in strict.data if t.mode == "markers+text" for n in t.customdata}
    graph = network.network_graph(ents, cooc, top=100, min_sentences=7)
    assert drawn == set(graph.nodes) and all(graph.degree(n) > 0 for n in drawn)


def test_only_hubs_are_labelled_and_names_stay_raw_for_clicks() -> None:
    ents, cooc = two_camps()
    ents.loc[0, "name"] = "<b>A0</b>"
    cooc = cooc.replace({"A0": "<b>A0</b>"})
    fig = network.cooccurrence_network(ents, cooc, top=100, min_sentences=1)
    nodes = [t for t in fig.data if t.mode == "markers+text"]
    labelled = [x for t in nodes for x in t.text if x]
    assert len(labelled) == network.HUB_LABELS
    assert "<b>A0</b>" in [n for t in nodes for n in t.customdata]
    assert all("<b>A0</b>" not in x for t in nodes for x in t.text)


def test_same_input_same_picture() -> None:
    ents, cooc = two_camps()
    a = network.cooccurrence_network(ents, cooc, top=100)
    b = network.cooccurrence_network(ents, cooc, top=100)
    assert [list(t.x) for t in a.data] == [list(t.x) for t in b.data]


def test_edges_are_few_traces_not_one_per_link() -> None:
    ents, cooc = two_camps()
    fig = network.cooccurrence_network(ents, cooc, top=100, min_sentences=1)
    lines = [t for t in fig.data if t.mode == "lines"]
    assert len(lines) <= len(network.EDGE_WIDTHS)
    assert sum(t.x.count(None) for t in lines) == fig.layout.meta["links"]


def test_empty_inputs_give_empty_figures() -> None:
    empty = schema.empty("entities")
    fig = charts.cooccurrence_network(empty, schema.empty("cooccurrences"))
    assert len(fig.data) == 0
