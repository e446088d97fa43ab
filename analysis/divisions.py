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
from collections.abc import Iterator
from pathlib import Path

#: The shipped GeoNames places (analysis/data/README.md): rows ``kind iso3 admin1 name
#: id lat lon``; ``kind`` "division" is a first-level division.
PLACES_FILE = Path(__file__).parent / "data" / "places.tsv.gz"
#: Continents, multi-country and disputed regions (analysis/data/world_regions.json):
#: a division named so ("Kashmir", "Sahel", "Balkan") is left to rule world_regions.
REGIONS_FILE = Path(__file__).parent / "data" / "world_regions.json"

#: The shape of a division name taken: plain Latin letters, spaces, dots, hyphens.
_NAME = re.compile(r"[A-Z][A-Za-z .-]{3,}")
#: A last word that makes the name a body of water's ("Red Sea", a governorate of
#: Egypt and a state of Sudan, is read as the sea first).
_WATER = frozenset({"sea", "ocean", "gulf", "bay", "lake"})


def is_generic(name: str, generic_words: frozenset[str]) -> bool:
    """Whether every word of ``name`` ("Central Region", "Far North") is a generic word
    (casefolded), or its last word names water ("Red Sea"); such a name says no place."""
    words = re.split(r"[\s-]+", name.casefold())
    return all(w in generic_words for w in words) or words[-1] in _WATER


def division_names(generic_words: frozenset[str]) -> Iterator[tuple[str, str, str]]:
    """``(name, iso3, admin1)`` of every first-level division outside the US whose
    GeoNames name is specific (:func:`is_generic`) and plainly written: ("Michoacan",
    "MEX", "16"), ("Attica", "GRC", "35"). Read from :data:`PLACES_FILE`."""
    data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
    regions = {n.casefold() for n in (*data["regions"], *data["disputed"])}
    with gzip.open(PLACES_FILE, "rt", encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            kind, iso3, admin1, name = row[:4]
            if kind != "division" or iso3 == "USA" or not _NAME.fullmatch(name):
                continue
            if (
                not is_generic(name, generic_words)
                and not {
                    name.casefold(),
                    name.casefold() + "s",
                }
                & regions
            ):
                yield name, iso3, admin1
