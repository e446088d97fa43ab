"""Islands, deserts, ranges and regions WordNet places in one country (rule
``wordnet_places``): "Hebrides" (United Kingdom), "Negev" (Israel), "Kordofan" (Sudan),
"Transvaal" (South Africa), "Urals" (Russia); and the streets and buildings WordNet
also names as an institution of one country, read as its metonyms ("Wall Street", the
US securities industry; "Quai d'Orsay", the French foreign ministry; branch ctry21).

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


#: The kind column of the rows that name an institution of a country by its street or
#: building (build_wordnet_places.METONYM_KIND): read as a "metonym", not a "region".
METONYM_KIND = "metonym"


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, str]]:
    """Name -> (ISO3, reading rule) of the WordNet places and metonyms (names listed in
    two countries left out)."""
    found: dict[str, set[tuple[str, str]]] = {}
    rows = [line.split("\t") for line in DATA.read_text(encoding="utf-8").splitlines()]
    for name, iso3, kind in (r for r in rows if len(r) == 3 and r[0] != "name"):
        rule = "metonym" if kind == METONYM_KIND else "region"
        found.setdefault(name, set()).add((iso3, rule))  # comment lines hold no tab
    return {name: codes.pop() for name, codes in found.items() if len(codes) == 1}


@lru_cache(maxsize=50_000)
def wordnet_place(text: str) -> tuple[Candidate, ...]:
    """The reading of ``text`` as a place WordNet puts in one country (a "region" of
    that country, with the country's population), or as a street or building WordNet
    names for an institution of one country (a "metonym": "Wall Street", "Quai
    d'Orsay"; branch ctry21), or ()."""
    key = normalise(text)
    found = _places().get(key)
    if found is None and key.isupper() and len(key) > 3:
        found = _places().get(key.title())  # "JAVA" in a headline
    if found is None:
        return ()
    iso3, rule = found
    return (Candidate(iso3, rule, country_population().get(iso3, 0)),)
