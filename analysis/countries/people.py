"""People named like places: evidence that a place mention is a person's name.

Rule ``ages``: a person's name written with an age ("Maria Duran, 38, meets ...", a
"Duran" the model tagged PERSON before ", 38,") is a person, and so is that name
elsewhere in the document where it is written like a person's (one sense per document:
"DURAN" in the headline, "Duran told Reuters"; not "Jackson police", "in Jackson").
Evidence that the aged name is a person's is required: two or more capitalised words
before the age, or a PERSON span of the model ending right before it. Never a name read
as a country, territory, US state or capital ("Jordan, 11," is a child; the country
keeps its name), and a lone word in a list of ages ("Georgia, 16, and Arizona, 11,":
a tally) is no name.

The reader returns a fact of the text (a mask aligned with the place rows); the scoring
step reads such a row as a person's name (weight "person_name": no country).
Provenance: LGL's dev half (police reports name people with their ages: every name so
written in the three dev sets is a person's) and the CoNLL testa dev set (a boxer's
surname read as Duran, Ecuador); narrowed by review 3 (F1: tallies, electoral votes,
children's first names).

Rule ``person_sense``: a place the gazetteer pass found (by any cue), or one the model
tagged whose name only small places read (:func:`small_places_only`: "Nuri Sahin ...
Sahin later left", branch ctry18), whose name is the
last name of a person the model found by a full name in the same document ("found a
stolen phone on Henry" beside "Maria Ellen Henry") is that person, unless the words
around it read it as a place (:func:`read_as_place`, shared with ``ages``: a place word
before or after it, a state or country after a comma, its story's dateline) or an institution
word follows it ("Dublin City Council": the model's PERSON spans include places,
"Historic Dublin"). A one-word PERSON is no evidence: the model tags places so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows, isin
from analysis.countries.cues import (
    _BEFORE_LAST_WORDS,
    _PARTY_TAG,
    _after_cue,
    _before_cue,
    _qualifier_is_place,
)
from analysis.countries.evidence import _NEXT_WORD
from analysis.countries.lexicon import _INSTITUTION
from analysis.countries.modifiers import _offsets
from analysis.countries.pass_words import _PERSON_TITLE_BEFORE, _SPEECH_AFTER
from analysis.datelines import own_dateline_starts, wire_datelines
from analysis.dates import MONTHS, WEEKDAYS
from analysis.gazetteer import candidates, town_candidates
from analysis.name_data import role_words

#: An age between commas (", 45,", ", aged 45,"), and the capitalised word right before
#: it (read only where an age is: the age's leading comma is a fast literal to find).
_AGE = re.compile(r",\s+(?:aged\s+)?[1-9]\d,")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w'’-]*[a-z][\w'’-]*)$")
#: The capitalised word (or initial) before a name: "Maria" of "Maria Duran", "P." of
#: "Joan P. Barker".
_WORD_BEFORE = re.compile(r"(?<![\w'’.-])([A-Z]\.|[A-Z][\w'’-]*)\s+$")
#: What lies between two ages of a list: a name ("Italy, 45, Spain, 32,"; "Georgia, 16,
#: and Arizona, 11,").
_LIST_GAP = re.compile(r"\s+(?:and\s+)?[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*)*")
#: Dates, not people ("March, 25,"): the month and weekday names of analysis.dates.
_DATE_WORDS = frozenset(MONTHS) | frozenset(WEEKDAYS)
#: Capitalised words before a name that are no first name: a sentence's place word or
#: article ("In Jackson, 45,": the gazetteer pass's place words) or a date.
_NOT_FIRST_NAMES = _DATE_WORDS | frozenset(_BEFORE_LAST_WORDS)
#: Readings a person's name is never written with an age under: a country, territory,
#: US state or capital (analysis.gazetteer.RULE_ORDER).
_NO_AGE_READINGS = frozenset({"name", "territory", "us_state", "capital"})


@lru_cache(maxsize=50_000)
def small_places_only(form: str) -> bool:
    """Whether ``form`` names small places only: it has a reading, and each is a town or
    a city under 100,000 people (:func:`analysis.countries.readings.small_place`; towns:
    :func:`analysis.gazetteer.town_candidates`); no country, division, county, region or
    big city reads it. Such a name is a person's, a company's or a ship's far more
    often than a big place's is (branch ctry18: "Sahin", "Stora", "Andromachi" on
    unseen Reuters news)."""
    from analysis.countries.readings import small_place  # at first use (import order)

    readings = (*candidates(form), *town_candidates(form))
    return bool(readings) and all(small_place(c) for c in readings)


@lru_cache(maxsize=50_000)
def derived_only(form: str) -> bool:
    """Whether ``form`` is read only by another spelling of a place's name, needing its
    country named in the story: the gazetteer lacks it as written, and each town-table
    reading needs context (:func:`analysis.gazetteer.town_candidates`: the form with or
    without the Arabic article, "Obeid" for El Obeid; an ASCII fold). Such a name is a
    person's family name as often ("Ahmed Obeid": issue 18, unseen Reuters news), so
    rule ``person_sense`` asks it as it asks a small place's."""
    if candidates(form):
        return False
    readings = town_candidates(form)
    return bool(readings) and all(c.needs_context for c in readings)


