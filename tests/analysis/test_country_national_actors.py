"""Rule "national_actors": a country a story names only by its name or its people is an
actor of international news, not the story's locality; its co-mentions do not turn a
city into a far smaller namesake there (issue 18; found on the unseen Reuters-21578
stories, where "Geneva" beside "the U.S." was read as Geneva, Illinois). Hand-written
stories; no benchmark text."""

from __future__ import annotations

import pytest

from analysis.countries.scoring import (
    _CONTEXT_POPULATION_RATIO,
    NATIONAL_POPULATION_RATIO,
    DocumentContext,
    score,
)
from analysis.gazetteer import candidates
from tests.factories import gpe_countries

TRADE = "Trade negotiators met in Geneva on Monday, and the U.S. asked for a new round."


def test_a_country_named_only_by_its_name_moves_no_city_to_a_far_smaller_namesake() -> None:
    assert gpe_countries(TRADE, ("Geneva", "U.S.")) == ["CHE", "USA"]
    # Off, the co-mention of the US makes it Geneva, Illinois (1/9 of Geneva's people).
    assert gpe_countries(TRADE, ("Geneva", "U.S."), national_actors=False) == ["USA", "USA"]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # A country written in the possessive right before the place says where it is
        # (Cordoba, Spain has 1/6 of Cordoba, Argentina's people: past the gate) ...
        ("Spain's Cordoba was full of visitors.", ("Spain", "Cordoba")),
    ],
)
def test_a_countrys_possessive_before_the_place_is_no_actor(
    text: str, names: tuple[str, ...]
) -> None:
    assert gpe_countries(text, names) == ["ESP", "ESP"]
    # ... while "Spain" elsewhere names an actor: the far larger city is kept.
    assert gpe_countries("Cordoba was full of visitors from Spain.", ("Cordoba", "Spain")) == [
        "ARG",
        "ESP",
    ]


@pytest.mark.parametrize(
    ("text", "names"),
    [
        # A place named there is the story's locality ...
        ("Police in Chicago and Geneva said the roads were closed.", ("Chicago", "Geneva")),
        # ... and so is a state.
        ("Geneva and Aurora, both in Illinois, raised taxes.", ("Geneva", "Illinois")),
    ],
)
def test_a_place_or_a_state_named_there_still_picks_the_namesake(
    text: str, names: tuple[str, ...]
) -> None:
    assert gpe_countries(text, names)[names.index("Geneva")] == "USA"


def test_the_gate_is_only_stricter_for_a_far_smaller_namesake() -> None:
    """Within 1/NATIONAL_POPULATION_RATIO of the city's people, a country's name still
    picks its namesake, as any co-mention does within 1/_CONTEXT_POPULATION_RATIO."""
    assert NATIONAL_POPULATION_RATIO < _CONTEXT_POPULATION_RATIO
    city = next(c for c in candidates("Geneva") if c.iso3 == "CHE")
    near = city.__class__("USA", "city", city.population // 2)
    far = city.__class__("USA", "city", city.population // (NATIONAL_POPULATION_RATIO + 1))
    named = DocumentContext({"USA": 1}, {}, None, national={"USA": 1})
    placed = DocumentContext({"USA": 1}, {}, None, national={})
    assert score((city, near), city, named).chosen is near
    assert score((city, far), city, named).chosen is city
    assert score((city, far), city, placed).chosen is far
