"""How the gazetteer's table is built: every way a country, city, region or state is named,
read from the packages and the curated file (:mod:`analysis.geo_sources`), each as a
:class:`Candidate` reading, grouped by lookup key and sorted best first
(:func:`derive_gazetteer`). :mod:`analysis.gazetteer` caches the table and looks names up.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from analysis import divisions
from analysis.geo_sources import (
    MIN_CITY_POPULATION,
    aliases,
    city_records,
    city_stopwords,
    country_population,
    countryinfo_records,
    excluded,
    geonames,
    iso2_to_iso3,
)
from analysis.name_data import common_nouns, wordnet_names
from analysis.place_spelling import (
    ABBREVIATION,
    MIN_OWN_HEAD_LETTERS,
    PLAIN_LETTERS,
    QUALIFIER,
    ascii_fold,
    head_key,
    normalise,
    own_spelling,
)

#: Alternate city names (e.g. "Kiev", "Bombay") are used only for large cities: the
#: alternate names of small towns are full of short ambiguous words.
MIN_ALTNAME_POPULATION = 100_000

#: Rule families in the order a context-free lookup prefers them.
RULE_ORDER: tuple[str, ...] = (
    "name",
    "territory",
    "demonym",
    "us_state",
    "us_county",
    "capital",
    "city",
    "region",
    "metonym",
    "town",
)
_PRIORITY = {rule: i for i, rule in enumerate(RULE_ORDER)}
#: Population given to curated entries so that they sort before package ones.
_CURATED = 10**12

# AP-style state abbreviations (dots are removed by normalise: "N.Y." -> "NY"), with
# the state's postal code (GeoNames' admin1 code for US places). Provenance: the AP
# Stylebook's "state names" entry (the forms datelines and text use; Alaska, Hawaii,
# Idaho, Iowa, Maine, Ohio, Texas and Utah are not abbreviated): all 42 of its forms are
# here (checked by tests/analysis/test_state_abbreviations.py, issue 18), plus "Penn",
# "Tex" (older wire forms: Reuters-21578 datelines), "DC" and "WVa" without its dot.
US_STATE_ABBREVIATIONS = {
    "Ala": "AL",
    "Ariz": "AZ",
    "Ark": "AR",
    "Calif": "CA",
    "Colo": "CO",
    "Conn": "CT",
    "Fla": "FL",
    "Ga": "GA",
    "Ill": "IL",
    "Kan": "KS",
    "Ky": "KY",
    "Md": "MD",
    "Mass": "MA",
    "Mich": "MI",
    "Minn": "MN",
    "Miss": "MS",
    "Mont": "MT",
    "Neb": "NE",
    "Nev": "NV",
    "NH": "NH",
    "NJ": "NJ",
    "NM": "NM",
    "NY": "NY",
    "NC": "NC",
    "ND": "ND",
    "Okla": "OK",
    "Penn": "PA",
    "RI": "RI",
    "SC": "SC",
    "SD": "SD",
    "Tenn": "TN",
    "Tex": "TX",
    "Vt": "VT",
    "Wis": "WI",
    "Wyo": "WY",
    "DC": "DC",
    "Ind": "IN",
    "Pa": "PA",
    "Va": "VA",
    "Wash": "WA",
    "Ore": "OR",
    "Del": "DE",
    "La": "LA",
    "Mo": "MO",
    "WVa": "WV",
    "W.Va": "WV",
}


@dataclass(frozen=True)
class Candidate:
    """One reading of a surface form.

    ``needs_context``: take this reading only when the same document otherwise names
    ``iso3`` (a city named like a common word or person, a conditional metonym).
    ``alias``: matched by a city's alternate name ("Kiev", "Salisbury" for Harare),
    which ranks below any city of that name (the sort order and every displacement
    read it).
    ``own_form``: of an ``alias``, the city's own name written another way ("Lodz",
    "Duesseldorf", "Frankfurt"; :func:`analysis.place_spelling.own_spelling`), which
    only rule alias_strays reads (:attr:`other_name`): it changes no ranking (review 4,
    F1).
    ``admin1``: the GeoNames first-level division of a city, town, US state or
    county ("LA" for Alexandria, Louisiana and for "Rapides Parish"), "" otherwise.
    """

    iso3: str
    rule: str
    population: int = 0
    needs_context: bool = False
    alias: bool = False
    admin1: str = ""
    own_form: bool = False

    @property
    def other_name(self) -> bool:
        """Whether this reading is by an alternate name that is not the city's own name
        however spelt ("Kiev", "Alia" for Aley, "Trent" for Trento): the readings rule
        alias_strays may drop."""
        return self.alias and not self.own_form


def _country_name_entries() -> Iterator[tuple[str, Candidate]]:
    """Official, short and alternative country names from the three packages."""
    import pycountry

    # A name shared by two countries ("Korea", "Congo") goes to the more populous.
    pop = country_population()
    for country in geonames().get_countries().values():
        yield country["name"], Candidate(country["iso3"], "name", pop.get(country["iso3"], 0))
    for country in pycountry.countries:
        iso3 = country.alpha_3
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                yield value, Candidate(iso3, "name", pop.get(iso3, 0))
                if ", " in value:  # "Iran, Islamic Republic of" -> "Iran"
                    yield value.split(", ")[0], Candidate(iso3, "name", pop.get(iso3, 0))
    for info in countryinfo_records():
        iso3 = info.get("ISO", {}).get("alpha3")
        for value in [info.get("name"), *info.get("altSpellings", [])]:
            # altSpellings mixes in ISO codes ("IR", "IRN"): those are not names.
            if iso3 and value and not re.fullmatch(r"[A-Z]{2,3}", value):
                yield value, Candidate(iso3, "name", pop.get(iso3, 0))
    for iso3, names in aliases()["names"].items():
        for value in names:
            # Curated names outrank package ones that share the key.
            yield value, Candidate(iso3, "name", _CURATED)


def _demonym_entries() -> Iterator[tuple[str, Candidate]]:
    """Demonyms and their plurals ("Iranian", "Iranians"), curated ones last."""
    population = country_population()
    for info in countryinfo_records():
        iso3, demonym = info.get("ISO", {}).get("alpha3"), info.get("demonym")
        if iso3 and demonym:
            pop = population.get(iso3, 0)
            yield demonym, Candidate(iso3, "demonym", pop)
            if not re.search(r"(?:ese|ish|ch|ss|s|i)$", demonym):
                yield demonym + "s", Candidate(iso3, "demonym", pop)
    # Curated forms outrank the package's ("Dominican" -> DOM); a former state's are
    # conditional ("Soviet" only beside Russia: review 14, M2).
    for key, context in (("demonyms", False), ("conditional_demonyms", True)):
        for iso3, value in ((i, v) for i, forms in aliases()[key].items() for v in forms):
            yield value, Candidate(iso3, "demonym", _CURATED, needs_context=context)


def _us_state_entries() -> Iterator[tuple[str, Candidate]]:
    """US state names and AP abbreviations -> USA."""
    for state in geonames().get_us_states().values():
        yield state["name"], Candidate("USA", "us_state", admin1=state["code"])
    for abbreviation, code in US_STATE_ABBREVIATIONS.items():
        yield abbreviation, Candidate("USA", "us_state", admin1=code)
    for county in geonames().get_us_counties():
        # "Henry County", "Rapides Parish": US counties are named nowhere else so.
        yield county["name"], Candidate("USA", "us_county", admin1=county["state"])


def _city_entries() -> Iterator[tuple[str, Candidate]]:
    """Cities with population >= 15,000 (capitals flagged), by name and alt names."""
    iso3 = iso2_to_iso3()
    capitals = {(c["capital"], c["iso3"]) for c in geonames().get_countries().values()}
    stopwords = city_stopwords()
    claims = _city_name_claims()
    for city in city_records():
        code, pop = iso3.get(city["countrycode"]), city.get("population") or 0
        if code is None or pop < MIN_CITY_POPULATION:
            continue
        rule = "capital" if (city["name"], code) in capitals else "city"
        admin1 = str(city.get("admin1code") or "")
        yield city["name"], Candidate(code, rule, pop, city["name"] in stopwords, admin1=admin1)
        for name in _city_alternate_names(city, pop):
            own = own_spelling(name, city["name"], claims.get(normalise(name), 0) > 1)
            yield name, Candidate(code, rule, pop, name in stopwords, True, admin1, own)


def _city_name_claims() -> dict[str, int]:
    """Lookup key -> how many cities (of >= 15,000 people) bear it as their name, their
    name without accents or one of their alternate names: a name two cities bear is
    neither's own form (:func:`analysis.place_spelling.own_spelling`; review 4, F1 and F5)."""
    claims: dict[str, int] = {}
    for city in city_records():
        pop = city.get("population") or 0
        if pop < MIN_CITY_POPULATION:
            continue
        names = {city["name"], ascii_fold(city["name"]), *_city_alternate_names(city, pop)}
        for key in {normalise(n) for n in names}:
            claims[key] = claims.get(key, 0) + 1
    return claims