def _place_name(word: str) -> bool:
    """Whether a reading of ``word`` is a country, territory, US state or capital."""
    return any(c.rule in _NO_AGE_READINGS for c in candidates(word))


def _listed(text: str, ages: list[re.Match[str]]) -> set[int]:
    """Positions (in ``ages``) of the ages written in a list ("X, 45, Y, 32,")."""
    out: set[int] = set()
    for i in range(len(ages) - 1):
        if _LIST_GAP.fullmatch(text, ages[i].end(), ages[i + 1].start()):
            out.update((i, i + 1))
    return out


def aged_names(text: str, person_ends: frozenset[int] | set[int] = frozenset()) -> list[str]:
    """The last names of the people ``text`` writes with an age ("Maria Duran, 38," ->
    "Duran"): two or more capitalised words before the age, or one word that a PERSON
    span of the model ends (``person_ends``: the ends of the document's PERSON spans)
    outside a list of ages. See the module docstring for what is never a name."""
    ages = list(_AGE.finditer(text))
    listed = _listed(text, ages) if len(ages) > 1 else set()
    names = []
    for i, age in enumerate(ages):
        name = _NAME_BEFORE.search(text, max(0, age.start() - 40), age.start())
        if name is None or name.group(1).casefold() in _DATE_WORDS or _place_name(name[1]):
            continue
        word = _WORD_BEFORE.search(text, max(0, name.start() - 30), name.start())
        full = word is not None and word[1].casefold() not in _NOT_FIRST_NAMES
        if full or (age.start() in person_ends and i not in listed):
            names.append(name.group(1))
    return names


def read_as_place(text: str, start: int, end: int, datelines: set[int]) -> bool:
    """Whether the words around the mention ``text[start:end]`` read it as a place: a
    place word before or after it (the gazetteer pass's "before" and "after" cues:
    "moved to Denver", "Jackson police"), a state, province or country after a comma
    ("Lincoln, Nebraska"), or it is its story's dateline (``datelines``: the dateline
    places' starts). Shared by rules ``ages`` and ``person_sense``."""
    if start in datelines or _before_cue(text, start) or _after_cue(text, end):
        return True
    return _qualifier_is_place(text, end)


def _dateline_starts(text: str) -> set[int]:
    """Starts of ``text``'s own and wire dateline places (analysis.datelines)."""
    return set(own_dateline_starts(text)) | {start for start, _ in wire_datelines(text)}


