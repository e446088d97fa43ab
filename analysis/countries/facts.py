"""A mention's own evidence, read before the scoring step: whether it opens a person's
name, sits in an organisation's name, is a disputed
region, modifies a food or culture word, is written as a hometown, names its story's
own dateline, and which mention written right after it may qualify it.

:func:`mention_facts` gathers them for the place rows of a MENTIONS frame under the
context rules switched on (a rule switched off gives no evidence);
:mod:`analysis.countries.resolve` hands them, row by row, to
:func:`analysis.countries.scoring.score`, which weighs them with the document's
evidence. Pure functions; no spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.clubs import capital_club_rows, club_rows
from analysis.countries.columns import PlaceRows, as_rows, isin
from analysis.countries.companies import company_rows
from analysis.countries.cues import place_word_before
from analysis.countries.evidence import (
    dateline_rows,
    event_name_rows,
    organisation_tails,
    person_names,
    possessive_rows,
    qualifier_rows,
    wire_dateline_rows,
)
from analysis.countries.lexicon import disputed_regions
from analysis.countries.modifiers import (
    comparison_rows,
    compound_rows,
    culture_rows,
    hometown_rows,
    venue_rows,
)
from analysis.countries.people import (
    aged_rows,
    person_sense_rows,
    politician_home_rows,
    titled_rows,
)
from analysis.countries.readings import small_place
from analysis.countries.rules import GAZETTEER_RULE, ORG_HOME_RULE, ContextRules
from analysis.countries.scoring import WORLD_CITY_POPULATION
from analysis.datelines import OPENING_REACH, own_dateline_starts, wire_datelines
from analysis.gazetteer import candidates, is_short_head, town_candidates
from analysis.place_spelling import normalise


@dataclass(frozen=True)
class MentionFacts:
    """Per place row (arrays aligned with the rows): ``person`` (opens a person's name
    the document gives in full), ``organisation`` (a place the gazetteer pass found
    inside an organisation's name, or one ending an organisation's name the model cut
    short), the claimants of the disputed region it names (per surface form:
    ``claimants`` by ``forms``, the row's form code; () if none) and ``after`` (the row
    of the mention written right after it with only a comma between, its possible
    qualifier; -1 if none). The text's facts, each False where its rule is off or
    without texts: ``culture`` and ``style`` (before a food, culture or language word; before
    "-style"), ``hometown`` (written as a hometown, or the same name in a document that
    writes it so), ``dateline`` (its story's own dateline, without a wire credit) and
    ``wire_dateline`` (its story's wire dateline: "DUBLIN 2024-06-15")."""

    person: np.ndarray
    organisation: np.ndarray
    forms: np.ndarray
    claimants: list[tuple[str, ...]]
    after: np.ndarray
    culture: np.ndarray
    style: np.ndarray
    hometown: np.ndarray
    dateline: np.ndarray
    wire_dateline: np.ndarray
    # The rows that open their story as its dateline, filed ("BERNE, March 13 -"),
    # opening or wire ("DUBLIN 2024-06-15"), by position (rule alias_strays).
    opens: np.ndarray | None = None
    # Per row, the countries demonyms near it name, joined by "|" ("" for none; rule
    # strays; see demonyms_near), or None when no row has any.
    near: np.ndarray | None = None
    # The rows that name the venue of an international meeting ("the Venice summit")
    # and their name's other mentions in the story (rule venues), or None without texts.
    venue: np.ndarray | None = None
    # The rows written as a politician's home ("(R-Tex)", "Texas Democrat"): no state
    # for the story's other places (rule politician_homes), or None without texts.
    politician: np.ndarray | None = None
    # The rows written in the possessive right before another place ("Spain's
    # Cordoba": rule national_actors, see possessive_rows), or None without texts.
    possessive: np.ndarray | None = None

    def own(self) -> np.ndarray:
        """Rows with evidence of their own besides a qualifier (and a culture word, which
        concerns demonym readings only: see analysis.countries.resolve)."""
        disputed = np.array([bool(c) for c in self.claimants], dtype=bool)[self.forms]
        return self.person | self.organisation | disputed | self.style | self.dateline

    def demonyms(self, i: int) -> str:
        """The countries demonyms near row ``i`` name, joined by "|" ("" for none; see
        :func:`demonyms_near`)."""
        return "" if self.near is None else self.near[i]

    def venue_of(self, i: int) -> bool:
        """Whether row ``i`` names the venue of an international meeting (rule venues)."""
        return self.venue is not None and bool(self.venue[i])

    def unplaced(self) -> np.ndarray:
        """Rows whose fixed reading names no state for the story's other places: a
        person's name, a politician's home (rule politician_homes)."""
        return self.person if self.politician is None else self.person | self.politician

    def of(self, i: int) -> tuple[bool, bool, tuple[str, ...]]:
        """(person, organisation, claimants) of row ``i``."""
        return bool(self.person[i]), bool(self.organisation[i]), self.claimants[self.forms[i]]


@lru_cache(maxsize=50_000)
def claimants(text: str) -> tuple[str, ...]:
    """The countries claiming the disputed region ``text`` names, () if it names none."""
    return disputed_regions().get(normalise(text), ())


def mention_facts(
    rows: pd.DataFrame | PlaceRows,
    prior: np.ndarray,
    mentions: pd.DataFrame | PlaceRows,
    context: ContextRules,
    texts: Mapping[object, str] | None,
) -> MentionFacts:
    """The facts of the place ``rows`` (doc_id, start, end, text, label) of
    ``mentions`` (all of a MENTIONS frame's rows: its PERSON and ORG mentions are read),
    ``prior`` the ``rule`` each row came with as objects, "" for none (the gazetteer
    pass writes "org_home"). Speed: ``rows`` and ``mentions`` may be
    :class:`~analysis.countries.columns.PlaceRows` bundles (map_countries builds them
    once per chunk), read by the readers below instead of frames."""
    rows, chunk = as_rows(rows), as_rows(mentions)
    n = len(rows)
    none = np.zeros(n, dtype=bool)
    person = none
    # Speed: the PERSON rows and the prior rules are read once here for every reader
    # below (taken from the chunk's bundle: no frame, no pandas call).
    labels = chunk.label
    people = chunk.take(isin(labels, ("PERSON",)))
    prior_rules = prior
    if texts is not None and context.person_names:
        person = person_names(rows, people, texts)
    person = person | _people(rows, prior_rules, people, context, texts)
    organisation = none
    orgs = None  # the ORG rows, selected once for the readers that need them
    if context.org_homes or context.qualifiers or context.company_names:
        orgs = chunk.take(isin(labels, ("ORG",)))
    if context.org_homes:
        found = prior_rules == ORG_HOME_RULE
        organisation = found | organisation_tails(rows, orgs)
        if texts is not None:  # "the Uruguay round"
            organisation = organisation | event_name_rows(rows, texts)
    if texts is not None and context.club_names:  # "joined Newcastle" in a sports report
        organisation = organisation | club_rows(rows, texts, people)
    if texts is not None and context.club_capitals:  # "Real Madrid signed a striker"
        organisation = organisation | capital_club_rows(rows, texts)
    if texts is not None and context.company_names:  # "Santa Cruz said" of "... Inc"
        organisation = organisation | company_rows(rows, texts, orgs)
    codes, forms = pd.factorize(rows.text)
    by_form = [claimants(str(t)) if context.world_regions else () for t in forms]
    after = np.full(n, -1, dtype="int64")
    if context.qualifiers:
        after = qualifier_rows(rows, texts, orgs)
    opens = None
    if texts is not None and context.alias_strays:
        opens = opening_rows(rows, texts) | placed_alias_rows(rows, texts)
    near = demonyms_near(rows, (codes, forms), chunk) if context.strays else None
    venue = venue_rows(rows, texts) if texts is not None and context.venues else None
    homes = None
    if texts is not None and context.politician_homes:
        homes = politician_home_rows(rows, texts)
    owner = possessive_rows(rows, texts) if texts is not None and context.national_actors else None
    return MentionFacts(person, organisation, codes, by_form, after,
                        *_text_facts(rows, context, texts), opens, near, venue,
                        homes, owner)  # fmt: skip


#: The most characters between a name and a demonym describing it in an apposition
#: (", an " of "Rockwell, an American engineering group"; ", the ").
_APPOSITION_GAP = len(", the ")


@lru_cache(maxsize=50_000)
def _demonym_country(form: str) -> str | None:
    """The country ``form`` names as a demonym ("Portuguese" -> "PRT"), else None."""
    found = candidates(form)
    return found[0].iso3 if found and found[0].rule == "demonym" else None


@lru_cache(maxsize=50_000)
def _may_stray(form: str) -> bool:
    """Whether ``form`` has a small town's or city's reading, which rule strays may drop
    (:func:`analysis.countries.readings.small_place`)."""
    return any(small_place(c) for c in (*candidates(form), *town_candidates(form)))


def demonyms_near(
    rows: pd.DataFrame | PlaceRows,
    forms: tuple[np.ndarray, pd.Index],
    mentions: pd.DataFrame | PlaceRows,
) -> np.ndarray | None:
    """Per place row (``rows``: doc_id, start, end, text; ``forms``: each row's form code
    and the forms; its sentence read from ``mentions``, the frame the rows were selected
    from, index kept) that may be a stray (:func:`_may_stray`), the countries that
    demonyms in its sentence or the one before or after name, joined by "|" ("" for
    none): "Citroen's Portuguese plant at Mangualde"; "off Zeebrugge ... the British and
    Belgian governments". The story places the town in that country, so it is no stray
    there (review 12, C3; read by :func:`analysis.countries.scoring.score`). A demonym
    right after a name ("Rockwell, an American engineering group") says what the name
    is, a company or a person, not where it is: it counts for no mention of that name.
    None when no row has one, or without sentence ids."""
    codes, unique = forms
    rows, chunk = as_rows(rows), as_rows(mentions)
    if rows.empty or chunk.sent is None or not chunk.index.is_unique:
        return None  # no sentence to read (a frame with repeated labels: none found)
    countries = np.array([_demonym_country(str(f)) for f in unique], dtype=object)[codes]
    demonyms = pd.notna(countries)
    stray = np.array([_may_stray(str(f)) for f in unique], dtype=bool)[codes]
    if not demonyms.any() or not stray.any():
        return None
    asked = np.flatnonzero(demonyms | stray)
    # Speed: only the demonyms and the rows that may stray are read, paired by document
    # in plain Python (a chunk holds a few of each; a frame merge costs more).
    docs = rows.doc_id
    # The sentence of each asked row, read in the frame the rows were selected from.
    sents = chunk.sent[_positions(chunk.index, rows.index[asked])]
    sent = dict(zip(asked.tolist(), sents.tolist(), strict=True))
    starts, ends = rows.starts, rows.ends
    towns: dict[object, list[int]] = {}
    for i in np.flatnonzero(stray).tolist():
        towns.setdefault(docs[i], []).append(i)
    found: dict[int, set[str]] = {}
    for j in np.flatnonzero(demonyms).tolist():
        mates = towns.get(docs[j], ())
        # The names this demonym describes, written right before it ("Rockwell, an").
        described = {codes[i] for i in mates if 0 <= starts[j] - ends[i] <= _APPOSITION_GAP}
        for i in mates:
            if abs(sent[i] - sent[j]) <= 1 and codes[i] not in described:
                found.setdefault(i, set()).add(countries[j])
    near = np.full(len(rows), "", dtype=object)
    for i, named in found.items():
        near[i] = "|".join(sorted(named))
    return near


def _positions(index: pd.Index, labels: pd.Index) -> np.ndarray:
    """The positions in unique ``index`` of ``labels`` (each one of its labels), as
    ``.loc`` finds them (KeyError for a label it lacks)."""
    found = index.get_indexer(labels)
    if (found < 0).any():
        raise KeyError(list(labels[found < 0]))
    return found


@lru_cache(maxsize=200_000)
def _has_alias(text: str) -> bool:
    """Whether a reading of ``text`` is the alternate name of a city rule alias_strays
    may drop (fewer than :data:`WORLD_CITY_POPULATION` people)."""
    return any(c.other_name and c.population < WORLD_CITY_POPULATION for c in candidates(text))


@lru_cache(maxsize=200_000)
def _city_called(text: str) -> bool:
    """Whether a city is really called ``text`` (a reading by its own name, not an
    alternate): then a place word before ``text`` does not say the city of the alternate
    name is meant ("hurt in Bali" beside Sydney: Bali, Cameroon is called so, and
    Bāli, India only bears the name without its accents; review 4, F1)."""
    return any(c.rule in ("city", "capital") and not c.alias for c in candidates(text))


def opening_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` that open their story as its dateline: the
    filed or opening form (:func:`analysis.datelines.own_dateline_starts`) or a wire's
    (:func:`analysis.datelines.wire_datelines`), by the row's start. Read only for rows
    named by an alternate name (the only ones rule alias_strays asks about) in a
    story's first :data:`analysis.datelines.OPENING_REACH` characters."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    begins = rows.starts
    near = begins < OPENING_REACH
    if not near.any():
        return mask
    forms = rows.text
    aliases = [f for f in pd.unique(forms[near]) if _has_alias(str(f))]
    if not aliases:
        return mask
    docs = rows.doc_id
    starts: dict[object, set[int]] = {}
    for i in np.flatnonzero(near & isin(forms, aliases)).tolist():
        doc = docs[i]
        if doc not in starts:
            text = texts.get(doc)
            text = text if isinstance(text, str) else ""
            wire = {start for start, _ in wire_datelines(text)}
            starts[doc] = set(own_dateline_starts(text)) | wire
        mask[i] = int(begins[i]) in starts[doc]
    return mask


#: What after a name makes it no standalone place: a capitalised word (it heads a longer
#: name, "Trent Bridge") or a possessive (an owner, "76 pct of Bally's", "of Bancroft's
#: shares": companies read by a town's alternate name in Reuters-21578 economic stories).
_LONGER_NAME = re.compile(r"\s+[A-Z]|['’]s\b")


def placed_alias_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the ``rows`` named by an alternate name (the only ones rule
    alias_strays asks about) and by no city's own name (:func:`_city_called`) that
    stand alone -- neither the head of a longer name ("Trent Bridge") nor a possessive
    ("of Bally's") -- after a place word ("in Seville", "flights to Duesseldorf",
    "slammed into Acapulco"; :func:`analysis.countries.cues.place_word_before`):
    written as a place, the city is meant, however the story's other places lie
    (review 3, F3; review 4, F1). Not a city's short head ("slammed into Cabo" is no
    sure Cabo de Santo Agostinho: :func:`analysis.gazetteer.is_short_head`; branch cacc)."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    forms = rows.text
    aliases = [f for f in pd.unique(forms) if _has_alias(str(f)) and not _city_called(str(f))]
    aliases = [f for f in aliases if not is_short_head(str(f))]
    if not aliases:
        return mask
    docs = rows.doc_id
    begins, ends = rows.starts, rows.ends
    for i in np.flatnonzero(isin(forms, aliases) & ~np.isnan(begins) & ~np.isnan(ends)):
        text = texts.get(docs[i])
        if not isinstance(text, str):
            continue
        start, end = int(begins[i]), int(ends[i])
        mask[i] = place_word_before(text, start) and not _LONGER_NAME.match(text, end)
    return mask


def _people(
    rows: pd.DataFrame | PlaceRows,
    prior: np.ndarray,
    people: pd.DataFrame | PlaceRows,
    context: ContextRules,
    texts: Mapping[object, str] | None,
) -> np.ndarray:
    """Rows that are a person's name by rules ``ages``, ``person_sense`` and ``titles``
    (:mod:`analysis.countries.people`); ``prior`` the rule each row came with ("" for
    none), ``people`` the model's PERSON mentions (doc_id, start, end, text)."""
    rows = as_rows(rows)
    people = as_rows(people)
    person = np.zeros(len(rows), dtype=bool)
    if texts is None:
        return person
    if context.ages:
        person |= aged_rows(rows, texts, people)
    if context.person_sense:
        person |= person_sense_rows(rows, prior == GAZETTEER_RULE, people, texts)
    if context.titles:
        person |= titled_rows(rows, texts)
    return person


def _text_facts(
    rows: pd.DataFrame | PlaceRows, context: ContextRules, texts: Mapping[object, str] | None
) -> tuple[np.ndarray, ...]:
    """(culture, style, hometown, dateline, wire dateline) of the ``rows``, under their
    rules."""
    rows = as_rows(rows)
    none = np.zeros(len(rows), dtype=bool)
    if texts is None:
        return none, none, none, none, none
    culture, style = culture_rows(rows, texts) if context.demonym_modifiers else (none, none)
    if context.lexical_compounds:  # "Brussels sprouts": no place, as a "-style" is none
        style = style | compound_rows(rows, texts)
    if context.comparisons:  # "the Wall Street of Canada": a kind of place, no place
        style = style | comparison_rows(rows, texts)
    hometown = hometown_rows(rows, texts) if context.hometowns else none
    dateline = dateline_rows(rows, texts) if context.dateline_homes else none
    wire = wire_dateline_rows(rows, texts) if context.wire_datelines else none
    return culture, style, hometown, dateline, wire
