"""Rule wordnet_places (analysis.countries.wordnet_places): an island, desert, range or
region WordNet 3.0 puts in one country, read there when the gazetteer has no reading.
Invented sentences."""

from __future__ import annotations

import pytest

from analysis.countries import ContextRules, map_countries
from analysis.countries.readings import _reading
from analysis.countries.rules import DEFAULT_CONTEXT, DEFAULT_RULES, RULES
from analysis.countries.wordnet_places import _places, wordnet_place
from tests.factories import located


def _countries(text: str, context: ContextRules = DEFAULT_CONTEXT) -> set[str]:
    reading = _reading(text, DEFAULT_RULES, context)
    found = (reading.fixed,) if reading.fixed else reading.options
    return {c.iso3 for c in found}


@pytest.mark.parametrize(
    ("text", "iso3"),
    [("Negev", "ISR"), ("Kordofan", "SDN"), ("Transvaal", "ZAF"), ("KORDOFAN", "SDN")],
)
def test_a_wordnet_place_is_read_in_its_country(text: str, iso3: str) -> None:
    assert _countries(text) == {iso3}
    assert _countries(text, ContextRules(wordnet_places=False)) == set()


def test_a_town_namesake_stays_an_option_and_the_place_is_the_default() -> None:
    # Moravia is a region of Czechia and a town in New York.
    reading = _reading("Moravia", DEFAULT_RULES, DEFAULT_CONTEXT)
    assert reading.default is not None and reading.default.iso3 == "CZE"
    assert {"CZE", "USA"} <= {c.iso3 for c in reading.options}


@pytest.mark.parametrize("word", ["Java", "Champagne", "Rand", "Canaries"])
def test_a_name_that_is_also_a_common_noun_is_left_out(word: str) -> None:
    # "java" (coffee), "champagne", "rand" (a currency), "canary": WordNet lemmas in
    # lower case. Too often not the place.
    assert word not in _places()


@pytest.mark.parametrize(
    "text",
    [
        "Patagonia",  # two countries
        "Golan Heights",  # a disputed region of the project's list
        "Timor",  # also a word of Timor-Leste's name
        "Mariana Islands",  # the gazetteer reads Northern Mariana Islands elsewhere
        "South",  # a compass word alone
        "Paris",  # the gazetteer reads it: not this rule's
    ],
)
def test_names_left_out(text: str) -> None:
    assert wordnet_place(text) == () or text == "Paris"
    assert text not in _places() or text == "Paris"


def test_the_table_holds_no_city() -> None:
    # Cities and capitals are the gazetteer's (WordNet adds their old names: "Edo").
    assert "Edo" not in _places() and "Yedo" not in _places()


def test_the_rule_is_registered() -> None:
    rule = RULES["wordnet_places"]
    assert rule.kind == "context" and rule.default and "WordNet" in rule.meaning


def test_a_story_naming_a_desert_gets_its_country() -> None:
    text = "Two herders were found safe after a week lost in the Negev on Friday."
    rows = located(text, [("Negev", "LOC")])
    assert map_countries(rows, texts={"d": text})["iso3"].tolist() == ["ISR"]
    off = map_countries(rows, texts={"d": text}, context=ContextRules(wordnet_places=False))
    assert off["iso3"].isna().all()
