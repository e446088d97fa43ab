"""Towns whose GeoNames name has letters outside Latin-1 or accents, read by the ASCII
spelling English news gives them (branch ctry17): "Leba" for Łeba, "Cesky Krumlov" for
Český Krumlov. The town table lists them under that spelling
(analysis/data/build_towns.py, analysis.place_spelling.ascii_spelling); the town rule's
guards read those rows as any other. Invented sentences only."""

from __future__ import annotations

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis import schema
from analysis.countries import map_countries
from analysis.data.build_towns import NAME, town_names
from analysis.gazetteer import town_candidates
from analysis.place_spelling import ascii_spelling, plain_spelling, spelling_folds
from tests.factories import located_rows
from tests.properties import examples


def _mapped(text: str, found: list[tuple[str, str]]) -> list[object]:
    """iso3 (None for none) of each of ``found`` located in ``text``, mapped."""
    frame = schema.conform(located_rows(text, found), "mentions")
    out = map_countries(frame, texts={"d": text})
    return [None if pd.isna(v) else v for v in out["iso3"]]


def test_a_town_written_in_ascii_is_read_in_the_country_the_story_names() -> None:
    text = "Storms flooded the Baltic resort of Leba, Polish officials said."
    assert _mapped(text, [("Leba", "GPE"), ("Polish", "NORP")]) == ["POL", "POL"]
    text = "Floods cut off Cesky Krumlov on Monday, the Czech government said."
    assert _mapped(text, [("Cesky Krumlov", "GPE"), ("Czech", "NORP")]) == ["CZE", "CZE"]


def test_a_mid_size_city_written_in_ascii_is_read_like_a_town() -> None:
    """Şile (19,778 people) is read by the city rule under its own name only; its ASCII
    spelling is a town row, read in the country the story names."""
    text = "Floods hit Sile on the Black Sea coast, Turkish officials said."
    assert _mapped(text, [("Sile", "GPE"), ("Turkish", "NORP")]) == ["TUR", "TUR"]
    assert [c.population for c in town_candidates("Trebic")] == [34530]


def test_a_spelling_that_is_a_word_or_a_larger_place_is_not_listed() -> None:
    """Bánk (Hungary) is no "Bank"; the villages called Lázaro Cárdenas add no namesake
    to the port city the gazetteer reads as "Lazaro Cardenas"."""
    assert town_candidates("Bánk") and not town_candidates("Bank")
    assert town_candidates("Lázaro Cárdenas") and not town_candidates("Lazaro Cardenas")
    assert town_names("Bánk", refused={"Bank"}.__contains__) == ["Bánk"]


def test_an_ascii_town_row_keeps_the_town_rules_guards() -> None:
    """A town read by its ASCII spelling alone needs its country named (it may be a
    person's name: Şahin, Ōtsuka), and the town rule's guards read it as any town: after
    "Mr." a name is a person's."""
    assert any(c.iso3 == "TUR" for c in town_candidates("Sahin"))
    # A name that is only a derived spelling needs its country named: the lone-town
    # default reads "Flumeri" (GeoNames' own name) alone, not "Sahin" or "Otsuka".
    for name, read in (("Flumeri", "ITA"), ("Sahin", None), ("Otsuka", None), ("Sile", None)):
        text = f"{name} said on Monday the talks had failed."
        assert _mapped(text, [(name, "GPE")]) == [read], name
    alone = "Storms flooded the resort of Leba on Sunday."
    assert _mapped(alone, [("Leba", "GPE")]) != ["POL"]
    # Beside Turkey, "Sahin" tagged a place is the town; after "Mr." it is a person's
    # name, exactly as for a town GeoNames writes in ASCII ("Flumeri", Italy).
    assert _mapped("Turkey beat Austria in Sahin.", [("Turkey", "GPE"), ("Austria", "GPE"),
                                                      ("Sahin", "GPE")])[-1] == "TUR"  # fmt: skip
    for town, country in (("Sahin", "Turkey"), ("Flumeri", "Italy")):
        text = f"{country} beat Austria, Mr. {town} said."
        assert _mapped(text, [(country, "GPE"), ("Austria", "GPE"), (town, "GPE")])[-1] is None


