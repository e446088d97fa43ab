"""Place names written with or without the Arabic article ("Al-Mukalla", "En Naqoura",
"El Obeid"; analysis.place_spelling.article_forms, analysis.gazetteer's
_article_candidates; issue 18, branch ctry20): a name the gazetteer and the town table
lack as written is read by its other form, only as a place of a country where Arabic is
spoken, and only where the story names that country. Invented sentences only."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import map_countries
from analysis.gazetteer import town_candidates
from analysis.place_spelling import ARABIC_ARTICLES, article_forms
from tests.factories import located_rows


def _mapped(text: str, found: list[tuple[str, str]]) -> list[object]:
    frame = schema.conform(located_rows(text, found), "mentions")
    out = map_countries(frame, texts={"d": text})
    return [None if pd.isna(v) else v for v in out["iso3"]]


@pytest.mark.parametrize(
    ("name", "forms"),
    [
        ("Al-Mukalla", ["Mukalla"]),
        ("al-Mukalla", ["Mukalla"]),
        ("As Sulaymaniyah", ["Sulaymaniyah"]),  # assimilated before its own letter
        ("Ed Damer", ["Damer"]),
        ("Ed Smith", []),  # "ed" before "s" is no article: a person's name
        ("En Paris", []),
        ("Obeid", ["Al Obeid", "Al-Obeid", "El Obeid", "El-Obeid"]),
        ("Naqoura", ["Al Naqoura", "Al-Naqoura", "El Naqoura", "El-Naqoura",
                     "An Naqoura", "An-Naqoura", "En Naqoura", "En-Naqoura"]),
        ("Shariqah", ["Al Shariqah", "Al-Shariqah", "El Shariqah", "El-Shariqah",
                      "Ash Shariqah", "Ash-Shariqah"]),  # "esh" is no declared form
        ("US", []),
        ("ABC", []),
    ],
)  # fmt: skip
def test_the_forms_with_and_without_the_article(name: str, forms: list[str]) -> None:
    assert article_forms(name) == forms
    assert all(f.split()[0].split("-")[0].lower() in ARABIC_ARTICLES for f in forms if " " in f)


def test_a_town_without_its_article_is_read_where_its_country_is_named() -> None:
    text = "Shells fell near Naqoura, the Lebanese army said."
    assert _mapped(text, [("Naqoura", "GPE"), ("Lebanese", "NORP")]) == ["LBN", "LBN"]
    alone = "Shells fell near Naqoura on Sunday."
    assert _mapped(alone, [("Naqoura", "GPE")]) != ["LBN"]
    assert all(c.needs_context for c in town_candidates("Naqoura"))


def test_a_city_with_or_without_its_article() -> None:
    text = "Troops entered Obeid, the capital of North Kordofan, Sudan's army said."
    assert _mapped(text, [("Obeid", "GPE"), ("Sudan", "GPE")]) == ["SDN", "SDN"]
    assert [c.iso3 for c in town_candidates("Dawhah")][:1] == ["QAT"]


@pytest.mark.parametrize("name", ["Al Gore", "El Paso", "Gore", "Ed Smith"])
def test_no_place_outside_arabic_speaking_countries_and_no_second_reading(name: str) -> None:
    """ "Gore" of "Al Gore" is a town in New Zealand and the US, not read through the
    article; a name the tables have as written ("El Paso", "Gore") keeps its own rows."""
    found = town_candidates(name)
    assert not any(c.needs_context and c.iso3 not in ("ESP", "COL", "USA") for c in found)
    if name == "Al Gore":
        assert found == ()
        text = "Al Gore spoke in Washington, the United States."
        assert _mapped(text, [("Al Gore", "GPE"), ("United States", "GPE")])[0] is None


def test_a_town_read_by_its_other_form_is_located() -> None:
    from analysis.places import place_options

    (place,) = place_options("Naqoura", "LBN", "town")
    assert place.name == "En Naqoura"


def test_a_region_is_not_read_through_the_article() -> None:
    """ "Muthanna" (an Iraqi army division in a wire story) is no reading of the
    governorate Al Muthanna: regions are left out (see _ARTICLE_RULES)."""
    assert town_candidates("Muthanna") == ()
    assert [c.iso3 for c in town_candidates("Faw")] == ["IRQ"]  # Al-Faw, a city


def test_a_family_name_is_not_read_through_the_article() -> None:
    """Issue 18: "Obeid" of "Ahmed Obeid" read as El Obeid wherever Sudan was named. A
    name read only by its other spelling is asked by rule person_sense, as a small
    place's is; the city written alone in a place's words stays the city."""
    found = [("Sudan", "GPE"), ("Ahmed Obeid", "PERSON"), ("Obeid", "GPE")]
    text = "Sudan's finance minister Ahmed Obeid said on Monday that Obeid would resign."
    assert _mapped(text, found) == ["SDN", None, None]
    text = "Sudanese troops entered Obeid, the capital of North Kordofan, on Monday."
    assert _mapped(text, [("Sudanese", "NORP"), ("Obeid", "GPE")]) == ["SDN", "SDN"]


@pytest.mark.parametrize(
    ("text", "country", "named"),
    [
        ("Iraqi troops entered Kut on Sunday, the Iraqi army said.", "Iraqi", "IRQ"),
        ("Troops entered Kut on Sunday, Iraq said.", "Iraq", "IRQ"),
        ("Villagers in Kut voted on Sunday, Ukraine said.", "Ukraine", "UKR"),
    ],
)
def test_a_towns_namesake_does_not_hide_the_article_form(
    text: str, country: str, named: str
) -> None:
    """Issue 18: "Kut", a Ukrainian village of the town table, kept Al Kut (Iraq) from
    being tried. Both are read now, the article form where the story names Iraq."""
    label = "NORP" if country.endswith("i") else "GPE"
    assert _mapped(text, [("Kut", "GPE"), (country, label)]) == [named, named]
    assert {c.iso3 for c in town_candidates("Kut")} >= {"UKR", "IRQ"}
