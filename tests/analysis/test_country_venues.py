"""Rule "venues": a city's name written as the venue of an international meeting or its
outcome ("the Venice summit", "the Paris accord") is the city known by that name, and so
are the story's other mentions of it (issue 18; found on the Reuters-21578 stories, where
"the Venice summit" in stories from Washington was Venice, California). Hand-written
stories; no benchmark text."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.countries import RULES
from analysis.countries.modifiers import venue_rows
from analysis.countries.scoring import DocumentContext, _venue
from analysis.gazetteer_entries import Candidate
from tests.factories import gpe_countries, spans

STORY = (
    "REAGAN PLANS TRIP\n\nWASHINGTON, March 4 - President Reagan will attend the Venice "
    "summit of the major industrialized countries, officials in New York and Boston said. "
    "He flies to Venice on June 7."
)
PLACES = ("WASHINGTON", "Venice", "New York", "Boston")


def test_the_venue_of_a_summit_is_the_city_known_by_its_name() -> None:
    assert gpe_countries(STORY, PLACES) == ["USA", "ITA", "USA", "USA"]
    assert gpe_countries(STORY, PLACES, venues=False)[1] == "USA"


def test_the_other_mentions_of_a_venue_follow_it() -> None:
    frame = spans(
        *((n, "GPE", STORY.index(n)) for n in PLACES), ("Venice", "GPE", STORY.rindex("Venice"))
    )
    assert venue_rows(frame, {"d": STORY}).tolist() == [False, True, False, False, True]


@pytest.mark.parametrize(
    ("text", "name", "venue"),
    [
        ("They met before the Venice summit on June 8.", "Venice", True),
        ("They met before the Venice economic summit.", "Venice", True),
        ("They met before the Venice\nsummit: a wire's wrapped line.", "Venice", True),
        ("THE PARIS ACCORD HOLDS", "PARIS", True),
        ("the Geneva arms talks resumed", "Geneva", True),
        ("Ministers signed the Berne protocol.", "Berne", True),
        # no "the": a verb ("talks"), a list's noun, a bare name
        ("Duran still talks as if he was in his prime.", "Duran", False),
        ("COMINCO IN TRAIL, KIMBERLEY NEGOTIATIONS", "KIMBERLEY", False),
        ("Venice summit talks began.", "Venice", False),
        # a name the gazetteer reads first as no city: a town's agreement
        ("Officials signed the Chiefland agreement.", "Chiefland", False),
        # not a venue noun: a town's meeting or conference
        ("the Georgetown conference on Monday", "Georgetown", False),
        ("the Springfield meeting of the council", "Springfield", False),
        # a meeting noun, up to five words, then "in" or "at" before the name
        ("the June economic summit in Venice", "Venice", True),
        ("the Summit on June 8 to 10 in Venice", "Venice", True),
        ("talks with the Soviet Union in Geneva tomorrow", "Geneva", True),
        ("GATT talks now underway at Geneva.", "Geneva", True),
        # six words between: too far; a full stop between: another sentence
        ("the summit of the seven leading western nations in Venice", "Venice", False),
        ("They ended the talks. In Geneva, it rained.", "Geneva", False),
        # a document's noun or a town's meeting before "in": no venue
        ("They signed an agreement to sell its stores in Paris.", "Paris", False),
        ("The council meeting in Paris drew 40 people.", "Paris", False),
    ],
)
def test_venue_rows_read_the_before_a_venue_noun(text: str, name: str, venue: bool) -> None:
    frame = spans((name, "GPE", text.index(name)))
    assert venue_rows(frame, {"d": text}).tolist() == [venue]


def test_a_summit_held_in_a_city_is_the_city_known_by_its_name() -> None:
    # The Reuters-21578 form: a story from Washington naming US places, the G-7 summit
    # "in Venice" (read as Venice, California before the second form of the rule).
    story = (
        "WASHINGTON, June 2 - Treasury officials in New York and Boston said the results "
        "would be presented at next week's economic summit in Venice."
    )
    names = ("WASHINGTON", "New York", "Boston", "Venice")
    assert gpe_countries(story, names) == ["USA", "USA", "USA", "ITA"]
    assert gpe_countries(story, names, venues=False)[3] == "USA"


def test_a_qualifier_still_picks_the_namesake() -> None:
    text = "Officials said the Venice, Fla., agreement on beach sand was signed in Tampa and Miami."
    assert gpe_countries(text, ("Venice", "Fla.", "Tampa", "Miami"))[0] == "USA"


def _city(iso3: str, rule: str, population: int) -> Candidate:
    return Candidate(iso3, rule, population)


@pytest.mark.parametrize(
    ("option", "default", "venue", "kept"),
    [
        (_city("USA", "city", 40_885), _city("ITA", "city", 51_298), True, True),
        (_city("USA", "city", 40_885), _city("ITA", "city", 51_298), False, False),
        # a town as the default is no city the world knows by the name
        (_city("USA", "city", 40_885), _city("ITA", "town", 9_000), True, False),
        # a state is no namesake the rule keeps out
        (_city("USA", "us_state", 0), _city("GEO", "capital", 1_000_000), True, False),
    ],
)  # fmt: skip
def test_venue_keeps_a_city_against_namesakes(
    option: Candidate, default: Candidate, venue: bool, kept: bool
) -> None:
    assert _venue(option, default, DocumentContext({}, {}, None, venue=venue)) is kept


def test_the_rule_is_registered_with_its_function() -> None:
    rule = RULES["venues"]
    assert rule.kind == "context" and rule.default
    assert rule.implementation() is venue_rows
    assert (
        venue_rows(pd.DataFrame(columns=["doc_id", "start", "end", "text", "label"]), {}).size == 0
    )


def test_the_meeting_nouns_are_venue_nouns() -> None:
    # venue_rows reads only the stories its screen finds a venue noun in (_VENUE_WORD,
    # made of venue_nouns): a meeting noun outside that list would never be read.
    from analysis.countries.lexicon import _VENUE_MEETING_NOUNS, _VENUE_NOUNS

    assert set(_VENUE_MEETING_NOUNS.split("|")) <= set(_VENUE_NOUNS.split("|"))