def _folded_city_entries(
    entries: Iterable[tuple[str, Candidate]],
) -> Iterator[tuple[str, Candidate]]:
    """The large cities (>= :data:`MIN_ALTNAME_POPULATION` people) of ``entries`` under
    their name without accents, as English news writes them ("Cancun", "Zurich"); see
    :func:`analysis.gazetteer.gazetteer`. Not smaller cities': their folded names took
    over large cities' alternate names ("San Sebastian") and people's names ("Suarez",
    "Otsuka") for no gain on dev (branch ctry9 admitted them; review 13, M1 and M3)."""
    stopwords = city_stopwords()
    for name, city in entries:
        if (
            city.rule in ("city", "capital")
            and not city.alias
            and city.population >= MIN_ALTNAME_POPULATION
            and not name.isascii()
        ):
            plain = ascii_fold(name.translate(PLAIN_LETTERS))  # "ø" -> "o", "ł" -> "l"
            if plain != name and len(plain) >= 4 and plain not in stopwords:
                yield plain, city


def derive_short_heads() -> frozenset[str]:
    heads = set()
    for city in city_records():
        if (city.get("population") or 0) < MIN_ALTNAME_POPULATION:
            continue
        for m in QUALIFIER.finditer(city["name"]):
            head = city["name"][: m.start()]
            if sum(ch.isalpha() for ch in head) < MIN_OWN_HEAD_LETTERS:
                heads.add(head_key(head))
    return frozenset(heads)


