"""Places the gazetteer does not know, read in the country of their document's other
places (rule "co_mentioned").

Local news names rivers, parks, streets, hamlets and institutions' grounds that no
gazetteer lists ("Naugatuck River", "Mittineague Park", "Kiltimagh"). When every other
place of the document -- or nearly every one, see :data:`DOMINANT_SHARE` -- is in one
country, that co-mention is the evidence for the unknown place's country. A reading
found this way echoes the document's country: it never adds a country to the document
nor raises its confidence (:mod:`analysis.countries.confidence` leaves it out).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows, isin
from analysis.countries.evidence import rows_named
from analysis.countries.lexicon import _MARINE_HEADS, ORGANISATION_HEADS
from analysis.countries.modifiers import THE_ANY_CASE, VENUE_NOUN
from analysis.countries.people import family_name, written_as_person
from analysis.countries.readings import _is_world_region, _reading
from analysis.countries.rules import (
    CO_MENTIONED_RULE,
    DEFAULT_CONTEXT,
    DEFAULT_RULES,
    HISTORIC_RULE,
    ORG_HOME_RULE,
    REGISTER_RULE,
)
from analysis.gazetteer import is_state_abbreviation
from analysis.name_data import common_nouns, company_suffixes, event_heads, wordnet_names

#: The labels of mentions this rule may read (a NORP is a group of people, not a place).
_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: The labels an unknown place of a local story may have (rule "register_places"):
#: rivers, parks, buildings -- not a GPE, which for a name no gazetteer knows is as
#: often the model's error ("Titan") as a hamlet.
_FEATURE_LABELS = frozenset({"LOC", "FAC"})

#: A document's places must put this many mentions in one country ...
DOMINANT_MIN = 2
#: ... and that country must hold at least this share of the document's mapped places
#: (demonyms and organisations' homes left out). Set on LGL dev (country_eval.py).
DOMINANT_SHARE = 0.6

#: Readings that do not count towards a document's dominant country.
_UNCOUNTED = frozenset({"demonym", ORG_HOME_RULE, CO_MENTIONED_RULE, HISTORIC_RULE})

#: A capitalised name of at most six words (words of "of", "the", "and", "de" aside).
_NAME = re.compile(
    r"^[A-Z][\w'’.&-]*(?:\s+(?:(?:of|the|and|de|du|la|on|upon)\s+)?[A-Z0-9][\w'’.&-]*){0,5}$"
)


#: A word of one capital and two to four consonants, no vowel: an abbreviation ("Msgr",
#: "St", "Mt", "Ft" before a dot the tokenizer split off), no place's name.
_ABBREVIATION = re.compile(r"^[A-Z][b-df-hj-np-tv-xz]{1,4}$")
#: One word of three to six capitals: an organisation's or a product's acronym or a
#: ticker ("ICCO", "PDVSA", "ISDN", "GDR": Global Depository Receipts), or a headline's
#: word, when no gazetteer knows it; not a place of the story's country (unseen news:
#: 135 such words read so on the 18,781 Reuters-21578 stories, most of them acronyms,
#: headline words and continents; "GDR" read as Britain in CoNLL-2003 testb). A US
#: state's abbreviation ("ILL") is still read.
_ACRONYM = re.compile(r"^[A-Z]{3,6}$")

#: Head nouns of a facility (OntoNotes 5.0's FAC: "buildings, airports, highways,
#: bridges"; and the plants, malls and stations of Reuters-21578), read after a name
#: by :data:`_FACILITY_AFTER`. A name the model tagged GPE or LOC and WordNet knows only
#: as no place is still a facility's name when such a head follows it ("Istanbul's
#: Ataturk international airport", "the Galleria shopping mall": branch ctry22; ctry21's
#: WordNet refusal had left them unread), as a FAC is (:func:`_wordnet_name`).
FACILITY_HEADS: tuple[str, ...] = (
    "airport", "arena", "bridge", "dam", "hospital", "mall", "plant", "reactor",
    "refinery", "stadium", "station", "terminal", "tunnel",
)  # fmt: skip
#: After a name: an optional unit number ("Fermi 2"), up to two words in lower case
#: ("international", "shopping", "nuclear power"), then a :data:`FACILITY_HEADS` word.
_FACILITY_AFTER = re.compile(
    rf"(?:\s+\d+)?(?:\s+[a-z]+){{0,2}}?\s+(?:{'|'.join(FACILITY_HEADS)})s?\b"
)

#: A word of two or more letters joined to digits: a broadcaster's call sign or channel,
#: a model, a code ("NY1", "TF1", "BBC2", "3Com"), no place's name. A road's number
#: keeps its one letter ("M25", "A1", "I-95") and may stay a place (branch ctry21).
_CODE_WORD = re.compile(r"(?:^|\s)(?:[A-Za-z]{2,}\d|\d+[A-Za-z]{2,})")

#: The readings of a word of a span that name a country: a span with one such word of
#: a country other than its story's ("Irish Republic", "U.N.-Iraq") is not read into
#: the story's country.
_COUNTRY_WORD_RULES = frozenset({"name", "demonym"})


def _facility_named(text: str | None, end: object) -> bool:
    """Whether a :data:`FACILITY_HEADS` word follows the mention ending at ``end`` in
    its story ``text`` (:data:`_FACILITY_AFTER`), read within 40 characters."""
    if not isinstance(text, str) or pd.isna(end):
        return False
    stop = int(end)
    return _FACILITY_AFTER.match(text[stop : stop + 40]) is not None


@lru_cache(maxsize=200_000)
def _unknown(text: str, facility: bool = False, wordnet: bool = True) -> bool:
    """Whether ``text`` is shaped like a name and has no reading at all under the
    default rules (and is no continent, ocean or disputed region, nor shaped as an
    abbreviation, an acronym or a code, the name of a sea, a common noun's or a WordNet
    name's plural or a name WordNet knows only as no place, nor two known places sharing
    a head: :data:`_ABBREVIATION`, :data:`_ACRONYM`, :data:`_CODE_WORD`,
    :data:`_MARINE_HEADS`, :func:`_plural_noun`, :func:`_wordnet_name`,
    :func:`_coordinated`). A
    ``facility`` (a FAC) may bear a person's name: "Charles de Gaulle" (the airport).
    ``wordnet=False`` waives WordNet's names (:func:`_facilities`)."""
    if not _NAME.match(text) or _is_world_region(text) or _ABBREVIATION.match(text):
        return False
    if _ACRONYM.match(text) and not is_state_abbreviation(text.title()):
        return False
    if _CODE_WORD.search(text) or (wordnet and _wordnet_name(text, facility)):
        return False
    if text.split()[-1] in _MARINE_HEADS or _plural_noun(text) or _organisation_or_event(text):
        return False
    return not _known(text) and not _coordinated(text)


