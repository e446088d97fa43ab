"""Per-document tables the scoring step reads, split from :mod:`analysis.countries.resolve`
(review 14, L2; behaviour unchanged): the countries, divisions and name heads a
document's placed mentions count (:func:`_document_evidence`, :func:`_head_evidence`,
:func:`_same_name`, :func:`_us_states`), the divisions they name
outright or only by a capital or a world city (:func:`named_divisions`, rule
implied_divisions), the home a story's own dateline speaks for (:func:`_dateline_homes`),
which rows a qualifier may move (:func:`_qualifiable`) and a country name shadowed by
small towns only (:func:`_town_shadowed_name`).

In: numpy arrays aligned with the place rows and their readings. Out: arrays or dicts.
Pure functions; no spaCy.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.countries.columns import isin
from analysis.countries.facts import MentionFacts
from analysis.countries.readings import _is_world_region, _Reading, is_historic_state, name_key
from analysis.countries.scoring import QUALIFIABLE, capital_or_world_city
from analysis.gazetteer import candidates


def _dateline_homes(
    documents: tuple[np.ndarray, pd.Index],
    forms: tuple[np.ndarray, np.ndarray],
    readings: list[_Reading],
    placed: np.ndarray,
    facts: MentionFacts,
    sources: Mapping[object, str] | None,
) -> np.ndarray:
    """Per row, the home country its dateline evidence speaks for (see the weight
    "dateline"), else None: the row names its story's own dateline (``facts.dateline``),
    its document's source has a home (``sources``, learnt from the source's other
    stories: a story's own register words are not enough, "MALTA - The school district
    board met" is still Malta), and no
    other mention of the document names the country of the row's default reading.
    ``documents``: (row -> document code, document ids); ``forms``: (row -> surface
    form code, row -> code of the form casefolded: "MALTA" is "Malta")."""
    (docs, doc_names), (codes, folded) = documents, forms
    homes = np.full(len(codes), None, dtype=object)
    if not sources or not facts.dateline.any():
        return homes
    for i in np.flatnonzero(facts.dateline).tolist():
        home = sources.get(doc_names[docs[i]])
        reading = readings[codes[i]]
        default = reading.fixed or reading.default
        if home is None or default is None or default.iso3 == home:
            continue
        others = (docs == docs[i]) & (folded != folded[i])
        if not (placed[others] == default.iso3).any():
            homes[i] = home
    return homes


def _qualifiable(readings: list[_Reading], codes: np.ndarray, labels: np.ndarray) -> np.ndarray:
    """Rows a qualifier may move to its own country: read (by default) as a city, town
    or region, never a country name ("Syria, Iraq" is a list), or a GPE, LOC or FAC
    with no reading that names no former state ("USSR, JAPAN SIGN PACT" is a list too:
    rule historic_successor off leaves the USSR no reading, never a town in Japan) nor
    a region of the world ("Europe, Canada and the U.S." is a list). A place the
    gazetteer does not know with a state or country after it is there ("Port Cartier,
    Quebec" in a story of Australian ports; LOC and FAC since branch ctry28: unseen
    Reuters news had read such places in the story's own country, rule
    co_mentioned)."""
    by_form = [
        base.rule in QUALIFIABLE
        if (base := r.fixed or r.default) is not None
        else any(c.rule in QUALIFIABLE for c in r.options)
        for r in readings
    ]
    unread = np.array(
        [
            r.fixed is None
            and not r.options
            and not is_historic_state(r.head)
            and not _is_world_region(r.head)
            for r in readings
        ],
        dtype=bool,
    )[codes]
    return np.array(by_form, dtype=bool)[codes] | (unread & isin(labels, ("GPE", "LOC", "FAC")))


def _town_shadowed_name(reading: _Reading) -> str | None:
    """The country a country name names when its only other readings are small towns
    ("Italy": Italy, Texas, 1,900 people), else None: such a name is as good a
    co-mention of its country as an unambiguous one ("Flumeri" beside "Italy")."""
    top = reading.default
    if reading.fixed is not None or top is None or top.rule != "name":
        return None
    others = [c for c in reading.options if c is not top]
    return top.iso3 if others and all(c.rule == "town" for c in others) else None


def _head_evidence(
    docs: np.ndarray,
    codes: np.ndarray,
    readings: list[_Reading],
    places: tuple[np.ndarray, np.ndarray],
    wanted: np.ndarray,
) -> dict[int, dict[str, int]]:
    """Document code -> {"ITA|ITA:17|Trent": n}: the placed mentions read by a name
    inside their own ("Trent Bridge" by "Trent"), by country, division and that name,
    for the ``wanted`` documents (see DocumentContext.same_name). ``places``: each row's
    country and "ISO3:division" (None where none)."""
    inner = np.array([r.inner for r in readings], dtype=bool)
    placed, named = places
    rows = np.flatnonzero(inner[codes] & pd.notna(placed)) if len(codes) else codes
    if not len(rows):
        return {}
    keyed = np.full(len(codes), None, dtype=object)
    for i in rows.tolist():
        division = named[i] if isinstance(named[i], str) else ""
        keyed[i] = f"{placed[i]}|{division}|{name_key(readings[codes[i]].head)}"
    return _document_evidence(docs, keyed, wanted)


def named_divisions(
    readings: list[_Reading], codes: np.ndarray, person: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the division its fixed reading names ("USA:LA" for "Rapides Parish" and
    for "Shreveport"), else None (a person's name names none); and the same for the rows
    that name it themselves or by a place that is neither a capital nor a world city:
    "CHICAGO" names Illinois only by implication (rule implied_divisions)."""
    keys = [f"{r.fixed.iso3}:{r.division}" if r.fixed and r.division else None for r in readings]
    stated = [k if k and _states(r) else None for k, r in zip(keys, readings, strict=True)]
    named, own = (np.array(k, dtype=object)[codes] for k in (keys, stated))
    return np.where(person, None, named), np.where(person, None, own)