def _person_ends(people: pd.DataFrame | PlaceRows | None) -> dict[object, set[int]]:
    """The ends of the PERSON spans (``people``: doc_id, end), by document."""
    people = None if people is None else as_rows(people)
    out: dict[object, set[int]] = {}
    if people is None or people.empty:
        return out
    ends = people.end.tolist()  # tested by column below (speed: no pandas call per cell)
    for doc, end, unknown in zip(
        people.doc_id.tolist(), ends, np.isnan(people.ends).tolist(), strict=True
    ):
        if not unknown:
            out.setdefault(doc, set()).add(int(end))
    return out


def aged_rows(
    rows: pd.DataFrame | PlaceRows,
    texts: Mapping[object, str],
    people: pd.DataFrame | PlaceRows | None = None,
) -> np.ndarray:
    """Boolean mask of the place ``rows`` whose text is, casefolded, a name their
    document writes with an age (:func:`aged_names`; ``people``: the model's PERSON
    mentions, doc_id and end): the aged mention itself, and the name elsewhere unless
    the words around it read it as a place (:func:`read_as_place`: "Jackson police")."""
    rows = as_rows(rows)
    people = None if people is None else as_rows(people)
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    ends = _person_ends(people)
    docs = rows.doc_id
    named: dict[object, set[str]] = {}
    for doc in pd.unique(docs):
        text = texts.get(doc)
        if isinstance(text, str) and (found := aged_names(text, ends.get(doc, set()))):
            named[doc] = {name.casefold() for name in found}
    if not named:
        return mask
    forms = rows.text.tolist()
    start, end, placed = _offsets(rows)
    datelines: dict[object, set[int]] = {}
    for i in np.flatnonzero(placed).tolist():
        doc = docs[i]
        if str(forms[i]).casefold() not in named.get(doc, ()):
            continue
        text, at, stop = texts[doc], int(start[i]), int(end[i])
        if doc not in datelines:
            datelines[doc] = _dateline_starts(text)
        mask[i] = _AGE.match(text, stop) is not None or not read_as_place(
            text, at, stop, datelines[doc]
        )
    return mask


def person_sense_rows(
    rows: pd.DataFrame | PlaceRows,
    found: np.ndarray,
    people: pd.DataFrame | PlaceRows,
    texts: Mapping[object, str],
) -> np.ndarray:
    """Boolean mask of the place ``rows`` the gazetteer pass found (``found``), or whose
    name only small places read (:func:`small_places_only`), whose text
    is the last name of a PERSON of their document written with two or more capitalised
    words, or a one-word PERSON the document writes as a person's (:func:`_surnames`;
    ``people``: doc_id, start, end, text), unless the words around the row read it as a
    place (:func:`read_as_place`) or an institution word follows it."""
    rows = as_rows(rows)
    people = as_rows(people)
    mask = np.zeros(len(rows), dtype=bool)
    if people.empty or rows.empty:
        return mask
    forms = rows.text
    docs = rows.doc_id
    # A small place's name the model tagged as a place is asked too ("Nuri Sahin ...
    # Sahin later left": branch ctry18), and a name read only by another spelling ("Ahmed
    # Obeid ... Obeid said": derived_only); a big city, division or country keeps its label.
    towns = [
        f
        for f in pd.unique(forms[~found])
        if isinstance(f, str) and (small_places_only(f) or derived_only(f))
    ]
    found = found | isin(forms, towns) if towns else found
    if not found.any():
        return mask
    # Speed: only the names of the found rows' (document, text) pairs are looked for.
    wanted = set(zip(docs[found].tolist(), forms[found].tolist(), strict=True))
    names = _surnames(people, texts, wanted)
    if not names:
        return mask
    asked = found & isin(forms, set().union(*names.values()))
    if not asked.any():
        return mask
    start, end, placed = _offsets(rows)
    datelines: dict[object, set[int]] = {}
    for i in np.flatnonzero(asked & placed).tolist():
        doc = docs[i]
        if forms[i] not in names.get(doc, ()):
            continue
        text = texts.get(doc) or ""
        if doc not in datelines:
            datelines[doc] = _dateline_starts(text)
        if read_as_place(text, int(start[i]), int(end[i]), datelines[doc]):
            continue
        after = _NEXT_WORD.match(text, int(end[i]))
        mask[i] = after is None or after.group(1) not in _INSTITUTION
    return mask


