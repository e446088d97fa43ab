"""Mentions -> ISO 3166-1 alpha-3 countries, with the rule that matched.

:func:`map_countries` fills ``iso3`` and ``rule`` of a MENTIONS table for place-like
mentions (GPE, LOC, NORP, FAC). Each distinct surface form is looked up once in the
gazetteer (analysis.gazetteer); only forms with several readings ("Georgia", "Paris",
"Reading", "the Islamic Republic") look at their document:

1. a place written right after it ("Paris, Tenn.", "Georgia, USA") decides;
2. else a state or county the document names picks the namesake city or town in it
   ("Alexandria" beside "Rapides Parish" is in Louisiana);
3. else the reading whose country the document names most often by unambiguous
   mentions wins ("Georgia" next to "Atlanta" and "Ohio" is the US state);
4. else the default reading (a country name before a US state, the most populous
   city, a town whose name one country only uses), unless that reading needs context
   (a city called "Reading", a conditional metonym), which then maps to nothing.

Places nothing larger explains are read as towns of 500 to 15,000 people
(analysis.gazetteer.town_candidates). Given the document texts, a demonym modifying
a food or culture word ("French fries") maps to nothing and a country name written
as a hometown ("a Lebanon woman") becomes its namesake town.

:func:`add_place_mentions` (the gazetteer pass) adds places the model missed or
mislabelled, before mapping. :func:`document_countries` weighs each document's
countries (a lone ambiguous city is doubtful). The aggregates (:func:`country_table`,
:func:`surface_forms`, :func:`country_cooccurrence`) read the mapped table. Pure
pandas; no spaCy here.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from functools import lru_cache
from typing import Literal

import numpy as np
import pandas as pd

from analysis import schema
from analysis.entities import sentence_spans
from analysis.gazetteer import (
    Candidate,
    candidates,
    country_name,
    is_state_abbreviation,
    normalise,
    town_candidates,
)

#: spaCy labels that can name a country.
PLACE_LABELS: tuple[str, ...] = ("GPE", "LOC", "NORP", "FAC")

#: Readings that no other reading overrides, except a US state overriding a country
#: name ("Georgia") when the document is about the US.
_STRONG_RULES = frozenset({"name", "territory", "demonym", "us_state", "us_county", "metonym"})

#: Readings that place a document inside a country rather than merely naming it.
_LOCAL_RULES = frozenset({"us_state", "us_county", "city", "territory", "region"})

#: A document is "local" to a country when this many of its unambiguous mentions are
#: places inside it (states, counties, cities); a local document may read a country
#: name it never otherwise supports as a namesake town ("Palestine" beside "Anderson
#: County" and "Texas"), and a world city as its local namesake ("Paris" in Tennessee).
_LOCAL_MIN = 2

#: A following mention at most this many characters after a city ("Paris, Tenn.")
#: qualifies it.
_QUALIFIER_GAP = 3

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

#: Words that end the name of an administrative area ("Henry County").
_ADMIN_WORDS = frozenset({"County", "Parish", "Township", "Borough"})

#: Head words that make "<place> <word> ..." a facility or feature in that place.
_FEATURES = frozenset(
    [
        "City",
        "County",
        "Parish",
        "Township",
        "Town",
        "Village",
        "Borough",
        "Province",
        "Region",
        "Governorate",
        "District",
        "Area",
        "Courthouse",
        "Jail",
        "Prison",
        "Airport",
        "International",
        "Regional",
        "Municipal",
        "High",
        "Middle",
        "Elementary",
        "School",
        "College",
        "University",
        "Hospital",
        "Station",
        "Stadium",
        "Arena",
        "Harbor",
        "Harbour",
        "Port",
        "Bridge",
        "Dam",
        "Mall",
        "Square",
        "Zoo",
        "Museum",
        "Library",
        "Cathedral",
        "Church",
        "Mosque",
        "Synagogue",
        "Palace",
        "Embassy",
        "Consulate",
        "Base",
        "Hall",
        "Police",
        "Sheriff",
        "Sheriff's",
        "Valley",
        "Basin",
        "Coast",
        "Strait",
        "Peninsula",
        "Highlands",
        "Mountains",
        "Border",
        "Olympic",
    ]
)


@dataclass(frozen=True)
class CountryRules:
    """Which rule families :func:`map_countries` may use (all on by default)."""

    names: bool = True  # "Iran", "the U.S.", "South Korea"
    demonyms: bool = True  # "Iranian", "Americans", "Britons"
    cities: bool = True  # capitals and cities of >= 15,000 people
    us_states: bool = True  # "Ohio" -> USA; "Georgia" in a US context
    territories: bool = True  # "Gaza", "West Bank", "Hong Kong", "Scotland"
    metonyms: bool = True  # "the Kremlin", "Washington", "the Islamic Republic"

    def allows(self, rule: str) -> bool:
        """Whether the gazetteer rule ``rule`` ("capital", "city", ...) is switched on."""
        return bool(getattr(self, _SWITCH[rule]))

    @classmethod
    def switch_names(cls) -> list[str]:
        """The switch names, in settings order."""
        return [f.name for f in fields(cls)]


_SWITCH = {
    "name": "names",
    "demonym": "demonyms",
    "capital": "cities",
    "city": "cities",
    "town": "cities",
    "us_state": "us_states",
    "us_county": "us_states",
    "territory": "territories",
    "region": "territories",
    "metonym": "metonyms",
    "register": "cities",
    "source": "cities",
}


#: What each value of the mentions table's ``rule`` column means, as the
#: Countries page explains it under a country's surface forms.
RULE_MEANING = {
    "name": "a country name or variant",
    "demonym": 'a demonym ("Iranian", "Americans")',
    "capital": "the country's capital",
    "city": "a city of 15,000 people or more",
    "town": "a town of 500 to 15,000 people, read in a country the story names",
    "us_state": "a US state",
    "us_county": "a US county or parish",
    "territory": 'a territory or region ("Gaza", "Scotland")',
    "region": 'a first-level region ("Ontario", "Punjab")',
    "metonym": 'a seat of government ("the Kremlin", "Washington")',
    "gazetteer": 'a place the model missed, found by its cue ("in Chiefland", a dateline)',
    "register": "read in the country whose local news the story reads like "
    '("sheriff\'s office", "£250")',
    "source": "read in the home country of the story's source (a local paper)",
}


@dataclass(frozen=True)
class ContextRules:
    """How document context resolves ambiguous place names (all on by default; the
    benchmark switches them off one at a time to measure each)."""

    #: A state or county the document names picks the namesake city or town in it
    #: ("Alexandria" beside "Rapides Parish" is Alexandria, Louisiana, not Egypt's).
    divisions: bool = True
    #: Places of 500 to 15,000 people, for place mentions nothing larger explains
    #: ("Chiefland"), read in a country or state the document names.
    towns: bool = True
    #: ... and a town whose name is found in one country only maps there even when
    #: the document names nothing else ("Pataskala").
    lone_towns: bool = True
    #: With the document text: a demonym modifying a food, culture or language word
    #: ("French fries", "Irish pub", "taught in Spanish"), or any place naming a
    #: style ("a Jordan Valley-style clinic"), names no country.
    demonym_modifiers: bool = True
    #: With the document text: a country name written as a hometown ("a Lebanon
    #: woman") is its namesake town in a country the document names, or nothing.
    hometowns: bool = True
    #: With the document text: a document written in a country's local register
    #: counts as local to it, so its ambiguous places read as their namesakes there
    #: ("Alexandria", "Athens" in the US; "Lancaster" in England) unless it names the
    #: other country, and a place-shaped GPE the gazetteer does not know ("Cookville")
    #: is there too (rule "register"). The US register is its civic phrases ("R-Elbow
    #: Lake", "sheriff's office", "City Council", "school district", ...), never in
    #: Commonwealth English ("councillors", "centre", "Mr Smith"); the British, Irish
    #: and Canadian ones are markers only their local news uses ("£250", "01524
    #: 63333"; "gardai"; "RCMP", "MPP"). See :func:`local_register`.
    civic_register: bool = True
    #: A town or city under 100,000 people in a country the document never otherwise
    #: names, while it names other places, maps to nothing: a misread name ("Tanya",
    #: "Trapani" the surname) more often than a trip abroad.
    strays: bool = True
    #: With the document sources: a source most of whose stories are about one
    #: country (a local paper) is at home there, and a story of it without a local
    #: register of its own reads its ambiguous places there ("London" in the London
    #: Free Press is in Ontario; rule "source"); one that does not name the home is
    #: read again by the gazetteer pass with it. See :func:`apply_source_homes`.
    source_homes: bool = True

    @classmethod
    def switch_names(cls) -> list[str]:
        """The switch names, in settings order."""
        return [f.name for f in fields(cls)]


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

    @property
    def is_town(self) -> bool:
        """Whether the options are small towns (never read into a demonym-like NORP)."""
        return bool(self.options) and self.options[0].rule == "town"


def _allowed(text: str, rules: CountryRules) -> tuple[Candidate, ...]:
    return tuple(c for c in candidates(text) if rules.allows(c.rule))


def _inner_forms(text: str) -> list[str]:
    """Places named inside a longer place or facility name, whole words only.

    "North West England" -> "England"; "Vancouver International Airport" ->
    "Vancouver"; "the Henderson County Jail" -> "Henderson County", "Henderson".
    """
    key = normalise(text)
    forms = []
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
def _reading(text: str, rules: CountryRules, context: ContextRules = ContextRules()) -> _Reading:
    """Classify a surface form under ``rules``: unknown, fixed, or context-dependent."""
    found = _allowed(text, rules)
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


def map_countries(
    mentions: pd.DataFrame,
    *,
    rules: CountryRules = CountryRules(),
    context: ContextRules = ContextRules(),
    texts: Mapping[str, str] | None = None,
    homes: Mapping[object, str] | None = None,
) -> pd.DataFrame:
    """Fill ``iso3`` and ``rule`` for the GPE/LOC/NORP/FAC rows of a MENTIONS table.

    In: a MENTIONS-schema frame, one or many documents; optionally ``texts`` (doc_id
    -> document text), which lets a demonym that only modifies a food, culture or
    language word ("French fries", "Irish pub", "taught in Spanish") map to nothing
    and a country name written as a hometown ("a Lebanon woman") read as a town.
    Out: a copy in which every place-like row has its ISO3 code and rule ("name",
    "demonym", "capital", "city", "town", "us_state", "us_county", "territory",
    "region", "metonym", "register" for a place read in the country of its document's
    local register with nothing else in the document naming that country (an
    ambiguous town, or a place-shaped GPE the gazetteer does not know), or "gazetteer" for
    places analysis.countries.extra_place_mentions found), or nulls when nothing
    matched; other rows are returned as they came.
    ``homes`` (doc_id -> ISO3, see :func:`apply_source_homes`) is the home country of
    each document's source, read like a local register for a document without its
    own; a place it alone decides takes the rule "source".
    """
    out = mentions.copy()
    for col in ("iso3", "rule"):
        if col not in out.columns:
            out[col] = pd.Series(pd.NA, index=out.index, dtype=schema.STR)
    if out.empty:
        return out
    place = out["label"].isin(PLACE_LABELS).fillna(False).to_numpy(dtype=bool) & out[
        "text"
    ].notna().to_numpy(dtype=bool)
    rows = out.loc[place, ["doc_id", "start", "end", "text", "label"]]
    register = (
        _civic_register(rows["doc_id"].unique(), texts)
        if texts is not None and context.civic_register
        else {}
    )
    from_source = set()
    for doc_id in rows["doc_id"].unique() if homes and context.source_homes else ():
        if doc_id not in register and (home := homes.get(doc_id)) is not None:
            register[doc_id] = home
            from_source.add(doc_id)
    iso3, rule = _resolve(rows, rules, context, register)
    if context.strays:
        iso3, rule = _drop_strays(rows, iso3, rule, rules, context)
    if register and rules.allows("town"):
        iso3, rule = _unknown_places_in_register(rows, iso3, rule, register)
    # Places the gazetteer pass found keep that provenance as their rule, unless the
    # register chose their country.
    found = (out.loc[place, "rule"] == GAZETTEER_RULE).fillna(False).to_numpy(dtype=bool)
    rule = np.where(found & pd.notna(iso3) & (rule != REGISTER_RULE), GAZETTEER_RULE, rule)
    if texts is not None and context.demonym_modifiers:
        modifier = _demonym_modifiers(rows, rule, texts)
        iso3, rule = np.where(modifier, None, iso3), np.where(modifier, None, rule)
    if texts is not None and context.hometowns:
        iso3, rule = _hometown_names(rows, iso3, rule, texts, lone_towns=context.lone_towns)
    if from_source:  # the register of these documents is their source's home
        sourced = rows["doc_id"].isin(from_source).to_numpy(dtype=bool)
        rule = np.where(sourced & (rule == REGISTER_RULE), SOURCE_RULE, rule)
    out["iso3"] = out["iso3"].astype(schema.STR)
    out["rule"] = out["rule"].astype(schema.STR)
    out.loc[place, "iso3"] = pd.array(iso3, dtype=schema.STR)
    out.loc[place, "rule"] = pd.array(rule, dtype=schema.STR)
    return out


#: Nouns a demonym modifies without speaking of its country: food, culture, language,
#: breeds ("French fries", "Irish pub", "Italian restaurant", "English cocker spaniel").
_CULTURE_NOUNS = (
    r"food|foods|cuisine|restaurants?|grill|cafe|café|bistro|bakery|deli|kitchen|dish|dishes|"
    r"fries|toast|bread|sausages?|pastr(?:y|ies)|cheeses?|wines?|beers?|ale|whiske?y|coffee|"
    r"tea|dressing|salad|pizza|tacos?|dumplings|noodles|chocolate|breakfast|dinner|meal|"
    r"cooking|fare|buffet|pub|bar|tavern|heritage|culture|music|songs?|dances?|dancing|rock|"
    r"folk|festival|fest|language|lessons?|class|classes|immersion|students|teachers?|"
    r"literature|poetry|art|films?|cinema|style|design|architecture|descent|ancestry|roots|"
    r"cocker|spaniel|setter|terrier|shepherd|bulldog|poodle|mastiff|horn|toile|twist|kiss|"
    r"accent|dialect|speakers?|class|lit|major|department|club|night|day|week|month|theme"
)
#: "<demonym> [adjective] <culture noun>" right after the mention.
_MODIFIES = re.compile(rf"^(?:-style\b|[-\s]+(?:[a-z]+\s+)?(?:{_CULTURE_NOUNS})\b)", re.IGNORECASE)
#: A language read by its demonym: "taught in Spanish", "speaks French".
_LANGUAGE_BEFORE = re.compile(
    r"\b(?:in|speaks?|spoke|speaking|learn|learning|learned|teach|teaches|taught|fluent\s+in|"
    r"translated\s+(?:in)?to|subtitled\s+in)\s+$",
    re.IGNORECASE,
)


def _demonym_modifiers(
    rows: pd.DataFrame, rule: np.ndarray, texts: Mapping[str, str]
) -> np.ndarray:
    """Boolean mask of demonym rows that modify a culture word or name a language, and
    of any place row that names a style ("a Jordan Valley-style clinic", "Texas-style")."""
    mask = np.zeros(len(rows), dtype=bool)
    doc_ids = rows["doc_id"].to_numpy(dtype=object)
    styled = {d for d in pd.unique(doc_ids) if "-style" in texts.get(d, "")}
    demonym = rule == "demonym"
    for i in np.flatnonzero(demonym | (pd.notna(rule) & np.isin(doc_ids, list(styled)))):
        text = texts.get(doc_ids[i])
        if text is None:
            continue
        start, end = int(rows["start"].iat[i]), int(rows["end"].iat[i])
        after = text[end : end + 30]
        if rule[i] != "demonym":
            mask[i] = after.startswith("-style")
            continue
        before = text[max(0, start - 25) : start]
        mask[i] = bool(_MODIFIES.match(after) or _LANGUAGE_BEFORE.search(before))
    return mask


#: A country or city name used as a hometown: "a Lebanon woman", "the Jordan boys",
#: "Paris High School".
_HOMETOWN_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:residents?|man|woman|men|women|boys?|girls?|teens?|couple|family|"
    r"High\s+School|City\s+Council|Township|Borough|Village\s+Board)\b"
)


def _hometown_names(
    rows: pd.DataFrame,
    iso3: np.ndarray,
    rule: np.ndarray,
    texts: Mapping[str, str],
    *,
    lone_towns: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """A country or city name written as a hometown ("a Lebanon woman", "Paris High
    School") is the namesake town or city in another country the document names; failing
    that a country name is its namesake town where all of them are in one country
    ("Lebanon": only US towns), else nothing (people are "Lebanese"); a city stays
    itself."""
    iso3, rule = iso3.copy(), rule.copy()
    docs = rows["doc_id"].to_numpy(dtype=object)
    forms = rows["text"].to_numpy(dtype=object)
    ends = rows["end"].to_numpy(dtype="int64")
    hometowns = {
        (docs[i], forms[i], rule[i])
        for i in np.flatnonzero(np.isin(rule, ["name", "city", "capital", REGISTER_RULE]))
        if docs[i] in texts and _HOMETOWN_AFTER.match(texts[docs[i]][ends[i] : ends[i] + 25])
    }
    for doc, surface, reading in hometowns:
        # One sense per document: every mention of that name is the town.
        same = (docs == doc) & (forms == surface)
        named = set(iso3[(docs == doc) & ~same]) - set(iso3[same])
        namesakes = [
            c
            for c in (*candidates(surface), *town_candidates(surface))
            if c.rule in ("city", "capital", "town") and c.iso3 in named
        ]
        best = max(namesakes, key=lambda c: c.population, default=None)
        towns = town_candidates(surface) if reading == "name" and lone_towns else ()
        if best is None and len({c.iso3 for c in towns}) == 1 and not towns[0].needs_context:
            best = towns[0]  # every town of that name is in one country ("Lebanon": US)
        if best is not None:
            iso3[same], rule[same] = best.iso3, best.rule
        elif reading == "name":  # "a Lebanon woman" is not the country; a city may be
            iso3[same], rule[same] = None, None
    return iso3, rule


def _resolve(
    rows: pd.DataFrame,
    rules: CountryRules,
    context: ContextRules,
    register: Mapping[object, str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(iso3, rule) object arrays for place rows, aligned with ``rows``; ``register``
    maps a doc_id to the country its civic vocabulary makes it local to."""
    codes, forms = pd.factorize(rows["text"].to_numpy(dtype=object))
    readings = [_reading(t, rules, context) for t in forms]
    iso3 = np.array([r.fixed.iso3 if r.fixed else None for r in readings], dtype=object)[codes]
    rule = np.array([r.fixed.rule if r.fixed else None for r in readings], dtype=object)[codes]
    has_options = np.array([bool(r.options) for r in readings], dtype=bool)[codes]
    # A NORP is a group of people: a town called "Rehab" or "Cargo" is not one.
    town = np.array([r.is_town for r in readings], dtype=bool)[codes]
    norp = rows["label"].to_numpy(dtype=object) == "NORP"
    pending = np.flatnonzero(has_options & ~(town & norp))
    if len(pending) == 0:
        return iso3, rule
    docs, doc_names = pd.factorize(rows["doc_id"].to_numpy(dtype=object))
    evidence = _document_evidence(docs, iso3, docs[pending])
    local_iso3 = np.where(pd.Series(rule, dtype=object).isin(_LOCAL_RULES), iso3, None)
    local = _document_evidence(docs, local_iso3, docs[pending])
    # Documents whose register alone speaks for its country: a reading chosen there
    # takes the rule "register" (and counts as sure evidence, see document_countries).
    register_only: dict[int, str] = {}
    for doc in np.unique(docs[pending]).tolist() if register else []:
        country = register.get(doc_names[doc])
        if country is not None:  # as if it named the country and two places in it
            if not evidence.get(doc, {}).get(country):
                register_only[doc] = country
            named_here = evidence.setdefault(doc, {})
            named_here[country] = max(named_here.get(country, 0), 1)
            here = local.setdefault(doc, {})
            here[country] = max(here.get(country, 0), _LOCAL_MIN)
    # "USA:LA" for a fixed reading that names a state or county, per surface form.
    named = np.array(
        [f"{r.fixed.iso3}:{r.division}" if r.fixed and r.division else None for r in readings],
        dtype=object,
    )[codes]
    divisions = _document_evidence(docs, named, docs[pending]) if context.divisions else {}
    qualifiers = _qualifiers(rows, docs, np.where(pd.notna(named), named, iso3), pending)
    # Documents that say the same thing share their choices (a corpus repeats itself).
    signature: dict[int, tuple] = {}
    chosen: dict[tuple, Candidate | None] = {}
    for i in pending.tolist():
        doc = docs[i]
        if doc not in signature:
            signature[doc] = tuple(
                tuple(sorted(table.get(doc, {}).items())) for table in (evidence, local, divisions)
            )
        key = (codes[i], signature[doc], qualifiers.get(i))
        if key not in chosen:
            found = _Context(
                evidence.get(doc, {}),
                local.get(doc, {}),
                qualifiers.get(i),
                divisions.get(doc, {}),
                strays=context.strays,
            )
            reading = readings[codes[i]]
            chosen[key] = _choose(reading.options, reading.default, found)
        choice = chosen[key]
        if choice is not None:
            iso3[i], rule[i] = choice.iso3, choice.rule
            if register_only.get(doc) == choice.iso3:
                rule[i] = REGISTER_RULE
    return _states_of_a_resolved_country(docs, codes, readings, pending, iso3, rule)


def _states_of_a_resolved_country(
    docs: np.ndarray,
    codes: np.ndarray,
    readings: list[_Reading],
    pending: np.ndarray,
    iso3: np.ndarray,
    rule: np.ndarray,
) -> tuple[np.ndarray, np.ndarray]:
    """A country name that is also a US state ("Georgia") is the state when the
    document's other places, however they were resolved, put it in the US at least
    twice ("Albany" five times, read as Albany, Georgia or New York)."""
    states = {
        code: state
        for code in np.unique(codes[pending]).tolist()
        if (state := next((c for c in readings[code].options if c.rule == "us_state"), None))
    }
    todo = [i for i in pending.tolist() if codes[i] in states and iso3[i] != "USA"]
    if not todo:
        return iso3, rule
    # (doc, country) -> mentions, and the same per surface form, in those documents only.
    in_doc: Counter[tuple[int, object]] = Counter()
    in_form: Counter[tuple[int, int, object]] = Counter()
    for j in np.flatnonzero(np.isin(docs, docs[todo]) & pd.notna(iso3)).tolist():
        in_doc[docs[j], iso3[j]] += 1
        in_form[docs[j], codes[j], iso3[j]] += 1

    def elsewhere(i: int, country: object) -> int:
        return in_doc[docs[i], country] - in_form[docs[i], codes[i], country]

    for i in todo:
        # ... unless the document names the country too ("Tbilisi" beside "Georgia").
        if elsewhere(i, "USA") >= _LOCAL_MIN and not (pd.notna(iso3[i]) and elsewhere(i, iso3[i])):
            state = states[codes[i]]
            iso3[i], rule[i] = state.iso3, state.rule
    return iso3, rule


#: Phrases of US local government and politics; a document with one is taken to be
#: local to the US. Each is specific to the US register (a party and home town or
#: state after a politician's name, sheriffs' offices, school districts, selectmen),
#: not to any corpus. It only matters for a place name with a US namesake, and never
#: when the document names the other country. Tuned on LGL's dev half: requiring two
#: different phrases changed nothing there, one gained precision and recall.
_US_CIVIC = {
    "party_home": r"\b[RD]-(?!Day\b)(?:[A-Z][a-z]+\.?)(?:\s[A-Z][a-z]+)?\b",
    "sheriff": r"\bsheriff(?:'s|’s)?\s+(?:office|department|deputies|deputy)\b",
    "county_sheriff": r"\bCounty\s+Sheriff\b",
    "city_council": r"\b[Cc]ity\s+[Cc]ouncil\b",
    "police_department": r"\bPolice\s+Department\b",
    "school_district": r"\b(?:[Ss]chool\s+[Dd]istrict|[Bb]oard\s+of\s+[Ee]ducation)\b",
    "county_commission": r"\bcounty\s+(?:commission(?:ers?)?|board\s+of\s+supervisors)\b",
    "selectman": r"\bselect(?:man|men|woman|board)\b",
    "township": r"\b[Tt]ownship\b",
    "state_legislator": (
        r"\b[Ss]tate\s+(?:[Rr]ep(?:resentative\b|\.)|[Ss]en(?:ator\b|\.)|[Hh]ouse\b|"
        r"[Ll]egislature\b)"
    ),
    "district_attorney": r"\b[Dd]istrict\s+[Aa]ttorney\b",
    "highway_patrol": r"\b(?:[Hh]ighway|[Ss]tate)\s+[Pp]atrol\b",
    "police_chief": r"\b(?:[Pp]olice|[Ff]ire)\s+[Cc]hief\b",
    "fire_department": r"\b[Ff]ire\s+(?:[Dd]epartment|[Dd]istrict|[Mm]arshal)\b",
    "public_works": r"\b[Pp]ublic\s+[Ww]orks\s+(?:[Dd]epartment|[Dd]irector|[Cc]ommittee)?",
    "city_hall": r"\b(?:City|Town)\s+Hall\b",
    "county_jail": r"\b[Cc]ounty\s+(?:[Jj]ail|[Cc]ourthouse|[Cc]lerk|[Pp]rosecutor|[Aa]ttorney)\b",
    "aldermen": r"\b[Aa]lderm[ae]n\b",
    # A numbered street address, abbreviated as AP style writes it: "2517 Memphis St.".
    "street_address": (
        r"\b\d{1,5}\s(?:[NSEW]\.\s)?(?:[A-Z][\w'’-]*\s){1,3}(?:St|Ave|Blvd|Rd|Dr|Ln|Hwy)\.(?!\w)"
    ),
    "state_government": (
        r"\b[Ss]tate(?:wide\b|\s+(?:ethics|agency|agencies|lawmakers|law|laws|budget|funding|"
        r"funds|aid|highway|attorney\s+general|superintendent|department\s+of|board\s+of|"
        r"commission|commissioner|[Pp]ublic\s+[Ss]ervice)\b)"
    ),
}
#: A word each phrase contains, lower-cased: a phrase is searched for only in a text
#: that has its word (one regex of every phrase scanned each text at every position,
#: and cost more than the rest of the gazetteer pass).
_US_CIVIC_HINTS = {
    "party_home": ("r-", "d-"),
    "sheriff": ("sheriff",),
    "county_sheriff": ("sheriff",),
    "city_council": ("council",),
    "police_department": ("police",),
    "school_district": ("district", "education"),
    "county_commission": ("county",),
    "selectman": ("select",),
    "township": ("township",),
    "state_legislator": ("state",),
    "district_attorney": ("attorney",),
    "highway_patrol": ("patrol",),
    "police_chief": ("chief",),
    "fire_department": ("fire",),
    "public_works": ("works",),
    "city_hall": ("hall",),
    "county_jail": ("county",),
    "aldermen": ("alderm",),
    "street_address": ("st.", "ave.", "blvd.", "rd.", "dr.", "ln.", "hwy."),
    "state_government": ("state",),
}
_US_CIVIC_RES = {kind: re.compile(pattern) for kind, pattern in _US_CIVIC.items()}
#: Different civic phrases needed before a document counts as local to the US.
_US_CIVIC_MIN = 1


def _civic_register(doc_ids: Iterable[object], texts: Mapping[str, str]) -> dict[object, str]:
    """doc_id -> ISO3 for the documents written in a country's local register (see
    :func:`local_register`)."""
    out: dict[object, str] = {}
    for doc_id in doc_ids:
        text = texts.get(doc_id)
        if not isinstance(text, str):
            continue
        if (country := local_register(text)) is not None:
            out[doc_id] = country
    return out


@lru_cache(maxsize=256)
def local_register(text: str) -> str | None:
    """The country whose local news register ``text`` is written in, or None.

    A marker only one country's local news uses (a pound price or a British phone
    number; the Garda; the RCMP or an MPP) names its country when no
    other country's marker is in the text. Otherwise a US civic phrase
    (:data:`_US_CIVIC`) in a text with no Commonwealth spelling or office names the
    US. Cached: the gazetteer pass and map_countries both ask of each document of a
    64-document chunk; small, as the cache keeps its texts alive.
    """
    found = {country for country, marker in _LOCAL_MARKERS.items() if marker.search(text)}
    if found:
        return found.pop() if len(found) == 1 else None
    lowered = text.lower()
    kinds = 0
    for kind, pattern in _US_CIVIC_RES.items():
        if any(hint in lowered for hint in _US_CIVIC_HINTS[kind]) and pattern.search(text):
            kinds += 1
            if kinds >= _US_CIVIC_MIN:
                return None if _COMMONWEALTH_RE.search(text) else "USA"
    return None


#: Markers of one Commonwealth country's local news, none of them used in another's
#: (nor in US news: not "NHS", the US National Honor Society, nor "TD", a touchdown).
_LOCAL_MARKERS = {
    "GBR": re.compile(
        r"£\s?\d|\b(?:PCSOs?|Chief\s+Constable|GCSEs?|A-levels?|Ofsted|"
        r"[Cc]ouncil\s+tax|Lib\s+Dems?|Liberal\s+Democrats?|High\s+Sheriff|"
        r"NHS\s+(?:[Tt]rust|Direct|England|Scotland|Wales|hospital)|Grade\s+II?\*?\s+listed)\b"
        # Phone numbers with a 4- or 5-digit trunk code: "01524 63333", "0800 555 111";
        # postcodes: "OX1 2JD", "LA1 4XQ".
        r"|(?<![\d-])0\d{3,4}[ -](?:\d{5,6}|\d{3}[ -]\d{3,4})(?![\d-])"
        r"|\b[A-Z]{1,2}\d[A-Z\d]? \d[ABD-HJLNP-UW-Z]{2}\b"
    ),
    "IRL": re.compile(
        r"\b(?:[Gg]ard(?:a|ai|aí)|Taoiseach|D[áa]il|Fianna\s+F[áa]il|Fine\s+Gael|Seanad|"
        r"An\s+Bord\s+Plean[áa]la)\b"
    ),
    "CAN": re.compile(
        r"\b(?:RCMP|MPPs?|OPP|NDP|Crown\s+attorneys?|Tim\s+Hortons)\b"
        r"|\b[ABCEGHJ-NPRSTVXY]\d[A-Z] \d[A-Z]\d\b"  # postal codes: "N6A 3K7"
    ),
}


#: Spellings and offices of Canadian, British and other Commonwealth English: a
#: document using them is not in the US register, however many councils it names
#: ("councillors" in London, Ontario; the RCMP in Delta, British Columbia; a sign
#: "in four months' time" to be replaced in "aluminium" by Oxford City Council).
_COMMONWEALTH_RE = re.compile(
    r"\b(?:[Cc]ouncillors?|[Cc]entre|[Nn]eighbour\w*|[Cc]olour\w*|[Pp]rogrammes?|"
    r"[Ff]avour\w*|[Ll]abour|RCMP|MPPs?|MLAs?|[Cc]onstabulary|[Cc]onst\.|[Aa]luminium|"
    r"[Jj]ewellery|[Kk]erbs?|[Tt]yres?|[Dd]efence|[Ll]icence|[Tt]ravell(?:ed|ing|ers?)|"
    r"[Ff]ortnight|[Ww]hilst|per\s+cent|[Mm]etres?|[Kk]ilometres?|[Ll]itres?|[Ss]toreys|"
    # Titles without a full stop, as British style writes them ("Mr Savino").
    r"(?:Mr|Mrs|Dr)(?=\s[A-Z])|"
    r"(?:[Rr]eali|[Oo]rgani|[Rr]ecogni|[Aa]pologi|[Cc]ritici|[Ee]mphasi|[Pp]rioriti)"
    r"(?:se|sed|ses|sing|sation|sations))"
    r"(?![\w-])"
)


#: The rule of a GPE the gazetteer does not know, read in the country whose local
#: register its document is written in ("Cookville" in a story about its fire chief).
REGISTER_RULE = "register"
#: The rule of a place read in the home country of its document's source.
SOURCE_RULE = "source"
#: A source is at home in a country when at least this many of its documents name
#: the country for sure, and at least this share of those that name any country name
#: it alone. Set on LGL's dev half (3.5 stories a paper) against Reuters-21578 as
#: the wire service it must not mistake for a local paper: 56% of the first 1,000
#: Reuters stories that name a country name the US alone, and a home there cost
#: 0.07 of recall; at 0.65 the papers keep every country they gained (0.7: two fewer).
_SOURCE_MIN_DOCUMENTS = 2
_SOURCE_SHARE = 0.65


def source_homes(mentions: pd.DataFrame, sources: Mapping[object, object]) -> dict[object, str]:
    """Source -> its home country: the country that at least :data:`_SOURCE_SHARE` of
    its documents naming any country for sure (:data:`CONFIDENT`) name and name alone,
    and at least :data:`_SOURCE_MIN_DOCUMENTS` of them name.

    In: mapped MENTIONS and doc_id -> source. A local paper covers its town, so its
    stories name its country again and again, and little else (Lieberman et al.'s
    "local lexicon"); a wire or national outlet that reports from abroad has no home.
    """
    return _homes(document_countries(mentions), sources)


def _homes(table: pd.DataFrame, sources: Mapping[object, object]) -> dict[object, str]:
    """:func:`source_homes` from the :func:`document_countries` table."""
    sure = table[table["confidence"] >= CONFIDENT]
    if sure.empty:
        return {}
    frame = pd.DataFrame(
        {
            "source": sure["doc_id"].astype(object).map(sources).to_numpy(dtype=object),
            "doc_id": sure["doc_id"].to_numpy(dtype=object),
            "iso3": sure["iso3"].to_numpy(dtype=object),
        }
    ).dropna(subset=["source"])
    if frame.empty:
        return {}
    documents = frame.groupby("source")["doc_id"].nunique()
    named = frame.groupby("doc_id")["iso3"].transform("size").to_numpy()
    frame["alone"] = named == 1  # the document names no other country
    counts = (
        frame.groupby(["source", "iso3"])
        .agg(n=("doc_id", "nunique"), alone=("alone", "sum"))
        .reset_index()
    )
    counts["share"] = counts["alone"].to_numpy() / documents.loc[counts["source"]].to_numpy()
    homes = counts[(counts["n"] >= _SOURCE_MIN_DOCUMENTS) & (counts["share"] >= _SOURCE_SHARE)]
    homes = homes.sort_values(["source", "n"], ascending=[True, False])
    return dict(homes.drop_duplicates("source")[["source", "iso3"]].itertuples(index=False))


def apply_source_homes(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    rules: CountryRules = CountryRules(),
    context: ContextRules = ContextRules(),
) -> pd.DataFrame:
    """Mapped MENTIONS -> the same, the documents of sources with a home country
    (:func:`source_homes`) mapped again with it as their register.

    In: MENTIONS mapped by :func:`map_countries`, the DOCUMENTS they come from (doc_id,
    text, source) and optionally their SENTENCES. A corpus-level step: a source's home
    is learnt from all of its documents. A story of such a source that does not name
    the home is first read again by the gazetteer pass (:func:`add_place_records`)
    with the home as a country it names ("planned in Cromwell" in a paper at home in
    the US); those new mentions get their canonical names. Mentions of other
    documents come back unchanged, in their order.
    """
    if (
        not context.source_homes
        or mentions.empty
        or "source" not in documents.columns
        or "iso3" not in mentions.columns
    ):
        return mentions
    named = documents["source"].astype(object)
    sources = {
        d: s.strip()
        for d, s in zip(documents["doc_id"], named, strict=True)
        if isinstance(s, str) and s.strip()
    }
    table = document_countries(mentions)
    homes = _homes(table, sources)
    doc_homes = {d: homes[s] for d, s in sources.items() if s in homes}
    if not doc_homes:
        return mentions
    target = mentions["doc_id"].isin(list(doc_homes)).to_numpy(dtype=bool)
    before = mine = mentions.loc[target]
    texts = None
    if "text" in documents.columns:
        wanted = documents[documents["doc_id"].isin(list(doc_homes))]
        texts = dict(zip(wanted["doc_id"], wanted["text"].astype(str), strict=True))
        mine = _reread_unplaced(mine, table, texts, doc_homes, sentences)
    again = map_countries(mine, rules=rules, context=context, texts=texts, homes=doc_homes)
    if mine is before:  # the same rows: mapped in place
        out = mentions.copy()
        out.loc[target, "iso3"] = again["iso3"].to_numpy()
        out.loc[target, "rule"] = again["rule"].to_numpy()
        return out
    order = {d: i for i, d in enumerate(pd.unique(mentions["doc_id"]))}
    out = pd.concat([mentions.loc[~target], again], ignore_index=True)
    rank = out["doc_id"].map(order)
    out = out.assign(_rank=rank).sort_values(["_rank", "start", "end", "label"], kind="stable")
    return schema.conform(out.drop(columns="_rank").reset_index(drop=True), "mentions")


def _reread_unplaced(
    mentions: pd.DataFrame,
    table: pd.DataFrame,
    texts: Mapping[object, str],
    doc_homes: Mapping[object, str],
    sentences: pd.DataFrame | None,
) -> pd.DataFrame:
    """The gazetteer pass again, with the source's home as a named country, on the
    documents of ``mentions`` that do not name that home (at :data:`PLAUSIBLE` or
    more): none, or only a country elsewhere ("MALTA -" over a story in Illinois).
    ``table`` is :func:`document_countries` of the corpus the mentions come from."""
    from analysis.entities import canonicalize

    sure = table[table["confidence"] >= PLAUSIBLE]
    placed = {(d, c) for d, c in zip(sure["doc_id"], sure["iso3"], strict=True)}
    bare = [
        d
        for d in pd.unique(mentions["doc_id"])
        if (d, doc_homes.get(d)) not in placed and d in texts
    ]
    if not bare:
        return mentions
    spans: dict[object, list[tuple[int, int, int]]] = {}
    if sentences is not None and not sentences.empty:
        some = sentences[sentences["doc_id"].isin(bare)]
        for doc_id, sent_id, start, end in some[["doc_id", "sent_id", "start", "end"]].itertuples(
            index=False
        ):
            spans.setdefault(doc_id, []).append((int(start), int(end), int(sent_id)))
    redo = mentions["doc_id"].isin(bare).to_numpy(dtype=bool)
    records = mentions.loc[redo].to_dict("records")
    by_doc: dict[object, list[dict]] = {}
    for row in records:
        by_doc.setdefault(row["doc_id"], []).append(row)
    rows: list[dict] = []
    changed = False
    for doc_id, group in by_doc.items():
        found = add_place_records(
            group, texts[doc_id], sentences=spans.get(doc_id), home=doc_homes[doc_id]
        )
        changed = changed or found is not group
        rows.extend(found)
    if not changed:
        return mentions
    reread = schema.conform(rows, "mentions")
    new = reread["canonical"].isna().to_numpy(dtype=bool)
    if new.any():  # canonical names per document, as the pipeline gives them
        reread.loc[new, "canonical"] = canonicalize(reread)["canonical"].to_numpy()[new]
    return pd.concat([mentions.loc[~redo], reread], ignore_index=True)


def _unknown_places_in_register(
    rows: pd.DataFrame, iso3: np.ndarray, rule: np.ndarray, register: Mapping[object, str]
) -> tuple[np.ndarray, np.ndarray]:
    """GPE rows with no reading at all take their document's register country."""
    codes, forms = pd.factorize(rows["text"].to_numpy(dtype=object))
    unknown = np.array([_unknown_name(t) for t in forms], dtype=bool)[codes]
    country = rows["doc_id"].map(register).to_numpy(dtype=object)
    take = unknown & (rows["label"].to_numpy(dtype=object) == "GPE") & pd.notna(country)
    take &= pd.isna(iso3)
    if not take.any():
        return iso3, rule
    return np.where(take, country, iso3), np.where(take, REGISTER_RULE, rule)


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


def _document_evidence(
    docs: np.ndarray, iso3: np.ndarray, wanted: np.ndarray
) -> dict[int, dict[str, int]]:
    """Document code -> {country: fixed mentions}, for the ``wanted`` documents only."""
    keep = np.flatnonzero(pd.notna(iso3) & np.isin(docs, wanted))
    countries, names = pd.factorize(iso3[keep])
    pairs, counts = np.unique(docs[keep] * len(names) + countries, return_counts=True)
    evidence: dict[int, dict[str, int]] = {}
    for pair, n in zip(pairs.tolist(), counts.tolist(), strict=True):
        doc, country = divmod(pair, len(names))
        evidence.setdefault(doc, {})[names[country]] = n
    return evidence


def _qualifiers(
    rows: pd.DataFrame, docs: np.ndarray, iso3: np.ndarray, pending: np.ndarray
) -> dict[int, str]:
    """Pending row -> the fixed country ("USA", or "USA:TN" with its division) of a
    place written right after it ("Paris, Tenn."), if any."""
    starts = rows["start"].to_numpy(dtype="float64", na_value=np.nan)
    ends = rows["end"].to_numpy(dtype="float64", na_value=np.nan)
    order = np.lexsort((starts, docs))
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    found: dict[int, str] = {}
    for i in pending:
        if rank[i] + 1 >= len(order):
            continue
        j = order[rank[i] + 1]
        if docs[j] == docs[i] and iso3[j] and 0 <= starts[j] - ends[i] <= _QUALIFIER_GAP:
            found[i] = iso3[j]
    return found


@dataclass(frozen=True)
class _Context:
    """What one document says around an ambiguous mention."""

    evidence: dict[str, int]  # country -> unambiguous mentions in the document
    local: dict[str, int]  # country -> unambiguous places inside it (cities, states...)
    qualifier: str | None  # country ("USA" or "USA:TN") of a place right after the mention
    divisions: dict[str, int] = field(default_factory=dict)  # "USA:LA" -> states, counties
    strays: bool = True  # ContextRules.strays


def _choose(
    options: tuple[Candidate, ...], default: Candidate | None, context: _Context
) -> Candidate | None:
    """Pick the reading a document supports, else the default, else nothing.

    In order: a place written right after the mention ("Paris, Tenn."); a state or
    county the document names; the country the document names most; the default.
    """
    if context.qualifier:
        country, _, division = context.qualifier.partition(":")
        qualified = [c for c in options if c.iso3 == country]
        for option in qualified:
            if division and option.admin1 == division:
                return option
        if qualified:
            return qualified[0]
    in_division = [
        c
        for c in options
        if context.divisions.get(f"{c.iso3}:{c.admin1}", 0) > 0
        and _division_may_pick(c, default, context)
    ]
    if in_division:
        return in_division[0]
    supported = [
        c
        for c in options
        if context.evidence.get(c.iso3, 0) > 0 and _can_displace(c, default, context)
    ]
    if supported:
        return max(supported, key=lambda c: context.evidence[c.iso3])
    if context.strays and _stray(default, context):
        return None
    return default


#: How many times larger a city must be than a namesake for its alternate name to
#: displace the namesake's own name.
_ALIAS_POPULATION_RATIO = 10

#: A town or city smaller than this, in a country a document never names while it
#: names others, is more likely a misread name than a trip abroad ("Tanya" in a story
#: set in Ohio is a person, not a Mexican village).
_STRAY_POPULATION = 100_000


def _stray(default: Candidate | None, context: _Context) -> bool:
    """Whether the default reading is a small place in a country the document never
    names although it names other countries."""
    return (
        default is not None
        and default.rule in ("town", "city")
        and default.population < _STRAY_POPULATION
        and bool(context.evidence)
        and not context.evidence.get(default.iso3)
    )


def _drop_strays(
    rows: pd.DataFrame,
    iso3: np.ndarray,
    rule: np.ndarray,
    rules: CountryRules,
    context: ContextRules,
) -> tuple[np.ndarray, np.ndarray]:
    """Unmap a small city or town with one reading ("Soho", "Trapani") whose country
    nothing else in its document names, while other mentions name other countries: a
    misread name more often than a trip abroad, as :func:`_stray` is for defaults."""
    codes, forms = pd.factorize(rows["text"].to_numpy(dtype=object))
    is_small = np.array([_small_fixed_place(t, rules, context) for t in forms], dtype=bool)[codes]
    small = is_small & pd.notna(iso3)
    if not small.any():
        return iso3, rule
    docs, _ = pd.factorize(rows["doc_id"].to_numpy(dtype=object))
    countries, _ = pd.factorize(pd.Series(iso3, dtype=object).fillna(""))
    # Places only: "Irish" at a St Patrick's parade in Rock Hill leaves Rock Hill be.
    counted = pd.notna(iso3) & (pd.Series(rule, dtype=object).to_numpy() != "demonym")
    frame = pd.DataFrame({"doc": docs, "country": countries, "form": codes}).assign(
        counted=counted.astype(int)
    )
    in_doc = frame.groupby("doc")["counted"].transform("sum").to_numpy()
    in_country = frame.groupby(["doc", "country"])["counted"].transform("sum").to_numpy()
    in_form = frame.groupby(["doc", "form"])["counted"].transform("sum").to_numpy()
    # Other places named in the document, none of them in this one's country.
    keep = small & (in_doc > in_form) & (in_country == in_form)
    if not keep.any():
        return iso3, rule
    return np.where(keep, None, iso3), np.where(keep, None, rule)


@lru_cache(maxsize=200_000)
def _small_fixed_place(text: str, rules: CountryRules, context: ContextRules) -> bool:
    reading = _reading(text, rules, context)
    top = reading.fixed
    return top is not None and top.rule in ("city", "town") and top.population < (_STRAY_POPULATION)


def _division_may_pick(option: Candidate, default: Candidate | None, context: _Context) -> bool:
    """Whether a state the document names may pick ``option`` over ``default``: always
    within one country; over a city of another country the document names nothing
    else of; never over a country name ("Palestine" beside "Texas" is still the
    country, unless the document is local, see :func:`_can_displace`)."""
    if default is None or option.iso3 == default.iso3:
        return True
    return default.rule != "name" and not context.evidence.get(default.iso3)


def _can_displace(option: Candidate, default: Candidate | None, context: _Context) -> bool:
    """Whether document context may choose ``option`` over ``default``.

    A US state displaces a country name ("Georgia") whenever the document supports
    the US. Otherwise a namesake needs a document local to its country that says
    nothing else of the default's country, or -- between cities -- enough population:
    a town of 15,000 does not displace a capital of millions just because the document
    names its country ("Damascus" next to "US" is still Syria's capital).
    """
    if default is None or option is default or option.rule == "us_state":
        return True
    if option.alias and not default.alias:
        # An old or foreign name of a city displaces only a far smaller city named so:
        # "St. Petersburg" beside "Russia" is Russia's, "Alexandria" beside "Iran"
        # still Egypt's and not Mashhad, once called Alexandria.
        return option.population >= _ALIAS_POPULATION_RATIO * default.population
    if option.rule == "town" and default.rule == "name":
        return False  # "Morocco" is not Morocco, Indiana without "Morocco, Ind."
    if (
        context.local.get(option.iso3, 0) >= _LOCAL_MIN
        and context.evidence.get(default.iso3, 0) == 0
    ):
        return True
    if default.rule == "region":
        return True
    if default.rule not in ("city", "capital"):
        return False
    return option.population * _CONTEXT_POPULATION_RATIO >= default.population


#: Confidence that a document speaks of a country, by the evidence it gives:
#: any unambiguous place or name, or several mentions ...
CONFIDENT = 1.0
#: ... only demonyms ("Iranian officials"), or one country name that is also the name
#: of a place elsewhere ("Jordan", "Georgia") ...
PLAUSIBLE = 0.6
#: ... one mention of a city, town or region whose name other countries share too
#: ("Paris", "Alexandria", "Southland"), with nothing else in the document.
DOUBTFUL = 0.3
#: Places whose lone ambiguous mention is doubtful; a name or demonym is not.
_WEAK_RULES = frozenset({"city", "capital", "town", "region"})


def document_countries(mentions: pd.DataFrame) -> pd.DataFrame:
    """Mapped mentions -> DataFrame(doc_id, iso3, mentions, confidence): the countries
    each document names, with how sure the evidence makes it.

    ``confidence`` is :data:`CONFIDENT` (an unambiguous place or name, or two or more
    mentions), :data:`PLAUSIBLE` (demonyms only, or a lone country name shared with a
    place elsewhere) or :data:`DOUBTFUL` (one mention of a city, town or region whose
    name other countries share, or of a region, and nothing else). The mentions table
    itself keeps every mapping; this only weighs them per document.
    """
    mapped = _mapped(mentions)
    if mapped.empty:
        return pd.DataFrame(
            {
                "doc_id": pd.Series([], dtype=schema.STR),
                "iso3": pd.Series([], dtype=schema.STR),
                "mentions": pd.Series([], dtype=schema.INT),
                "confidence": pd.Series([], dtype=schema.FLOAT),
            }
        )
    codes, forms = pd.factorize(mapped["text"].astype(object).to_numpy())
    kinds = [_evidence_kind(t) for t in forms]
    kind = np.array(kinds, dtype=object)[codes]
    demonym = (mapped["rule"] == "demonym").fillna(False).to_numpy(dtype=bool)
    kind = np.where(demonym, "demonym", kind)
    # A place read in the country of its document's local register is as sure as the
    # register ("CROMWELL -" over a story about the county commission).
    register = mapped["rule"].isin([REGISTER_RULE, SOURCE_RULE]).fillna(False)
    kind = np.where(register.to_numpy(dtype=bool), "strong", kind)
    frame = pd.DataFrame(
        {
            "doc_id": mapped["doc_id"].to_numpy(),
            "iso3": mapped["iso3"].to_numpy(),
            "kind": kind,
            "strong": kind == "strong",
        }
    )
    table = (
        frame.groupby(["doc_id", "iso3"], sort=True)
        .agg(
            mentions=("kind", "size"),
            strong=("strong", "any"),
            kinds=("kind", "nunique"),
            first=("kind", "first"),
        )
        .reset_index()
    )
    # The one kind of evidence a (document, country) has, or "mixed".
    only = np.where(table["kinds"].to_numpy() == 1, table["first"].to_numpy(), "mixed")
    confidence = np.where(
        table["strong"] | (table["mentions"] >= 2),
        CONFIDENT,
        np.where(only == "weak", DOUBTFUL, PLAUSIBLE),
    )
    # Demonyms alone are plausible however many ("Iranians", "Iranian officials").
    confidence = np.where(only == "demonym", PLAUSIBLE, confidence)
    table["confidence"] = confidence
    return table[["doc_id", "iso3", "mentions", "confidence"]].astype(
        {
            "doc_id": schema.STR,
            "iso3": schema.STR,
            "mentions": schema.INT,
            "confidence": schema.FLOAT,
        }
    )


@lru_cache(maxsize=200_000)
def _evidence_kind(text: str) -> str:
    """ "strong" for an unambiguous reading, "weak" for a city, town or region another
    country shares (or any region), "name" for a country name shared with a place."""
    reading = _reading(text, CountryRules())
    best = reading.fixed or reading.default
    if best is not None and best.rule == "region":
        return "weak"
    if reading.fixed is not None:
        return "strong"
    if best is not None and best.rule in _WEAK_RULES:
        # A city far larger than any namesake abroad ("Paris", "London"), or one in
        # capitals, as a dateline gives it ("BOSTON -"), is the story's place.
        rivals = [c.population for c in reading.options if c.iso3 != best.iso3]
        dominant = best.population >= _CONTEXT_POPULATION_RATIO * max(rivals, default=0)
        dateline = text.isupper() and len(text) > 3
        return "name" if dominant or dateline else "weak"
    if not reading.options or reading.options[0].rule == "town":
        return "weak"
    return "name"


def confident_mentions(mentions: pd.DataFrame, min_confidence: float = 0.0) -> pd.DataFrame:
    """The mapped mentions of the (document, country) pairs whose
    :func:`document_countries` confidence is at least ``min_confidence`` (0: all).

    A document that names Paris once and nothing else French stops counting for
    France at :data:`PLAUSIBLE`; one that names Paris twice, or France, still counts.
    """
    mapped = _mapped(mentions)
    if min_confidence <= 0 or mapped.empty:
        return mapped
    sure = document_countries(mapped)
    sure = sure[sure["confidence"] >= min_confidence][["doc_id", "iso3"]]
    keys = pd.MultiIndex.from_frame(mapped[["doc_id", "iso3"]].astype(object))
    wanted = pd.MultiIndex.from_frame(sure.astype(object))
    return mapped[keys.isin(wanted)].reset_index(drop=True)


def confident_documents(mentions: pd.DataFrame) -> pd.Series:
    """ISO3 -> how many documents name the country with :data:`CONFIDENT` evidence."""
    table = document_countries(mentions)
    sure = table[table["confidence"] >= CONFIDENT]
    return sure.groupby("iso3")["doc_id"].nunique().astype("int64")


def country_table(mentions: pd.DataFrame, *, min_confidence: float = 0.0) -> pd.DataFrame:
    """Mapped mentions -> COUNTRIES table (iso3, name, mentions, documents).

    Most mentioned first (ties: more documents, then ISO3 code). With
    ``min_confidence`` only a document's countries of at least that
    :func:`document_countries` confidence count.
    """
    mapped = confident_mentions(mentions, min_confidence)
    if mapped.empty:
        return schema.empty("countries")
    table = (
        mapped.groupby("iso3")
        .agg(mentions=("doc_id", "size"), documents=("doc_id", "nunique"))
        .reset_index()
    )
    table["name"] = table["iso3"].map(country_name)
    table = table.sort_values(
        ["mentions", "documents", "iso3"], ascending=[False, False, True], kind="stable"
    )
    return schema.conform(table, "countries")


def surface_forms(mentions: pd.DataFrame, iso3: str) -> pd.DataFrame:
    """The evidence for one country: DataFrame(text, rule, mentions), most frequent first."""
    mapped = _mapped(mentions)
    rows = mapped[mapped["iso3"] == iso3]
    if rows.empty:
        return pd.DataFrame(
            {
                "text": pd.Series([], dtype=schema.STR),
                "rule": pd.Series([], dtype=schema.STR),
                "mentions": pd.Series([], dtype=schema.INT),
            }
        )
    forms = rows.groupby(["text", "rule"]).size().rename("mentions").reset_index()
    forms = forms.sort_values(["mentions", "text"], ascending=[False, True], kind="stable")
    return forms.astype({"text": schema.STR, "rule": schema.STR, "mentions": schema.INT})


def top_surface_forms(mentions: pd.DataFrame, *, n: int = 3) -> pd.DataFrame:
    """DataFrame(iso3, forms): each country's ``n`` most frequent surface forms.

    ``forms`` reads like "Iran (11), Iranian (2)", for a map's hover text.
    """
    mapped = _mapped(mentions)
    if mapped.empty:
        return pd.DataFrame(
            {"iso3": pd.Series([], dtype=schema.STR), "forms": pd.Series([], dtype=schema.STR)}
        )
    counts = mapped.groupby(["iso3", "text"]).size().rename("k").reset_index()
    counts = counts.sort_values(["iso3", "k", "text"], ascending=[True, False, True])
    top = counts.groupby("iso3").head(n)
    labels = top["text"].astype(str) + " (" + top["k"].astype(str) + ")"
    forms = labels.groupby(top["iso3"]).agg(", ".join).rename("forms").reset_index()
    return forms.astype({"iso3": schema.STR, "forms": schema.STR})


def mentions_by_date(
    mentions: pd.DataFrame,
    documents: pd.DataFrame,
    *,
    period: Literal["year", "month", "day"] = "month",
) -> pd.DataFrame:
    """DataFrame(date, iso3, count): country mentions per period of document date.

    ``documents`` needs doc_id and date (ISO strings); undated documents are left
    out. ``date`` is the ISO prefix of the period ("2024-05" for a month).
    """
    width = {"year": 4, "month": 7, "day": 10}[period]
    dates = documents[["doc_id", "date"]].dropna().drop_duplicates("doc_id")
    dates = dates.assign(date=dates["date"].astype(str).str[:width])
    dates = dates[dates["date"].str.len() == width]
    rows = _mapped(mentions)[["doc_id", "iso3"]].merge(dates, on="doc_id")
    counts = rows.groupby(["date", "iso3"]).size().rename("count").reset_index()
    return counts.astype({"date": schema.STR, "iso3": schema.STR, "count": schema.INT})


def country_cooccurrence(
    mentions: pd.DataFrame, *, by: Literal["sentence", "document"] = "sentence"
) -> pd.DataFrame:
    """Pairs of countries named together: DataFrame(source, target, count).

    ``count`` is the number of sentences (``by="sentence"``) or documents
    (``by="document"``) naming both. Each unordered pair appears once, with
    source < target; most frequent first.
    """
    if by not in ("sentence", "document"):
        raise ValueError(f"by must be 'sentence' or 'document', not {by!r}")
    unit = ["doc_id", "sent_id"] if by == "sentence" else ["doc_id"]
    mapped = _mapped(mentions)[[*unit, "iso3"]].drop_duplicates()
    pairs = mapped.merge(mapped, on=unit, suffixes=("_s", "_t"))
    pairs = pairs[pairs["iso3_s"] < pairs["iso3_t"]]
    counts = pairs.groupby(["iso3_s", "iso3_t"]).size().rename("count").reset_index()
    counts = counts.rename(columns={"iso3_s": "source", "iso3_t": "target"})
    counts = counts.sort_values(
        ["count", "source", "target"], ascending=[False, True, True], kind="stable"
    )
    return counts.reset_index(drop=True).astype(
        {"source": schema.STR, "target": schema.STR, "count": schema.INT}
    )


def _mapped(mentions: pd.DataFrame) -> pd.DataFrame:
    """Rows with a country, or an empty frame when the table has no iso3 column."""
    if "iso3" not in mentions.columns or mentions.empty:
        return mentions.iloc[0:0].assign(iso3=pd.Series([], dtype=schema.STR))
    return mentions[mentions["iso3"].notna()]


# --------------------------------------------------------------------- gazetteer pass

#: Words before a name that make it a place: "in Chiefland", "Hufstetler of Roswell".
_PLACE_BEFORE = re.compile(
    r"(?:\b(?:in|near|outside|from|to|of|at|into|toward|towards|throughout|across|around|"
    r"between|downtown|suburban|rural|northern|southern|eastern|western|central)\s+"
    r"(?:the\s+)?(?:(?:city|town|village|township|state|county|island|borough)\s+of\s+)?"
    r"|\b(?:City|Town|Village|Township|State|County|Borough)\s+of\s+)$"
)
#: Words after a name that make it a place: "Roswell police", "Gainesville residents".
_PLACE_AFTER = re.compile(
    r"^(?:'s\s+|’s\s+)?(?:-based\b|\s+(?:residents?|natives?|man|woman|men|women|boy|girl|"
    r"teen|couple|family|families|area|police|officers?|firefighters?|voters|officials|"
    r"city\s+(?:council|officials|limits|hall|manager|schools)|town\s+(?:council|hall|board)|"
    r"village\s+(?:board|hall)|county|schools?|school\s+district|mayor)\b|"
    # ... or an institution of the place that the model did not tag as a name:
    # "the Byesville Volunteer Fire Department".
    r"\s+(?:(?:Volunteer\s+)?(?:Police|Fire)\s+(?:Department|Dept|Chief)|"
    r"(?:City|Town|Village)\s+(?:Council|Hall|Board)|Board\s+of\s+Education|"
    r"(?:Public|City|Area)\s+Schools|School\s+District|Public\s+Library)\b)"
)
#: A capitalised run of words, with lower-case joiners inside ("Isle of Palms").
_CAPITALISED = re.compile(
    r"(?<![\w'’.-])[A-Z][\w'’.-]*(?:\s(?:(?:of|de|del|la|le|du|on|upon)\s)?[A-Z][\w'’.-]*)*"
)
#: A dateline: a place in capitals opening the story or following its headline,
#: optionally with its state, then a dash or an agency ("ROSWELL -", "MALTA –").
_DATELINE = re.compile(
    r"(?:^|[.!?]\s+|\b(?:19|20)\d\d\s+)(?P<place>[A-Z][A-Z'’.-]*(?:\s(?:OF\s)?[A-Z][A-Z'’.-]*)*)"
    r"(?:,\s*[A-Z][A-Za-z.]+)?\s*(?:\((?:AP|Reuters|AFP|UPI)\)\s*)?(?:--|[-–—]|:(?=\s))"
)
_DATELINE_REACH = 400  # characters from the start where a dateline may sit
#: Labels whose spans a found place may overlap: the model's other names.
_OVERRIDABLE = frozenset({"PERSON", "ORG", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW", "NORP"})


#: Labels a name used as a place elsewhere in the document loses (PERSON too, unless
#: the document names a person so: George Washington and the state share a story).
_SAME_NAME_LABELS = frozenset({"ORG", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})


def _person_words(text: str, starts: list[int], ends: list[int], labels: list[str]) -> set[str]:
    """Words and word tails of the document's multi-word PERSON names ("George
    Washington" -> "Washington"), which a lone "Washington" may stand for."""
    out = set()
    for start, end, label in zip(starts, ends, labels, strict=True):
        words = text[start:end].split()
        if label == "PERSON" and len(words) > 1:
            out.update(" ".join(words[i:]) for i in range(1, len(words)))
            out.update(words[:-1])
    return out


@dataclass(frozen=True)
class PlaceCues:
    """Which textual cues :func:`extra_place_mentions` may use (all on by default)."""

    datelines: bool = True  # "ROSWELL - A man ..."
    qualified: bool = True  # "Chapin, S.C.", "Paris, Tenn."
    before: bool = True  # "in Chiefland", "Hufstetler of Roswell"
    after: bool = True  # "Gainesville residents", "Roswell police"
    inside_names: bool = True  # "Gainesville Police Department" -> "Gainesville"
    same_name: bool = True  # a name used as a place once is a place where tagged ORG
    party_homes: bool = True  # "Rep. Torrey Westrom, R-Elbow Lake", "D-N.Y."
    standalone: bool = True  # "Ontario" alone, untagged: a country, territory or state


def extra_place_mentions(
    text: str,
    mentions: pd.DataFrame,
    *,
    sentences: pd.DataFrame | None = None,
    cues: PlaceCues = PlaceCues(),
) -> pd.DataFrame:
    """Places in one document's text that the model missed or mislabelled.

    In: the document text and its MENTIONS rows (after analysis.entities.clean_mentions);
    optionally its SENTENCES rows to number the sentence of a new span. A capitalised
    name is taken when the gazetteer knows it as a country, state, county, territory,
    city or town AND the text around it says it is a place: a dateline ("ROSWELL -"),
    a state after it ("Chapin, S.C."), a word before it ("in Chiefland", "of Roswell")
    or after it ("Gainesville residents"); or it opens an organisation named after it
    ("Gainesville Police Department" -> "Gainesville"). Spans of existing GPE/LOC/NORP/
    FAC mentions are never touched.

    Out: MENTIONS rows (label "GPE", rule "gazetteer", iso3 null until
    :func:`map_countries`), ordered by offset; none when ``mentions`` is empty (no
    row gives the document id). A row whose span equals an existing
    PERSON/ORG/... mention is a relabel of it (see :func:`add_place_mentions`); the
    others are new spans, possibly inside a longer organisation name.
    :func:`extra_place_records` is the same on row dicts.
    """
    rows = extra_place_records(
        text, mentions.to_dict("records"), sentences=sentence_spans(sentences), cues=cues
    )
    if not rows:
        return schema.empty("mentions")
    return pd.DataFrame(
        {
            col: pd.Series([r.get(col) for r in rows], dtype=dtype)
            for col, dtype in schema.MENTIONS.items()
        }
    )


def extra_place_records(
    text: str,
    mentions: list[dict],
    *,
    sentences: list[tuple[int, int, int]] | None = None,
    cues: PlaceCues = PlaceCues(),
    home: str | None = None,
) -> list[dict]:
    """:func:`extra_place_mentions` on one document's mention dicts; ``sentences`` as
    (start, end, sent_id) tuples; ``home`` the home country of its source, counted as
    a country it names (see :func:`apply_source_homes`). New rows carry doc_id,
    sent_id, start, end, text, label and rule."""
    if not mentions:  # no row to take the document id from
        return []
    starts = [int(m["start"]) for m in mentions]
    ends = [int(m["end"]) for m in mentions]
    labels = [m["label"] for m in mentions]
    sent_ids = [m["sent_id"] for m in mentions]
    places = [(s, e) for s, e, lab in zip(starts, ends, labels, strict=True) if lab in PLACE_LABELS]
    names = {(s, e): lab for s, e, lab in zip(starts, ends, labels, strict=True)}
    found: set[tuple[int, int]] = set()

    def free(start: int, end: int) -> bool:
        if any(s < end and start < e for s, e in (*places, *found)):
            return False
        # Inside or across another name only when that name is exactly this span.
        label = names.get((start, end))
        if label is not None:
            return label in _OVERRIDABLE
        return not any(s < end and start < e for s, e in names)

    # Countries the document already names: a weak cue ("of Nelson") takes a city or
    # town only in one of them, or a country, state or county anywhere.
    named = _named_countries([m["text"] for m in mentions if m["label"] in PLACE_LABELS])
    # A document in a country's local register is local to it: "the Athens Police
    # Department" is a place in the US even when no other mention says "US".
    if (register := local_register(text)) is not None:
        named.add(register)
    elif home is not None:
        named.add(home)
    for start, end, strong in _cued_spans(text, cues):
        if free(start, end) and _is_place(text[start:end], strong=strong, named=named):
            found.add((start, end))
    for start, end in _datelines(text) if cues.datelines else ():
        # A dateline is a place even where the model took a word of it for a name
        # ("ISLE OF PALMS -" with an ORG "PALMS"): that name gives way to it.
        inside = [(s, e) for s, e in names if start <= s and e <= end]
        if (
            inside
            and all(names[span] in _OVERRIDABLE for span in inside)
            and not any(s < end and start < e for s, e in (*places, *found))
            and not any(s < end and start < e for s, e in names if (s, e) not in inside)
            and _is_place(text[start:end], strong=True, named=named)
        ):
            found.add((start, end))
    for run in _CAPITALISED.finditer(text) if cues.standalone else ():
        # Untagged only: a model's PERSON "Georgia" may well be a person.
        start, end = run.span()
        if _standalone_country(run.group()) and not any(
            s < end and start < e for s, e in (*names, *found)
        ):
            found.add((start, end))
    for start, end in _party_homes(text) if cues.party_homes else ():
        # The model often takes "D-Charleston" for one name; the home inside it wins.
        inside = [(s, e) for s, e in names if s <= start and end <= e]
        whole = all(_PARTY_HOME.fullmatch(text[s:e]) for s, e in inside)
        clear = not any(s < end and start < e for s, e in (*places, *found))
        if whole and clear and _is_place(text[start:end], strong=True, named=named):
            found.add((start, end))
    if cues.inside_names:
        for start, end, label in zip(starts, ends, labels, strict=True):
            if not (label in _OVERRIDABLE or label in _NAMED_AFTER_PLACES):
                continue
            # A metropolitan area is a place whatever the model called it: "according
            # to Metro Vancouver", "Greater Manchester".
            metro = _METRO.fullmatch(text, start, end)
            if metro and free(start, end) and _is_place(metro["place"], strong=True, named=named):
                found.add((start, end))
                continue
            # The name itself (a FAC is a place label) does not block a place inside it.
            others = [(s, e) for s, e in (*places, *found) if (s, e) != (start, end)]
            inside = (
                [*_places_inside_name(text, start, end), *_place_closing_name(text, end, named)]
                if label in _NAMED_AFTER_PLACES
                else []
            )
            opening = _place_opening_name(text, start, end, named)
            for span in (*([opening] if opening else []), *inside):
                if not any(s < span[1] and span[0] < e for s, e in others):
                    found.add(span)
                    others.append(span)
    if cues.same_name:
        # One sense per discourse: a name the document uses as a place is that place
        # again where the model called it an organisation ("Whitestown invited ...").
        placed = {text[s:e] for s, e in (*places, *found)}
        # A person keeps a name the document gives a person in full ("George
        # Washington ... Washington said"); otherwise "Lexington" is the place again.
        people = _person_words(text, starts, ends, labels)
        for start, end, label in zip(starts, ends, labels, strict=True):
            name = text[start:end]
            if name not in placed or not free(start, end):
                continue
            if label in _SAME_NAME_LABELS or (label == "PERSON" and name not in people):
                found.add((start, end))
    doc_id = mentions[0]["doc_id"]
    position = sorted(zip(starts, sent_ids, strict=True))
    return [
        {"doc_id": doc_id, "sent_id": _sentence_of(s, position, sentences), "start": s,
         "end": e, "text": text[s:e], "label": "GPE", "rule": GAZETTEER_RULE}
        for s, e in sorted(found)
    ]  # fmt: skip


def _named_countries(texts: list[str]) -> set[str]:
    """Countries that the place mentions ``texts`` name, each read on its own."""
    named = set()
    for text in texts:
        reading = _reading(text, CountryRules())
        best = reading.fixed or reading.default
        if best is not None:
            named.add(best.iso3)
    return named


#: The ``rule`` of a place found by :func:`extra_place_mentions`; :func:`map_countries`
#: keeps it (the country comes from the usual readings), so a table shows which
#: places the model did not find itself.
GAZETTEER_RULE = "gazetteer"


def add_place_mentions(
    mentions: pd.DataFrame,
    text: str,
    *,
    sentences: pd.DataFrame | None = None,
    cues: PlaceCues = PlaceCues(),
) -> pd.DataFrame:
    """One document's mentions plus :func:`extra_place_mentions`, relabels replacing
    the mention they relabel; ordered by offset, same columns as ``mentions``."""
    if len(mentions) == 0:
        return mentions
    records = mentions.to_dict("records")
    out = add_place_records(records, text, sentences=sentence_spans(sentences), cues=cues)
    if out is records:
        return mentions
    frame = pd.DataFrame(out, columns=mentions.columns)
    return frame.astype(mentions.dtypes.to_dict())


def add_place_records(
    mentions: list[dict],
    text: str,
    *,
    sentences: list[tuple[int, int, int]] | None = None,
    cues: PlaceCues = PlaceCues(),
    home: str | None = None,
) -> list[dict]:
    """:func:`add_place_mentions` on row dicts (``mentions`` itself when nothing is added);
    ``home`` as for :func:`extra_place_records`."""
    extra = extra_place_records(text, mentions, sentences=sentences, cues=cues, home=home)
    if not extra:
        return mentions
    spans = {(r["start"], r["end"]) for r in extra}
    keys = dict.fromkeys(mentions[0])
    kept = [
        m
        for m in mentions
        if (int(m["start"]), int(m["end"])) not in spans
        and not _is_party_home_of(m, spans)
        and not _inside_new_place(m, spans)
    ]
    added = [{**keys, **{k: v for k, v in r.items() if k in keys}} for r in extra]
    return sorted([*kept, *added], key=lambda m: (int(m["start"]), int(m["end"])))


#: A US politician's party and home ("R-Elbow Lake", "D-W. Va.", "DFL-Cook", "(R-Ocilla)"):
#: the home is a US state or a town in one.
_PARTY_HOME = re.compile(
    r"(?<![\w-])(?:R|D|I|DFL)-(?!Day\b)(?P<home>(?:[A-Z]\.){2,3}|[A-Z]\.\s?[A-Z][a-z]+\.?|"
    r"[A-Z][A-Za-z'’]*(?:\s[A-Z][A-Za-z'’]*){0,2}\.?)"
)


def _inside_new_place(mention: dict, spans: set[tuple[int, int]]) -> bool:
    """Whether ``mention`` is a name the model found inside a place the pass added
    (the ORG "PALMS" of the dateline "ISLE OF PALMS")."""
    start, end = int(mention["start"]), int(mention["end"])
    return mention["label"] in _OVERRIDABLE and any(
        s <= start and end <= e and (s, e) != (start, end) for s, e in spans
    )


def _is_party_home_of(mention: dict, spans: set[tuple[int, int]]) -> bool:
    """Whether ``mention`` is a non-place name such as "D-Charleston" around a found place."""
    if mention["label"] in PLACE_LABELS or not _PARTY_HOME.fullmatch(str(mention["text"])):
        return False
    start, end = int(mention["start"]), int(mention["end"])
    return any(start <= s and e <= end for s, e in spans)


def _party_homes(text: str) -> list[tuple[int, int]]:
    """(start, end) of the homes in the party-home tags of ``text``, without a dot that
    ends a sentence ("D-Calif." -> "Calif"; "D-N.Y." keeps its dots)."""
    out = []
    for hit in _PARTY_HOME.finditer(text):
        home = _trim_sentence_dot(hit.group("home"))
        out.append((hit.start("home"), hit.start("home") + len(home)))
    return out


def _cued_spans(text: str, cues: PlaceCues) -> list[tuple[int, int, bool]]:
    """(start, end, strong) of capitalised word windows with a place cue around them;
    ``strong`` when the cue itself says "place" (a dateline, a state after it)."""
    out = []
    if cues.datelines:
        out.extend((start, end, True) for start, end in _datelines(text))
    for run in _CAPITALISED.finditer(text):
        words = [
            (w.start() + run.start(), w.end() + run.start()) for w in _WORD.finditer(run.group())
        ]
        for size in range(min(len(words), 4), 0, -1):
            for i in range(len(words) - size + 1):
                start, end = words[i][0], words[i + size - 1][1]
                end = start + len(text[start:end].rstrip(".'’"))  # "Ill." keeps no dot here
                cue = _cue(text, start, end, cues)
                if cue is not None:
                    out.append((start, end, cue))
                if cue and (where := _QUALIFIED.match(text, end)):
                    out.append((where.start("where"), where.end("where"), True))
    return out


#: A metropolitan area named after its city: "Metro Vancouver", "Greater London".
_METRO = re.compile(
    r"(?:Metro|Greater|Metropolitan)\s+(?P<place>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*)?)"
)


def _datelines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the places in capitals that open a story as a dateline."""
    return [hit.span("place") for hit in _DATELINE.finditer(text[:_DATELINE_REACH])]


_WORD = re.compile(r"[A-Za-z][\w'’.-]*")


@lru_cache(maxsize=50_000)
def _standalone_country(run: str) -> bool:
    """Whether a whole capitalised run is a country, territory or US state written out
    ("Ontario", "Sri Lanka"): with no other capitalised word beside it, not a person's
    name ("Chad Johnson") or an organisation's ("Virginia Tech")."""
    if len(run) < 4 or run.isupper() or is_state_abbreviation(run):
        return False
    readings = candidates(run)
    return (
        bool(readings)
        and readings[0].rule in ("name", "territory", "us_state")
        and not (readings[0].needs_context)
    )


def _cue(text: str, start: int, end: int, cues: PlaceCues) -> bool | None:
    """True for a strong cue, False for a weak one, None for none."""
    after = text[end : end + 40]
    if cues.qualified and _QUALIFIED.match(after) and _qualifier_is_place(after):
        return True
    if cues.before and _PLACE_BEFORE.search(text[max(0, start - 40) : start]):
        return False
    if cues.after and _PLACE_AFTER.match(after):
        return False
    return None


#: ", Tenn." / ", Louisiana" after a place.
_QUALIFIED = re.compile(r",\s*(?P<where>[A-Z][A-Za-z]*\.?(?:\s?[A-Z][a-z]*\.?)?)")


def _qualifier_is_place(after: str) -> bool:
    where = _QUALIFIED.match(after)
    assert where is not None
    return any(
        c.rule in ("us_state", "name", "territory") for c in candidates(where.group("where"))
    )


#: Readings that make a name a place wherever the document is: "in Ohio".
_ANYWHERE_RULES = frozenset({"name", "territory", "us_state", "us_county"})


def _is_place(surface: str, *, strong: bool, named: set[str]) -> bool:
    """Whether the gazetteer reads ``surface`` as a place (not a demonym or a
    building). After a strong cue any reading counts; after a weak one a country,
    territory, state or county, or a city or town of a country in ``named`` (then
    even one named like a word or person: "in Mobile" beside "Alabama")."""
    if not any(ch.islower() for ch in surface) and len(surface) <= 3 and not strong:
        return False  # "SC" in running text is an acronym more often than a state
    readings = _place_readings(surface)
    if strong:
        return bool(readings)
    if _own_city(readings):
        return True
    return any(
        c.iso3 in named or (not c.needs_context and c.rule in _ANYWHERE_RULES) for c in readings
    )


def _place_readings(surface: str) -> list[Candidate]:
    """The readings of ``surface`` as a place: gazetteer readings but demonyms and
    buildings, and towns unless it is a street ("North Street")."""
    readings = [c for c in candidates(surface) if c.rule not in ("demonym", "metonym")]
    return readings + (list(town_candidates(surface)) if not _STREET.search(surface) else [])


def _trim_sentence_dot(surface: str) -> str:
    """``surface`` without a dot that ends a sentence ("Texas." -> "Texas", "D-Calif."
    -> "Calif"); an abbreviation with dots inside keeps its last ("U.S.", "N.Y.")."""
    if surface.endswith(".") and "." not in surface[:-1]:
        return surface[:-1]
    return surface


def _own_city(readings: list[Candidate]) -> bool:
    """Whether the readings are one country's only, with a city of 15,000 or more
    among them ("Gainesville", "North Charleston"): a name no other country uses."""
    return (
        len({c.iso3 for c in readings}) == 1
        and any(c.rule in ("city", "capital") for c in readings)
        and not any(c.needs_context for c in readings)
    )


#: Words that make "<place> <word> ..." an organisation of that place.
_INSTITUTION = frozenset(
    _FEATURES
    | {
        "Department",
        "Dept",
        "Fire",
        "Council",
        "Board",
        "Commission",
        "Commissioners",
        "Schools",
        "Public",
        "Highway",
        "Patrol",
        "Office",
        "Community",
        "Chamber",
        "Medical",
        "Center",
        "Centre",
        "Memorial",
        "Fair",
        "Fairgrounds",
        "Volunteer",
        "Rescue",
        "Court",
        "Parks",
        "Recreation",
        "Housing",
        "Authority",
        "Water",
        "Utilities",
        "Transit",
        "Historical",
        "Health",
        "Superior",
        "Coroner",
        "Coroner's",
        "Coroner’s",
        "Sheriff’s",
        "Planning",
        "Zoning",
        "Academy",
        "Unified",
        "Independent",
        "Senior",
        "Town",
        "Village",
        "City",
        "State",
    }
)


def _place_opening_name(text: str, start: int, end: int, named: set[str]) -> tuple[int, int] | None:
    """(start, end) of a known place opening the name text[start:end] when the next
    word is an institution word ("Gainesville Police Department"), else None."""
    words = [(start + w.start(), start + w.end()) for w in _WORD.finditer(text[start:end])]
    if words and text[words[0][0] : words[0][1]] in ("The", "the"):
        words = words[1:]
    for n in range(min(len(words) - 1, 3), 0, -1):
        following = text[words[n][0] : words[n][1]]
        if following not in _INSTITUTION:
            continue
        if following in _ADMIN_WORDS:  # "Franklin County Auditor's Office": Franklin County
            county = (words[0][0], words[n][1])
            if _is_place(
                _trim_sentence_dot(text[county[0] : county[1]]), strong=False, named=named
            ):
                return county
        span = (words[0][0], words[n - 1][1])
        surface = text[span[0] : span[1]]
        if (possessive := _POSSESSIVE_END.search(surface)) is not None:  # "Kent's Board"
            surface = surface[: possessive.start()]
            span = (span[0], span[0] + len(surface))
        if _is_place(surface, strong=False, named=named):
            return span
        if following in _LOCAL_GOVERNMENT and _one_country(surface):
            return span
    return None


#: "... of <place>" closing a name: "University of Hartford", "Financial Times of
#: London", "United Way of Metropolitan Atlanta".
_OF_PLACE = re.compile(r"\bof\s+(?:the\s+)?(?:Metropolitan\s+|Greater\s+)?(?P<place>[A-Z][\w'’.-]*"
                       r"(?:\s[A-Z][\w'’.-]*){0,2})$")  # fmt: skip


def _place_closing_name(text: str, end: int, named: set[str]) -> list[tuple[int, int]]:
    """[(start, end)] of a place that closes a name after "of", read as after a weak cue
    (a country, state or county anywhere; a city or town in a country the document
    names, or one no other country has), else []."""
    hit = _OF_PLACE.search(text, max(0, end - 60), end)
    if hit is None:
        return []
    surface = hit.group("place").rstrip(".'’")
    start = hit.start("place")
    if _is_place(surface, strong=False, named=named):
        return [(start, start + len(surface))]
    return []


#: Institution words that only a place's own government or services carry: "Whitestown
#: Town Hall", "Berea Police Department" make Whitestown and Berea places, and a place
#: name only one country uses is then read there.
_LOCAL_GOVERNMENT = frozenset(
    {"Town", "City", "Village", "Township", "Borough", "Police", "Fire", "Sheriff", "Sheriff's",
     "Sheriff’s", "Council", "Mayor", "Municipal", "Superior", "High", "Middle", "Elementary",
     "Board"}
)  # fmt: skip
_POSSESSIVE_END = re.compile(r"(?:'s|’s|'|’)$")


def _one_country(surface: str) -> bool:
    """Whether every reading of ``surface`` as a place is in one country and none needs
    context."""
    readings = _place_readings(surface)
    return (
        bool(readings)
        and len({c.iso3 for c in readings}) == 1
        and not any(c.needs_context for c in readings)
    )


#: Labels of names that may carry a country, state or county anywhere inside them
#: ("Northeast Texas Community College", "Tour de France", "US State Department");
#: not PERSON ("Virginia Woolf") nor NORP.
_NAMED_AFTER_PLACES = frozenset({"ORG", "FAC", "EVENT", "WORK_OF_ART", "PRODUCT", "LAW"})
#: Readings a place inside a longer name must have: well-known places, never a city or
#: town (a name's "Athens" or "Richmond" could be anywhere; see _place_opening_name).
_INSIDE_RULES = frozenset({"name", "territory", "us_state", "us_county"})
_INSIDE_MAX_WORDS = 4


def _places_inside_name(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Spans of countries, territories, US states and counties named inside the name
    text[start:end], whole words, longest first.

    A window the gazetteer knows by any reading claims its words, so a longer place
    hides the shorter one inside it: "New England Patriots" names no England, "Jersey
    City Council" no Jersey. The whole name itself is never returned (that is a
    relabel, decided by the cues); an ALL-CAPS word of three letters or fewer counts
    only as a country ("US", "UK"), not a state ("IN", "OR").
    """
    words = [(start + w.start(), start + w.end()) for w in _WORD.finditer(text[start:end])]
    taken = [False] * len(words)
    spans = []
    for size in range(min(len(words), _INSIDE_MAX_WORDS), 0, -1):
        for i in range(len(words) - size + 1):
            if size == len(words) or any(taken[i : i + size]):
                continue
            s, e = words[i][0], words[i + size - 1][1]
            surface = _trim_sentence_dot(text[s:e].rstrip("'’"))
            e = s + len(surface)
            if surface in ("The", "the") or not surface[:1].isupper():
                continue
            readings = candidates(surface)
            if not readings and not town_candidates(surface):
                continue
            taken[i : i + size] = [True] * size
            short_caps = len(surface.replace(".", "")) <= 3 and surface.isupper()
            if is_state_abbreviation(surface):  # "Miss America", "La Quinta"
                continue
            allowed = ("name",) if short_caps else _INSIDE_RULES
            if any(c.rule in allowed and not c.needs_context for c in readings):
                spans.append((s, e))
    return sorted(spans)


def _sentence_of(
    start: int, position: list[tuple[int, object]], sentences: list[tuple[int, int, int]] | None
) -> int | None:
    """The sentence holding ``start``: from ``sentences`` ((start, end, sent_id)) when
    given, else that of the nearest mention before it (``position``: sorted (start,
    sent_id)), 0 before any."""
    if sentences:
        for s, e, k in sentences:
            if s <= start < e:
                return int(k)
    before = [k for s, k in position if s <= start]
    return int(before[-1]) if before and pd.notna(before[-1]) else 0
