"""Text context around a mention, as evidence for the scoring step: a demonym modifying
a food or culture word ("French fries") names no country; a country name written as a
hometown ("a Lebanon woman") is its namesake town. The readers below return facts of
the text (masks aligned with the rows); :mod:`analysis.countries.scoring` weighs them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows, form_mask, isin
from analysis.countries.demonyms import derived_demonym
from analysis.countries.evidence import rows_named
from analysis.countries.lexicon import (
    _CULTURE_NOUNS,
    _FORMER_STATE_NOUNS,
    _JOINED_CULTURE_NOUNS,
    _LODGING_HEADS,
    _VENUE_MEETING_NOUNS,
    _VENUE_NOUNS,
    COMPASS_ADJECTIVES,
    place_compounds,
)
from analysis.countries.readings import _is_world_region, _reading
from analysis.countries.rules import DEFAULT_CONTEXT, CountryRules
from analysis.countries.wordnet_places import wordnet_place
from analysis.dates import MONTHS, WEEKDAYS
from analysis.entities import _is_all_caps, _is_title_case
from analysis.gazetteer import candidates, town_candidates
from analysis.gazetteer_entries import Candidate

#: "<demonym> [adjective] <culture noun>" right after the mention.
_MODIFIES = re.compile(rf"^(?:-style\b|[-\s]+(?:[a-z]+\s+)?(?:{_CULTURE_NOUNS})\b)", re.IGNORECASE)
#: "<former state's demonym>-era" / " republic": the past or another country (review 14,
#: M2; analysis/data/country_lexicon.json "former_state_nouns").
_FORMER_STATE = re.compile(rf"^[-\s]+(?:{_FORMER_STATE_NOUNS})\b", re.IGNORECASE)
#: "<demonym> and <Demonym> <joined culture noun>": two demonyms joined by "and", "or",
#: "&" modify a food, music or language word together ("Greek and Italian food", "Thai
#: or Korean cuisine"; branch cacc, narrowed by review 5, F1): the joined word is
#: capitalised (case-sensitive) and must itself read as a demonym (:func:`_joined`).
_JOINED = re.compile(rf"^\s+(?:and|or|&)\s+(?P<other>[A-Z][a-z]+)\s+(?i:{_JOINED_CULTURE_NOUNS})\b")
#: "[the] <demonym> [Capitalised word] <Lodging head>": the name of an apartment complex
#: or a lodging ("the Danish Pines Apartments", "Swiss Chalet Inn"), case-sensitive
#: (branch cacc; analysis/data/country_lexicon.json "lodging_heads"; the name's shape is
#: checked by :func:`_opens_lodging`).
_OPENS_LODGING = re.compile(
    rf"\s+(?P<middle>[A-Z][a-z]+\s+)?(?:{'|'.join(_LODGING_HEADS)})\b(?P<next>\s+[A-Z])?"
)
#: "the" right before the mention.
_THE_BEFORE = re.compile(r"\b[Tt]he\s+$")


#: A language read by its demonym: "taught in Spanish", "speaks French".
_LANGUAGE_BEFORE = re.compile(
    r"\b(?:in|speaks?|spoke|speaking|learn|learning|learned|teach|teaches|taught|fluent\s+in|"
    r"translated\s+(?:in)?to|subtitled\s+in)\s+$",
    re.IGNORECASE,
)


#: A demonym after a language verb that modifies the word after it is no language:
#: "interference in Egyptian internal affairs", "in Chinese markets" (but "written in
#: French and English", "taught in Spanish by"): a lower-case word that is no function
#: word follows it.
_MODIFIES_NEXT = re.compile(
    r"^[-\s]+(?!(?:and|or|but|nor|by|to|for|with|at|on|as|from|of|in|into|is|was|are|were|"
    r"then|than|so|because|while|when|which|who|that|the|a|an|too|only|instead|also|"
    r"again|now|here|there|before|after)\b)[a-z]"
)
#: ... or a capitalised word on its line that names no month or weekday: the demonym
#: opens a name ("figures quoted in Philippine Pesos", "in Swiss Francs"; not "said in
#: Arabic Monday"). Provenance: unseen Reuters news, where such a demonym was read as a
#: language and its country lost (review of the twenty-ninth session's FP lens).
_NAME_NEXT = re.compile(r"^[ \t-]+([A-Z][a-z]+)\b")
#: The month and weekday words (analysis.dates) that name no thing a demonym modifies.
_DATE_WORDS = frozenset({*MONTHS, *WEEKDAYS})


def _modifies_next(after: str) -> bool:
    """Whether the demonym before ``after`` modifies the word after it
    (:data:`_MODIFIES_NEXT`, :data:`_NAME_NEXT`): no language after a language verb."""
    if _MODIFIES_NEXT.match(after):
        return True
    word = _NAME_NEXT.match(after)
    return word is not None and word[1].casefold() not in _DATE_WORDS


def _offsets(rows: pd.DataFrame | PlaceRows) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``rows``' start and end offsets as int arrays (0 where unknown) and the mask of
    rows that have both: a mention without offsets (a user alias, a hand-made row) has no
    text around it to read, so the readers below skip it instead of failing. Speed: a
    :class:`~analysis.countries.columns.PlaceRows` bundle reads them once for all the
    readers (:attr:`~analysis.countries.columns.PlaceRows.offsets`)."""
    return as_rows(rows).offsets


