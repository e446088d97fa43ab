"""analysis.present.charts.countries: the world map, the bar chart, the co-occurrence
heatmap and the timeline of country mentions."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.countries import country_table, map_countries, top_surface_forms
from tests.factories import document_mentions as mentions


def _countries_with_forms() -> pd.DataFrame:
    out = map_countries(
        mentions([("Iran", "GPE"), ("Iranian", "NORP"), ("Iraq", "GPE"), ("Gaza", "GPE")])
    )
    out.loc[3, "text"] = "<b>Gaza</b>"  # corpus text must be escaped in hover
    out.loc[3, "iso3"] = "PSE"
    return country_table(out).merge(top_surface_forms(out), on="iso3", how="left")


def test_world_map_has_one_location_per_country_and_the_shipped_geojson() -> None:
    from analysis.present.charts.countries import world_map

    table = _countries_with_forms()
    fig = world_map(table)
    trace = fig.data[0]
    assert trace.type == "choroplethmap"
    assert sorted(trace.locations) == ["IRN", "IRQ", "PSE"]
    assert len(trace.geojson["features"]) > 200
    ids = {f["id"] for f in trace.geojson["features"]}
    assert set(trace.locations) <= ids
    assert fig.layout.map.style == "white-bg"
    assert list(trace.z) == list(table.set_index("iso3").loc[list(trace.locations), "mentions"])


def test_world_map_hover_escapes_corpus_text() -> None:
    from analysis.present.charts.countries import world_map

    fig = world_map(_countries_with_forms())
    hover = dict(zip(fig.data[0].locations, fig.data[0].text, strict=True))
    assert "&lt;b&gt;Gaza&lt;/b&gt; (1)" in hover["PSE"]
    assert "<b>Gaza</b>" not in hover["PSE"]
    assert "Iran (1), Iranian (1)" in hover["IRN"] and "documents: 1" in hover["IRN"]


def test_world_map_log_scale_and_documents() -> None:
    from analysis.present.charts.countries import world_map

    table = pd.DataFrame(
        {
            "iso3": ["USA", "FRA"],
            "name": ["United States", "France"],
            "mentions": [1000, 10],
            "documents": [7, 3],
        }
    )
    fig = world_map(table, value="documents")
    assert list(fig.data[0].z) == [7, 3]
    logged = world_map(table, log=True)
    assert list(logged.data[0].z) == [3.0, 1.0]
    assert list(logged.data[0].colorbar.ticktext)[-1] == "1,000"
    with pytest.raises(ValueError):
        world_map(table, value="words")  # type: ignore[arg-type]


def test_bar_heatmap_and_timeline_figures() -> None:
    from analysis.present.charts.countries import (
        cooccurrence_heatmap,
        country_bar,
        mentions_over_time,
    )

    table = _countries_with_forms()
    bar = country_bar(table, top=2)
    assert len(bar.data[0].y) == 2 and bar.data[0].y[-1] == "Iran"  # largest on top
    pairs = pd.DataFrame({"source": ["IRN", "IRN"], "target": ["IRQ", "PSE"], "count": [3, 1]})
    heat = cooccurrence_heatmap(pairs)
    z = heat.data[0].z
    assert list(heat.data[0].x) == ["Iran", "Iraq", "Palestine"]
    assert z[0][1] == z[1][0] == 3 and z[1][2] == 0
    counts = pd.DataFrame(
        {
            "date": ["2024-01", "2024-02", "2024-01"],
            "iso3": ["IRN", "IRN", "USA"],
            "count": [2, 5, 1],
        }
    )
    timeline = mentions_over_time(counts, countries=["IRN"])
    assert len(timeline.data) == 1 and list(timeline.data[0].y) == [2, 5]


def test_timeline_counts_zero_where_the_corpus_names_other_countries_and_breaks_elsewhere() -> None:
    """ui26: on 300 Reuters stories of 1987 and four of 2024, a country's line ran
    straight from its last 1987 month to 2024, and across months the corpus covered
    without naming it, drawing counts that were never made."""
    from analysis.present.charts.countries import mentions_over_time

    counts = pd.DataFrame(
        {
            "date": ["1987-02", "1987-03", "1987-04", "1987-06", "1987-04"],
            "iso3": ["USA", "JPN", "USA", "USA", "JPN"],
            "count": [2, 1, 5, 3, 4],
        }
    )
    usa = mentions_over_time(counts, countries=["USA"]).data[0]
    assert list(usa.x) == ["1987-02", "1987-03", "1987-04", "1987-05", "1987-06"]
    # March: the corpus names Japan only (USA 0); May: no story at all (a gap)
    assert [None if y != y else y for y in usa.y] == [2.0, 0.0, 5.0, None, 3.0]  # NaN: gap
    assert usa.connectgaps is False
    years = pd.DataFrame({"date": ["1987", "1990"], "iso3": ["USA", "USA"], "count": [1, 2]})
    assert list(mentions_over_time(years).data[0].x) == ["1987", "1988", "1989", "1990"]
