"""The local register (analysis.countries.register): the country whose local news a
text reads like (US civic phrases, British, Irish and Canadian markers), and how it
reads a story's ambiguous and unknown places."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis.countries import map_countries
from tests.factories import gpe_countries, spans


def test_us_civic_register_reads_ambiguous_places_as_their_us_namesakes() -> None:
    from analysis.countries import ContextRules

    def country(text: str, name: str, **context: bool) -> str | None:
        frame = spans((name, "GPE", text.index(name)))
        out = map_countries(frame, texts={"d": text}, context=ContextRules(**context))
        value = out["iso3"].iloc[0]
        return None if pd.isna(value) else value

    council = "Manchester City Council voted on Tuesday; the sheriff's office closed roads."
    assert country(council, "Manchester") == "USA"
    assert country(council, "Manchester", civic_register=False) == "GBR"
    senator = "Sen. Torrey Westrom, R-Elbow Lake, spoke in Cambridge about the bill."
    assert country(senator, "Cambridge") == "USA"
    # No US register, or the other country named: the usual readings stand.
    assert country("Tourists crowded the museums of Manchester on Tuesday.", "Manchester") == "GBR"
    britain = "The Manchester City Council and the sheriff's office met as Britain looked on."
    frame = spans(("Manchester", "GPE", 4), ("Britain", "GPE", britain.index("Britain")))
    out = map_countries(frame, texts={"d": britain})
    assert out["iso3"].tolist() == ["GBR", "GBR"]
    # A country name is never displaced by a register ("Malta" stays Malta).
    assert country("MALTA - The school district board met on Monday.", "MALTA") == "MLT"


def test_the_us_register_lets_an_ambiguous_town_open_a_police_department() -> None:
    from analysis.countries import add_place_mentions

    text = "The Athens Police Department asked for help after vandals struck."
    frame = spans(("The Athens Police Department", "ORG", 0))
    out = map_countries(add_place_mentions(frame, text), texts={"d": text})
    assert out[out["label"] == "GPE"][["text", "iso3"]].values.tolist() == [["Athens", "USA"]]


def test_commonwealth_english_is_not_the_us_register() -> None:
    from analysis.countries import add_place_mentions

    def country(text: str) -> str | None:
        frame = spans(("Manchester", "GPE", text.index("Manchester")))
        out = map_countries(add_place_mentions(frame, text), texts={"d": text})
        return out["iso3"].iloc[0]

    us = "The Manchester City Council and the sheriff's office met the public works director."
    assert country(us) == "USA"  # Manchester, New Hampshire: the US register
    # The same offices written by councillors of a Commonwealth town: no US
    # register, so the usual reading stands.
    assert country(us.replace("met", "and councillors met")) == "GBR"
    # The RCMP is Canada's: a Canadian register.
    assert country(us + " The RCMP attended.") == "CAN"
    # British style and spelling: "Mr" without a full stop, "aluminium".
    assert country(us.replace("met", "and Mr Smith met")) == "GBR"
    assert country(us + " The aluminium sign was stolen.") == "GBR"


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("The bike cost £250 and was stolen on Monday.", "GBR"),
        ("Call police on 01524 63333 or 0800 555 111.", "GBR"),
        ("Call 08458 505505 with any information.", "GBR"),
        ("The Grade II listed mill will reopen.", "GBR"),
        ("Send entries to 12 High Street, Oxford OX1 2JD.", "GBR"),
        ("Write to 80 Dundas St., London, Ont. N6A 3K7.", "CAN"),
        ("Gardai said two men were arrested.", "IRL"),
        ("An Bord Pleanala refused permission.", "IRL"),
        ("The local MPP said the province would pay.", "CAN"),
        ("RCMP officers attended the scene.", "CAN"),
        ("The county sheriff's office said the road was closed.", "USA"),
        # US news: "Crimestoppers" and the National Honor Society are American too.
        ("Call Henderson County Crimestoppers at 903-675-8477, the sheriff's office said.", "USA"),
        # A civic phrase Commonwealth local news uses too is no register alone.
        ("Call Henderson County Crimestoppers at 903-675-8477, the police chief said.", None),
        ("Toronto city council voted on Monday to raise property taxes.", None),
        ("NHS students and the school district raised $500.", "USA"),
        # A state's department or board, written as its name: "state Department of ...".
        ("The program is run by the state Department of Revenue Services.", "USA"),
        ("The state Board of Education approved it.", "USA"),
        ("The state's roads were closed on Monday.", None),
        # A US ZIP+4 code is no British phone number.
        ("Write to Box 12, Concord, NH 03301-1234.", None),
        # Markers of two countries: no register.
        ("Gardai and the RCMP met on Monday.", None),
        ("The weather was fine on Monday.", None),
    ],
)
def test_local_register_names_the_country_whose_local_news_a_text_reads_like(
    text: str, country: str | None
) -> None:
    from analysis.countries import local_register

    assert local_register(text) == country


def test_a_place_the_register_alone_places_is_sure_evidence() -> None:
    from analysis.countries import (
        CONFIDENT,
        REGISTER_RULE,
        ContextRules,
        add_place_mentions,
        document_countries,
    )

    text = "CROMWELL - The county commissioners voted on the school district budget."
    frame = spans(("county", "NORP", text.index("county")))
    out = map_countries(add_place_mentions(frame, text), texts={"d": text})
    row = out[out["text"] == "CROMWELL"].iloc[0]
    assert (row["iso3"], row["rule"]) == ("USA", REGISTER_RULE)
    sure = document_countries(out)
    assert sure.set_index("iso3").loc["USA", "confidence"] == CONFIDENT
    # Without the register the lone town (also in New Zealand) names no country.
    off = map_countries(
        add_place_mentions(frame, text), texts={"d": text},
        context=ContextRules(civic_register=False),
    )  # fmt: skip
    assert document_countries(off).empty


def test_a_british_register_reads_a_shared_town_name_as_british() -> None:
    text = "DETECTIVES in Lancaster want to trace a man. Call 01524 63333."
    frame = spans(("Lancaster", "GPE", text.index("Lancaster")))
    assert map_countries(frame, texts={"d": text})["iso3"].tolist() == ["GBR"]
    assert pd.isna(map_countries(frame)["iso3"].iloc[0])  # Lancaster, Pennsylvania or England


def test_an_unknown_place_in_a_us_register_story_is_in_the_us() -> None:
    from analysis.countries import REGISTER_RULE, ContextRules

    text = "The sheriff's office said Cookville and Titan were spared."
    frame = spans(("Cookville", "GPE", text.rindex("Cookville")), ("Titan", "GPE", 40))
    out = map_countries(frame, texts={"d": text})
    # A place-shaped name the gazetteer does not know takes the register's country; a
    # model error ("Titan") does not.
    assert out[["text", "iso3", "rule"]].fillna("-").values.tolist() == [
        ["Cookville", "USA", REGISTER_RULE],
        ["Titan", "-", "-"],
    ]
    off = map_countries(frame, texts={"d": text}, context=ContextRules(civic_register=False))
    assert off["iso3"].isna().all()
    assert map_countries(frame)["iso3"].isna().all()  # no text, no register


@pytest.mark.parametrize(
    "phrase",
    [
        "Rep. Torrey Westrom, R-Elbow Lake, said",
        "the sheriff's office said",
        "Henry County Sheriff Bob Jones",
        "the city council voted",
        "the Police Department said",
        "the school district and the Board of Education",
        "the county commissioners met",
        "the first selectman",
        "Hamilton Township",
        "State Rep. Jane Doe",
        "the District Attorney",
        "the Highway Patrol",
        "Fire Chief Wesley McCollum",
        "the fire department",
        "the public works director",
        "at City Hall",
        "the county jail",
        "the aldermen voted",
        "the state ethics commission fined",
        "a statewide vote",
        "a man of 2517 Memphis St. was charged",
    ],
)
def test_each_us_civic_phrase_puts_a_document_in_the_us_register(phrase: str) -> None:
    from analysis.countries import _civic_register
    from analysis.countries.register import register_evidence

    text = f"On Monday {phrase} about the road."
    if register_evidence(text) is None:  # a phrase of a kind Commonwealth news uses too
        assert _civic_register(["d"], {"d": text}) == {}
        assert _civic_register(["d"], {"d": text}, shared_alone=True) == {"d": "USA"}
        text += " The county jail was full."  # beside a phrase of another kind
    assert _civic_register(["d"], {"d": text}) == {"d": "USA"}
    assert _civic_register(["d"], {"d": text.replace("road", "neighbourhood")}) == {}


@pytest.mark.parametrize(
    "phrase",
    ["the city council voted", "Hamilton Township", "Fire Chief Wesley McCollum",
     "the public works director", "at City Hall"],
)  # fmt: skip
def test_a_civic_phrase_commonwealth_news_shares_is_no_register_alone(phrase: str) -> None:
    # Review 8, finding 2a: "Toronto city council voted" made a story US-local.
    from analysis.countries.register import register_evidence

    assert register_evidence(f"On Monday {phrase} about the road.") is None
    both = register_evidence(f"On Monday {phrase} about the road; the sheriff's office said no.")
    assert both == ("USA", "sheriff's office")


@pytest.mark.parametrize(
    ("city", "home", "others"),
    [
        ("London", "GBR", ("Nebraska", "Utah")),  # London, Kentucky: a town
        ("Toronto", "CAN", ("Nebraska", "Utah")),  # Toronto, Ohio: a town
        ("Moscow", "RUS", ("Minneapolis", "Denver")),  # Moscow, Idaho: a city
    ],
)
def test_us_places_named_in_a_wire_story_leave_a_world_city_where_it_is(
    city: str, home: str, others: tuple[str, str]
) -> None:
    # (b) An international story that names US places but is written in no US register:
    # the world city of millions is not pulled to its small US namesake.
    text = f"Talks resumed in {city} on Monday, after rounds in {others[0]} and {others[1]}."
    assert gpe_countries(text, (city, *others)) == [home, "USA", "USA"]
    # The rule switched off: the named places alone made the story local to the US
    # (rule venues off too: "Talks resumed in London" is also a meeting's venue).
    assert gpe_countries(text, (city, *others), world_cities=False, venues=False)[0] == "USA"
    assert gpe_countries(text, (city, *others), world_cities=False)[0] == home


def test_the_register_is_evidence_apart_from_the_places_a_story_names() -> None:
    # (a) The civic register written with the city's own name still reads the namesake,
    # with or without US places beside it: the register, not the places, decides; but
    # not when the story's places are in another country (here London, Ontario).
    council = "The London City Council and the sheriff's office met the public works director."
    assert gpe_countries(council, ("London",)) == ["USA"]
    ontario = council.replace("director", "director of Ontario")
    assert gpe_countries(ontario, ("London", "Ontario")) == ["CAN", "CAN"]  # London, Ontario
    beside = "The London City Council and the sheriff's office met people from Nebraska and Utah."
    assert gpe_countries(beside, ("London", "Nebraska", "Utah")) == ["USA", "USA", "USA"]
    # A state the story names is evidence of its own ("division"): it still picks the
    # namesake in it, world city or not.
    state = "Talks resumed in London on Monday, after earlier rounds in Kentucky and Utah."
    assert gpe_countries(state, ("London", "Kentucky", "Utah"))[0] == "USA"


def test_mapping_never_searches_the_register_phrase_only_the_evidence_view_does(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The phrase that put a story in a register is shown by the evidence view only: the
    # gazetteer pass and map_countries ask for the country, never search for the phrase.
    import analysis.countries.register as register
    from analysis.countries import add_place_mentions
    from analysis.countries.explain import mention_readings

    searched: list[str] = []
    plain = register._phrase

    def counted(pattern: re.Pattern[str], text: str) -> str:
        searched.append(text)
        return plain(pattern, text)

    monkeypatch.setattr(register, "_phrase", counted)
    texts = {
        "d": "Cambridge City Council met as the sheriff's office shut the old bridge on Friday.",
        "e": "Galway County Council met; the Garda shut the old roads around Athlone on Friday.",
    }
    frame = pd.concat(
        [spans(("Cambridge", "GPE", 0)), spans(("Athlone", "GPE", texts["e"].index("Athlone")))],
        ignore_index=True,
    )
    frame.loc[1, "doc_id"] = "e"
    for doc_id, text in texts.items():
        add_place_mentions(frame[frame["doc_id"] == doc_id], text)
    out = map_countries(frame, texts=texts)
    assert out["rule"].tolist() == ["register", "register"]  # both read by a register
    assert searched == []
    table = mention_readings(frame, texts, "USA", ["d"])
    assert 'the story writes "sheriff\'s office"' in table["evidence"].iloc[0]
    assert searched == [texts["d"]]