def culture_rows(
    rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]
) -> tuple[np.ndarray, np.ndarray]:
    """(culture, style): boolean masks of the place ``rows`` followed by a food, culture
    or language word, opening a lodging's name or preceded by a language verb ("French
    fries", "Irish pub", "the Spanish Oaks Apartments", "taught in Spanish": evidence
    against a demonym reading), and of those followed by
    "-style" ("Texas-style", "a Jordan Valley-style clinic": evidence against any
    reading). Facts of the text only: the scoring step decides which readings they
    concern."""
    rows = as_rows(rows)
    culture = np.zeros(len(rows), dtype=bool)
    style = np.zeros(len(rows), dtype=bool)
    doc_ids = rows.doc_id
    starts, ends, placed = _offsets(rows)
    # Only what can matter is read: a form with a demonym reading, a story with "-style".
    codes, forms = pd.factorize(rows.text)
    demonym = np.array([_may_be_demonym(str(t)) for t in forms], dtype=bool)
    styled = {d for d in pd.unique(doc_ids) if "-style" in str(texts.get(d, ""))}
    wanted = placed & ((demonym[codes] if len(codes) else placed) | isin(doc_ids, styled))
    for i in np.flatnonzero(wanted).tolist():
        text = texts.get(doc_ids[i])
        if not isinstance(text, str):
            continue
        after = text[ends[i] : ends[i] + 40]
        style[i] = after.startswith("-style")
        before = text[max(0, starts[i] - 25) : starts[i]]
        language = _LANGUAGE_BEFORE.search(before) and not _modifies_next(after)
        culture[i] = bool(
            _MODIFIES.match(after)
            or language
            or _joined(after)
            or _opens_lodging(text, starts[i], ends[i], before)
            or (_FORMER_STATE.match(after) is not None and _former_state(str(rows.text[i])))
        )
    return culture, style


