"""Issue 18 (docs/readme/ui26.md, "Found and not fixed", 1-2) on invented stories: a
big city named like its state, written as a dateline or after "in"/"at", is the city
(rule city_names); an ambiguous qualifier takes the sense that holds the name before it
(rule qualifier_senses)."""

from __future__ import annotations

import re

import pandas as pd
import pytest

from analysis import places, schema
from analysis.countries import ContextRules, map_countries

PLACES = (
    r"LONDON|London|Edmonton|Birmingham|Manchester|Boston|Buffalo|Hartford|Norfolk|Newark|"
    r"Portland|Providence|Rochester|Syracuse|Washington"
)
WORDS = re.compile(
    r"WASHINGTON|NEW YORK|New York|Washington|Seattle|TBILISI|Georgia|Atlanta|Savannah|"
    r"Ontario|Bradford|Yakima|QUEBEC|Quebec|Boston|Buffalo|Hartford|D\.C\.|N\.Y\.|New Jersey|Oregon"
)


def _located(
    text: str, context: ContextRules | None = None
) -> list[tuple[str, object, object, object]]:
    """(text, iso3, rule, place name or None) of each place word of ``text``."""
    rows = [{"doc_id": "d", "sent_id": 0, "start": m.start(), "end": m.end(), "text": m.group(),
             "label": "GPE"} for m in WORDS.finditer(text)]  # fmt: skip
    texts = {"d": text}
    kwargs = {"context": context} if context is not None else {}
    out = places.locate(map_countries(schema.conform(rows, "mentions"), texts=texts, **kwargs))
    found = []
    for r in out.itertuples():
        place = places.describe(r.place_id) if isinstance(r.place_id, str) else None
        found.append((r.text, r.iso3, r.rule, None if place is None else (place.name, place.kind)))
    return found


@pytest.mark.parametrize(
    ("text", "name", "place"),
    [
        ("WASHINGTON, March 3 - The Treasury said prices rose.", "WASHINGTON",
         ("Washington", "city")),
        ("NEW YORK, Feb 26 - Stocks fell on Friday.", "NEW YORK", ("New York City", "city")),
        ("Stocks fell. The committee was meeting in New York on Friday.", "New York",
         ("New York City", "city")),
        ("Officials met at Washington on Monday to talk.", "Washington", ("Washington", "city")),
        # The city's own division after a comma, wherever the name is written.
        ("A group based in Washington, D.C. said so.", "Washington", ("Washington", "city")),
        ("He left New York, N.Y. for good.", "New York", ("New York City", "city")),
    ],
)  # fmt: skip
def test_a_city_named_like_its_state_written_as_a_city_is_the_city(
    text: str, name: str, place: tuple[str, str]
) -> None:
    found = {t: (iso3, p) for t, iso3, _, p in _located(text)}
    assert found[name] == ("USA", place)


@pytest.mark.parametrize(
    "text",
    [
        "Fires burned in Washington state and near Seattle on Friday.",
        "Fires burned near Seattle, Washington on Friday.",
        "Apples grow in Washington's Yakima valley.",
        "Voters in Washington and Oregon went to the polls.",  # a list of states
    ],
)
def test_the_state_stays_where_the_name_goes_on_or_is_a_qualifier(text: str) -> None:
    found = {t: rule for t, _, rule, _ in _located(text) if t == "Washington"}
    assert found == {"Washington": "us_state"}


@pytest.mark.parametrize(
    "text",
    [
        "Japan said Washington wants other nations to cut their rates.",
        "Tokyo hopes trade talks with Washington resume soon.",
        "Ministers in Tokyo and Washington met on Friday.",  # a list of capitals
        # the possessive is the government's ("Washington's policy", "... refusal")
        "Tokyo was worried by Washington's use of the exchange rate.",
        "Moscow said Washington's refusal to join the ban forced it to test.",
    ],
)
def test_a_capital_named_like_its_state_standing_alone_is_the_capital(text: str) -> None:
    """Rule capital_names: "Washington" alone is the US government's city."""
    found = {t: (iso3, p) for t, iso3, _, p in _located(text)}
    assert found["Washington"] == ("USA", ("Washington", "city"))
    off = {t: rule for t, _, rule, _ in _located(text, ContextRules(capital_names=False))}
    assert off["Washington"] == "us_state"