def _known(text: str) -> bool:
    """Whether ``text`` is a continent, ocean or region, or has a reading under the
    default rules."""
    if _is_world_region(text):
        return True
    reading = _reading(text, DEFAULT_RULES, DEFAULT_CONTEXT)
    return reading.fixed is not None or bool(reading.options)


def _coordinated(text: str) -> bool:
    """Whether ``text`` joins two known places with "and", the first one word written
    short of the head they share ("Middle and Far East", "North and South America",
    "East and West Germany"): two places, not an unknown one of the story's country
    (unseen Reuters news: "the Middle and Far East" read as Belgium)."""
    first, _, second = text.partition(" and ")
    words = second.split(maxsplit=1)
    if not first or " " in first or len(words) < 2:
        return False
    return _known(second) and _known(f"{first} {words[1]}")  # "Middle East", "Far East"


def _organisation_or_event(text: str) -> bool:
    """Whether ``text`` names an organisation, an event, a season or a storm by its
    words: it ends in an organisation's head word ("Eastern Conference", "Telecom":
    lexicon ``organisation_heads``) or in a noun naming only acts, events or times
    ("the Spring Festival", "Easter"), or in a meeting's or a document's noun (lexicon
    ``venue_nouns``: "Europe Agreement", "Camp David Accords"; unseen Reuters news of
    1996: "the Europe Agreement" read as Poland), or opens with a natural phenomenon's
    ("Hurricane Georges": analysis.name_data.event_heads, from WordNet 3.0)."""
    words = text.split()
    heads = event_heads()
    return (
        words[-1].casefold() in ORGANISATION_HEADS
        or words[-1].casefold() in heads
        or (len(words) > 1 and heads.get(words[0].casefold()) == "phenomenon")
        or (len(words) > 1 and VENUE_NOUN.fullmatch(words[-1]) is not None)
    )


