"""First-level divisions of GeoNames as region names the gazetteer lacks.

The gazetteer's regions come from countryinfo, which writes many first-level divisions
by their full official or native name ("Michoacan de Ocampo", "Veracruz-Llave") or
leaves them out ("Attica", "Inner Mongolia", "Amhara"), while English news writes the
short English name GeoNames keeps (admin1CodesASCII, shipped in
``analysis/data/places.tsv.gz``: "Michoacan", "Attica"). This module lists those names
(issue 18, "common regions left unmapped"; branch ctry9). It only lists: the
gazetteer (:mod:`analysis.gazetteer`) decides which become readings and how.

A division name is left out when it is made of generic words only ("Western", "Central
Region", "Capital", "Far North": lexicon ``division_generic_words`` of
``country_aliases.json``), ends in a sea's word ("Red Sea"), is shorter than four
letters, is not written in plain Latin letters, or is a world or disputed region's name
(``world_regions.json``, or that name plus "s": "Balkan"). US states are their own rule.
"""

from __future__ import annotations

import csv
import gzip
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path

#: The shipped GeoNames places (analysis/data/README.md): rows ``kind iso3 admin1 name
#: id lat lon``; ``kind`` "division" is a first-level division.
PLACES_FILE = Path(__file__).parent / "data" / "places.tsv.gz"
#: Continents, multi-country and disputed regions (analysis/data/world_regions.json):
#: a division named so ("Kashmir", "Sahel", "Balkan") is left to rule world_regions.
REGIONS_FILE = Path(__file__).parent / "data" / "world_regions.json"
#: Division names reviewed by hand (analysis/data/division_names_reviewed.json), each with
#: its reason: names news uses for a river ("Blue Nile": left out) or for another
#: country's place ("Ulster": Northern Ireland, read GBR; "Fukien": Fujian, read CHN).
REVIEWED_FILE = Path(__file__).parent / "data" / "division_names_reviewed.json"
#: Every file a value derived here depends on (this module's source, its data files):
#: the gazetteer's on-disk cache is keyed on their bytes (review 13, M4).
SOURCES = (Path(__file__), PLACES_FILE, REGIONS_FILE, REVIEWED_FILE)

#: The shape of a division name taken: plain Latin letters, spaces, dots, hyphens; three
#: characters at least ("Edo", "Imo": Nigerian states news names bare in lists of
#: states; a two-letter name such as Bhutan's "Ha" is an abbreviation's shape). Four
#: until the sentence_countries session (docs/countries-history.md, branch sent).
_NAME = re.compile(r"[A-Z][A-Za-z .-]{2,}")
#: A last word that makes the name a body of water's ("Red Sea", a governorate of
#: Egypt and a state of Sudan, is read as the sea first).
_WATER = frozenset({"sea", "ocean", "gulf", "bay", "lake"})


def is_generic(name: str, generic_words: frozenset[str]) -> bool:
    """Whether every word of ``name`` ("Central Region", "Far North") is a generic word
    (casefolded), or its last word names water ("Red Sea"); such a name says no place."""
    words = re.split(r"[\s-]+", name.casefold())
    return generic_words_only(name, generic_words) or words[-1] in _WATER


def generic_words_only(name: str, generic_words: frozenset[str]) -> bool:
    """Whether every word of ``name`` (split at spaces and hyphens, casefolded) is one of
    ``generic_words`` ("Central Region", "South-East")."""
    return all(w in generic_words for w in re.split(r"[\s-]+", name.casefold()))


def is_division(candidate: object) -> bool:
    """Whether a gazetteer reading (:class:`analysis.gazetteer.Candidate`) is one this
    module's rule gives: a region with its GeoNames division that needs its country
    named (countryinfo's regions carry no division code)."""
    return (
        getattr(candidate, "rule", "") == "region"
        and bool(getattr(candidate, "needs_context", False))
        and bool(getattr(candidate, "admin1", ""))
    )


