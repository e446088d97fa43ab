"""Readings: the candidate countries of one surface form, before context.

:func:`_reading` classifies a surface form under the reading rules switched on
(:class:`analysis.countries.rules.CountryRules`): ``fixed`` when context cannot change
it, else the ``options`` a document chooses from (best first) and the ``default`` when
it says nothing. Cached per (form, rules, context): a corpus repeats its names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache

from analysis.countries.division_types import typed_division
from analysis.countries.lexicon import (
    _ADMIN_WORDS,
    _FEATURES,
    disputed_regions,
    successor_states,
    world_regions,
)
from analysis.countries.rules import DEFAULT_CONTEXT, ContextRules, CountryRules
from analysis.countries.wordnet_places import wordnet_place
from analysis.divisions import is_division
from analysis.gazetteer import candidates, division_keys, town_candidates
from analysis.gazetteer_entries import Candidate
from analysis.place_spelling import normalise

#: Readings that no other reading overrides, except a US state overriding a country
#: name ("Georgia") when the document is about the US.
_STRONG_RULES = frozenset({"name", "territory", "demonym", "us_state", "us_county", "metonym"})


#: Context may pick a smaller namesake city over the most populous one only when the
#: namesake has at least 1/_CONTEXT_POPULATION_RATIO of its population.
_CONTEXT_POPULATION_RATIO = 20


#: A compass or size word before a place: "Northern Syria", "Greater London".
_DIRECTION = re.compile(
    r"^(?:North|South|East|West|Northern|Southern|Eastern|Western|Central|Upper|Lower|"
    r"Greater|Downtown|Metro|Metropolitan|Rural|Suburban|(?:North|South)[ -]?(?:East|West)|"
    r"(?:North|South)(?:east|west)(?:ern)?|[NS]\.? ?[EW]\.?|[NSEW]\.)\s+(?P<rest>.+)$"
)


#: A street, square or park: "North Street" is a street before it is a Scottish village.
_STREET = re.compile(
    r"\b(?:Street|St|Road|Rd|Avenue|Ave|Boulevard|Blvd|Lane|Drive|Square|Park|Court|Way|"
    r"Place|Plaza|Highway|Hwy|Circle|Terrace|Trail)\.?$"
)


@dataclass(frozen=True)
class _Reading:
    """How one surface form maps: ``fixed`` when context cannot change it, else
    ``options`` (best first) for the document to choose from, and ``default`` when
    the document says nothing. ``division`` is the first-level division a fixed
    reading names unambiguously (a US state's or county's postal code), else ""."""

    fixed: Candidate | None
    options: tuple[Candidate, ...] = ()
    default: Candidate | None = None
    division: str = ""
    head: str = ""  # the name it is read by (place_head): "Trent" for "Trent Bridge"
    inner: bool = False  # the head is a name inside the surface form, not the form itself

    @property
    def is_town(self) -> bool:
        """Whether the options are small towns (never read into a demonym-like NORP)."""
        return bool(self.options) and self.options[0].rule == "town"


def _allowed(text: str, rules: CountryRules) -> tuple[Candidate, ...]:
    if not rules.historic_successor and is_historic_state(text):
        return ()  # "Soviet Union": a split state names no country of its own
    return tuple(c for c in candidates(text) if rules.allows(c.rule))


def is_historic_state(text: str) -> bool:
    """Whether ``text`` names a former state that split into several countries
    ("Soviet Union", "USSR", "Czechoslovakia": analysis/data/world_regions.json)."""
    return bool(successor_states(text))


#: A compass point's initial with its dot before a name ("N. Korea", "N. Ireland"): the
#: names spelt out ("North Korea", "Northern Ireland") are read before the name after
#: the initial ("Korea", "Ireland": another country).
_COMPASS_INITIAL = re.compile(r"^(?P<letter>[NSEW])\.\s*(?P<rest>[A-Z].*)$")
_COMPASS = {"N": ("North", "Northern"), "S": ("South", "Southern"),
            "E": ("East", "Eastern"), "W": ("West", "Western")}  # fmt: skip


def _compass_state(text: str, rules: CountryRules) -> tuple[Candidate, ...]:
    """The US state a compass initial marks a part of ("S. Georgia": south Georgia, the
    state, not South Georgia in the South Atlantic), when the name spelt out is no US
    state; () otherwise. "S. Carolina", "W. Virginia" (states spelt out), "N. Korea" and
    "N. Ireland" (no US state after the initial) are read spelt out (:func:`_inner_forms`).
    Review F9 of the issue-18 review."""
    spelled = _COMPASS_INITIAL.match(normalise(text))
    if spelled is None:
        return ()
    states = tuple(c for c in _allowed(spelled["rest"], rules) if c.rule == "us_state")
    names = (f"{w} {spelled['rest']}" for w in _COMPASS[spelled["letter"]])
    if not states or any(c.rule == "us_state" for n in names for c in candidates(n)):
        return ()
    return states


def _inner_forms(text: str) -> list[str]:
    """Places named inside a longer place or facility name, whole words only.

    "N. Korea" -> "North Korea", "Northern Korea", "Korea"; "North West England" ->
    "England"; "Vancouver International Airport" -> "Vancouver"; "the Henderson County
    Jail" -> "Henderson County", "Henderson".
    """
    key = normalise(text)
    spelled = _COMPASS_INITIAL.match(key)  # "N. Korea" is North Korea before it is Korea
    forms = [f"{w} {spelled['rest']}" for w in _COMPASS[spelled["letter"]]] if spelled else []
    rest = key
    while direction := _DIRECTION.match(rest):  # "North West England" -> "England"
        rest = direction.group("rest")
        forms.append(rest)
    words = key.split()
    for n in range(len(words) - 1, 0, -1):
        # "Guernsey County Court" is in Guernsey County, not in Guernsey.
        if words[n - 1] in _ADMIN_WORDS or (words[n] in _FEATURES and words[n] not in _ADMIN_WORDS):
            forms.append(" ".join(words[:n]))
    return forms


@lru_cache(maxsize=200_000)
def _reading(text: str, rules: CountryRules, context: ContextRules = DEFAULT_CONTEXT) -> _Reading:
    """Classify a surface form under ``rules``: unknown, fixed, or context-dependent;
    with the name it is read by (:func:`place_head`)."""
    # A region of the world is read by its whole name: "Central America" is not named
    # by its "America" (rule qualifiers reads such a name as no place a qualifier moves).
    region = context.world_regions and _is_world_region(text)
    head = normalise(text) if region else place_head(text, rules, context)
    return replace(_read(text, rules, context), head=head, inner=head != normalise(text))


def _read(text: str, rules: CountryRules, context: ContextRules) -> _Reading:
    """:func:`_reading` without its head."""
    if context.world_regions and _is_world_region(text):
        return _Reading(None)  # "South America" is no country, nor is its "America"
    found = _allowed(text, rules) or _compass_state(text, rules)
    if not found and context.division_types and rules.allows("region"):
        found = typed_division(text)  # "Borno State", "Hubei province"
    if not found and context.wordnet_places:  # "Negev", "Kordofan"; "Wall Street"
        found = tuple(c for c in wordnet_place(text) if rules.allows(c.rule))
    if not context.division_names and normalise(text) in division_keys():
        found = ()  # rule division_names off: "Michoacan" is read by no list
    if context.historic_names:
        found = _own_names_first(_prefer_large_alias(found))
    if found and all(is_division(c) for c in found):
        # A division is one option among the town readings of its name, never the
        # reason to skip them: "Funafuti" alone is still the town (review 13, M2).
        towns = _town_reading(text, rules, context)
        return _Reading(None, (*towns.options, *found), towns.default)
    for inner in () if found else _inner_forms(text):
        # Inside a longer name only well-known places count: not regions ("Coast"),
        # not words that need context.
        found = tuple(
            c for c in _allowed(inner, rules) if c.rule != "region" and not c.needs_context
        )
        if found:
            break
    if not found:
        return _town_reading(text, rules, context)
    top = found[0]
    if top.rule in _STRONG_RULES and not top.needs_context:
        if top.rule != "name":
            return _fixed(top, found)
        namesakes = tuple(
            c
            for c in (*found, *_namesake_towns(text, found, rules, context))
            if c.rule in ("us_state", "city", "capital", "town")
            and c.iso3 != top.iso3
            and not c.needs_context
        )
        return _Reading(None, (top, *namesakes), top) if namesakes else _Reading(top)
    found = (*found, *_namesake_towns(text, found, rules, context))
    if len({c.iso3 for c in found}) == 1 and not any(c.needs_context for c in found):
        return _fixed(top, found)
    return _Reading(None, found, next((c for c in found if not c.needs_context), None))


@lru_cache(maxsize=200_000)
def place_head(text: str, rules: CountryRules, context: ContextRules = DEFAULT_CONTEXT) -> str:
    """The name a surface form is read by: its own normalised form, or the place named
    inside a longer name that :func:`_reading` reads it by ("Trent Bridge" -> "Trent",
    "Green Square" -> "Green"). Two mentions with one head name one place: neither is
    other evidence for the other's country (rules strays, alias_strays)."""
    key = normalise(text)
    if _allowed(text, rules):
        return key
    for inner in _inner_forms(text):
        if any(c.rule != "region" and not c.needs_context for c in _allowed(inner, rules)):
            return normalise(inner)
    return key