def _wordnet_name(text: str, facility: bool = False) -> bool:
    """Whether WordNet 3.0 knows ``text`` only as no place: a person, an event, a
    natural phenomenon, an organisation ("El Nino", "Abraham", "World Cup":
    analysis.name_data.wordnet_names; branch ctry21); for a ``facility``, not a person
    (airports, plants and halls are named after people: "Charles de Gaulle")."""
    kind = wordnet_names().get(text.casefold())
    return kind is not None and not (facility and kind == "person")


def _plural_noun(text: str) -> bool:
    """Whether ``text`` is one capitalised word that is the plural of an English common
    noun (analysis.name_data.common_nouns, the lemmas WordNet writes in lower case) or
    of a name WordNet knows only as no place (:func:`_wordnet_name`): "Eagles",
    "Jaguars" name a team or a group, "Philips" a family or a company, not a place no
    gazetteer lists."""
    if " " in text or not text.endswith("s") or not text[:1].isupper():
        return False
    word = text.lower()
    nouns, names = common_nouns(), wordnet_names()
    stems = (word[:-1], word[:-2]) if word.endswith("es") else (word[:-1],)
    return any(stem in nouns or stem in names for stem in stems)


@lru_cache(maxsize=200_000)
def word_countries(text: str) -> tuple[frozenset[str], frozenset[str]]:
    """(the countries a word of ``text`` names by a country name or demonym read without
    context, the countries of every reading of every shorter run of its words): "Irish
    Republic" -> ({IRL}, {IRL}); "New Mexico Street" -> ({MEX}, {MEX, USA}): a span
    naming another country only by a word is still a street of New Mexico."""
    words = [w for w in re.split(r"[\s-]+", text) if w]
    named: set[str] = set()
    every: set[str] = set()
    for n in range(1, len(words)):
        for k in range(len(words) - n + 1):
            reading = _reading(" ".join(words[k : k + n]), DEFAULT_RULES, DEFAULT_CONTEXT)
            options = (*((reading.fixed,) if reading.fixed else ()), *reading.options)
            every.update(c.iso3 for c in options)
            if n == 1:
                named.update(c.iso3 for c in options
                             if c.rule in _COUNTRY_WORD_RULES and not c.needs_context)  # fmt: skip
    return frozenset(named), frozenset(every)


def foreign_words(text: str, country: str) -> bool:
    """Whether a word of ``text`` names a country other than ``country`` and no run of
    its words reads in ``country`` (:func:`word_countries`)."""
    named, every = word_countries(text)
    return bool(named) and country not in every


#: The labels of the mentions :func:`named_otherwise` reads: a person's, an
#: organisation's, and (branch ctry21) an event's, a work's or a product's (OntoNotes
#: labels of spaCy's English models): "Super Bowl", "Golden Globe" tagged EVENT or
#: WORK_OF_ART elsewhere in the story are no place there.
_OTHER_LABELS = ("PERSON", "ORG", "EVENT", "WORK_OF_ART", "PRODUCT")


def named_otherwise(
    rows: pd.DataFrame | PlaceRows,
    others: pd.DataFrame | PlaceRows | None,
    asked: np.ndarray | None = None,
) -> np.ndarray:
    """Boolean mask of the ``rows`` (of those ``asked``, a boolean mask; all by default)
    whose text the same document uses for a person, an organisation, an event, a work or
    a product (``others``: its mentions, doc_id, text, label, of which the
    :data:`_OTHER_LABELS` ones are read): the text of such a mention ("Kofcoh" beside ORG
    "Kofcoh", "Super Bowl" beside EVENT "Super Bowl"), the family name a PERSON gives
    (analysis.countries.people.family_name: "Chohan" beside "Raj Chohan"), or a
    company's name without its legal form and the words before it ("Star States"
    beside "Star States Corp.", "United Republic" beside "United Republic Reinsurance
    Co."). Not an organisation named after the place ("Clarke" beside "Clarke County
    Superior Court"). Speed: only the documents of the rows asked about are read, their
    columns as lists."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    if others is None or others.empty:
        return mask
    asked = np.ones(len(rows), dtype=bool) if asked is None else asked
    docs = rows.doc_id
    names = _other_names(as_rows(others), set(docs[asked].tolist()))
    if not names:
        return mask
    texts = rows.text
    for i in np.flatnonzero(asked).tolist():
        mask[i] = str(texts[i]) in names.get(docs[i], ())
    return mask


def _other_names(others: PlaceRows, wanted: set[object]) -> dict[object, set[str]]:
    """doc_id -> the names its :data:`_OTHER_LABELS` mentions (``others``) give a
    place's text, for the ``wanted`` documents (see :func:`named_otherwise`)."""
    labels, docs = others.label, others.doc_id
    take = isin(labels, _OTHER_LABELS) & isin(docs, wanted)
    at = np.flatnonzero(take)
    if not len(at):
        return {}
    texts = others.text[at].tolist()
    names: dict[object, set[str]] = {}
    for doc, text, label in zip(docs[at].tolist(), texts, labels[at].tolist(), strict=True):
        found = names.setdefault(doc, set())
        text = str(text)
        words = text.split()
        found.add(text)
        surname = family_name(text) if label == "PERSON" else None
        if surname is not None:  # "Chohan" of "Raj Chohan"
            found.add(surname)
        if (
            label == "ORG"
            and len(words) > 1
            and words[-1].lower().rstrip(".") in company_suffixes()
        ):
            found.update(" ".join(words[:n]) for n in range(1, len(words)))
    return names