@pytest.mark.parametrize(
    "text",
    [
        "The state of Washington sued the company.",
        "Boeing of Seattle said Washington would tax its planes.",  # a place of the state
        "Boeing of Seattle said Washington's taxes would rise.",
        "Rain fell in Oregon and Washington on Friday.",
        "Rain fell in Oregon, Washington on Friday.",
    ],
)
def test_a_capitals_name_the_text_makes_the_state_stays_the_state(text: str) -> None:
    found = {t: rule for t, _, rule, _ in _located(text) if t == "Washington"}
    assert found == {"Washington": "us_state"}


def test_a_smaller_city_is_meant_after_in_only_as_a_dateline() -> None:
    """Quebec City (531,902 people) is no world city: "mines in Quebec" are the
    province's; its wire dateline is the city."""
    assert _located("Two mines in Quebec closed.")[0][2] == "territory"
    assert _located("QUEBEC, April 1 - The province sold bills.")[0][2] == "city"


def test_a_list_of_states_stays_states() -> None:
    found = {t: rule for t, _, rule, _ in _located("Farmers in New York, New Jersey left.")}
    assert found["New York"] == "us_state"


def test_city_names_off_keeps_the_state() -> None:
    text = "WASHINGTON, March 3 - The Treasury said prices rose."
    assert _located(text, ContextRules(city_names=False))[0][2] == "us_state"
    assert _located(text)[0][2] == "capital"


TBILISI = (
    "TBILISI, Georgia, March 3 - The Georgian delegation later flew to Atlanta, Georgia, "
    "and then visited Savannah."
)


def test_an_ambiguous_qualifier_takes_the_sense_that_holds_the_place_before_it() -> None:
    found = [(t, iso3, rule) for t, iso3, rule, _ in _located(TBILISI)]
    assert ("Atlanta", "USA", "city") in found
    assert ("TBILISI", "GEO", "capital") in found
    off = [(t, iso3) for t, iso3, _, _ in _located(TBILISI, ContextRules(qualifier_senses=False))]
    assert ("Atlanta", "GEO") in off


def test_an_unambiguous_or_fitting_qualifier_is_left_alone() -> None:
    found = {t: iso3 for t, iso3, _, _ in _located("A plant in Bradford, Ontario closed.")}
    assert found["Bradford"] == "CAN"
    assert pd.notna(found["Ontario"])


def test_a_city_after_a_comma_picks_the_namesake_inside_it() -> None:
    """Rule qualifier_senses, a city as qualifier: "Edmonton, London" is the Edmonton
    in London (13 km), not Edmonton, Alberta; a list of far cities is no qualifier."""
    rows = []
    texts = {
        "a": "LONDON, March 3 - A fire in Edmonton, London closed a station.",
        "b": "Storms hit Birmingham, London and Manchester.",
        "c": "The Newark flight will carry passengers from such cities as Boston, Buffalo, "
        "Hartford, Norfolk, Portland, Providence, Rochester, Syracuse and Washington.",
    }
    for doc, text in texts.items():
        for m in re.finditer(PLACES, text):
            rows.append({"doc_id": doc, "sent_id": 0, "start": m.start(), "end": m.end(),
                         "text": m.group(), "label": "GPE"})  # fmt: skip
    mapped = map_countries(schema.conform(rows, "mentions"), texts=texts)
    found = {
        (d, t): iso3 for d, t, iso3 in zip(mapped.doc_id, mapped.text, mapped.iso3, strict=True)
    }
    assert found[("a", "Edmonton")] == "GBR"
    assert found[("b", "Birmingham")] == "GBR"
    rules = dict(zip(mapped.text, mapped.rule, strict=True))
    assert rules["Boston"] == "city"  # not Boston, New York (30 km from Buffalo)
    off = map_countries(schema.conform(rows, "mentions"), texts=texts,
                        context=ContextRules(qualifier_senses=False))  # fmt: skip
    assert off.loc[off.text == "Edmonton", "iso3"].tolist() == ["CAN"]


@pytest.mark.parametrize(
    ("text", "rule"),
    [
        # every word of a headline is capitalised: a function word does not go on with it
        ("NAKASONE TO VISIT WASHINGTON IN LATE APRIL\nTOKYO - The prime minister said so.",
         "capital"),
        ("TALKS IN WASHINGTON FOR APRIL 8\nThe House will meet.", "capital"),
        # a word that is no function word does
        ("FAILING WASHINGTON STATE BANK IS ACQUIRED\nThe bank was sold.", "us_state"),
        ("WASHINGTON WATER POWER RAISES PAYOUT\nThe utility said so.", "us_state"),
    ],
)  # fmt: skip
def test_a_capitals_name_in_a_headline_in_capitals(text: str, rule: str) -> None:
    found = {t: r for t, _, r, _ in _located(text) if t == "WASHINGTON"}
    assert found == {"WASHINGTON": rule}