def family_name(name: object) -> str | None:
    """The family name a PERSON mention's text gives a person: the last word of a full
    name of two or more capitalised words ("Maria Ellen Henry" -> "Henry"), else None
    ("Chohan", "van Gogh"). Declared once for rule ``person_places`` (:func:`_surnames`)
    and rule ``co_mentioned`` (analysis.countries.comention.named_otherwise)."""
    words = name.split() if isinstance(name, str) else []
    if len(words) >= 2 and all(w[:1].isupper() for w in words):
        return words[-1]
    return None


def _surnames(
    people: pd.DataFrame | PlaceRows,
    texts: Mapping[object, str],
    wanted: set[tuple[object, object]] | None = None,
) -> dict[object, set[str]]:
    """doc_id -> the names its PERSON mentions (``people``: doc_id, start, end, text) give
    a person by: the last word of a full name of two or more capitalised words ("Maria
    Ellen Henry"), and a one-word PERSON written after a title or before a speech verb
    ("President Bush", "Clinton said": branch ctry13, the mention audit of
    benchmarks.mention_audit). A bare one-word PERSON stays no evidence: the model tags
    places so. ``wanted``: the (doc_id, name) pairs asked about, when only those matter
    (speed: the words around a one-word PERSON are read only for them)."""
    people = as_rows(people)
    names: dict[object, set[str]] = {}
    # Without offsets (None: no such column), full names only.
    columns = [getattr(people, c).tolist() for c in ("doc_id", "start", "end", "text")]
    for doc, start, end, name in zip(*columns, strict=True):
        words = name.split() if isinstance(name, str) else []
        if not words or (wanted is not None and (doc, words[-1]) not in wanted):
            continue
        if family_name(name) is not None:  # a full name
            names.setdefault(doc, set()).add(words[-1])
        elif (
            len(words) == 1
            and pd.notna(start)
            and written_as_person(texts.get(doc) or "", int(start), int(end))
        ):
            names.setdefault(doc, set()).add(words[0])
    return names


def written_as_person(text: str, start: int, end: int) -> bool:
    """Whether the name at ``text[start:end]`` follows a person's title ("President",
    "Mr.") or precedes a speech verb ("said"). Read by rule person_places (a one-word
    PERSON) and rule co_mentioned (a name no gazetteer knows)."""
    before = text[max(0, start - 40) : start]
    return bool(_PERSON_TITLE_BEFORE.search(before) or _SPEECH_AFTER.match(text, end))


#: Readings a name keeps after a title (rule ``titles``): a country's or a US state's
#: name is the place ("Mr. Georgia" is rare; "President Obama of the United States" is
#: another form).
_TITLE_KEEPS = frozenset({"name", "us_state"})
#: Labels of the mentions the title test reads: those the model or the gazetteer pass
#: gave a place's label (a PERSON is a person already).
_TITLED_LABELS = ("GPE", "LOC")


