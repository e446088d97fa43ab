"""Review 15's findings on the country rules (/work/review-findings15.md, ECB+ news),
each on invented sentences: the wrong reading before the fix, the right one after."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import add_place_mentions, extra_place_mentions, map_countries
from tests.factories import located_rows


def _frame(text: str, found: list[tuple[str, str]]) -> pd.DataFrame:
    """The MENTIONS frame of ``found`` (surface, label) located in ``text`` in order,
    each after the end of the one before."""
    return schema.conform(located_rows(text, found, resume="end"), "mentions")


def _found(text: str, found: list[tuple[str, str]]) -> list[tuple[str, object]]:
    """(text, rule) of the places the gazetteer pass adds to ``found`` in ``text``."""
    out = extra_place_mentions(text, _frame(text, found))
    return [(t, None if pd.isna(r) else r) for t, r in zip(out["text"], out["rule"], strict=True)]


# --- class 1: a place inside a facility's, event's, work's or product's name ---------


@pytest.mark.parametrize(
    ("text", "name", "label", "place"),
    [
        # A business the model tagged FAC, a sea named after a port, a war, a novel.
        ("He bought the car at Sunbeam Fiji Motors last year.", "Sunbeam Fiji Motors", "FAC",
         "Fiji"),
        ("The frigate sailed into the Gulf of Aden on Friday.", "Gulf of Aden", "FAC", "Aden"),
        ("They marched against the Vietnam War in 1968.", "Vietnam War", "EVENT", "Vietnam"),
        ("She read A Passage to India twice.", "A Passage to India", "WORK_OF_ART", "India"),
        ("He drove a Jeep Texas Edition home.", "Jeep Texas Edition", "PRODUCT", "Texas"),
    ],
)  # fmt: skip
def test_a_place_inside_a_named_thing_is_its_home_not_a_place_named(
    text: str, name: str, label: str, place: str
) -> None:
    """Before the fix only an ORG's place was its home: these were counted."""
    assert _found(text, [(name, label)]) == [(place, "org_home")]


@pytest.mark.parametrize(
    ("text", "name", "label", "place"),
    [
        # A facility or public body of the place (an institution word) names the place.
        ("Flights left Vancouver International Airport late.",
         "Vancouver International Airport", "FAC", "Vancouver"),
        ("Officers of the Gainesville Police Department came.", "Gainesville Police Department",
         "FAC", "Gainesville"),
        ("The Texas State Fair opened on Friday.", "The Texas State Fair", "EVENT", "Texas"),
        # A law of a state applies there.
        ("He was charged under the Texas Penal Code.", "the Texas Penal Code", "LAW", "Texas"),
    ],
)  # fmt: skip
def test_a_place_inside_a_public_body_or_a_law_still_counts(
    text: str, name: str, label: str, place: str
) -> None:
    assert _found(text, [(name, label)]) == [(place, "gazetteer")]


def test_a_home_inside_a_facility_name_counts_for_no_country() -> None:
    text = "He bought the car at Sunbeam Fiji Motors in Toronto."
    frame = add_place_mentions(
        _frame(text, [("Sunbeam Fiji Motors", "FAC"), ("Toronto", "GPE")]), text
    )
    out = map_countries(frame, texts={"d": text})
    counted = out[out["iso3"].notna() & (out["rule"] != "org_home")]
    assert sorted(counted["iso3"]) == ["CAN"]


# --- class 3: a lone ambiguous city an organisation of the story corroborates ---------


def _confidence(place: str, iso3: str, orgs: list[str]) -> float:
    """The confidence of ``iso3`` in a document naming ``place`` once (rule city) and
    the organisations ``orgs``."""
    from analysis.countries import document_countries

    rows = [{"doc_id": "d", "text": place, "label": "GPE", "iso3": iso3, "rule": "city"}]
    rows += [{"doc_id": "d", "text": o, "label": "ORG", "iso3": None, "rule": None} for o in orgs]
    table = document_countries(pd.DataFrame(rows))
    return float(table.loc[table["iso3"] == iso3, "confidence"].iloc[0])


