"""Rule "country_namesakes": a country's name is read as its namesake city in another
country only beside that city's state (named, or implied by a place in it) or in a
story written in that country's local register (issue 18; found on the Reuters-21578
stories, where "hostages in Lebanon" in Washington stories naming Kansas and Nevada was
Lebanon, Tennessee). Hand-written stories; no benchmark text."""

from __future__ import annotations

import pytest

from analysis.countries import RULES
from analysis.countries.scoring import DocumentContext, _state_unnamed
from analysis.gazetteer_entries import Candidate
from tests.factories import gpe_countries

NATIONAL = (
    "WASHINGTON, March 2 - Senators from Kansas and Nevada asked about the arms sold "
    "to Iran to free American hostages in Lebanon."
)
NATIONAL_PLACES = ("WASHINGTON", "Kansas", "Nevada", "Iran", "Lebanon")


def test_a_country_name_stays_beside_places_elsewhere_in_a_namesakes_country() -> None:
    assert gpe_countries(NATIONAL, NATIONAL_PLACES) == ["USA", "USA", "USA", "IRN", "LBN"]


def test_switched_off_the_places_in_the_namesakes_country_pick_it() -> None:
    found = gpe_countries(NATIONAL, NATIONAL_PLACES, country_namesakes=False)
    assert found[-1] == "USA"


@pytest.mark.parametrize(
    ("text", "places"),
    [
        # the namesake's state written out
        (
            "NASHVILLE, Tenn., March 2 - Flooding closed roads in Lebanon and Murfreesboro, "
            "Tennessee officials said.",
            ("Lebanon", "Murfreesboro", "Tennessee"),
        ),
        # the namesake's state as its qualifier (a mention the gazetteer pass adds)
        ("A fire in Lebanon, Pa., killed two, officials in Ohio said.", ("Lebanon", "Pa.", "Ohio")),
        # the namesake's state implied by a city in it
        (
            "The plant in Lebanon will close, officials in Ohio and Nashville said.",
            ("Lebanon", "Ohio", "Nashville"),
        ),
    ],
)
def test_the_namesakes_state_still_picks_it(text: str, places: tuple[str, ...]) -> None:
    assert gpe_countries(text, places)[0] == "USA"


def test_state_unnamed_reads_the_division_and_the_switch() -> None:
    town = Candidate("USA", "city", population=30262, admin1="TN")
    bare = DocumentContext({"USA": 3}, {"USA": 3}, None, {"USA:KS": 1, "USA:NV": 1})
    assert _state_unnamed(town, bare)
    beside = DocumentContext({"USA": 3}, {"USA": 3}, None, {"USA:TN": 1})
    assert not _state_unnamed(town, beside)
    # the same name's own division is no evidence for itself ("Lebanon" read in TN)
    itself = DocumentContext({"USA": 1}, {"USA": 1}, None, {"USA:TN": 1}, same_name={"USA:TN": 1})
    assert _state_unnamed(town, itself)
    assert not _state_unnamed(town, DocumentContext({}, {}, None, country_namesakes=False))


def test_the_rule_is_declared_once_in_the_registry() -> None:
    rule = RULES["country_namesakes"]
    assert rule.kind == "context" and rule.default
    assert rule.implementation() is _state_unnamed
