"""Rule "politician_homes": a state or town written as a politician's home ("Sen. Phil
Gramm (R-Tex)", "Texas Democrat Lloyd Bentsen") names its country but no state that
picks a namesake of the story's other places (issue 18; found on the Reuters-21578
stories, where "the Paris agreement" beside such a senator was Paris, Texas).
Hand-written stories; no benchmark text."""

from __future__ import annotations

import pytest

from analysis.countries import RULES
from analysis.countries.people import politician_home_rows
from tests.factories import gpe_countries, spans

STORY = (
    "WASHINGTON, March 26 - Treasury officials said the Paris agreement among the "
    "industrial nations held. Asked by Sen. Phil Gramm (R-Tex) whether U.S. rates "
    "would rise, they said no."
)
PLACES = ("WASHINGTON", "Paris", "Tex", "U.S.")


def test_a_party_tags_state_picks_no_namesake_of_the_storys_places() -> None:
    assert gpe_countries(STORY, PLACES) == ["USA", "FRA", "USA", "USA"]
    assert gpe_countries(STORY, PLACES, politician_homes=False)[1] == "USA"


def test_a_state_the_story_places_things_in_still_picks_the_namesake() -> None:
    text = "Storms hit Paris and towns of Lamar County in Texas, said Sen. Jo Lee (R-Tex)."
    assert gpe_countries(text, ("Paris", "Lamar County", "Texas", "Tex"))[0] == "USA"


@pytest.mark.parametrize(
    ("text", "name", "home"),
    [
        ("Asked by Sen. Phil Gramm (R-Tex) whether rates rise", "Tex", True),
        ("said Rep. Jim Wright, D-Texas, on Monday", "Texas", True),
        ("Sen. Torrey Westrom, R-Elbow Lake, spoke", "Elbow Lake", True),
        ("Texas Democrat Lloyd Bentsen said", "Texas", True),
        ("Texas Democratic Senator Lloyd Bentsen said", "Texas", True),
        ("Georgia Republicans voted no", "Georgia", True),
        ("a Republican from Kansas, Bob Dole, said", "Kansas", True),
        # a place of the story, an organisation, a party's state organisation
        ("Storms hit Texas on Monday, Democrats said", "Texas", False),
        ("the Texas Democratic Party met", "Texas", False),
        ("the Georgia Republican Party met", "Georgia", False),
        ("said Texas officials; Republicans agreed", "Texas", False),
        ("the QR-Tex plant", "Tex", False),
    ],
)
def test_politician_home_rows_read_the_party_around_it(text: str, name: str, home: bool) -> None:
    frame = spans((name, "GPE", text.index(name)))
    assert politician_home_rows(frame, {"d": text}).tolist() == [home]


def test_the_rule_is_registered_with_its_function() -> None:
    rule = RULES["politician_homes"]
    assert rule.kind == "context" and rule.default
    assert rule.implementation() is politician_home_rows
