"""Issue 18's error classes on held-out news (branch ctry12), each on invented
sentences: a place inside an organisation's name the model did not tag (class a), a
town's name in a club's name in capitals (b), a place opening a lexicalised compound
noun (c), a name's initials read as a city's short name (d)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import add_place_mentions, extra_place_mentions, map_countries
from analysis.countries.lexicon import ORGANISATION_HEADS, place_compounds
from analysis.countries.rules import RULES, ContextRules, PlaceCues
from tests.factories import located_rows


def _frame(text: str, found: list[tuple[str, str]]) -> pd.DataFrame:
    return schema.conform(located_rows(text, found, resume="end"), "mentions")


def _found(text: str, found: list[tuple[str, str]], cues: PlaceCues | None = None) -> list:
    """(text, rule) of the places the gazetteer pass adds to ``found`` in ``text``."""
    out = extra_place_mentions(text, _frame(text, found), cues=cues or PlaceCues())
    return [(t, None if pd.isna(r) else r) for t, r in zip(out["text"], out["rule"], strict=True)]


def _counted(text: str, found: list[tuple[str, str]], **context: bool) -> list[str]:
    """The countries counted for ``text`` (mapped, not an organisation's home)."""
    frame = add_place_mentions(_frame(text, found), text)
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**context))
    counted = out[out["iso3"].notna() & (out["rule"] != "org_home")]
    return sorted(set(counted["iso3"]))


# --- class a: a place inside a capitalised organisation name the model did not tag ---


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("He coached in the Tulsa Valley Conference for years.", "Tulsa"),
        ("He joined from Nairobi Airways last year.", "Nairobi"),
        ("He works at Cavendish International Holdings Ltd in London.", "Cavendish"),
        ("He is a professor at Tulsa University this year.", "Tulsa"),
        ("He taught at Gainesville College before.", "Gainesville"),
    ],
)
def test_a_place_inside_an_untagged_organisation_name_is_its_home(text: str, place: str) -> None:
    found = [("He", "PERSON"), *([("London", "GPE")] if "London" in text else [])]
    assert _found(text, found) == [(place, "org_home")]
    # Before the cue (switched off) the weak cue took it for a place the story names.
    assert _found(text, found, PlaceCues(org_heads=False)) == [(place, "gazetteer")]


@pytest.mark.parametrize(
    "text",
    [
        "He worked in Denver Sunday and Monday.",  # a day, no organisation's head
        "Officers of the Gainesville Police Department came.",  # a public body
        "The rally in Texas drew crowds.",  # the place closes its run
    ],
)
def test_a_place_in_a_run_without_an_organisation_head_stays_a_place(text: str) -> None:
    found = _found(text, [(text.split()[0], "PERSON")])
    assert found
    assert all(rule == "gazetteer" for _, rule in found)


def test_an_org_ending_in_a_legal_form_is_no_public_body() -> None:
    """ "International" is a facility word ("Vancouver International Airport"), but a
    name ending in a company's legal form is the company's."""
    text = "He sold a stake to Cavendish International Holdings Ltd in London."
    found = [("Cavendish International Holdings Ltd", "ORG"), ("London", "GPE")]
    assert _found(text, found) == [("Cavendish", "org_home")]
    assert _found(text, found, PlaceCues(org_heads=False)) == [("Cavendish", "gazetteer")]


def test_organisation_heads_hold_legal_forms_and_media_words() -> None:
    assert {"ltd", "inc", "pictures", "conference", "reporter"} <= ORGANISATION_HEADS
    assert {"university", "college", "institute"} <= ORGANISATION_HEADS


# --- class b: a town's name before a numeral nickname, in capitals or not ------------


@pytest.mark.parametrize(
    "text",
    ["PHILADELPHIA 76ERS ROUT THE VISITORS IN TORONTO.",
     "The Philadelphia 76ers lost again in Toronto on Friday."],
)  # fmt: skip
def test_a_town_before_a_numeral_nickname_is_a_club(text: str) -> None:
    city = "PHILADELPHIA" if text.isupper() else "Philadelphia"
    toronto = "TORONTO" if text.isupper() else "Toronto"
    found = [(city, "GPE"), (toronto, "GPE")]
    assert _counted(text, found) == ["CAN"]
    assert _counted(text, found, club_names=False) == ["CAN", "USA"]


def test_a_number_of_people_after_a_town_is_no_nickname() -> None:
    text = "Philadelphia 76 people were hurt, officials in Toronto said."
    assert _counted(text, [("Philadelphia", "GPE"), ("Toronto", "GPE")]) == ["CAN", "USA"]


# --- class c: a place opening a lexicalised compound noun ------------------------------


@pytest.mark.parametrize(
    ("text", "place", "label"),
    [
        ("The chef served Brussels sprouts at the restaurant in Denver.", "Brussels", "GPE"),
        ("He wore a Panama hat at the races in Denver.", "Panama", "GPE"),
        ("He relaxed in a Turkish bath in Denver.", "Turkish", "NORP"),
        ("They ordered French fries at a diner in Denver.", "French", "NORP"),
    ],
)
def test_a_place_opening_a_compound_noun_names_no_country(
    text: str, place: str, label: str
) -> None:
    found = [(place, label), ("Denver", "GPE")]
    assert _counted(text, found) == ["USA"]


