"""Rule division_types (analysis.countries.division_types): a first-level division
named with its type word ("... State", "... Province") is read in the country that calls
its divisions so. Invented sentences and names."""

from __future__ import annotations

import pytest

from analysis.countries import ContextRules, map_countries
from analysis.countries.division_types import DIVISION_TYPES, NAMED_TYPES, typed_division
from analysis.countries.readings import _reading
from analysis.countries.rules import DEFAULT_CONTEXT, DEFAULT_RULES, RULES
from tests.factories import located


def _fixed(text: str, context: ContextRules = DEFAULT_CONTEXT) -> str | None:
    reading = _reading(text, DEFAULT_RULES, context)
    return reading.fixed.iso3 if reading.fixed else None


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Borno State", "NGA"),  # the bare name is a region; the state is read
        ("Edo State", "NGA"),  # no gazetteer region: ISO 3166-2's country
        ("Rakhine State", "MMR"),
        ("Hubei province", "CHN"),  # lower-case type word, as news writes it
        ("Sindh Province", "PAK"),
        ("Punjab Province", "PAK"),  # Punjab is a state in India, a province in Pakistan
        ("Punjab State", "IND"),
        ("Lofa County", "LBR"),  # County: only a division ISO 3166-2 lists so
        ("Ntoroko District", "UGA"),
        ("Kilifi County", "KEN"),
    ],
)
def test_a_division_with_its_type_is_read_in_its_country(text: str, iso3: str) -> None:
    assert _fixed(text) == iso3
    assert _fixed(text, ContextRules(division_types=False)) is None  # the rule's work


@pytest.mark.parametrize(
    "text",
    [
        "Ohio State",  # a university in US usage, not the state
        "Kent State",  # Kent is an English county, but England has no states
        "Eastern Province",  # a generic name, in many countries
        "Tallmarsh Province",  # no division of that name
        "Borno Market",  # no type word
        "Hubei County",  # no county of that name: a region is not read by "County"
        "Kent County",  # England's two-tier counties are not written so
        "Balkan region",  # the Balkans, a world region, not Turkmenistan's province
        "Lake Region",  # a common noun: no region named Lake
    ],
)
def test_no_division_is_read_without_a_typed_division_of_that_name(text: str) -> None:
    assert typed_division(text) == ()


def test_a_type_the_country_does_not_use_reads_nothing() -> None:
    # Hubei is a Chinese province; China has no "State" divisions.
    assert typed_division("Hubei State") == ()
    assert typed_division("Hubei Province") != ()


def test_the_rule_is_registered_with_its_types() -> None:
    rule = RULES["division_types"]
    assert rule.kind == "context" and rule.default
    assert all(word in rule.meaning for word in DIVISION_TYPES | NAMED_TYPES)


def test_a_us_county_keeps_its_own_reading() -> None:
    # The US county rule reads "... County" first: no other country's county.
    reading = _reading("Marion County", DEFAULT_RULES, DEFAULT_CONTEXT)
    assert reading.fixed is not None and reading.fixed.rule == "us_county"


def test_a_story_naming_a_state_gets_its_country() -> None:
    text = "Health officers reported eleven new cases in Borno State on Tuesday."
    out = map_countries(located(text, [("Borno State", "GPE")]), texts={"d": text})
    assert out["iso3"].tolist() == ["NGA"]
    off = map_countries(
        located(text, [("Borno State", "GPE")]),
        texts={"d": text},
        context=ContextRules(division_types=False),
    )
    assert off["iso3"].isna().all()
