"""Rule "wire_datelines": the city a wire dateline names alone is the city known by that
name, not a namesake in the country whose places the story names (issue 18, CoNLL testa:
a dated DUBLIN dateline over boxing reports naming US fighters' hometowns read as Dublin,
California). Hand-written stories; no benchmark text (datelines dated 2024: invented)."""

from __future__ import annotations

import pytest

from analysis.datelines import wire_datelines
from tests.factories import gpe_countries


@pytest.mark.parametrize(
    ("text", "places"),
    [
        ("BOXING - A TITLE KEPT.\nDUBLIN 2024-06-15\nThe champion won.", ["DUBLIN"]),
        ("SOCCER - A DRAW.\nLA ROCHELLE, France 2024-06-15\nNo goals.", ["LA ROCHELLE"]),
        ("LONDON (Reuters) - Shares rose.", ["LONDON"]),
        ("ATHENS, Ga. (AP) -- The mayor spoke.", ["ATHENS"]),
        ("MALTA - About 5,000 books were sold.", []),  # a paper's own dateline: no credit
        # the place followed by its date alone: a wire's filed form (Reuters-21578)
        ("GATT RULES\n\nGENEVA, March 4 - The council met.", ["GENEVA"]),
        ("GENEVA, MAR. 4 - The council met.", ["GENEVA"]),
        # a state or a country between the place and its date qualifies it: none
        ("HARTFORD, Conn., March 3 - The insurer said.", []),
        ("OSAKA, Japan, March 3 - The bank said.", []),
        ("GENEVA - The council met.", []),
        ("SOCCER - TABLE.\nHamilton 4 2 1 1 6 4 7\nLivingston 2 Hamilton 2", []),
        ("Talks went on.\nThe 1996-08-31 deadline passed.", []),
    ],
)
def test_wire_datelines_are_credited_or_dated_or_bare(text: str, places: list[str]) -> None:
    assert [text[s:e] for s, e in wire_datelines(text)] == places


PLACES = ("Sacramento", "Oakland", "Fresno")
FIGHT = (
    "BOXING - THE CHAMPION KEEPS HIS TITLE.\nDUBLIN 2024-06-15\n"
    "The champion from Sacramento beat a challenger from Oakland; a boxer from Fresno "
    "won the first bout."
)


def test_a_dated_wire_dateline_is_the_city_known_by_its_name() -> None:
    # Dublin, California (58,000 people) is within the population ratio of Dublin
    # (1.0 M): the story's three Californian places made it the namesake.
    assert gpe_countries(FIGHT, ("DUBLIN", *PLACES)) == ["IRL", "USA", "USA", "USA"]
    assert gpe_countries(FIGHT, ("DUBLIN", *PLACES), wire_datelines=False)[0] == "USA"


def test_a_credited_wire_dateline_is_the_city_known_by_its_name() -> None:
    text = "DUBLIN (Reuters) - Fighters from Sacramento, Oakland and Fresno arrived."
    assert gpe_countries(text, ("DUBLIN", *PLACES)) == ["IRL", "USA", "USA", "USA"]
    assert gpe_countries(text, ("DUBLIN", *PLACES), wire_datelines=False)[0] == "USA"


def test_a_qualified_wire_dateline_or_a_named_state_still_picks_the_namesake() -> None:
    qualified = "DUBLIN, California (Reuters) - Fighters from Sacramento and Oakland came."
    assert gpe_countries(qualified, ("DUBLIN", "California"))[0] == "USA"
    state = "DUBLIN (Reuters) - Fighters from all over California arrived."
    assert gpe_countries(state, ("DUBLIN", "California")) == ["USA", "USA"]


def test_the_same_name_off_the_dateline_is_read_as_before() -> None:
    # Not a dateline: the story's Californian places still read Dublin as their namesake
    # (the population ratio, unchanged by this rule).
    text = "Fighters from Sacramento, Oakland and Fresno met in Dublin on Saturday."
    assert gpe_countries(text, (*PLACES, "Dublin")) == ["USA", "USA", "USA", "USA"]


def test_a_bare_filed_dateline_is_the_city_known_by_its_name() -> None:
    """Reuters-21578 read 43 "GENEVA, March 4 -" datelines of GATT stories naming the US
    as Geneva, Illinois (21,806 people, within the population ratio of Geneva's
    201,741)."""
    text = "GENEVA, March 4 - The U.S. and Canada asked the GATT council to rule."
    names = ("GENEVA", "U.S.", "Canada")
    assert gpe_countries(text, names) == ["CHE", "USA", "CAN"]
    # Rule national_actors keeps it too (the US and Canada named only by their names).
    assert gpe_countries(text, names, wire_datelines=False)[0] == "CHE"
    assert gpe_countries(text, names, wire_datelines=False, national_actors=False)[0] == "USA"
    qualified = "GENEVA, Ill., March 4 - The U.S. and Canada asked the council to rule."
    assert gpe_countries(qualified, ("GENEVA", "Ill.", "U.S."))[0] == "USA"


def test_a_bare_dateline_of_a_small_city_leaves_its_namesake_to_the_story() -> None:
    """A wire's desk writes some towns of its own country alone too: "GREENWICH, March 2
    -" over a Nevada mine is Greenwich, Connecticut (AMAX's seat), not Greenwich,
    England (30,578 people in GeoNames): only a capital or a city of 100,000 people or
    more (the line of rule strays) holds a dateline against the story's places."""
    text = "GREENWICH, March 2 - AMAX Inc found more ore at its mine near Winnemucca, Nev."
    assert gpe_countries(text, ("GREENWICH", "Winnemucca", "Nev")) == ["USA", "USA", "USA"]


def test_a_bare_dateline_of_a_city_named_like_a_word_is_the_city_known_by_it() -> None:
    """Every city called "Phoenix" or "Providence" needs its country named elsewhere (a
    word, a name), so a story whose only place is its dateline mapped nowhere
    (Reuters-21578: 9 such datelines). At a wire dateline the name is a place: the most
    populous capital or city of 100,000 people or more; the rule switched off leaves it
    unread."""
    text = "PHOENIX, May 4 - A builder said its profit would rise this year."
    assert gpe_countries(text, ("PHOENIX",)) == ["USA"]
    assert gpe_countries(text, ("PHOENIX",), wire_datelines=False) == [None]
    # Off the dateline, the word still needs its country named.
    assert gpe_countries("The Phoenix rose again, he said.", ("Phoenix",)) == [None]