@pytest.mark.parametrize(
    ("text", "place", "label", "iso3"),
    [
        ("He wore a Panama hat at the races in Denver.", "Panama", "GPE", "PAN"),
        ("The chef served Brussels sprouts at the restaurant in Denver.", "Brussels", "GPE",
         "BEL"),
    ],
)  # fmt: skip
def test_without_the_rule_the_compound_counted_its_place(
    text: str, place: str, label: str, iso3: str
) -> None:
    found = [(place, label), ("Denver", "GPE")]
    assert _counted(text, found, lexical_compounds=False) == sorted([iso3, "USA"])


@pytest.mark.parametrize(
    ("text", "place", "label", "iso3"),
    [
        # The tail in capitals is a name, left to the other rules; a literal bank stays.
        ("Panama Hats Inc opened an office in Panama City.", "Panama", "GPE", "PAN"),
        ("He works for a Russian bank in Moscow.", "Russian", "NORP", "RUS"),
        ("Brussels said sprouting talks would resume.", "Brussels", "GPE", "BEL"),
    ],
)
def test_no_compound_without_its_lower_case_tail(
    text: str, place: str, label: str, iso3: str
) -> None:
    assert iso3 in _counted(text, [(place, label)])


def test_the_compound_list_is_derived_and_keeps_literal_heads_out() -> None:
    compounds = place_compounds()
    assert compounds["brussels"].match(" sprouts")
    assert compounds["panama"].match(" hats")
    assert compounds["turkish"].match(" bath")
    assert "russian" not in compounds or not compounds["russian"].match(" bank")
    assert "chinese" not in compounds or not compounds["chinese"].match(" date")


# --- class d: a name's initials read as a city's short name ---------------------------


def test_initials_opening_an_organisation_are_no_city() -> None:
    text = "He works at the BBSR Hospital now."
    assert _found(text, [("the BBSR Hospital", "ORG")]) == []
    assert _found(text, [("the BBSR Hospital", "ORG")], PlaceCues(initials=False)) == [
        ("BBSR", "gazetteer")
    ]


def test_initials_before_a_cued_name_are_no_city() -> None:
    text = "He was taken to the BBSR Hospital on Friday."
    assert _found(text, [("He", "PERSON")]) == []


def test_a_city_short_name_alone_after_a_cue_stays_a_place() -> None:
    assert _found("He moved to BBSR last year.", [("He", "PERSON")]) == [("BBSR", "gazetteer")]


def test_the_new_rules_are_in_the_registry() -> None:
    for rule in ("lexical_compounds", "org_heads", "initials"):
        assert RULES[rule].meaning and RULES[rule].help
        assert callable(RULES[rule].implementation())


# --- review 18 (TimeBank dev), class C1: a plural noun inside a name is no country ----


@pytest.mark.parametrize(
    ("name", "places"),
    [
        ("Commonwealth of Independent States", []),
        ("Gulf States Utilities", []),
        ("Kansas Treatment and Learning Center", ["Kansas"]),  # a state's name stays one
        ("Philippines Airlines", ["Philippines"]),  # a demonym's plural stays one
    ],
)
def test_a_plural_common_noun_inside_a_name_is_no_country(name: str, places: list) -> None:
    from analysis.countries.cues import _places_inside

    assert [name[s:e] for s, e in _places_inside(name)] == places


def test_the_cis_names_no_united_states() -> None:
    text = "Members of the Commonwealth of Independent States met in Moscow."
    found = [("the Commonwealth of Independent States", "ORG"), ("Moscow", "GPE")]
    assert _counted(text, found) == ["RUS"]


# --- review 18, class B: a currency's demonym inside a sum ----------------------------


def test_a_demonym_inside_a_sum_names_the_currency_country() -> None:
    text = "Labatt plans a placement of 150 million Canadian dollars in Chicago."
    found = [("150 million Canadian dollars", "MONEY"), ("Chicago", "GPE")]
    assert ("Canadian", "gazetteer") in _found(text, found)
    assert _counted(text, found) == ["CAN", "USA"]
    assert _found(text, found, PlaceCues(money_demonyms=False)) == []


def test_a_sum_without_a_demonym_adds_nothing() -> None:
    text = "He paid 150 million dollars in Chicago."
    assert _found(text, [("150 million dollars", "MONEY"), ("Chicago", "GPE")]) == []


# --- review 18, class A1: a name no gazetteer knows does not take the source's home ---


def test_an_unknown_name_takes_no_source_home() -> None:
    text = "Montedison owns about 72% of Erbamont's common shares outstanding."
    frame = _frame(text, [("Erbamont", "GPE")])
    out = map_countries(frame, texts={"d": text}, homes={"d": "USA"})
    assert out["iso3"].isna().all()


def test_an_unknown_name_still_takes_the_story_own_register() -> None:
    text = "The sheriff's office said Erbamont was closed after the county commission met."
    frame = _frame(text, [("Erbamont", "GPE")])
    out = map_countries(frame, texts={"d": text})
    assert list(out["iso3"]) == ["USA"]
