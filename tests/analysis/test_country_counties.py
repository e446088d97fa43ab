"""GeoNames' county of each US place (analysis/countries/counties.py), the evidence
"division" it gives: a county the story names picks the namesake town or city in it, and
only that one. Invented sentences; no benchmark text."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.countries import map_countries
from analysis.countries.counties import counties_of, county_key, states_by_county
from tests.factories import spans


def test_county_keys_ignore_case_spacing_and_the_county_word() -> None:
    assert county_key("Henry County") == county_key("HENRY  COUNTY") == "henry"
    assert county_key("Orleans Parish") == "orleans"
    assert county_key("Bear Lake County") == "bear lake"


def test_a_place_knows_its_county_and_only_its_own() -> None:
    assert "henry" in counties_of("Paris", "TN")
    assert "lamar" in counties_of("paris", "TX")
    assert counties_of("Paris", "TN").isdisjoint({"orange", "polk"})
    assert counties_of("Nowhere Such Place", "TN") == frozenset()
    states = frozenset({"TN", "TX", "KY"})
    assert states_by_county("Paris", states, frozenset({"henry"})) == {"TN"}
    assert states_by_county("Paris", states, frozenset({"orange"})) == frozenset()
    assert states_by_county("Paris", states, frozenset()) == frozenset()


def _countries(text: str, names: tuple[str, ...]) -> list[object]:
    frame = spans(*((n, "GPE", text.index(n)) for n in names))
    out = map_countries(frame, texts={"d": text})
    return [None if pd.isna(v) else v for v in out["iso3"]]


@pytest.mark.parametrize(
    ("text", "names", "expected"),
    [
        # Moscow, Idaho lies in Latah County; Paris, Texas in Lamar County.
        ("Deputies searched Moscow and the rest of Latah County for the boy.",
         ("Moscow", "Latah County"), ["USA", "USA"]),
        ("The Lamar County fair opens in Paris on Friday.", ("Lamar County", "Paris"),
         ["USA", "USA"]),
        # No Moscow lies in a Washington County, no Paris in Orange County: the world city.
        ("Washington County growers shipped wheat to Moscow this year.",
         ("Washington County", "Moscow"), ["USA", "RUS"]),
        ("Two Orange County residents were hurt in the Paris attacks.",
         ("Orange County", "Paris"), ["USA", "FRA"]),
    ],
)  # fmt: skip
def test_a_named_county_picks_only_the_namesake_it_holds(
    text: str, names: tuple[str, ...], expected: list[str]
) -> None:
    assert _countries(text, names) == expected