def titled_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` (GPE or LOC) written right after a title or a
    form of address ("Mr. Houston told reporters", "Coach Lincoln"; the test
    :data:`analysis.countries.places._PERSON_TITLE_BEFORE`, from data/role_words.txt:
    no saint's "St.", no "Miss." after a comma), unless the name reads as a country
    or a US state, or an office or an institution's word follows it ("Deputy Chicago
    Mayor Sam Bell", "Acting Houston Police Chief": the city's office, review 10 F6):
    a person's name, not a place (rule ``titles``). A country's or state's name is a
    person's too after a form of address and before a verb of speech ("Mr. Jordan
    said": review 10 F10)."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    start, end, placed = _offsets(rows)
    labels = rows.label
    asked = placed & isin(labels, _TITLED_LABELS) & (start > 0)
    docs, forms = rows.doc_id, rows.text
    for i in np.flatnonzero(asked).tolist():
        text, at, stop = texts.get(docs[i]), int(start[i]), int(end[i])
        if not isinstance(text, str) or not text[at - 1 : at].isspace():
            continue
        if _PERSON_TITLE_BEFORE.search(text, max(0, at - 12), at) is None or _office_after(
            text, stop
        ):
            continue
        keeps = any(c.rule in _TITLE_KEEPS for c in candidates(str(forms[i])))
        mask[i] = not keeps or (
            _ADDRESS_BEFORE.search(text, max(0, at - 6), at) is not None
            and _SPEECH_AFTER.match(text, stop) is not None
        )
    return mask


#: A form of address right before a name ("Mr. ", "Mrs ", "Dr. "): never a country's.
_ADDRESS_BEFORE = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|Sir)\.?\s+$")


def _office_after(text: str, end: int) -> bool:
    """Whether the word right after a name ending at ``end`` is an office (a title word
    of data/role_words.txt: "Mayor", "Governor") or an institution's word ("Police",
    "Council": the lexicon's ``_INSTITUTION``): the name is the place of that office."""
    after = _NEXT_WORD.match(text, end)
    return after is not None and (
        after.group(1) in _INSTITUTION or after.group(1).casefold() in role_words()
    )


#: A politician's party written with the state or town they represent (rule
#: politician_homes): a party tag's prefix right before the home ("Sen. Phil Gramm
#: (R-Tex)", "D-W. Va.": the tags of analysis.countries.cues._PARTY_HOME), a party
#: noun right after it ("Texas Democrat Lloyd Bentsen", "Georgia Republicans", "Texas
#: Democratic Senator Lloyd Bentsen") or before "of" or "from" and it ("a Republican from
#: Texas"); not a state's party ("the Texas Democratic Party", "the Georgia Republican
#: Party": an organisation of the state).
_PARTY_TAG_BEFORE = re.compile(_PARTY_TAG + "-$")
_PARTY_AFTER = re.compile(
    r"\s+(?:Democrat|Republican)s?\b(?!\s+Party)|\s+Democratic\s+(?:Sen|Rep|Gov|Congress)"
)
_PARTY_OF_BEFORE = re.compile(r"\b(?:Democrat|Republican)s?,?\s+(?:of|from)\s+$")
#: What every story with such a home holds (speed: only those stories are read row by
#: row). Every branch opens with a letter, the tags' look-behinds after it, so the regex
#: engine skips to those letters (0.67 -> 0.41 CPU s over the 18,781 Reuters-21578
#: stories against a look-behind first; the same stories pass).
_PARTY_SCREEN = re.compile(r"Democrat|Republican|" + _PARTY_TAG + "-[A-Z]")


def politician_home_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` written as a politician's home: after a party
    tag ("(R-Tex)"), before a party noun ("Texas Democrat") or after one and "of" or
    "from" ("a Republican from Texas"). The home says whom a story quotes, not where
    its places are: it names its country, but no state that picks a namesake of the
    story's other places ("the Paris agreement" beside "Sen. Phil Gramm (R-Tex)" is
    not Paris, Texas; rule politician_homes, weighed by the scoring step's tables)."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    start, end, placed = _offsets(rows)
    docs = rows.doc_id
    used = [d for d in pd.unique(docs) if _PARTY_SCREEN.search(str(texts.get(d, "")))]
    for i in np.flatnonzero(placed & isin(docs, used)).tolist():
        text, at, stop = texts[docs[i]], int(start[i]), int(end[i])
        mask[i] = (
            _PARTY_TAG_BEFORE.search(text, max(0, at - 4), at) is not None
            or _PARTY_AFTER.match(text, stop) is not None
            or _PARTY_OF_BEFORE.search(text, max(0, at - 20), at) is not None
        )
    return mask