def _city_alternate_names(city: dict, population: int) -> list[str]:
    """Latin-script alternate names of a large city ("Kiev", "Bombay"); [] otherwise.

    An alternate name ranks below every city of that name (see :func:`_sort_key`), and
    below a large city's own name written without accents: "Cancun" is Cancún, not a
    Chinese city that lists it (see :func:`analysis.gazetteer.gazetteer`).
    """
    if population < MIN_ALTNAME_POPULATION:
        return []
    return [
        alt
        for alt in city.get("alternatenames", [])
        if len(alt) >= 4
        # Not a fragment: "The D" (Detroit), "Lil'" (Lille); "L.A." and "D.C." are fine.
        and (len(normalise(alt)) >= 4 or ABBREVIATION.fullmatch(alt))
        and alt != city["name"]
        and alt[0].isupper()
        and re.fullmatch(r"[A-Za-z .'-]+", alt)
    ]


def _region_entries() -> Iterator[tuple[str, Candidate]]:
    """First-level regions from countryinfo ("Tipperary", "Punjab", "Ontario").

    Native or annotated spellings ("Krym (Simferopol')") and very short names are
    skipped; regions named like a common word or person ("Clare", "Victoria") need
    document context. A province countryinfo files under another country than the one
    GeoNames puts it in ("Equateur" under the Republic of the Congo) is read in
    GeoNames' country (:func:`analysis.divisions.province_countries`: a data fix, not a
    switchable rule; branch ctry9).
    """
    stopwords = city_stopwords() | set(aliases()["region_stopwords"])
    generic = frozenset(aliases()["division_generic_words"])
    cities = frozenset(normalise(city["name"]) for city in city_records())
    population = country_population()
    # A region named like a country or US state ("Niger" State of Nigeria, "Ohio" in
    # some records) would compete with the far more common reading.
    taken = {normalise(text) for text, _ in _country_name_entries()}
    taken |= {normalise(text) for text, _ in _us_state_entries()}
    lists = divisions.province_lists(countryinfo_records())
    moved = divisions.province_countries(lists, _name_parts())
    for iso3, provinces in lists.items():
        for region in provinces:
            if (
                len(region) >= 4
                and re.fullmatch(r"[A-Z][A-Za-z .-]+", region)
                and normalise(region) not in taken
            ):
                home = moved.get((iso3, region), iso3)
                pop = population.get(home, 0)
                word = region in stopwords or named_like_a_word(region, generic, cities)
                yield region, Candidate(home, "region", pop, word)


