"""Error classes found by reading unseen CoNLL-2003 testb news (Reuters, December 1996;
36 stories drawn at random, seed 2026120724): a division's name that is a world city's
too ("New York") does not state its division; a name ending in a meeting's or a
document's noun ("the Europe Agreement") or an acronym is no unknown place; "the Uruguay
Round" is the negotiations' home. Invented sentences."""

from __future__ import annotations

from analysis.countries import ContextRules, map_countries
from analysis.countries.comention import _unknown
from tests.analysis.test_country_comention_audit import HOME, HOME_SPANS
from tests.analysis.test_country_comention_audit import _country as _story_country
from tests.factories import gpe_countries, spans

UN = (
    "The envoy will join the United Nations headquarters in New York. He spoke at the "
    "social development conference in Copenhagen last year."
)


def test_new_york_alone_does_not_state_its_division_for_a_village() -> None:
    """ "New York" names the state only as the city implies it (rule implied_divisions):
    Copenhagen stays Denmark's capital, not Copenhagen, New York (800 people)."""
    assert gpe_countries(UN, ["New York", "Copenhagen"]) == ["USA", "DNK"]
    off = gpe_countries(UN, ["New York", "Copenhagen"], implied_divisions=False)
    assert off == ["USA", "USA"]


def test_the_state_written_after_the_town_still_picks_it() -> None:
    text = "Flooding closed roads in Copenhagen, New York, on Friday."
    assert gpe_countries(text, ["Copenhagen", "New York"]) == ["USA", "USA"]


def test_a_state_whose_name_is_no_city_still_states_its_division() -> None:
    """ "Texas" names Texas outright: its Paris is the story's (a town of Texas beside the
    capital of France)."""
    text = "Storms hit Texas on Friday. In Paris, the county fair was called off."
    assert gpe_countries(text, ["Texas", "Paris"]) == ["USA", "USA"]


def test_a_name_ending_in_a_meeting_or_document_noun_is_no_unknown_place() -> None:
    for name in ("Europe Agreement", "Camp David Accords", "Oslo Accords", "Paris Accord"):
        assert not _unknown(name), name
    text = "Warsaw asked for changes to the Europe Agreement."
    assert _story_country(text + HOME, [("Europe Agreement", "LOC"), *HOME_SPANS],
                          "Europe Agreement") is None  # fmt: skip
    assert _unknown("Naugatuck River")  # an unknown place still is one


def test_an_unknown_word_in_capitals_is_no_place_of_the_story() -> None:
    """An acronym or ticker no gazetteer knows ("GDR": Global Depository Receipts) is not
    read in the story's country; a US state's abbreviation in capitals still is a place."""
    for name in ("GDR", "ICCO", "PDVSA", "EUROPE"):
        assert not _unknown(name), name
    assert _unknown("ILL")
    text = "The bank will list GDR shares in London next month."
    assert _story_country(text + HOME, [("GDR", "GPE"), *HOME_SPANS], "GDR") is None


def test_a_place_before_round_names_the_negotiations_not_the_place() -> None:
    """ "the Uruguay Round" of trade talks is the event's home, counted apart (rule
    org_homes); "Uruguay" elsewhere, and a place before "round-trip", stay places."""
    text = (
        "Trade ministers will review the Uruguay Round commitments. Beef exports to "
        "Uruguay rose. The Tokyo round-trip fare fell, Singapore said."
    )
    rows = spans(
        ("Uruguay", "GPE", text.index("Uruguay")),
        ("Uruguay", "GPE", text.rindex("Uruguay")),
        ("Tokyo", "GPE", text.index("Tokyo")),
    )
    out = map_countries(rows, texts={"d": text})
    assert list(zip(out["iso3"], out["rule"], strict=True)) == [
        ("URY", "org_home"), ("URY", "name"), ("JPN", "capital")
    ]  # fmt: skip
    off = map_countries(rows, texts={"d": text}, context=ContextRules(org_homes=False))
    assert off["rule"].iloc[0] == "name"
    verb = "Police in Jakarta round up suspects, Indonesia said."
    assert gpe_countries(verb, ["Jakarta", "Indonesia"]) == ["IDN", "IDN"]
    jakarta = map_countries(spans(("Jakarta", "GPE", 10)), texts={"d": verb})
    assert jakarta["rule"].iloc[0] != "org_home"