def compound_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` that open a lexicalised common-noun compound
    (analysis/data/place_compounds.tsv, from Open English WordNet: "Brussels sprouts",
    "a Panama hat", "a Turkish bath", "Molotov cocktails"): the compound names a thing,
    no place, whatever the mention's reading (rule lexical_compounds; a fact of the text,
    weighed as a "-style" is by the scoring step). The tail must follow in lower case
    ("Panama Hat Co" is a name, left to the other rules)."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    compounds = place_compounds()
    forms = rows.text
    # Speed (this runs per chunk of the build): the distinct forms first, then only the
    # rows whose form opens a compound, without a pandas call per row.
    patterns = {f: p for f in set(forms.tolist()) if (p := compounds.get(str(f).casefold()))}
    if not patterns:
        return mask
    doc_ids = rows.doc_id
    ends = rows.end
    for i in np.flatnonzero(isin(forms, patterns)).tolist():
        text, end = texts.get(doc_ids[i]), ends[i]
        if isinstance(text, str) and not pd.isna(end):
            mask[i] = patterns[forms[i]].match(text, int(end)) is not None
    return mask


#: "[adjective] <venue noun>" right after a mention written after "the": "the Venice
#: summit", "the Venice economic summit", "the Geneva arms talks", "THE PARIS ACCORD"
#: (rule venues); "the" keeps out a verb ("Duran still talks") and a list's noun
#: ("TRAIL, KIMBERLEY NEGOTIATIONS").
_VENUE = re.compile(rf"\s+(?:[a-z]+\s+)?(?i:{_VENUE_NOUNS})\b")
#: "the" (any case) right before a name: a venue's ("the Venice summit", "THE PARIS
#: ACCORD"), an institution's ("the Pentagon said": rule co_mentioned,
#: analysis.countries.comention).
THE_ANY_CASE = re.compile(r"\b(?i:the)\s+$")
#: A meeting noun, up to five words, then "in" or "at" right before a venue's name:
#: "talks with the Soviet Union in Geneva", "the June economic summit in Venice",
#: "Summit on June 8 to 10 in Venice" (rule venues; lexicon venue_meeting_nouns). The
#: words between hold no full stop, so the noun is in the name's sentence.
_MEETING_AT = re.compile(
    rf"\b(?i:{_VENUE_MEETING_NOUNS})\b(?:,?\s+[\w'’-]+){{0,5}},?\s+(?:in|at)\s+$"
)
#: How far before a name :data:`_MEETING_AT` is searched (characters).
_MEETING_REACH = 80
#: A venue noun anywhere in a story, searched in its lower-cased text (speed:
#: :func:`venue_rows` reads only such stories; a case-insensitive pattern costs 2.3 times
#: as much over the 18,781 Reuters-21578 stories, 0.85 against 0.37 CPU s).
_VENUE_WORD = re.compile(rf"\b(?:{_VENUE_NOUNS})\b")
#: One venue noun, any case ("Agreement" of "the Europe Agreement": rule co_mentioned).
VENUE_NOUN = re.compile(rf"(?i:{_VENUE_NOUNS})")


def venue_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` that name the venue of an international
    meeting or its outcome (:func:`_venue_at`: "the Venice summit", "the Paris accord",
    "the economic summit in Venice"), and the document's other mentions of that name,
    whatever their case (one sense per document): the city known by the name, not a
    namesake in a country whose places the story names (rule venues; a fact of the text,
    weighed by the scoring step). Only a name whose first reading is a city or a capital
    (:func:`_known_city`)."""
    rows = as_rows(rows)
    starts, ends, known = _offsets(rows)
    doc_ids, forms = rows.doc_id, rows.text
    # Speed: only the stories that use a venue noun are read row by row.
    used = [d for d in pd.unique(doc_ids) if _VENUE_WORD.search(str(texts.get(d, "")).lower())]
    named: dict[object, set[str]] = {}
    for i in np.flatnonzero(known & isin(doc_ids, used)).tolist():
        text = texts.get(doc_ids[i])
        start, end = int(starts[i]), int(ends[i])
        # The cached test of the name first (speed: most names are no city).
        if isinstance(text, str) and _known_city(str(forms[i])) and _venue_at(text, start, end):
            named.setdefault(doc_ids[i], set()).add(str(forms[i]).casefold())
    return rows_named(rows, named)


def _venue_at(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start``-``end`` of ``text`` is written as a venue: after "the"
    and before a venue noun ("the Venice summit"), or after a meeting noun and "in" or
    "at" ("the economic summit in Venice")."""
    if THE_ANY_CASE.search(text, max(0, start - 8), start) and _VENUE.match(text, end):
        return True
    return _MEETING_AT.search(text, max(0, start - _MEETING_REACH), start) is not None


@lru_cache(maxsize=50_000)
def _known_city(form: str) -> bool:
    """Whether the gazetteer's first reading of ``form`` is a city or a capital: the city
    the world knows by the name, which a venue is (rule venues), not a town."""
    found = candidates(form)
    return bool(found) and found[0].rule in ("city", "capital")