def _states(reading: _Reading) -> bool:
    """Whether the fixed reading of ``reading`` names its division outright: not a
    capital or a world city in it ("CHICAGO"), nor a division's name that also reads a
    capital or world city of that division ("New York", the city far more often in news:
    beside "the United Nations headquarters in New York", "Copenhagen" is Denmark's
    capital, not Copenhagen, New York, 800 people; unseen CoNLL-2003 testb news)."""
    fixed = reading.fixed
    if fixed is None or capital_or_world_city(fixed):
        return False
    return not any(
        capital_or_world_city(c) and c.iso3 == fixed.iso3 and c.admin1 == reading.division
        for c in candidates(reading.head)
    )


def _same_name(heads: Mapping[str, int], head: str) -> dict[str, int]:
    """Of a document's ``heads`` ("country|division|name" -> mentions,
    :func:`_head_evidence`), the mentions read by the name ``head``, by country and by
    division ("ITA" and "ITA:17")."""
    same_name: dict[str, int] = {}
    for key, n in heads.items():
        country, division, name = key.split("|", 2)
        if name == name_key(head):
            for k in filter(None, (country, division)):
                same_name[k] = same_name.get(k, 0) + n
    return same_name


#: The readings that name a country as a whole, not a place inside it (rule
#: national_actors).
_NATIONAL_RULES = frozenset({"name", "demonym"})


def national_rows(
    readings: list[_Reading], codes: np.ndarray, placed: np.ndarray, facts: MentionFacts
) -> np.ndarray:
    """``placed`` (each row's fixed country, None for none) where the row's fixed
    reading names a country by its name or its people ("the U.S.", "Swiss"), else None:
    evidence of the country as a whole (rule national_actors). Not a name written in the
    possessive right before a place ("Spain's Cordoba": ``facts.possessive``), which
    says where that place is."""
    by_code = np.array(
        [r.fixed is not None and r.fixed.rule in _NATIONAL_RULES for r in readings], dtype=bool
    )
    national = by_code[codes] if len(codes) else np.zeros(0, dtype=bool)
    if facts.possessive is not None:
        national = national & ~facts.possessive
    return np.where(national, placed, None)


def _us_states(divisions: Mapping[str, int]) -> frozenset[str]:
    """The postal codes of the US states among a document's ``divisions`` ("USA:GA")."""
    return frozenset(d[4:] for d in divisions if d.startswith("USA:") and len(d) == 6)


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