def name_key(head: str) -> str:
    """The key of the name a mention is read by (:func:`place_head`), in any case: a
    headline's "DOME" and the body's "Dome" are one name, one place (rules strays and
    alias_strays, the evidence "same name"). Provenance: Reuters-21578, where "DOME" in a
    headline counted as another place beside five "Dome"s (Dome Petroleum), so the name
    read as Dome, Ghana was no stray."""
    return head.casefold()


#: How many times larger a city named so by an alternate (often historic) name must be
#: than the largest city of that very name for the alternate to be the default reading:
#: "Calcutta" is Kolkata (4.6 million), not Calcutta, South Africa (36,000).
_HISTORIC_POPULATION_RATIO = 10


def _prefer_large_alias(found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """``found`` with a city known by an alternate name moved before the namesake
    cities it outweighs :data:`_HISTORIC_POPULATION_RATIO` times (GeoNames alternate
    names: "Calcutta", "Bombay", "Leningrad"); unchanged otherwise."""
    cities = [c for c in found if c.rule in ("city", "capital")]
    alias = max((c for c in cities if c.alias), key=lambda c: c.population, default=None)
    own = [c for c in cities if not c.alias]
    if alias is None or not own or found.index(alias) < found.index(own[0]):
        return found
    if alias.population < _HISTORIC_POPULATION_RATIO * max(c.population for c in own):
        return found
    first = found.index(own[0])
    rest = tuple(c for c in found if c is not alias)
    return (*rest[:first], alias, *rest[first:])


def _own_names_first(found: tuple[Candidate, ...]) -> tuple[Candidate, ...]:
    """``found`` with every strong reading by a name of its own (a country, territory,
    state, metonym) moved before a city known by that name only as an alternate:
    "White House" is the US president's seat before it is Casablanca (GeoNames lists
    the translation "White House" among Casablanca's alternate names)."""
    if not found or not found[0].alias:
        return found
    own = tuple(c for c in found if c.rule in _STRONG_RULES and not c.alias and not c.needs_context)
    if not own:
        return found
    return (*own, *(c for c in found if c not in own))


def _is_world_region(text: str) -> bool:
    """Whether ``text`` is a continent, ocean or multi-country region, or a disputed
    region (analysis/data/world_regions.json); a name in capitals of four letters or
    more is also read in title case, as the gazetteer reads one ("MIDEAST OIL" in a
    headline: analysis.gazetteer.candidates)."""
    key = normalise(text)
    if key.isupper() and len(key) > 3:
        key = key.title()
    return key in world_regions() or key in disputed_regions()


def _namesake_towns(
    text: str, found: tuple[Candidate, ...], rules: CountryRules, context: ContextRules
) -> tuple[Candidate, ...]:
    """Towns named like a larger place, for a document that names their state or puts
    it right after ("Belgrade, Minn."); they rank below every larger reading."""
    if not (context.towns and rules.allows("town")):
        return ()
    known = {(c.iso3, c.admin1) for c in found}
    return tuple(c for c in town_candidates(text) if (c.iso3, c.admin1) not in known)


def _fixed(top: Candidate, found: tuple[Candidate, ...]) -> _Reading:
    """A reading context cannot change, with its division when all readings share it."""
    divisions = {c.admin1 for c in found if c.iso3 == top.iso3}
    return _Reading(top, division=top.admin1 if len(divisions) == 1 else "")


def _town_reading(text: str, rules: CountryRules, context: ContextRules) -> _Reading:
    """A place nothing larger explains, read as a town: ``options`` for the document
    to choose from; the default only when every town of that name is in one country."""
    if not (context.towns and rules.allows("town")) or _STREET.search(text):
        return _Reading(None)
    towns = town_candidates(text)
    if not towns:
        return _Reading(None)
    lone = context.lone_towns and len({c.iso3 for c in towns}) == 1
    return _Reading(None, towns, towns[0] if lone and not towns[0].needs_context else None)


#: The shape of an English place name: a settlement suffix ("Cookville", "Hardeetown",
#: "Harwinton") or a feature word ending it ("Sand Creek Township", "Flint Hills").
#: Model errors tagged GPE ("City", "Titan", "Pawlenty") have neither.
_PLACE_SHAPE = re.compile(
    r"^[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)*?(?:(?:ville|town|ton|burg|burgh|boro|borough|field|"
    r"wood|dale|land|port|ford|ham|mont|vale|view|haven|chester|minster|bury|stead|wick|"
    r"worth)|\s(?:Township|Hills?|Heights|Creek|Ridge|Springs|Falls|Lake|Valley|Beach|Harbou?r|"
    r"Bay|Point|Grove|Junction|Crossing|Corners?|Village|Estates|Meadows|Mills?|Station))$"
)


@lru_cache(maxsize=200_000)
def _unknown_name(text: str) -> bool:
    """A name shaped like a place that the gazetteer knows by no reading (not a
    street)."""
    return (
        _PLACE_SHAPE.match(text) is not None
        and not candidates(text)
        and not town_candidates(text)
        and not _STREET.search(text)
        and not _inner_forms(text)
    )


#: A town or city smaller than this, in a country a document never names while it
#: names others, is more likely a misread name than a trip abroad ("Tanya" in a story
#: set in Ohio is a person, not a Mexican village).
_STRAY_POPULATION = 100_000


def small_place(candidate: Candidate | None) -> bool:
    """Whether ``candidate`` is a town or city under :data:`_STRAY_POPULATION` people:
    a place rule "strays" may drop. The one test of the last round's
    :func:`_small_fixed_place` and the scoring step's evidence "stray"."""
    return (
        candidate is not None
        and candidate.rule in ("city", "town")
        and candidate.population < _STRAY_POPULATION
    )


@lru_cache(maxsize=200_000)
def _small_fixed_place(text: str, rules: CountryRules, context: ContextRules) -> bool:
    """Whether ``text`` reads as one small place (:func:`small_place`): its fixed
    reading, or the default of a town whose every namesake is in one country (rule
    lone_towns: "Partizan" of "Partizan Belgrade", a Russian village of 2,462, is as
    much a stray beside Belgrade as a fixed one; review 8, finding 2)."""
    reading = _reading(text, rules, context)
    top = reading.fixed
    default = reading.default
    if top is None and default is not None and default.rule == "town":
        # Its towns only: a division of the name is an option, not a namesake town.
        towns = {c.iso3 for c in reading.options if c.rule == "town"}
        top = default if len(towns) == 1 else None
    return small_place(top)
