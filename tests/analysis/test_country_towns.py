"""Cities, towns, counties, states and regions read as countries: a namesake chosen by
the state or country its story names, a local story reading a country or capital as
its namesake town, lone and stray small places, alternate names."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.countries import CountryRules, map_countries
from tests.factories import document_mentions as mentions
from tests.factories import mapped, spans


def test_us_county_and_ap_state_abbreviation_map_to_usa() -> None:
    assert mapped([("Henry County", "GPE"), ("Pa.", "GPE")]) == [
        ("Henry County", "USA", "us_county"),
        ("Pa.", "USA", "us_state"),
    ]


def test_region_maps_to_its_country() -> None:
    assert mapped([("Tipperary", "GPE"), ("Ontario", "GPE")]) == [
        ("Tipperary", "IRL", "region"),
        ("Ontario", "CAN", "territory"),
    ]


@pytest.mark.parametrize(
    ("text", "label", "iso3"),
    [
        ("Northern Syria", "LOC", "SYR"),
        ("North West England", "LOC", "GBR"),  # two compass words
        ("Vancouver International Airport", "FAC", "CAN"),
        ("the Henderson County Jail", "FAC", "USA"),
        ("the Guernsey County Common Pleas Court", "FAC", "USA"),  # not Guernsey (GGY)
        ("the South Coast", "LOC", None),  # "Coast" is a Kenyan province: not inside a name
        ("Perugia University", "ORG", None),  # other labels untouched
    ],
)
def test_place_inside_a_longer_name(text: str, label: str, iso3: str | None) -> None:
    assert mapped([(text, label)])[0][1] == iso3


def test_a_local_document_reads_a_country_name_as_its_namesake_town() -> None:
    texan = [("Palestine", "GPE"), ("Anderson County", "GPE"), ("Texas", "GPE")]
    assert mapped(texan)[0] == ("Palestine", "USA", "city")
    # ...but not when the document supports the country itself.
    mideast = [("Palestine", "GPE"), ("Texas", "GPE"), ("Ohio", "GPE"), ("Gaza", "GPE")]
    assert mapped(mideast)[0] == ("Palestine", "PSE", "name")
    # ...nor from one passing mention of a US place.
    assert mapped([("Palestine", "GPE"), ("Texas", "GPE")])[0][1] == "PSE"


def test_a_local_document_reads_a_world_capital_as_its_namesake() -> None:
    local = [("Paris", "GPE"), ("Lamar County", "GPE"), ("Texas", "GPE")]
    assert mapped(local)[0][1] == "USA"
    assert mapped([("Paris", "GPE"), ("New York", "GPE")])[0][1] == "FRA"


def test_a_town_maps_when_its_name_is_one_countrys() -> None:
    assert mapped([("Chiefland", "GPE")]) == [("Chiefland", "USA", "town")]
    assert mapped([("Chiefland", "GPE")], rules=CountryRules(cities=False))[0][1] is None


def test_a_town_named_in_several_countries_needs_its_country_named() -> None:
    # Cromwell: Connecticut and New Zealand.
    assert mapped([("Cromwell", "GPE")])[0][1] is None
    assert mapped([("Cromwell", "GPE"), ("Connecticut", "GPE")])[0] == ("Cromwell", "USA", "town")


def test_lone_towns_can_be_switched_off() -> None:
    from analysis.countries import ContextRules

    out = map_countries(mentions([("Chiefland", "GPE")]), context=ContextRules(lone_towns=False))
    assert out["iso3"].isna().all()


def test_a_group_of_people_is_never_a_one_word_town() -> None:
    # "Rehab" (Jordan), "Cargo" (Australia), "Arab" (Alabama) are towns, not NORPs.
    assert mapped([("Rehab", "NORP"), ("Cargo", "NORP"), ("Arab", "NORP")]) == [
        ("Rehab", None, None),
        ("Cargo", None, None),
        ("Arab", None, None),
    ]
    # A town's name of several words tagged NORP is the model's slip, not a word.
    assert mapped([("East Sheen", "NORP")]) == [("East Sheen", "GBR", "town")]


def test_a_state_or_county_named_picks_the_namesake_city_in_it() -> None:
    assert mapped([("Alexandria", "GPE")])[0][1] == "EGY"
    assert mapped([("Alexandria", "GPE"), ("Rapides Parish", "GPE")])[0] == (
        "Alexandria",
        "USA",
        "city",
    )
    # ...but one state does not turn a country name into a town (see the local rule).
    assert mapped([("Palestine", "GPE"), ("Texas", "GPE")])[0][1] == "PSE"


def test_a_state_right_after_a_capital_picks_its_namesake_town() -> None:
    frame = spans(("Belgrade", "GPE", 0), ("Minn.", "GPE", 10))  # "Belgrade, Minn."
    assert map_countries(frame)["iso3"].tolist() == ["USA", "USA"]
    assert mapped([("Belgrade", "GPE")])[0][1] == "SRB"


def test_a_small_place_in_a_country_the_story_never_names_is_left_out() -> None:
    assert mapped([("Chiefland", "GPE")])[0][1] == "USA"  # nothing else: the lone town
    assert mapped([("Chiefland", "GPE"), ("Florida", "GPE")])[0][1] == "USA"
    # A story about France that "names" a Florida town has misread a name.
    assert mapped([("France", "GPE"), ("Chiefland", "GPE")])[1][1] is None
    # Large cities and capitals still map in any story ("Damascus" beside the US).
    assert mapped([("France", "GPE"), ("Damascus", "GPE")])[1][1] == "SYR"


def test_a_small_fixed_place_abroad_in_a_story_about_elsewhere_is_left_out() -> None:
    from analysis.countries import ContextRules

    # "Rock Hill" has one reading (a US city of 66,000): in a story that names Italy
    # and nothing American, it is a misread name; named alone, or beside the US, it maps.
    assert mapped([("Rock Hill", "GPE"), ("Italy", "GPE")])[0][1] is None
    assert mapped([("Rock Hill", "GPE")])[0][1] == "USA"
    assert mapped([("Rock Hill", "GPE"), ("Italy", "GPE"), ("Ohio", "GPE")])[0][1] == "USA"
    # A demonym is not a place: "Irish" at a Rock Hill parade leaves Rock Hill be.
    assert mapped([("Rock Hill", "GPE"), ("Irish", "NORP")])[0][1] == "USA"
    out = map_countries(
        mentions([("Rock Hill", "GPE"), ("Italy", "GPE")]), context=ContextRules(strays=False)
    )
    assert out["iso3"].tolist() == ["USA", "ITA"]


def test_georgia_is_the_state_when_the_storys_ambiguous_places_are_american() -> None:
    # "Albany" has namesakes abroad, so it is no fixed evidence; read as the US city
    # twice, it still puts the story in the US.
    story = [("Albany", "GPE"), ("Albany", "GPE"), ("Georgia", "GPE")]
    assert [m[1:] for m in mapped(story)] == [("USA", "city")] * 2 + [("USA", "us_state")]
    # Once is not enough, and a story that names the country's own places keeps it.
    assert mapped([("Albany", "GPE"), ("Georgia", "GPE")])[1][1] == "GEO"
    assert mapped([*story, ("Tbilisi", "GPE")])[2][1] == "GEO"


def test_a_region_named_like_a_given_name_needs_its_country_named() -> None:
    assert mapped([("Brittany", "GPE")])[0][1] is None  # "her daughter, Brittany"
    assert mapped([("Brittany", "GPE"), ("France", "GPE")])[0][:2] == ("Brittany", "FRA")
    assert mapped([("Normandy", "GPE")])[0][:2] == ("Normandy", "FRA")


def test_a_place_naming_a_style_names_no_country() -> None:
    text = "The clinic merged with a Jordan Valley-style health center in Ohio."
    frame = spans(
        ("Jordan Valley", "GPE", text.index("Jordan")), ("Ohio", "GPE", text.index("Ohio"))
    )  # fmt: skip
    out = map_countries(frame, texts={"d": text})
    assert out["iso3"].tolist()[0] is pd.NA and out["iso3"].tolist()[1] == "USA"
    assert map_countries(frame)["iso3"].tolist() == ["JOR", "USA"]


def test_an_alternate_name_displaces_only_a_far_smaller_namesake() -> None:
    # Mashhad's GeoNames alternate names include "Alexandria".
    iranian = mapped([("Alexandria", "GPE"), ("Iranian", "NORP"), ("Iranian", "NORP")])
    assert iranian[0][:2] == ("Alexandria", "EGY")
    # Saint Petersburg, 20 times St. Petersburg, Florida.
    russian = mapped([("St. Petersburg", "GPE"), ("Russian", "NORP")])
    assert russian[0][:2] == ("St. Petersburg", "RUS")