def test_a_town_is_listed_under_its_name_and_its_ascii_spelling() -> None:
    assert town_names("Łeba", ["Leba", "Łeba"]) == ["Leba"]  # Ł is outside Latin-1
    assert town_names("Tacámbaro") == ["Tacámbaro", "Tacambaro"]
    assert town_names("Chiefland") == ["Chiefland"]
    # GeoNames' own ASCII form wins over the plain fold when it lists one.
    assert ascii_spelling("Al Jazīrah al Ḩamrā’", ["Al Jazirah al Hamra"]) == "Al Jazirah al Hamra"
    assert ascii_spelling("Al Jazīrah al Ḩamrā’") == "Al Jazirah al Hamra'"
    assert ascii_spelling("Århus", ["Aarhus"]) == "Aarhus"
    assert ascii_spelling("Århus") == "Arhus"
    assert ascii_spelling("Николаевка") is None
    assert town_names("Николаевка") == []


@given(st.text(alphabet=st.characters(max_codepoint=0x2FF) | st.sampled_from("’‘ʻʼʿʾ")))
@settings(max_examples=examples(300), deadline=None)
def test_the_ascii_spelling_is_ascii_and_a_fixed_point(name: str) -> None:
    spelt = plain_spelling(name)
    if spelt is not None:
        assert spelt.isascii()
        assert plain_spelling(spelt) == spelt
        assert ascii_spelling(spelt) == spelt
    for listed in town_names(name):
        assert NAME.fullmatch(listed)


def test_a_town_written_with_its_own_letters_finds_its_ascii_row() -> None:
    """A story writing "Łeba" or "Český Krumlov" with their letters finds the row the
    table lists by the ASCII spelling (the mention folded with the table's own folds,
    analysis.place_spelling.spelling_folds; issue 18, branch ctry20), read only where the
    story names the country, as the derived spelling's row is."""
    text = "Storms flooded the Baltic resort of Łeba, Polish officials said."
    assert _mapped(text, [("Łeba", "GPE"), ("Polish", "NORP")]) == ["POL", "POL"]
    text = "Floods cut off Český Krumlov on Monday, the Czech government said."
    assert _mapped(text, [("Český Krumlov", "GPE"), ("Czech", "NORP")]) == ["CZE", "CZE"]
    alone = "Storms flooded the resort of Łeba on Sunday."
    assert _mapped(alone, [("Łeba", "GPE")]) != ["POL"]
    assert [c.iso3 for c in town_candidates("ŁEBA")][:1] == ["POL"]  # a dateline's capitals
    assert all(c.needs_context for c in town_candidates("Łeba"))


def test_a_name_the_gazetteer_reads_as_written_is_not_folded() -> None:
    """Şile and Třebíč are the city rule's by their own names; their folds are the town
    table's rows of the same places, not a second reading."""
    assert town_candidates("Şile") == () and town_candidates("Třebíč") == ()
    assert not town_candidates("Tacaimbó")[0].needs_context  # a Latin-1 name: its own row


def test_the_folds_are_the_tables_own() -> None:
    assert spelling_folds("Łeba") == ["Leba"]
    assert spelling_folds("Düsseldorf") == ["Dusseldorf", "Duesseldorf"]
    assert spelling_folds("Al Jazīrah al Ḩamrā’") == ["Al Jazirah al Hamra'", "Al Jazirah al Hamra"]
    assert spelling_folds("Leba") == [] and spelling_folds("Москва") == []


def test_a_town_written_with_its_own_letters_is_located() -> None:
    from analysis.places import place_options

    (place,) = place_options("Łeba", "POL", "town")
    assert place.place_id == place_options("Leba", "POL", "town")[0].place_id
    assert place_options("ŁEBA", "POL", "town") == (place,)