def named_like_a_word(region: str, generic_words: frozenset[str], cities: frozenset[str]) -> bool:
    """Whether a first-level region's name is also a word or a name that says no place,
    so that it reads its country only where the story names it otherwise:

    * an English common noun (``data/common_nouns.tsv.gz``, WordNet 3.0: "Mountain" of
      the Philippines, "Lake" of New Zealand, "Forest" of Guernsey) or a name WordNet
      knows only as no place ("Bruce", "St. Andrew": ``data/wordnet_names.tsv.gz``),
      unless a city of 15,000 people or more is called so (``cities``: lookup keys):
      a name the world gives its cities is used as a place's ("Somerset", "Derby",
      "Oxford" are nouns too; "a supermarket in Somerset" is England's);
    * words that are all generic ("South-East" of Botswana, "National Capital" of Papua
      New Guinea: :func:`analysis.divisions.generic_words_only` of country_aliases.json
      ``division_generic_words``, the test by which GeoNames' divisions are left out).

    Branch ctry28: on the 18,781 Reuters-21578 stories such regions had read
    "South-East Asian", "the Mountain states" and "Lake Superior" in Botswana, the
    Philippines and New Zealand, with no other mention of those countries."""
    folded = region.casefold()
    if folded in common_nouns() or folded in wordnet_names():
        return normalise(region) not in cities
    return divisions.generic_words_only(region, generic_words)


def _name_parts() -> dict[str, str]:
    """{part: iso3} of the ISO 3166 short names joined by "and" (pycountry):
    :func:`analysis.divisions.name_parts`."""
    import pycountry

    return divisions.name_parts((c.name, c.alpha_3) for c in pycountry.countries)


def _name_part_entries(taken: set[str]) -> list[tuple[str, Candidate]]:
    """A part of a country's name ("Tobago", "Herzegovina", "Futuna") as a region of
    that country where no other entry in ``taken`` (lookup keys) reads it: "Trinidad"
    and "Antigua" are already names of their countries, "Turks" a demonym."""
    population = country_population()
    return [
        (part, Candidate(iso3, "region", population.get(iso3, 0)))
        for part, iso3 in _name_parts().items()
        if normalise(part) not in taken
    ]


