"""Every figure builder sets the one NewsLens template explicitly (analysis.present.charts.theme),
so a figure looks the same whatever plotly's default template is (streamlit changes it)."""

from __future__ import annotations

import plotly.io as pio
import pytest
from test_filters import make_corpus

from analysis.present.charts import countries, entities, overview, theme, timeline


def builders():
    corpus = make_corpus()
    docs, ents = corpus.documents, corpus.table("entities")
    found = corpus.table("countries")
    return {
        "entity_bar": lambda: overview.entity_bar(ents),
        "country_bar": lambda: overview.country_bar(found),
        "events_per_day": lambda: overview.events_per_day(corpus.table("merged_events")),
        "documents_per_day": lambda: overview.documents_per_day(docs),
        "documents_per_source": lambda: overview.documents_per_source(docs),
        "empty": lambda: overview.empty_figure("nothing"),
        "top_entities_bar": lambda: entities.top_entities_bar(ents),
        "entity_treemap": lambda: entities.entity_treemap(ents),
        "network": lambda: entities.cooccurrence_network(ents, corpus.table("cooccurrences")),
        "world_map": lambda: countries.world_map(found),
        "world_map_svg": lambda: countries.world_map_svg(found),
        "countries_bar": lambda: countries.country_bar(found),
        "timeline": lambda: timeline.timeline(corpus.table("events")),
        "event_volume": lambda: timeline.event_volume(corpus.table("events")),
    }


@pytest.mark.parametrize("name", sorted(builders()))
def test_every_figure_carries_the_template(name: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pio.templates, "default", "ggplot2")  # as streamlit would, elsewhere
    fig = builders()[name]()
    assert fig.layout.template == theme.TEMPLATE, name
    assert fig.layout.template.layout.colorway == theme.COLORWAY


def test_one_palette_for_highlights_and_charts() -> None:
    from analysis.present import report

    assert report.LABEL_COLOURS is theme.LABEL_COLOURS is entities.LABEL_COLOURS