def dominant_countries(
    docs: np.ndarray, iso3: np.ndarray, rule: np.ndarray, wanted: set[object]
) -> dict[object, str]:
    """doc_id -> the country holding at least :data:`DOMINANT_SHARE` (and
    :data:`DOMINANT_MIN`) of the document's mapped places, for the ``wanted`` documents
    that have one. (Plain counting: a chunk has few such documents, and pandas'
    groupby cost more than the whole rule.)"""
    counts: dict[object, Counter[str]] = {d: Counter() for d in wanted}
    for doc, country, how in zip(docs.tolist(), iso3.tolist(), rule.tolist(), strict=True):
        if doc in counts and isinstance(country, str) and how not in _UNCOUNTED:
            counts[doc][country] += 1
    dominant: dict[object, str] = {}
    for doc, found in counts.items():
        if found:
            country, n = found.most_common(1)[0]
            if n >= DOMINANT_MIN and n >= DOMINANT_SHARE * sum(found.values()):
                dominant[doc] = country
    return dominant


def co_mentioned_places(
    rows: pd.DataFrame | PlaceRows,
    iso3: np.ndarray,
    rule: np.ndarray,
    register: Mapping[object, str] | None = None,
    others: pd.DataFrame | PlaceRows | None = None,
    stories: Mapping[object, str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(iso3, rule) with each unmapped GPE, LOC or FAC row the gazetteer cannot read at
    all put in its document's dominant country (:func:`dominant_countries`), with the
    rule "co_mentioned"; other rows unchanged. ``register`` (doc_id -> the country a
    document is local to: its register or its source's home; rule "register_places")
    stands in for a document with no dominant country whose mapped places, if any, are
    all in that country: a LOC or FAC row read so takes the rule "register" (it counts
    for the document as the register does). ``others`` (the documents' mentions, whose PERSON
    and ORG rows are read) keeps a name the story uses for a person or an organisation
    (:func:`named_otherwise`) from being read as a place, and a span a word of which
    names another country (:func:`foreign_words`: "Irish Republic") is not read in the
    document's country. ``stories`` (doc_id -> text), when given, lets a GPE or LOC
    WordNet knows only as no place be read when a facility's head follows it
    (:func:`_facilities`)."""
    rows = as_rows(rows)
    open_ = pd.isna(iso3) & pd.isna(rule) & isin(rows.label, _LABELS)
    if not open_.any():
        return iso3, rule
    texts = rows.text
    labels = rows.label
    open_[open_] = [_unknown(str(t), label == "FAC")
                    for t, label in zip(texts[open_], labels[open_], strict=True)]  # fmt: skip
    if stories:  # a name WordNet refused, followed by a facility's head: a facility's
        open_ |= _facilities(rows, pd.isna(iso3) & pd.isna(rule) & ~open_, stories)
    open_ &= ~named_otherwise(rows, others, open_)
    if stories and open_.any():  # "President Raul Alfonsin" ... "Alfonsin said"
        open_ &= ~_written_as_people(rows, open_, stories)
    if not open_.any():
        return iso3, rule
    docs = rows.doc_id
    dominant = dominant_countries(docs, iso3, rule, set(docs[open_].tolist()))
    local: dict[object, str] = {}
    if register:  # features and facilities only: a GPE the model made up ("Titan") is not
        features = open_ & isin(rows.label, _FEATURE_LABELS)
        local = _local_countries(docs, iso3, rule, register, set(docs[features].tolist()))
        local = {d: c for d, c in local.items() if d not in dominant}
        open_ &= features | isin(docs, dominant)
    found = {**local, **dominant}
    country = np.array([found.get(d) if o else None for d, o in zip(docs, open_, strict=True)],
                       dtype=object)  # fmt: skip
    for i in np.flatnonzero(pd.notna(country)).tolist():
        if foreign_words(str(texts[i]), str(country[i])):
            country[i] = None  # "Irish Republic" in a story about Northern Ireland
    take = pd.notna(country)
    # A place read from the register is as sure as the register: rule "register".
    how = np.where(isin(docs, local), REGISTER_RULE, CO_MENTIONED_RULE)
    return np.where(take, country, iso3), np.where(take, how, rule)


def _written_as_people(
    rows: PlaceRows, asked: np.ndarray, stories: Mapping[object, str]
) -> np.ndarray:
    """Boolean mask of the ``asked`` rows whose name their story writes as a person's at
    one of its mentions among ``rows``: a title before it or a speech verb after it
    (:func:`analysis.countries.people.written_as_person`: "President Alfonsin",
    "Alfonsin said"). One sense per document (:func:`rows_named`): every mention of
    that name is the person ("Argentine President Raul Alfonsin" too), the headline's
    in capitals too. Not a name after "the" (:data:`THE_ANY_CASE`): "the Pentagon said"
    is an institution's place. Provenance: Reuters-21578, where a president's name the
    model tagged GPE was read into his country."""
    docs, texts = rows.doc_id, rows.text
    wanted = {(docs[i], str(texts[i]).casefold()) for i in np.flatnonzero(asked).tolist()}
    starts, ends = rows.starts, rows.ends
    named: dict[object, set[str]] = {}
    for i in range(len(rows)):
        doc, name = docs[i], str(texts[i]).casefold()
        story = stories.get(doc) if (doc, name) in wanted else None
        if (
            isinstance(story, str)
            and name not in named.get(doc, ())
            and not (np.isnan(starts[i]) or np.isnan(ends[i]))
            and THE_ANY_CASE.search(story, max(0, int(starts[i]) - 4), int(starts[i])) is None
            and written_as_person(story, int(starts[i]), int(ends[i]))
        ):
            named.setdefault(doc, set()).add(name)
    return asked & rows_named(rows, named)


def _facilities(rows: PlaceRows, asked: np.ndarray, stories: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the ``asked`` GPE, LOC or FAC rows whose name co_mentioned refused
    only because WordNet knows it as no place (:func:`_wordnet_name`: "Ataturk", a
    person; "Galleria", a moth) and that a facility's head follows in the story
    ("Ataturk international airport": :func:`_facility_named`). Speed: the WordNet
    test first, on distinct names; the story is read for those alone."""
    asked = asked & isin(rows.label, _LABELS)
    names = {str(t) for t in pd.unique(rows.text[asked])}
    named = {t for t in names if _wordnet_name(t) and _unknown(t, True, wordnet=False)}
    mask = np.zeros(len(rows), dtype=bool)
    if not named:
        return mask
    docs, ends, texts = rows.doc_id, rows.end, rows.text
    for i in np.flatnonzero(asked & isin(texts, named)).tolist():
        mask[i] = _facility_named(stories.get(docs[i]), ends[i])
    return mask


def _local_countries(
    docs: np.ndarray,
    iso3: np.ndarray,
    rule: np.ndarray,
    register: Mapping[object, str],
    wanted: set[object],
) -> dict[object, str]:
    """doc_id -> its register country, for the ``wanted`` documents that have one and
    whose counted places (see :data:`_UNCOUNTED`) are all in it."""
    out = {d: register[d] for d in wanted if d in register}
    for doc, country, how in zip(docs.tolist(), iso3.tolist(), rule.tolist(), strict=True):
        counted = isinstance(country, str) and how not in _UNCOUNTED
        if doc in out and counted and country != out[doc]:
            del out[doc]
    return out
