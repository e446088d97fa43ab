"""Rule "implied_divisions": a state the story names only through a capital or a world
city in it picks no tiny namesake of a capital or world city (issue 18; found on the
Reuters-21578 stories, where "the Paris accord" in currency stories datelined CHICAGO was
Paris, Illinois). Hand-written stories; no benchmark text."""

from __future__ import annotations

import numpy as np
import pytest

from analysis.countries import RULES
from analysis.countries.doc_tables import named_divisions
from analysis.countries.readings import _reading
from analysis.countries.rules import DEFAULT_CONTEXT, DEFAULT_RULES
from analysis.countries.scoring import (
    HOME_NAMESAKE_RATIO,
    DocumentContext,
    _implied_only,
)
from analysis.gazetteer_entries import Candidate
from tests.factories import gpe_countries

CHICAGO = (
    "CURRENCY FUTURES STEADY\n\nCHICAGO, March 11 - Traders said the market was still "
    "respectful of the Paris accord, and the threat of intervention stood."
)


def test_a_world_city_implies_no_village_of_its_state() -> None:
    # Paris, Illinois (8,432 people) is far under 1/100 of Paris (2.1 million).
    assert gpe_countries(CHICAGO, ("CHICAGO", "Paris")) == ["USA", "FRA"]
    assert gpe_countries(CHICAGO, ("CHICAGO", "Paris"), implied_divisions=False) == [
        "USA",
        "USA",
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # the state written out
        ("Farmers in Illinois met in Paris on Monday to discuss corn prices.",
         ("Illinois", "Paris")),
        # a county of the state
        ("Deputies searched Moscow and the rest of Latah County for the boy.",
         ("Moscow", "Latah County")),
    ],
)  # fmt: skip
def test_a_state_or_county_written_out_still_picks_the_namesake(
    text: str, names: tuple[str, ...]
) -> None:
    assert gpe_countries(text, names) == ["USA", "USA"]


def test_only_a_capital_or_a_world_city_implies_its_division() -> None:
    forms = ["Chicago", "Sarnia", "Illinois", "Sarnia"]
    readings = [_reading(f, DEFAULT_RULES, DEFAULT_CONTEXT) for f in forms]
    person = np.array([False, False, False, True])  # the last one opens a person's name
    named, stated = named_divisions(readings, np.arange(4), person)
    assert named.tolist() == ["USA:IL", "CAN:08", "USA:IL", None]
    assert stated.tolist() == [None, "CAN:08", "USA:IL", None]


def _city(iso3: str, population: int, admin1: str, rule: str = "city") -> Candidate:
    return Candidate(iso3, rule, population, admin1=admin1)


@pytest.mark.parametrize(
    ("option", "default", "stated", "blocked"),
    [
        # a village of the implied state against a capital: blocked
        (_city("USA", 8_432, "IL", "town"), _city("FRA", 2_138_551, "11", "capital"), {}, True),
        # the same with the state stated: picks
        (_city("USA", 8_432, "IL", "town"), _city("FRA", 2_138_551, "11", "capital"),
         {"USA:IL": 1}, False),
        # a namesake of at least 1/100 of the world city's people: picks
        (_city("USA", 2_138_551 // HOME_NAMESAKE_RATIO + 1, "TX"),
         _city("FRA", 2_138_551, "11", "capital"), {}, False),
        # no capital nor world city as the default: the rule does not apply
        (_city("MEX", 5_000, "20", "town"), _city("BOL", 900_000, "08"), {}, False),
    ],
)  # fmt: skip
def test_implied_only_decides_by_population_and_what_is_stated(
    option: Candidate, default: Candidate, stated: dict[str, int], blocked: bool
) -> None:
    context = DocumentContext({}, {}, None, stated=stated)
    assert _implied_only(option, default, context) is blocked
    assert _implied_only(option, default, DocumentContext({}, {}, None, stated=None)) is False


def test_the_rule_is_registered_with_its_function() -> None:
    rule = RULES["implied_divisions"]
    assert rule.kind == "context" and rule.default
    assert rule.implementation() is _implied_only
