"""The gazetteer: exact, case-aware lookups of country names, demonyms, places."""

from __future__ import annotations

import pytest

from analysis.gazetteer import candidates, gazetteer_patterns, place_country
from analysis.geo_sources import country_name
from analysis.place_spelling import normalise


@pytest.mark.parametrize(
    ("text", "iso3"),
    [
        ("Iran", "IRN"),
        ("Iran's", "IRN"),
        ("Iran’s", "IRN"),
        ("the United States", "USA"),
        ("US", "USA"),
        ("U.S.", "USA"),
        ("the U.S.'s", "USA"),
        ("UK", "GBR"),
        ("Britain", "GBR"),
        ("South Korea", "KOR"),
        ("North Korea", "PRK"),
        ("Ivory Coast", "CIV"),
        ("Russia", "RUS"),
        ("Iranian", "IRN"),
        ("Americans", "USA"),
        ("Chinese", "CHN"),
        ("French", "FRA"),
        ("Britons", "GBR"),
        ("Damascus", "SYR"),
        ("TEHRAN", "IRN"),
        ("Niger", "NER"),
        ("Nigeria", "NGA"),
        ("Georgia", "GEO"),
        ("Ohio", "USA"),
        ("Gaza", "PSE"),
        ("the West Bank", "PSE"),
        ("Hong Kong", "HKG"),
        ("the Kremlin", "RUS"),
        ("Washington", "USA"),
        ("Kiev", "UKR"),
        ("Erbil", "IRQ"),
    ],
)
def test_place_country_known_forms(text: str, iso3: str) -> None:
    assert place_country(text) == iso3


@pytest.mark.parametrize(
    "text",
    [
        "Arab",
        "Zionists",
        "Islamic",
        "us",  # the pronoun, not the country
        "china",  # porcelain
        "Perugia's Peru",  # no substring matching
        "Iranians in Europe",
        "Reading",  # a town, but first a common word: needs document context
        "Mobile",
        "Of",
        "Islamic Republic",  # Iran only when the document names Iran
        "",
    ],
)
def test_place_country_unknown_or_ambiguous(text: str) -> None:
    assert place_country(text) is None


def test_perugia_is_italy_not_peru() -> None:
    assert place_country("Perugia") == "ITA"


def test_niger_never_maps_to_nigeria() -> None:
    assert {c.iso3 for c in candidates("Niger")} == {"NER"}


def test_normalise_trims_article_possessive_dots_and_punctuation() -> None:
    assert normalise(" the U.S.'s ") == "US"
    assert normalise("(Gaza)") == "Gaza"
    assert normalise("Iran’s") == "Iran"
    assert normalise("The Hague") == "Hague"


def test_georgia_readings_include_the_us_state() -> None:
    readings = {(c.iso3, c.rule) for c in candidates("Georgia")}
    assert {("GEO", "name"), ("USA", "us_state")} <= readings


@pytest.mark.parametrize(
    ("iso3", "name"),
    [
        ("IRN", "Iran"),
        ("USA", "United States"),
        ("PSE", "Palestine"),
        ("SYR", "Syria"),
        ("RUS", "Russia"),
        ("FRA", "France"),
    ],
)
def test_country_name_is_the_common_short_name(iso3: str, name: str) -> None:
    assert country_name(iso3) == name


def test_gazetteer_patterns_label_places_and_demonyms() -> None:
    by_pattern = {p["pattern"]: p for p in gazetteer_patterns()}
    assert by_pattern["Iran"] == {"label": "GPE", "pattern": "Iran", "id": "IRN"}
    assert by_pattern["Iranian"]["label"] == "NORP"
    assert by_pattern["Damascus"]["id"] == "SYR"
    assert by_pattern["Ohio"]["label"] == "GPE"
    assert "Arab" not in by_pattern
    assert "Reading" not in by_pattern


def test_gazetteer_patterns_drive_a_blank_entity_ruler() -> None:
    spacy = pytest.importorskip("spacy")
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("entity_ruler")
    wanted = {"Iran", "Iranian", "Damascus", "Gaza"}
    ruler.add_patterns([p for p in gazetteer_patterns() if p["pattern"] in wanted])
    doc = nlp("Iranian officials met in Damascus to discuss Gaza and Arab unity.")
    assert [(e.text, e.label_, e.ent_id_) for e in doc.ents] == [
        ("Iranian", "NORP", "IRN"),
        ("Damascus", "GPE", "SYR"),
        ("Gaza", "GPE", "PSE"),
    ]


