"""Rule division_names (branch ctry9, issue 18 "common regions left unmapped"): a
first-level division by the English name GeoNames gives it, which no curated list
names, is a region of its country in a document that names that country. Invented
sentences only."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import schema
from analysis.countries import ContextRules, map_countries
from analysis.gazetteer import candidates
from tests.factories import located_rows


def _mapped(text: str, found: list[tuple[str, str]], **switches: bool) -> dict[str, object]:
    """surface -> iso3 (None for none) of ``found`` located in ``text``, mapped."""
    frame = schema.conform(located_rows(text, found), "mentions")
    out = map_countries(frame, texts={"d": text}, context=ContextRules(**switches))
    return {r.text: (None if pd.isna(r.iso3) else r.iso3) for r in out.itertuples()}


def test_a_division_by_its_english_name_is_in_the_country_the_story_names() -> None:
    """ "Michoacan" (countryinfo writes "Michoacan de Ocampo") and "Attica" (not in
    countryinfo) were unmapped; beside their country they are regions of it."""
    text = "Mexican soldiers were attacked in Michoacan state on Friday."
    assert _mapped(text, [("Mexican", "NORP"), ("Michoacan", "GPE")])["Michoacan"] == "MEX"
    text = "Greece said the fires spread across Attica overnight."
    assert _mapped(text, [("Greece", "GPE"), ("Attica", "GPE")])["Attica"] == "GRC"


def test_a_division_outweighs_a_town_of_its_name_only_where_its_country_is_named() -> None:
    """Attica is also a US town: beside "Greek" the region wins the town; beside New York
    or alone the division says nothing (it needs its country named)."""
    greek = "Greek firefighters fought fires across Attica."
    assert _mapped(greek, [("Greek", "NORP"), ("Attica", "GPE")])["Attica"] == "GRC"
    prison = "Inmates rioted at Attica, the state prison, as New York sent troops."
    assert _mapped(prison, [("Attica", "GPE"), ("New York", "GPE")])["Attica"] == "USA"
    alone = "Fires spread across Attica."
    assert _mapped(alone, [("Attica", "GPE")])["Attica"] != "GRC"


def test_rule_division_names_switched_off_reads_no_division() -> None:
    text = "Mexican soldiers were attacked in Michoacan state on Friday."
    found = [("Mexican", "NORP"), ("Michoacan", "GPE")]
    assert _mapped(text, found, division_names=False)["Michoacan"] is None
    greek = "Greek firefighters fought fires across Attica."
    assert (
        _mapped(greek, [("Greek", "NORP"), ("Attica", "GPE")], division_names=False)["Attica"]
        != "GRC"
    )


def test_only_specific_division_names_are_read() -> None:
    """A specific name is a conditional region with its GeoNames division; generic names
    ("Western", "Central Region", "Far North"), seas ("Red Sea") and world regions
    ("Sahel", "Kashmir") are not read as divisions."""
    (michoacan,) = candidates("Michoacan")
    assert (michoacan.iso3, michoacan.rule, michoacan.needs_context) == ("MEX", "region", True)
    assert michoacan.admin1 == "16"
    assert candidates("Inner Mongolia")[0].iso3 == "CHN"
    for name in ("Western", "Central Region", "Far North", "Red Sea", "Capital"):
        assert candidates(name) == (), name
    for name in ("Kashmir", "Sahel"):
        assert all(c.rule != "region" or not c.admin1 for c in candidates(name)), name


def test_generic_names_are_told_by_their_words() -> None:
    from analysis.divisions import is_generic

    words = frozenset({"central", "region", "far", "north", "western"})
    assert is_generic("Central Region", words)
    assert is_generic("Far-North", words)
    assert is_generic("Red Sea", words)  # a sea's name
    assert not is_generic("Inner Mongolia", words)
    assert not is_generic("Western Darfur", words)


# --- countryinfo's misfiled province lists, corrected by GeoNames (a data fix) ----------


def test_a_province_countryinfo_files_under_the_wrong_country_is_read_in_its_own() -> None:
    """countryinfo files the DR Congo's provinces under the Republic of the Congo, Spain's
    regions under South Sudan and Andorra's parishes under Angola: "Equateur" read COG,
    "Aragon" SSD, "Canillo" AGO before the fix."""
    text = "An Ebola outbreak was declared in Equateur province on Tuesday."
    assert _mapped(text, [("Equateur", "GPE")])["Equateur"] == "COD"
    assert _mapped("Fires burned in Aragon.", [("Aragon", "GPE")])["Aragon"] == "ESP"
    assert candidates("Bouenza")[0].iso3 == "COG"
    assert candidates("Canillo")[0].iso3 == "AND"


def test_only_misfiled_lists_move() -> None:
    """A list naming none of its country's divisions and three of another's moves whole;
    a list holding another's whole list gives it back; shared names ("Toledo": Spain and
    Belize) and generic ones ("Eastern") stay."""
    from analysis.divisions import province_countries

    lists = {
        "COG": ["Equateur", "Katanga", "Maniema", "Orientale"],
        "AGO": ["Bengo", "Huambo", "Canillo", "Encamp", "Ordino"],
        "AND": ["Canillo", "Encamp", "Ordino"],
        "ESP": ["Toledo", "Granada", "Madrid"],
        "SLE": ["Eastern", "Northern", "Southern", "Western"],
        "LKA": ["Eastern", "Northern", "Southern", "Western", "Uva"],
    }
    moves = province_countries(lists)
    assert {p: c for (i, p), c in moves.items() if i == "COG"} == dict.fromkeys(lists["COG"], "COD")
    assert {p: c for (i, p), c in moves.items() if i == "AGO"} == dict.fromkeys(
        ["Canillo", "Encamp", "Ordino"], "AND"
    )
    assert not [key for key in moves if key[0] in ("AND", "ESP", "SLE", "LKA")]


# --- common regions of international and outbreak news, curated --------------------------


def test_common_regions_of_outbreak_and_conflict_news_are_mapped() -> None:
    """Provinces and regions the packages lack, named alone in news (curated territories,
    general knowledge); before the fix each was unmapped."""
    cases = {
        "Ebola cases rose in North Kivu and Ituri this week.": {
            "North Kivu": "COD", "Ituri": "COD"},
        "Fighting spread from Hodeidah to Marib.": {"Hodeidah": "YEM", "Marib": "YEM"},
        "Drought hit Oromia and the Somali Region.": {
            "Oromia": "ETH", "Somali Region": "ETH"},
        "Troops moved into North Waziristan.": {"North Waziristan": "PAK"},
        "Al Shabaab attacked a base in Lower Shabelle.": {"Lower Shabelle": "SOM"},
    }  # fmt: skip
    for text, want in cases.items():
        got = _mapped(text, [(name, "GPE") for name in want])
        assert got == want, text


@pytest.mark.slow
@pytest.mark.model
def test_outbreak_stories_with_the_trained_model(trained_nlp) -> None:  # type: ignore[no-untyped-def]
    """Invented outbreak and conflict reports through the trained model, the clean-up,
    the gazetteer pass and the mapping: each region is in its country."""
    from analysis.countries import add_place_mentions
    from analysis.entities import clean_mentions

    stories = {
        "KINSHASA (Reuters) - Health officials declared an Ebola outbreak in Equateur "
        "province on Tuesday, the ministry said.": {"Equateur": "COD"},
        "GOMA, Congo - Armed groups attacked a clinic in North Kivu and in neighbouring "
        "Ituri province, the United Nations said.": {"North Kivu": "COD", "Ituri": "COD"},
        "SANAA (Reuters) - Cholera spread in Hodeidah this month, aid agencies said, as "
        "fighting continued near Marib.": {"Hodeidah": "YEM", "Marib": "YEM"},
        "MEXICO CITY - Gunmen attacked soldiers in Michoacan state on Friday, killing "
        "one, the army said.": {"Michoacan": "MEX"},
    }
    frames = []
    for n, text in enumerate(stories):
        rows = [{"doc_id": f"d{n}", "sent_id": 0, "start": e.start_char, "end": e.end_char,
                 "text": e.text, "label": e.label_} for e in trained_nlp(text).ents]  # fmt: skip
        frame = clean_mentions(schema.conform(rows, "mentions"), text)
        frames.append(add_place_mentions(frame, text))
    mentions = schema.conform(pd.concat(frames, ignore_index=True), "mentions")
    out = map_countries(mentions, texts={f"d{n}": t for n, t in enumerate(stories)})
    for n, want in enumerate(stories.values()):
        rows = out[(out["doc_id"] == f"d{n}") & out["text"].isin(list(want))]
        assert dict(zip(rows["text"], rows["iso3"], strict=True)) == want


def test_three_letter_division_names_are_read_beside_their_country() -> None:
    """Nigeria's "Edo" and "Imo" states, named bare in a list of states (branch sent:
    names under four characters were left out); they still need their country named,
    and a two-letter name ("Ha", Bhutan) stays out."""
    text = "Nigeria reported cases in Ondo, Edo, Imo and Taraba states."
    found = [("Nigeria", "GPE"), ("Ondo", "GPE"), ("Edo", "GPE"), ("Imo", "GPE"),
             ("Taraba", "GPE")]  # fmt: skip
    mapped = _mapped(text, found)
    assert (mapped["Edo"], mapped["Imo"]) == ("NGA", "NGA")
    assert _mapped("Cases rose in Edo.", [("Edo", "GPE")])["Edo"] != "NGA"
    assert candidates("Ha") == ()


def test_the_parts_of_a_country_name_joined_by_and_are_its_regions() -> None:
    """countryinfo 0.1.2 files "Tobago" as Timor-Leste's only province (Reuters-21578 read
    the Tobago of "Trinidad and Tobago" as Timor-Leste) and lists no Herzegovina or
    Futuna; a part shared by two names, a part that is a word of another reading
    ("Turks", a demonym) and the country's own names stay as they were."""
    from analysis.divisions import name_parts

    parts = name_parts([("Trinidad and Tobago", "TTO"), ("Wallis and Futuna", "WLF"),
                        ("Saint Vincent and the Grenadines", "VCT"), ("France", "FRA"),
                        ("Abc and Cde", "AAA"), ("Abc and Efg", "BBB")])  # fmt: skip
    assert parts == {
        "Trinidad": "TTO", "Tobago": "TTO", "Wallis": "WLF", "Futuna": "WLF",
        "Saint Vincent": "VCT", "Grenadines": "VCT", "Cde": "AAA", "Efg": "BBB",
    }  # fmt: skip
    for name, iso3 in [("Tobago", "TTO"), ("Herzegovina", "BIH"), ("Futuna", "WLF")]:
        assert [(c.iso3, c.rule) for c in candidates(name)] == [(iso3, "region")]
    assert candidates("Turks")[0].rule == "demonym"
    assert candidates("Trinidad")[0].rule == "name"
    text = "Floods hit Tobago on Monday, officials in Port of Spain said."
    assert _mapped(text, [("Tobago", "GPE")])["Tobago"] == "TTO"
