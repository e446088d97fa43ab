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
from analysis.place_spelling import ascii_spelling, plain_spelling
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