#: What follows the X of a comparison "the X of Y": "of", an optional "the", and Y, up
#: to three capitalised words ("of Canada", "of the East", "of Southeast Asia").
_COMPARED_TO = re.compile(r" of (?:the )?(?P<y>[A-Z][\w'’.-]*(?: [A-Z][\w'’.-]*){0,2})")
#: Compass nouns that name a region after "the" ("the Paris of the East", "the Venice
#: of the North"): the quarters of the world in English usage.
_COMPASS_REGIONS = frozenset({"East", "West", "North", "South", "Orient", "Occident"})
#: Compass points that name a region as a noun after "the" ("the West", "the South",
#: "the North-East"), lower case: the lexicon's compass words (lexicon
#: ``compass_adjectives``) but its adjectives ("-ern", "central"), and the quarters of
#: the world above (rule compass_points).
COMPASS_POINTS = frozenset(
    word for word in COMPASS_ADJECTIVES if not word.endswith("ern") and word != "central"
) | frozenset(word.casefold() for word in _COMPASS_REGIONS)


def _is_compass_point(form: str) -> bool:
    """Whether ``form`` is one of :data:`COMPASS_POINTS`, any case."""
    return form.casefold() in COMPASS_POINTS


def compass_point_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` that are a compass point written as a noun
    after "the", any case (:data:`COMPASS_POINTS`: "the West", "THE SOUTH", "the
    North-East"): a region named by its direction (the American West, the Western world,
    a country's south), never the town of that name (West, Texas; North, South
    Carolina), which a town is not written with (rule compass_points)."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    points = form_mask(rows.text, _is_compass_point)
    starts = rows.start
    for i in np.flatnonzero(points & ~pd.isna(starts)).tolist():
        text, start = texts.get(rows.doc_id[i]), int(starts[i])
        if isinstance(text, str):
            mask[i] = THE_ANY_CASE.search(text, max(0, start - 8), start) is not None
    return mask


def comparison_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` written as the X of a figurative comparison
    "the X of Y" (:data:`_COMPARED_TO`), Y a country, territory or US state no reading
    of X lies in, or a world region or compass region ("Bay Street, the Wall Street of
    Canada", "the Switzerland of Asia", "the Paris of the East"): X names a kind of
    place, no place of the story (rule comparisons; a fact of the text, weighed as a
    "-style" is). Not "the United States of America" (Y in X's country), "the Southern
    District of New York" (X a name no table reads), "the United States of Japan's
    case" (Y a possessive). Speed: only rows followed by " of " are read further."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    docs, starts, ends = rows.doc_id, rows.start, rows.end
    for i in np.flatnonzero(~(pd.isna(starts) | pd.isna(ends))).tolist():
        text, end = texts.get(docs[i]), int(ends[i])
        if isinstance(text, str) and text.startswith(" of ", end):
            mask[i] = _compared(text, int(starts[i]), end, str(rows.text[i]))
    return mask


def _compared(text: str, start: int, end: int, form: str) -> bool:
    """Whether the mention ``form`` at ``text[start:end]``, followed by " of ", is the X
    of a comparison (:func:`comparison_rows`)."""
    if text[max(0, start - 4) : start].lower() != "the ":
        return False
    found = _COMPARED_TO.match(text, end)
    if found is None or found["y"].endswith(_POSSESSIVES):
        return False  # "convince the United States of Japan's case": Y modifies a noun
    return _compared_place(form, found["y"])


def _compared_place(x: str, y: str) -> bool:
    """Whether ``y`` (the words after "of") opens with a region, or with a country,
    territory or US state in which no reading of ``x`` lies (:func:`comparison_rows`)."""
    words = y.split()
    own = {c.iso3 for c in (*candidates(x), *town_candidates(x), *wordnet_place(x))}
    if not own:  # a name no table reads: "the Southern District of New York"
        return False
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n]).rstrip(".") if n == len(words) else " ".join(words[:n])
        if name in _COMPASS_REGIONS or _is_world_region(name):
            return True
        places = {c.iso3 for c in candidates(name) if c.rule in _COMPARED_RULES}
        if places:
            return not places & own
    return False


