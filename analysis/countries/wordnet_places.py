"""Islands, deserts, ranges and regions WordNet places in one country (rule
``wordnet_places``): "Hebrides" (United Kingdom), "Negev" (Israel), "Kordofan" (Sudan),
"Transvaal" (South Africa), "Urals" (Russia).

GeoNames, the gazetteer's source, lists populated places and divisions; news names
islands, deserts, mountain ranges and historic regions as often. WordNet 3.0 says which
country such a place is part of (its part holonyms). The table is
``analysis/data/wordnet_places.tsv``, built by ``analysis/data/build_wordnet_places.py``
(which kinds of place, which names are left out and why: see there). A name is read so
only when the gazetteer has no reading for it; a town of the same name elsewhere stays
an option context may choose ("Moravia" is also a town in New York).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from analysis.gazetteer_entries import Candidate
from analysis.geo_sources import country_population
from analysis.place_spelling import normalise

DATA = Path(__file__).resolve().parents[1] / "data" / "wordnet_places.tsv"


@lru_cache(maxsize=1)
def _places() -> dict[str, str]:
    """Name -> ISO3 of the WordNet places (names listed in two countries left out)."""
    found: dict[str, set[str]] = {}
    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()]
    for name, iso3, _kind in (r for r in rows if len(r) == 3 and r[0] != "name"):
        found.setdefault(name, set()).add(iso3)  # comment lines hold no tab
    return {name: codes.pop() for name, codes in found.items() if len(codes) == 1}


@lru_cache(maxsize=50_000)
def wordnet_place(text: str) -> tuple[Candidate, ...]:
    """The reading of ``text`` as a place WordNet puts in one country (a "region" of
    that country, with the country's population), or ()."""
    key = normalise(text)
    iso3 = _places().get(key)
    if iso3 is None and key.isupper() and len(key) > 3:
        iso3 = _places().get(key.title())  # "JAVA" in a headline
    if iso3 is None:
        return ()
    return (Candidate(iso3, "region", country_population().get(iso3, 0)),)