def _division_entries(taken: set[str]) -> list[tuple[str, Candidate]]:
    """First-level divisions by their GeoNames English name that no other entry in
    ``taken`` (lookup keys) reads: "Michoacan", "Attica", "Inner Mongolia" (module
    :mod:`analysis.divisions`). Each reads its country only in a document that otherwise
    names it (``needs_context``): a division name nobody curated may be a word, a person
    or a namesake elsewhere ("Diana" in Madagascar, "Attica" prison in New York)."""
    generic = frozenset(aliases()["division_generic_words"])
    population = country_population()
    return [
        (name, Candidate(iso3, "region", population.get(iso3, 0), True, admin1=admin1))
        for name, iso3, admin1 in divisions.division_names(generic)
        if normalise(name) not in taken
    ]


def _territory_and_metonym_entries() -> Iterator[tuple[str, Candidate]]:
    """Curated territories, metonyms and conditional metonyms."""
    curated = aliases()
    for iso3, names in curated["territories"].items():
        for value in names:
            yield value, Candidate(iso3, "territory")
    for iso3, names in curated["conditional_territories"].items():  # also given names
        for value in names:
            yield value, Candidate(iso3, "territory", needs_context=True)
    for iso3, names in curated["metonyms"].items():
        for value in names:
            yield value, Candidate(iso3, "metonym")
    for iso3, names in curated["conditional_metonyms"].items():
        for value in names:
            yield value, Candidate(iso3, "metonym", needs_context=True)


def _all_entries() -> Iterator[tuple[str, Candidate]]:
    yield from _country_name_entries()
    yield from _demonym_entries()
    yield from _us_state_entries()
    yield from _city_entries()
    yield from _region_entries()
    yield from _territory_and_metonym_entries()


def _sort_key(candidate: Candidate) -> tuple[int, bool, int]:
    # Capitals and cities compete on population, names before alternate names;
    # the rest keep RULE_ORDER.
    priority = _PRIORITY[candidate.rule]
    if candidate.rule == "capital":
        priority = _PRIORITY["city"]
    return priority, candidate.alias, -candidate.population


def _merge(
    entries: Iterable[tuple[str, Candidate]], excluded: set[str]
) -> dict[str, tuple[Candidate, ...]]:
    """Group entries by normalised key, one candidate per (iso3, rule, admin1), best
    first: namesake cities and counties of different states stay apart, so that a
    document naming Louisiana can pick Alexandria, Louisiana."""
    grouped: dict[str, dict[tuple[str, str, str], Candidate]] = {}
    for text, candidate in entries:
        key = normalise(text)
        if not key or key in excluded:
            continue
        slot = grouped.setdefault(key, {})
        ident = (candidate.iso3, candidate.rule, candidate.admin1)
        old = slot.get(ident)
        if old is None or _sort_key(candidate) < _sort_key(old):
            slot[ident] = candidate
    # Equal readings and equal reading tuples are one object each (pickle keeps that):
    # 40,653 distinct candidates among 76,721, 39,769 distinct tuples among 71,202 keys.
    # Fewer objects for every collection of the garbage collector to scan, and less
    # memory in each process that loads the table.
    one: dict[object, object] = {}
    return {
        key: one.setdefault(found, found)
        for key, slot in grouped.items()
        for found in [tuple(one.setdefault(c, c) for c in sorted(slot.values(), key=_sort_key))]
    }


def unfolded_entries() -> list[tuple[str, Candidate]]:
    """Every entry but the accent-free names of cities (:func:`_folded_city_entries`):
    the packages' and curated ones, then the parts of country names and the GeoNames
    divisions, each where no earlier entry reads its name."""
    entries = list(_all_entries())
    entries += _name_part_entries({normalise(text) for text, _ in entries})
    entries += _division_entries({normalise(text) for text, _ in entries})
    return entries


def derive_gazetteer() -> dict[str, tuple[Candidate, ...]]:
    entries = unfolded_entries()
    cities = {
        normalise(text)
        for text, c in entries
        if c.rule in ("city", "capital") and not c.alias
    }  # fmt: skip
    folded = [
        (text, c) for text, c in _folded_city_entries(entries) if normalise(text) not in cities
    ]
    return _merge([*entries, *folded], set(excluded()))