@pytest.mark.parametrize(
    ("place", "iso3", "orgs"),
    [
        ("Boston", "USA", ["the Boston Red Sox"]),  # the same name, whole words
        ("Vancouver", "CAN", ["The Canadian Press"]),  # the country's demonym
        ("Vancouver", "CAN", ["Bank of Canada"]),  # the country's name
    ],
)
def test_an_organisation_of_the_story_corroborates_a_lone_ambiguous_city(
    place: str, iso3: str, orgs: list[str]
) -> None:
    """Before the fix each was doubtful (0.3), below the floor of 0.5."""
    from analysis.countries.confidence import DOUBTFUL, PLAUSIBLE

    assert _confidence(place, iso3, []) == DOUBTFUL
    assert _confidence(place, iso3, orgs) == PLAUSIBLE


@pytest.mark.parametrize(
    ("place", "iso3", "orgs"),
    [
        ("Boston", "USA", ["Bostonian Society"]),  # not the whole word
        ("Vancouver", "CAN", ["The Associated Press"]),  # no country
        ("Vancouver", "CAN", ["the Mexican embassy"]),  # another country
    ],
)
def test_an_organisation_naming_nothing_of_the_reading_leaves_it_doubtful(
    place: str, iso3: str, orgs: list[str]
) -> None:
    from analysis.countries.confidence import DOUBTFUL

    assert _confidence(place, iso3, orgs) == DOUBTFUL


# --- class 2: a person's last name after a weak place word ---------------------------


def test_a_persons_last_name_after_a_weak_cue_stays_a_person() -> None:
    """Before the fix "at the Bush" made the PERSON "Bush" a place (Bush, Egypt)."""
    text = "George Bush signed it. Critics chip away at the Bush legacy."
    found = [("George Bush", "PERSON"), ("Bush", "PERSON")]
    assert _found(text, found) == []


def test_a_name_no_person_of_the_story_carries_is_still_relabelled() -> None:
    text = "George Bush signed it. Critics gathered in Gainesville today."
    assert _found(text, [("George Bush", "PERSON"), ("Gainesville", "PERSON")]) == [
        ("Gainesville", "gazetteer")
    ]


def test_a_strong_cue_still_makes_a_persons_name_a_place() -> None:
    text = "Jack Lincoln spoke. Police in Lincoln, Nebraska, said so."
    assert _found(text, [("Jack Lincoln", "PERSON"), ("Lincoln", "PERSON")]) == [
        ("Lincoln", "gazetteer"),
        ("Nebraska", "gazetteer"),
    ]


# --- class 6: a country's abbreviation in capitals -----------------------------------


@pytest.mark.parametrize(
    ("text", "found", "place"),
    [
        ("The quake was felt in Oman and the UAE on Monday.", [("Oman", "GPE")], "UAE"),
        ("Exports to the DRC fell on Monday.", [("Monday", "DATE")], "DRC"),
    ],
)
def test_a_country_abbreviation_after_the_is_a_place(
    text: str, found: list[tuple[str, str]], place: str
) -> None:
    """Before the fix an untagged run in capitals was never a place by itself."""
    assert _found(text, found) == [(place, "gazetteer")]


@pytest.mark.parametrize(
    "text",
    [
        "PLEASE HELP THE US TEAM on Monday.",  # a line in capitals
        "UAE officials met on Monday.",  # no "the"
        "Officials of the IN Group met on Monday.",  # not a country's name
        "He moved to the NY office on Monday.",  # a state's abbreviation
    ],
)
def test_other_runs_in_capitals_are_no_country_abbreviation(text: str) -> None:
    assert _found(text, [("Monday", "DATE")]) == []


# --- class 2: a place the model glued to a person's name -----------------------------


@pytest.mark.parametrize(
    ("name", "place"),
    [("Obama White House", "White House"), ("Bill Clinton New York", "New York")],
)
def test_a_place_closing_a_person_span_is_found_inside_it(name: str, place: str) -> None:
    """Before the fix nothing looked inside a PERSON span for a place."""
    text = f"{name} reverses the rule."
    out = map_countries(add_place_mentions(_frame(text, [(name, "PERSON")]), text),
                        texts={"d": text})  # fmt: skip
    places = out[out["label"] == "GPE"]
    assert places[["text", "iso3"]].values.tolist() == [[place, "USA"]]


@pytest.mark.parametrize("name", ["Virginia Woolf", "Paris Hilton", "Jack London", "Dick Van Dyke"])
def test_a_one_word_place_in_a_persons_name_stays_the_name(name: str) -> None:
    text = f"{name} arrived on Monday."
    assert _found(text, [(name, "PERSON")]) == []