def division_names(generic_words: frozenset[str]) -> Iterator[tuple[str, str, str]]:
    """``(name, iso3, admin1)`` of every first-level division outside the US whose
    GeoNames name is specific (:func:`is_generic`) and plainly written: ("Michoacan",
    "MEX", "16"), ("Attica", "GRC", "35"). Read from :data:`PLACES_FILE`; the names of
    :data:`REVIEWED_FILE` are left out or read in the country it gives ("Ulster" ->
    ("Ulster", "GBR", "NIR"))."""
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    regions = {n.casefold() for n in (*data["regions"], *data["disputed"])}
    reviewed = json.loads(REVIEWED_FILE.read_text(encoding="utf-8"))
    excluded, read_as = set(reviewed["excluded"]), reviewed["read_as"]
    with gzip.open(PLACES_FILE, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            kind, iso3, admin1, name = row[:4]
            if kind != "division" or iso3 == "USA" or not _NAME.fullmatch(name):
                continue
            if name in excluded or is_generic(name, generic_words):
                continue
            if not {name.casefold(), name.casefold() + "s"} & regions:
                home = read_as.get(name, {"iso3": iso3, "admin1": admin1})
                yield name, home["iso3"], home["admin1"]


def province_lists(records: Iterable[dict]) -> dict[str, list[str]]:
    """countryinfo's per-country ``records`` -> ``{iso3: its provinces}``, in order, without
    repeats; US states left out (their own rule). countryinfo 0.1.2 has two records for
    some codes ("Palestine" with its governorates, then "Palestine, State of" with none;
    also VAT and CUW): their lists are merged, never the last one kept (review 13, H1: a
    dict keyed by code lost Jenin, Qalqilya and North Gaza)."""
    lists: dict[str, list[str]] = {}
    for info in records:
        iso3 = info.get("ISO", {}).get("alpha3")
        if iso3 in (None, "USA"):
            continue
        mine = lists.setdefault(iso3, [])
        mine.extend(p for p in dict.fromkeys(info.get("provinces") or []) if p not in mine)
    return lists


#: How many names of a country's province list (countryinfo) must be GeoNames divisions
#: of one other country, and of that country only, for the list to be that country's:
#: below it a shared name is a namesake ("Toledo", Spain and Belize).
MISFILED_MIN = 3


def _division_countries() -> dict[str, frozenset[str]]:
    """Folded, case-folded division name -> the countries GeoNames has a first-level
    division of that name in (US states included)."""
    found: dict[str, set[str]] = {}
    with gzip.open(PLACES_FILE, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            if row[0] == "division":
                found.setdefault(_key(row[3]), set()).add(row[1])
    return {key: frozenset(codes) for key, codes in found.items()}


def _key(name: str) -> str:
    """A division name's comparison key: without accents, case-folded ("Équateur" ->
    "equateur")."""
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return plain.casefold()


def name_parts(names: Iterable[tuple[str, str]]) -> dict[str, str]:
    """``{part: iso3}`` for the parts of country names joined by "and" (``names``:
    (ISO 3166 short name, iso3) pairs): "Trinidad and Tobago" -> Trinidad, Tobago;
    "Saint Vincent and the Grenadines" -> Saint Vincent, Grenadines; "Wallis and Futuna".
    Each part is an island or a region of that country that news names alone ("flooding
    on Tobago"); countryinfo 0.1.2 files Tobago as Timor-Leste's only province (the
    Trinidad and Tobago and Timor-Leste ISO codes are TT and TL; FIPS gives Timor-Leste
    TT), and leaves Herzegovina, Futuna and Saint Vincent out. A part shared by two
    countries' names is neither's."""
    found: dict[str, set[str]] = {}
    for name, iso3 in names:
        parts = [p.strip() for p in name.split(" and ")]
        if len(parts) < 2:
            continue
        for part in parts:
            part = part.removeprefix("the ")
            if _NAME.fullmatch(part):
                found.setdefault(part, set()).add(iso3)
    return {part: next(iter(c)) for part, c in found.items() if len(c) == 1}


def province_countries(
    lists: dict[str, list[str]], parts: Mapping[str, str] | None = None
) -> dict[tuple[str, str], str]:
    """Corrections to countryinfo's province lists (``lists``: iso3 -> its provinces), as
    ``{(iso3, province): the country it is in}``. countryinfo 0.1.2 files the two
    Congos' provinces under each other and Spain's regions under South Sudan, and merges
    Andorra's parishes into Angola's list ("Equateur" read as the Republic of the Congo,
    "Aragon" as South Sudan). Checked against GeoNames' first-level divisions:

    * a list that names none of its own country's divisions while at least
      :data:`MISFILED_MIN` of its names are divisions of one other country only is that
      country's, whole (its other names too: "Andalucia");
    * a list that holds another country's whole list (Angola's holds Andorra's), each
      name of which is a division of that country only, gives those names back to it;
    * a name that is a part of another country's name (``parts``, :func:`name_parts`:
      "Tobago" in Timor-Leste's list) is that country's.
    """
    countries = _division_countries()
    moves: dict[tuple[str, str], str] = {}
    for iso3, provinces in lists.items():
        for p in provinces:
            if (owner := (parts or {}).get(p)) is not None and owner != iso3:
                moves[iso3, p] = owner
        owners = [countries.get(_key(p), frozenset()) for p in provinces]
        if not any(iso3 in o for o in owners):
            single = [next(iter(o)) for o in owners if len(o) == 1]
            target = max(set(single), key=single.count, default=None)
            if target is not None and single.count(target) >= MISFILED_MIN:
                moves.update({(iso3, p): target for p in provinces})
        keys = {_key(p): p for p in provinces}
        for other, theirs in lists.items():
            mine = [keys.get(_key(p)) for p in theirs]
            if other == iso3 or len(theirs) < MISFILED_MIN or None in mine:
                continue
            if all(countries.get(_key(p)) == {other} for p in theirs):
                moves.update({(iso3, p): other for p in mine if p is not None})
    return moves
