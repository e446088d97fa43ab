"""Review 13 of the countries work (branch ctry9), fixed in branch ctryfix13: countryinfo
records that share a code (H1), accent-free names of mid-size cities (M1, M3), a
division beside the town readings of its name (M2), the gazetteer cache key (M4) and
division names whose news meaning is a river or another country's place (M5).
Invented sentences, and properties over the shipped data."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis import divisions, gazetteer, gazetteer_entries, geo_sources, schema
from analysis.countries import map_countries
from analysis.gazetteer import candidates
from analysis.place_spelling import normalise
from tests.factories import located_rows


def _mapped(text: str, found: list[tuple[str, str]]) -> dict[str, object]:
    """surface -> iso3 (None for none) of ``found`` located in ``text``, mapped."""
    frame = schema.conform(located_rows(text, found), "mentions")
    out = map_countries(frame, texts={"d": text})
    return {r.text: (None if pd.isna(r.iso3) else r.iso3) for r in out.itertuples()}


# --- H1: countryinfo's records that share a code --------------------------------------------


def test_records_sharing_a_code_have_their_province_lists_merged() -> None:
    """countryinfo 0.1.2 has "Palestine" with its governorates, then "Palestine, State
    of" with none: the second must not empty the first's list."""
    records = [
        {"ISO": {"alpha3": "PSE"}, "provinces": ["Jenin", "Qalqilya", "Jenin"]},
        {"ISO": {"alpha3": "PSE"}, "provinces": None},
        {"ISO": {"alpha3": "PSE"}, "provinces": ["Qalqilya", "Salfit"]},
        {"ISO": {"alpha3": "USA"}, "provinces": ["Ohio"]},
        {"name": "no code"},
    ]
    assert divisions.province_lists(records) == {"PSE": ["Jenin", "Qalqilya", "Salfit"]}


def test_every_countryinfo_province_still_reads_its_country() -> None:
    """Property over the shipped data: each province of every countryinfo record that
    the region rule takes (as before branch ctry9: four letters or more, plain letters,
    not a country's or US state's name, not excluded) reads its country, or the country
    GeoNames puts it in where countryinfo misfiles the whole list (the deliberate
    corrections of :func:`analysis.divisions.province_countries`, and "Tobago", a part of
    Trinidad and Tobago's name, filed under Timor-Leste)."""
    records = geo_sources.countryinfo_records()
    lists: dict[str, list[str]] = {}  # every record's list, merged by code
    for info in records:
        code = info.get("ISO", {}).get("alpha3")
        if code not in (None, "USA"):
            mine = lists.setdefault(code, [])
            mine += [p for p in info.get("provinces") or [] if p not in mine]
    moved = divisions.province_countries(lists, gazetteer_entries._name_parts())
    taken = {normalise(t) for t, _ in gazetteer_entries._country_name_entries()}
    taken |= {normalise(t) for t, _ in gazetteer_entries._us_state_entries()}
    taken |= geo_sources.excluded()
    lost = []
    for info in records:
        iso3 = info.get("ISO", {}).get("alpha3")
        for region in info.get("provinces") or [] if iso3 not in (None, "USA") else []:
            if len(region) < 4 or not re.fullmatch(r"[A-Z][A-Za-z .-]+", region):
                continue
            if normalise(region) in taken:
                continue
            home = moved.get((iso3, region), iso3)
            if not any(c.iso3 == home and c.rule == "region" for c in candidates(region)):
                lost.append((iso3, region, home))
    assert lost == []


def test_the_palestinian_governorates_are_read() -> None:
    text = "Israeli troops raided Jenin and Qalqilya on Tuesday."
    got = _mapped(text, [("Israeli", "NORP"), ("Jenin", "GPE"), ("Qalqilya", "GPE")])
    assert got == {"Israeli": "ISR", "Jenin": "PSE", "Qalqilya": "PSE"}
    for name in ("Salfit", "Deir al-Balah", "North Gaza"):
        assert candidates(name)[0].iso3 == "PSE", name


# --- M1, M3: accent-free names of cities under 100,000 people -----------------------------


@pytest.fixture(scope="module")
def unfolded() -> dict[str, tuple]:
    """The gazetteer's readings without any accent-free city name."""
    return gazetteer_entries._merge(
        gazetteer_entries.unfolded_entries(), set(geo_sources.excluded())
    )


def test_no_key_is_read_by_the_accent_free_name_of_a_mid_size_city(unfolded) -> None:  # type: ignore[no-untyped-def]
    """Property: a key whose first reading differs from the readings without folded
    names, or that only folded names add, is read as a city of 100,000 or more. Branch
    ctry9's mid-size names moved 35 keys ("San Sebastian" to Guatemala) and added 5,000
    ("Suarez", "Encarnacion", "Otsuka")."""
    least = gazetteer_entries.MIN_ALTNAME_POPULATION
    for key, readings in gazetteer.gazetteer().items():
        before = unfolded.get(key)
        if before is None or before[0] != readings[0]:
            top = readings[0]
            assert top.rule in ("city", "capital") and top.population >= least, (key, top)


def test_no_pattern_is_added_for_a_mid_size_city_s_accent_free_name(unfolded) -> None:  # type: ignore[no-untyped-def]
    """The rule-based pipeline gains no EntityRuler pattern from a folded name of a city
    under 100,000 people ("Luis Suarez scored" is no Colombian city)."""
    least = gazetteer_entries.MIN_ALTNAME_POPULATION
    added = [p for p in gazetteer.gazetteer_patterns() if p["pattern"] not in unfolded]
    small = [p for p in added if gazetteer.gazetteer()[p["pattern"]][0].population < least]
    assert small == []
    assert not {"Suarez", "Encarnacion", "Otsuka", "Marin"} & {p["pattern"] for p in added}