#: A possessive after Y: Y then modifies the noun that follows, it is compared to nothing.
_POSSESSIVES = ("'s", "’s")
#: Readings of Y that make "the X of Y" a comparison (:func:`_compared_place`).
_COMPARED_RULES = frozenset({"name", "territory", "us_state"})


def _joined(after: str) -> bool:
    """Whether ``after`` (the text after a demonym) joins another demonym that, with it,
    modifies a food, music or language word (:data:`_JOINED`): "and Italian food", not
    "and foreign students" nor "and Nigerian students"."""
    found = _JOINED.match(after)
    return bool(found) and _may_be_demonym(found.group("other"))


def _opens_lodging(text: str, start: int, end: int, before: str) -> bool:
    """Whether the demonym at ``text[start:end]`` (``before``: the text before it) opens
    a lodging's name (:data:`_OPENS_LODGING`) of a name's shape: "the" before it ("the
    Danish Pines Apartments", "the Swiss Inn"), or one capitalised word between it and
    the head that ends the capitalised run ("at Swiss Chalet Inn on Friday"). Never on a
    line in title case or capitals, where every word is capitalised ("Syrian Refugee
    Homes Burned", "TURKISH VILLAS SOLD"; review 5, F2)."""
    found = _OPENS_LODGING.match(text, end)
    if found is None:
        return False
    if not _THE_BEFORE.search(before) and (not found.group("middle") or found.group("next")):
        return False
    line = text[text.rfind("\n", 0, start) + 1 : (text.find("\n", end) + 1 or len(text) + 1) - 1]
    return not (_is_title_case(line) or _is_all_caps(line))


@lru_cache(maxsize=10_000)
def _former_state(form: str) -> bool:
    """Whether ``form`` is a former state's demonym (every demonym reading conditional:
    country_aliases.json ``conditional_demonyms``, "Soviet")."""
    found = [c for c in candidates(form) if c.rule == "demonym"]
    return bool(found) and all(c.needs_context for c in found)


@lru_cache(maxsize=50_000)
def _may_be_demonym(form: str) -> bool:
    """Whether ``form`` has a demonym reading under the reading rules all on ("West
    German" through "German"), or one derived from a state's or region's name
    ("Texan")."""
    reading = _reading(form, CountryRules(), DEFAULT_CONTEXT)  # the key map_countries reads
    found = (*((reading.fixed,) if reading.fixed else ()), *reading.options)
    return any(c.rule == "demonym" for c in found) or derived_demonym(form) is not None


#: A country or city name used as a hometown: "a Lebanon woman", "the Jordan boys",
#: "Paris High School".
_HOMETOWN_AFTER = re.compile(
    r"^(?:'s|’s)?\s+(?:residents?|man|woman|men|women|boys?|girls?|teens?|couple|family|"
    r"High\s+School|City\s+Council|Township|Borough|Village\s+Board)\b"
)


def hometown_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of place ``rows`` written as a hometown ("a Lebanon woman", "Paris
    High School"), and every other mention of the same name in the document (one sense
    per document): evidence the scoring step weighs (weights "hometown",
    "hometown_name")."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    docs = rows.doc_id
    forms = rows.text
    _, ends, placed = _offsets(rows)
    found = set()
    for i in np.flatnonzero(placed).tolist():
        text = texts.get(docs[i])
        if isinstance(text, str) and _HOMETOWN_AFTER.match(text[ends[i] : ends[i] + 25]):
            found.add((docs[i], forms[i]))
    if found:
        mask = np.array([(d, f) in found for d, f in zip(docs, forms, strict=True)], dtype=bool)
    return mask


def hometown_namesakes(surface: str) -> tuple[Candidate, ...]:
    """The readings of ``surface`` as a city, capital or town (the gazetteer's and its
    towns), most populous first: what a name written as a hometown may be."""
    found = [c for c in (*candidates(surface), *town_candidates(surface))
             if c.rule in ("city", "capital", "town")]  # fmt: skip
    return tuple(sorted(found, key=lambda c: -c.population))
