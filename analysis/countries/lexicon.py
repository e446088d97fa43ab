"""Word lists and phrase patterns of the country rules, loaded once from
``analysis/data/country_lexicon.json`` (its ``_about`` and ``_licence`` keys say where
they come from; ``_meaning`` says what each list is for).

In: nothing. Out: module constants (frozensets of words, compiled patterns). The
gazetteer proper (country names, cities, towns) is :mod:`analysis.gazetteer`.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from typing import Any

from analysis.gazetteer import candidates
from analysis.geo_sources import DATA_DIR
from analysis.name_data import company_suffixes
from analysis.place_spelling import normalise

#: The data file of this module (the cache key of the build hashes analysis/data).
LEXICON_FILE = DATA_DIR / "country_lexicon.json"


@lru_cache(maxsize=1)
def lexicon() -> dict[str, Any]:
    """The parsed lexicon file (read once per process)."""
    return json.loads(LEXICON_FILE.read_text(encoding="utf-8"))


_DATA = lexicon()

#: Head words that make "<place> <word> ..." a facility or feature in that place.
_FEATURES: frozenset[str] = frozenset(_DATA["feature_words"])
#: Last words of the names of seas, oceans and straits: such a name is in no one country
#: (rule co_mentioned; country_lexicon.json "marine_heads").
_MARINE_HEADS: frozenset[str] = frozenset(_DATA["marine_heads"])
#: Words naming a court's level that open its name before "Court" ("Supreme Court",
#: "Superior Court"): the court's title, not a town (cue inside_names; lexicon
#: "court_levels").
_COURT_LEVELS: frozenset[str] = frozenset(_DATA["court_levels"])
#: Words that end the name of an administrative area ("Henry County").
_ADMIN_WORDS: frozenset[str] = frozenset(_DATA["admin_words"])
#: Words that make "<place> <word> ..." an organisation of that place.
_INSTITUTION: frozenset[str] = _FEATURES | frozenset(_DATA["institution_words"])
#: Casefolded words that end an organisation's name (lexicon "organisation_heads", and
#: the legal forms of data/company_suffixes.txt): "Cairo Pictures", "Valley Conference".
ORGANISATION_HEADS: frozenset[str] = frozenset(
    w.casefold() for w in _DATA["organisation_heads"]
) | frozenset(company_suffixes())
#: Institution words only a place's own government or services carry.
_LOCAL_GOVERNMENT: frozenset[str] = frozenset(_DATA["local_government_words"])
#: Nouns a demonym modifies without speaking of its country (a regex alternation).
_CULTURE_NOUNS: str = _DATA["culture_nouns"]
#: Words after a former state's demonym that date or place the thing outside today's
#: country ("Soviet-era", "a former Soviet republic"), a regex alternation.
_FORMER_STATE_NOUNS: str = _DATA["former_state_nouns"]
#: The nouns two demonyms joined by "and"/"or" modify together: food, music, language
#: ("Greek and Italian food"; not "Indian and Nigerian students"), a regex alternation.
_JOINED_CULTURE_NOUNS: str = _DATA["joined_culture_nouns"]
#: Nouns of an international meeting or its outcome a city's name modifies as its venue
#: ("the Venice summit", "the Paris accord"), a regex alternation (rule venues).
_VENUE_NOUNS: str = _DATA["venue_nouns"]
#: The venue nouns of a meeting held at a place, read before "in"/"at" and a city's name
#: ("the latest talks in Geneva", "the economic summit in Venice"; rule venues).
_VENUE_MEETING_NOUNS: str = _DATA["venue_meeting_nouns"]
#: Nouns after a place's name that make it an event's name, not the place it happens
#: ("the Uruguay round"), a regex alternation (rule org_homes).
_EVENT_NAME_NOUNS: str = _DATA["event_name_nouns"]
#: Capitalised heads of the names of apartment complexes and lodgings ("the Spanish Oaks
#: Apartments"): a demonym opening such a name names no country.
_LODGING_HEADS: tuple[str, ...] = tuple(_DATA["lodging_heads"])
#: Phrases of US local government and politics, by kind (regex source).
_US_CIVIC: dict[str, str] = dict(_DATA["us_civic"])
#: A lower-case word each US civic phrase contains, by kind.
_US_CIVIC_HINTS: dict[str, tuple[str, ...]] = {
    kind: tuple(words) for kind, words in _DATA["us_civic_hints"].items()
}
#: Kinds of :data:`_US_CIVIC` Commonwealth local news uses as much ("city council"):
#: alone they make no story local to the US (rule civic_shared).
_US_CIVIC_SHARED: frozenset[str] = frozenset(_DATA["us_civic_shared"])
#: Markers of one Commonwealth country's local news, by ISO3.
_LOCAL_MARKERS: dict[str, re.Pattern[str]] = {
    iso3: re.compile(pattern) for iso3, pattern in _DATA["local_markers"].items()
}
#: Spellings and offices of Commonwealth English.
_COMMONWEALTH_RE: re.Pattern[str] = re.compile(_DATA["commonwealth"])
#: Verbs of speech that keep a name tagged PERSON a person when they follow it
#: ("Hamilton said"), in the order the file lists them.
SPEECH_VERBS: tuple[str, ...] = tuple(_DATA["speech_verbs"])

#: Compass adjectives a writer puts between a place and its qualifier ("London,
#: southwestern Ontario"), as the lexicon lists them (lower-case).
COMPASS_ADJECTIVES: tuple[str, ...] = tuple(_DATA["compass_adjectives"])
#: One of them, in any case ("southwestern", "South-Western"), longest first.
_COMPASS_WORD = (
    "(?i:" + "|".join(re.escape(w) for w in sorted(COMPASS_ADJECTIVES, key=len, reverse=True)) + ")"
)
#: Nouns of a country's divisions that with "of" place the name before them as a comma
#: does ("the Kasese district of Uganda"; lexicon "qualifier_division_nouns", ctry19).
DIVISION_NOUNS: tuple[str, ...] = tuple(_DATA["qualifier_division_nouns"])
#: What may stand between a place and its qualifier (issue 18, review 8 finding 3): a
#: comma, then an optional "in" and one compass adjective ("London, Ontario", "London,
#: southwestern Ontario", "London, in southwestern Ontario"), an opening bracket
#: ("London (Ontario)", whose closing bracket :func:`qualifier_closed` checks), or one of
#: :data:`DIVISION_NOUNS` and "of", then the same optional compass adjective ("the Haj
#: Omran area of northern Iraq").
QUALIFIER_GAP = re.compile(
    rf"\s*(?:(?P<comma>,)\s*(?P<in>in\s+)?|(?P<bracket>\()\s*"
    rf"|(?<=\w)\s+(?P<division>(?:{'|'.join(DIVISION_NOUNS)})\s+of\s+))"
    rf"(?P<compass>(?:{_COMPASS_WORD})\s+)?"
)
#: What stands between two items of a list after such a qualifier (", southern Germany
#: and Spain", ", in Germany and in Spain"): "and"/"or" or a comma, then the same
#: optional "in" and compass adjective (review 10, finding 5).
LIST_GAP = re.compile(
    rf"\s*(?:,\s*(?:(?:and|or)\s+)?|(?:and|or)\s+)(?:in\s+)?(?:(?:{_COMPASS_WORD})\s+)?"
)
#: The most characters :data:`QUALIFIER_GAP` may span (", in north-western ", " municipality
#: of north-western ").
QUALIFIER_GAP_REACH = (
    max(2 + len("in "), 2 + max(map(len, DIVISION_NOUNS)) + len(" of "))
    + max(map(len, COMPASS_ADJECTIVES))
    + 4
)


def qualifier_gap(text: str, end: int, start: int) -> re.Match[str] | None:
    """The match of :data:`QUALIFIER_GAP` spanning exactly ``text[end:start]`` (the
    characters between a place ending at ``end`` and its qualifier starting at
    ``start``), else None."""
    return QUALIFIER_GAP.fullmatch(text, end, start)


def qualifier_closed(gap: re.Match[str], text: str, end: int) -> bool:
    """Whether the qualifier ending at ``end``, after ``gap`` (a :func:`qualifier_gap`
    match), is complete: a bracketed one needs its closing bracket ("London (Ontario)";
    not "London (Ontario's capital...")."""
    return gap.group("bracket") is None or re.match(r"\s*\)", text[end : end + 3]) is not None


#: A possessive right after a qualifier ("Nigel Lawson, Britain's Chancellor").
_POSSESSIVE_AFTER = re.compile(r"['’][sS]\b")
#: The word right after a bracketed qualifier's closing bracket ("Victa (U.K.) Ltd").
_WORD_AFTER_BRACKET = re.compile(r"\s*\)[ \t]*(?P<word>[A-Za-z]+)")


def qualifier_refused(
    gap: re.Match[str], text: str, end: int, *, country: str | None, town: str | None = None
) -> bool:
    """Whether the qualifier ending at ``end`` after ``gap`` (a :func:`qualifier_gap`
    match) is no qualifier though its words are a place (review 12, C1 and C2):

    * a country's name (``country``: its iso3, None when the qualifier is no country's
      name) in the possessive after a comma opens an apposition, which says what the
      name before it is, not where: "Nigel Lawson, Britain's Chancellor", "Alitalia,
      Italy's airline" -- unless the name before it (``town``) has a place reading in
      that very country, when the apposition names its country too: "San Jose, Costa
      Rica's capital", "Tripoli, Lebanon's second city" (review 14, H1; ``town`` None:
      refused, the caller cannot tell). A state's possessive is left as it was:
      "London, Ontario's mayor";
    * a bracketed place followed by a company's legal form belongs to a company's name:
      "Victa (U.K.) Ltd", "Morgan Stanley (Jersey) Ltd" (the legal forms:
      ``analysis/data/company_suffixes.txt``).

    The one test of both readers of qualifiers (analysis.countries.evidence:qualifier_rows
    and the gazetteer pass's cue "qualified", analysis.countries.cues)."""
    if country and gap.group("comma") is not None and _POSSESSIVE_AFTER.match(text, end):
        return not (town and _reads_in(town, country))
    if gap.group("bracket") is None:
        return False
    after = _WORD_AFTER_BRACKET.match(text, end)
    return after is not None and after.group("word").casefold() in company_suffixes()


@lru_cache(maxsize=50_000)
def _reads_in(town: str, iso3: str) -> bool:
    """Whether the gazetteer has a place reading of ``town`` in country ``iso3``."""
    return any(c.iso3 == iso3 for c in candidates(town))


#: A capitalised word on the same line right after a name: the name goes on ("Washington
#: County", "Alberta Energy Co", "New York Stock Exchange"). Written for the qualifier
#: rule (issue 18): a state, province or country after a comma qualifies the place before
#: it only when its name ends there, so "Moscow, Washington County's agent" names no
#: state. A possessive or anything lower-case ends the name ("London, Ontario's mayor").
_NAME_GOES_ON = re.compile(r"[ \t]+(?P<word>[A-Z][^\s,;:!?()\"]*)")
#: A possessive ending in capitals ("COUNTY'S").
_CAPITAL_POSSESSIVE = re.compile(r"['’]S$")


def _all_capitals(text: str, end: int) -> bool:
    """Whether the line holding ``text[end - 1]`` has no lower-case letter (a headline or
    wire text in capitals), where a capital opens every word and tells no longer name."""
    start = text.rfind("\n", 0, end) + 1
    stop = text.find("\n", end)
    return not any(c.islower() for c in text[start : stop if stop >= 0 else len(text)])


def name_goes_on(text: str, end: int) -> bool:
    """Whether the capitalised name ending at ``text[end]`` is only the first word(s) of
    a longer name (:data:`_NAME_GOES_ON`). A name closed by a dot ("S.C.", "Tenn.", a
    sentence's "Texas.") ends there, whatever capital opens the next sentence. On a line
    in capitals ("PARIS, TEXAS KILLS TWO") the capital says nothing, so the name goes on
    only into a word the lexicon declares as one that continues a place's name into an
    area's or organisation's (:data:`_INSTITUTION`: "WASHINGTON COUNTY", "TEXAS STATE
    UNIVERSITY"; not "TEXAS KILLS"). The one test of every reader of qualifiers
    (analysis.countries.evidence:qualifier_rows, the gazetteer pass's cue "qualified",
    analysis.countries.cues, and the division after a place in analysis.places)."""
    if not 0 < end <= len(text) or text[end - 1] == ".":
        return False  # offsets outside the text (bad input) continue nothing
    after = _NAME_GOES_ON.match(text, end)
    if after is None:
        return False
    if not _all_capitals(text, end):
        return True
    word = _CAPITAL_POSSESSIVE.sub("", after.group("word")).rstrip(".")
    return word.capitalize() in _INSTITUTION


#: Continents, oceans and multi-country regions, and disputed regions (with their
#: claimants): analysis/data/world_regions.json (provenance in its ``_about``).
REGIONS_FILE = DATA_DIR / "world_regions.json"


@lru_cache(maxsize=1)
def _regions_data() -> dict[str, Any]:
    return json.loads(REGIONS_FILE.read_text(encoding="utf-8"))


@lru_cache(maxsize=1)
def world_regions() -> frozenset[str]:
    """Names of continents, oceans and regions that span several countries: never one
    country ("South America", "Middle East", "Balkans")."""
    return frozenset(_regions_data()["regions"])


@lru_cache(maxsize=1)
def disputed_regions() -> dict[str, tuple[str, ...]]:
    """Disputed region name -> the ISO3 codes of the countries that claim it."""
    return {name: tuple(codes) for name, codes in _regions_data()["disputed"].items()}


@lru_cache(maxsize=1)
def historic_states() -> dict[str, tuple[str, ...]]:
    """Name of a former state that split into several countries ("Soviet Union",
    "Czechoslovakia") -> the ISO3 codes of its successor states (world_regions.json
    ``historic``): it names no country of its own unless rule historic_successor is on.
    Keyed by the name normalised and case-folded ("ussr", "soviet union")."""
    data = _regions_data()["historic"]
    return {normalise(name).casefold(): tuple(codes) for name, codes in data.items()}


def successor_states(text: str) -> tuple[str, ...]:
    """The successor states of the former state ``text`` names, () if it names none."""
    return historic_states().get(normalise(text).casefold(), ())


#: Country-code top-level domains read as a source's home country:
#: analysis/data/domain_countries.json (provenance in its ``_about``).
DOMAINS_FILE = DATA_DIR / "domain_countries.json"


@lru_cache(maxsize=1)
def domain_countries() -> tuple[dict[str, str], frozenset[str]]:
    """(ccTLD -> ISO3 for the ccTLDs that are not their country's alpha-2 code,
    ccTLDs used without regard to their country, which name no home)."""
    data = json.loads(DOMAINS_FILE.read_text(encoding="utf-8"))
    return dict(data["exceptions"]), frozenset(data["generic"])


#: Lexicalised common-noun compounds opened by a place's name or a demonym ("brussels
#: sprout", "Panama hat", "Turkish bath"): analysis/data/place_compounds.tsv, derived
#: from Open English WordNet by analysis/data/build_place_compounds.py.
COMPOUNDS_FILE = DATA_DIR / "place_compounds.tsv"


@lru_cache(maxsize=1)
def place_compounds() -> dict[str, re.Pattern[str]]:
    """Casefolded opening (the place words) -> a pattern matching the text right after
    it when that text is one of its compounds' lower-case tails ("sprout", "sprouts",
    "hats"): whitespace, the tail, an optional plural ending, no letter after it."""
    tails: dict[str, list[str]] = {}
    lines = COMPOUNDS_FILE.read_text(encoding="utf-8").splitlines()
    rows = [line for line in lines if line and not line.startswith("#")]
    for line in rows[1:]:  # the comment header, then the column names
        opening, _, tail = line.partition("\t")
        tails.setdefault(opening, []).append(tail)
    return {
        opening: re.compile(
            r"\s+(?:"
            + "|".join(r"\s+".join(map(re.escape, t.split())) for t in sorted(found, key=len)[::-1])
            + r")(?:s|es)?(?![\w-])"
        )
        for opening, found in tails.items()
    }
