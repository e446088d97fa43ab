"""The places layer of the Countries page through AppTest (issue 18): the points map,
the places table with the country each belongs to (downloadable), a place's sentences,
and the filters narrowing them."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from streamlit.testing.v1 import AppTest

from ui.text import md

PAGE = "pages/countries.py"
COLUMNS = ["label", "kind", "country", "mentions", "documents", "lat", "lon", "place_id",
           "iso3", "name", "admin"]  # fmt: skip
OpenApp = Callable[..., AppTest]


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def places_table(at: AppTest) -> pd.DataFrame:
    found = [d.value for d in at.dataframe if list(d.value.columns) == COLUMNS]
    assert len(found) == 1, "no places table"
    return found[0]


def test_places_map_and_table_with_their_countries(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    no_exception(at)
    assert any(h.value == "Places" for h in at.header)
    table = places_table(at)
    assert len(table) > 0
    assert table["mentions"].is_monotonic_decreasing
    assert table["place_id"].str.startswith("geonames:").all()
    paris = table[table["name"] == "Paris"].iloc[0]
    assert (paris["iso3"], paris["country"], paris["kind"]) == ("FRA", "France", "city")
    assert paris["label"] == "Paris, Ile-de-France, France"
    assert abs(paris["lat"] - 48.85) < 0.05 and abs(paris["lon"] - 2.35) < 0.05
    keys = {b.key for b in at.get("download_button")}
    assert {"dl-countries-places-table-csv", "dl-countries-places-table-json"} <= keys
    # the points map is drawn: a Scattermap whose points carry the place ids
    figures = [c.proto.spec for c in at.get("plotly_chart")]
    points = [f for f in figures if '"scattermap"' in f]
    assert len(points) == 1 and str(paris["place_id"]) in points[0]


def test_picking_a_place_shows_its_sentences(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    table = places_table(at)
    place_id = str(table["place_id"].iloc[0])
    at.selectbox(key="countries-place-pick").select(place_id).run()
    no_exception(at)
    label = str(table["label"].iloc[0])
    assert any(md(label) in s.value for s in at.subheader)  # escaped as corpus text
    body = "\n".join(h.proto.body for h in at.get("html"))
    assert f"<b>{table['name'].iloc[0]}</b>" in body  # the KWIC line of the mention
    keys = {b.key for b in at.get("download_button")}
    assert "dl-countries-place-sentences-csv" in keys


def test_filters_narrow_the_places(open_app: OpenApp) -> None:
    every = places_table(open_app(page=PAGE))
    assert every["iso3"].nunique() > 1
    code = str(every["iso3"].iloc[0])
    at = open_app(params={"country": code}, page=PAGE)
    no_exception(at)
    narrowed = places_table(at)
    # the country filter keeps the documents naming it, so places of others may stay,
    # but never more than before, and the filtered country's places are all there
    assert len(narrowed) <= len(every)
    assert set(every.loc[every["iso3"] == code, "place_id"]) <= set(narrowed["place_id"])
    none = open_app(params={"q": "Nairobi"}, page=PAGE)
    kept = places_table(none)
    assert "Paris, Ile-de-France, France" not in set(kept["label"]) or len(kept) < len(every)


def test_a_picked_country_narrows_the_places_to_its_own(open_app: OpenApp) -> None:
    """ui28: with a country picked, the places section (table, map points, picker) shows
    that country's places and says so; with none picked, every country's."""
    at = open_app(page=PAGE)
    every = places_table(at)
    assert every["iso3"].nunique() > 1
    code = str(every["iso3"].iloc[0])
    at.selectbox(key="countries-pick").select(code).run()
    no_exception(at)
    mine = places_table(at)
    assert set(mine["iso3"]) == {code}
    assert set(mine["place_id"]) == set(every.loc[every["iso3"] == code, "place_id"])
    assert at.selectbox(key="countries-place-pick").options == [
        f"{label} · {int(n):,} mentions" for label, n in zip(mine["label"], mine["mentions"],
                                                           strict=True)
    ]  # fmt: skip
    name = str(mine["country"].iloc[0])
    assert any(md(f"in {name}, the country picked above") in c.value for c in at.caption)
    points = [c.proto.spec for c in at.get("plotly_chart") if '"scattermap"' in c.proto.spec]
    assert len(points) == 1
    others = every.loc[every["iso3"] != code, "place_id"]
    assert not any(str(p) in points[0] for p in others)  # no other country's point
    at.selectbox(key="countries-pick").select(None).run()
    assert set(places_table(at)["place_id"]) == set(every["place_id"])


def test_a_place_picked_elsewhere_is_dropped_with_its_country(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    every = places_table(at)
    other = every[every["iso3"] != every["iso3"].iloc[0]].iloc[0]
    at.selectbox(key="countries-place-pick").select(str(other["place_id"])).run()
    at.selectbox(key="countries-pick").select(str(every["iso3"].iloc[0])).run()
    no_exception(at)
    assert at.selectbox(key="countries-place-pick").value is None


def test_switched_rules_relocate_the_places(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    before = places_table(at)
    at.toggle(key="countries-rule-cities").set_value(False).run()
    no_exception(at)
    after = places_table(at)  # the table stays (the regions are still located)
    cities = set(before.loc[before["kind"] == "city", "place_id"])
    assert cities
    assert len(after) > 0 and not cities & set(after["place_id"])