# --- towns and first-level divisions -----------------------------------------------------


def test_small_towns_are_kept_apart_from_the_gazetteer() -> None:
    from analysis.gazetteer import town_candidates

    (chiefland,) = town_candidates("Chiefland")  # ~2,200 people, Florida
    assert (chiefland.iso3, chiefland.rule, chiefland.admin1) == ("USA", "town", "FL")
    assert candidates("Chiefland") == ()  # context-free lookups never see towns
    assert place_country("Chiefland") is None


def test_town_lookup_reads_datelines_in_capitals() -> None:
    from analysis.gazetteer import town_candidates
    from analysis.place_spelling import string_capwords

    assert string_capwords("ISLE OF PALMS") == "Isle of Palms"
    assert [c.admin1 for c in town_candidates("ISLE OF PALMS")] == ["SC"]
    assert town_candidates("PATASKALA") or candidates("PATASKALA")


def test_excluded_and_common_word_towns() -> None:
    from analysis.gazetteer import town_candidates

    assert town_candidates("Arab") == ()  # a town in Alabama, never a place here
    hope = town_candidates("Hope")
    assert hope and all(c.needs_context for c in hope)


def test_namesake_cities_keep_their_state() -> None:
    states = {c.admin1 for c in candidates("Alexandria") if c.iso3 == "USA"}
    assert {"VA", "LA"} <= states
    (tenn,) = [c for c in candidates("Tenn.") if c.rule == "us_state"]
    assert tenn.admin1 == "TN"
    assert {c.admin1 for c in candidates("Rapides Parish")} == {"LA"}


@pytest.mark.parametrize(
    ("text", "iso3"),
    [("Cancun", "MEX"), ("Bogota", "COL"), ("Sao Paulo", "BRA"), ("Zurich", "CHE")],
)
def test_a_city_written_without_its_accents_is_that_city(text: str, iso3: str) -> None:
    top = candidates(text)[0]
    # Its own name, not an alternate one ("Cancun" is also listed for a Chinese city).
    assert (top.iso3, top.alias) == (iso3, False)


@pytest.mark.parametrize("text", ["D.", "The D", "Lil"])
def test_fragments_of_alternate_names_are_not_cities(text: str) -> None:
    assert candidates(text) == ()


def test_dotted_abbreviations_stay_alternate_names() -> None:
    assert candidates("L.A.")[0].iso3 == "USA"


def test_towns_file_is_sorted_by_name_for_the_bisection() -> None:
    import gzip

    from analysis.gazetteer import _towns
    from analysis.geo_sources import TOWNS_FILE

    with gzip.open(TOWNS_FILE, "rb") as fh:
        lines = fh.read().decode("utf-8").splitlines()
    names = [line.partition("\t")[0] for line in lines]
    assert names == sorted(names)
    # The bisection compares whole lines: it needs no name to hold a character that
    # sorts below the tab ("A\x01" would sort before "A\t...").
    assert all(min(name) > "\t" for name in names)
    # Every record of a name is found, in file order.
    first, last = names[0], names[-1]
    records = [ln.partition("\t")[2] for ln in lines if ln.startswith(first + "\t")]
    assert _towns().get(first) == records
    assert _towns().get(last) and _towns().get(last + "zz") is None


def test_common_words_from_native_country_names_are_not_places() -> None:
    from analysis.gazetteer import candidates

    # countryinfo lists Iceland as "Ísland" and the Isle of Man as "Mann".
    assert candidates("Island") == () and candidates("Mann") == ()
    assert candidates("Iceland")[0].iso3 == "ISL"


def test_equal_readings_are_one_object_in_the_table() -> None:
    """The table shares equal candidates and equal tuples of them (fewer objects for
    the garbage collector to scan in every process): the same values, deduplicated."""
    from analysis.gazetteer import gazetteer

    table = gazetteer()
    readings = [c for found in table.values() for c in found]
    assert len({id(c) for c in readings}) == len(set(readings)) < len(readings)
    assert len({id(found) for found in table.values()}) == len(set(table.values()))