def test_people_and_large_cities_keep_their_readings() -> None:
    """San Sebastian is Donostia (Spain), not the Guatemalan town of 29,000; a surname
    alone is no place."""
    assert _mapped("A bomb exploded in San Sebastian on Monday.", [("San Sebastian", "GPE")]) == {
        "San Sebastian": "ESP"
    }
    for name in ("Suarez", "Marin", "Encarnacion", "Otsuka"):
        text = f"{name} said on Monday the talks had failed."
        assert _mapped(text, [(name, "GPE")]) == {name: None}, name


# --- M2: a division is one option among the town readings of its name ---------------------


def test_a_lone_town_named_like_a_division_is_still_that_town() -> None:
    """Funafuti, Marsaxlokk and Laxey are towns and divisions of one country: alone they
    read that country, as before the divisions were read."""
    for name, iso3 in (("Funafuti", "TUV"), ("Marsaxlokk", "MLT"), ("Laxey", "IMN")):
        assert _mapped(f"Fires spread across {name} on Monday.", [(name, "GPE")]) == {name: iso3}


def test_a_division_does_not_make_a_foreign_namesake_town_the_default() -> None:
    """Alone, Clarendon (Jamaica), Castletown (Isle of Man) and Paola (Malta) are read
    nowhere, not as a namesake town abroad; Attica beside Athens is not in the US."""
    for name in ("Clarendon", "Castletown", "Paola"):
        assert _mapped(f"Fires spread across {name} on Monday.", [(name, "GPE")]) == {name: None}
    got = _mapped("Fires spread from Athens across Attica.", [("Athens", "GPE"), ("Attica", "GPE")])
    assert got["Attica"] != "USA"


# --- M4: the gazetteer's cache key covers the data divisions.py reads ----------------------


def test_divisions_declares_every_file_it_reads() -> None:
    files = {v for k, v in vars(divisions).items() if k.endswith("_FILE")}
    assert files <= set(divisions.SOURCES)
    assert Path(divisions.__file__) in divisions.SOURCES


def test_editing_a_divisions_data_file_changes_the_gazetteer_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An edit of world_regions.json (or any file of divisions.SOURCES) selects another
    cached gazetteer: the stale one ("Attica" still a division after it became a world
    region) is never read."""
    copies = tuple(Path(shutil.copy(p, tmp_path / p.name)) for p in divisions.SOURCES)
    monkeypatch.setattr(divisions, "SOURCES", copies)
    key = gazetteer._data_key.__wrapped__()
    for copy in copies:
        data = copy.read_bytes()
        copy.write_bytes(data + b"\n")
        assert gazetteer._data_key.__wrapped__() != key, copy.name
        copy.write_bytes(data)
    assert gazetteer._data_key.__wrapped__() == key


# --- M5: division names whose news meaning is a river or another country's place ----------


def test_reviewed_division_names_read_their_news_meaning() -> None:
    ulster = (
        "Protestant paramilitaries in Ulster, the British province, kept the ceasefire, "
        "the Irish government said."
    )
    found = [("Ulster", "GPE"), ("British", "NORP"), ("Irish", "NORP")]
    assert _mapped(ulster, found)["Ulster"] == "GBR"
    fukien = "China held exercises off Fukien province, across the strait from Taiwan."
    found = [("China", "GPE"), ("Fukien", "GPE"), ("Taiwan", "GPE")]
    assert _mapped(fukien, found)["Fukien"] == "CHN"
    nile = "Ethiopia's dam on the Blue Nile worries Egypt and Sudan."
    found = [("Ethiopia", "GPE"), ("Blue Nile", "LOC"), ("Egypt", "GPE"), ("Sudan", "GPE")]
    assert _mapped(nile, found)["Blue Nile"] is None
    for river in ("Blue Nile", "White Nile", "River Nile", "Limpopo"):
        assert all(not divisions.is_division(c) for c in candidates(river)), river


def test_bahr_el_ghazal_needs_south_sudan_named() -> None:
    """A South Sudanese region (in Sudan before 2011; Chad has a Barh El Gazel): read
    only where South Sudan is named."""
    alone = "Fighting spread across Bahr el Ghazal on Monday."
    assert _mapped(alone, [("Bahr el Ghazal", "LOC")]) == {"Bahr el Ghazal": None}
    named = "South Sudan said fighting spread across Bahr el Ghazal."
    got = _mapped(named, [("South Sudan", "GPE"), ("Bahr el Ghazal", "LOC")])
    assert got["Bahr el Ghazal"] == "SSD"


def test_every_reviewed_division_name_is_a_geonames_division_with_a_reason() -> None:
    """The reviewed list does not rot: each name is a GeoNames division, each entry says
    why, and each country it reads a name in has that division code."""
    import csv
    import gzip

    with gzip.open(divisions.PLACES_FILE, "rt", encoding="utf-8", newline="") as handle:
        rows = [r for r in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]
    names = {r[3] for r in rows if r[0] == "division"}
    codes = {(r[1], r[2]) for r in rows if r[0] == "division"}
    reviewed = json.loads(divisions.REVIEWED_FILE.read_text(encoding="utf-8"))
    for name, reason in reviewed["excluded"].items():
        assert name in names and len(reason) > 20, name
    for name, home in reviewed["read_as"].items():
        assert name in names and len(home["reason"]) > 20, name
        assert (home["iso3"], home["admin1"]) in codes, name
