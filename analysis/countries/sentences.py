"""The countries a mention's own sentence names (rule "sentence_countries").

A story about two countries names places in both: "In Pakistan, health authorities in
Punjab and Khyber Pakhtunkhwa reported a rise ... In India, Kerala and Karnataka
reported clusters". "Punjab" is a region of India and one of Pakistan, and the story
names both countries about as often, so the co-mentions of the whole story cannot
choose; its own sentence does. Geoparsers weigh the words around a name before the
whole document (Leidner 2007, "Toponym Resolution in Text", surveys such local-context
heuristics; the CamCoder geocoder of Gritta, Pilehvar and Collier 2018, "Which Melbourne?",
reads a window of words on each side).

:func:`sentence_countries` gives, per place row, the countries of its readings that
other mentions of its own sentence name (:func:`sentence_places`: the unambiguous
mentions the co-mentions count, and towns of one country; not a person's or an
organisation's name, a dateline or a common word read as a town), when they are some
but not all of its readings' countries. The scoring step weighs a reading there
by the evidence "same_sentence" (:data:`analysis.countries.weights.WEIGHTS`), only
when the story's co-mentions already support it: it re-ranks the readings the story
supports, it names no country of its own, and weighs less than a difference of five
co-mentions ("U.S. investors" in a story naming Britain ten times leave Manchester in
England). It never moves a country's name ("U.S. and Georgia": Georgia stays the
country), a capital ("A U.S. envoy arrived in Athens"), a world city
(:data:`analysis.countries.scoring.WORLD_CITY_POPULATION`) or a reading by an alternate name.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from analysis.countries.common_words import common_word_town
from analysis.countries.readings import _Reading
from analysis.countries.scoring import capital_or_world_city
from analysis.gazetteer_entries import Candidate


def sentence_countries(
    docs: np.ndarray,
    sents: np.ndarray | None,
    placed: np.ndarray,
    codes: np.ndarray,
    readings: Sequence[_Reading],
) -> np.ndarray | None:
    """Per row (``docs``: its document's code; ``sents``: its sentence id, NaN when
    unknown, None without sentence ids; ``placed``: the country its unambiguous reading
    names, missing for none; ``codes``: its surface form's index in ``readings``), the
    countries (ISO3, sorted, joined by "|") of its readings that other rows of its
    sentence place, "" for none; None when no row has any. A row gets them only when
    its readings span several countries and the sentence names some, not all, of those
    a reading may move to (:func:`_movable`)."""
    if sents is None or not len(docs):
        return None
    named: dict[tuple[int, float], set[str]] = {}
    for i in np.flatnonzero(pd.notna(placed) & ~np.isnan(sents)).tolist():
        named.setdefault((int(docs[i]), float(sents[i])), set()).add(placed[i])
    # Speed: a reading's movable countries are read only for rows whose sentence names
    # some country (most rows' sentences name none), once per surface form.
    movable: dict[int, frozenset[str]] = {}
    out = np.full(len(docs), "", dtype=object)
    found = False
    rows = zip(docs.tolist(), sents.tolist(), codes.tolist(), strict=True)
    for i, (doc, sent, code) in enumerate(rows):
        in_sentence = named.get((doc, sent))
        if not in_sentence:
            continue
        if code not in movable:
            movable[code] = _movable(readings[code])
        countries = movable[code]
        here = in_sentence & countries
        if here and here != countries:
            out[i] = "|".join(sorted(here))
            found = True
    return out if found else None


def sentence_places(
    placed: np.ndarray,
    readings: Sequence[_Reading],
    codes: np.ndarray,
    skipped: np.ndarray,
) -> np.ndarray:
    """Per row, the country it names for its sentence: ``placed`` (its unambiguous
    reading's, as the co-mentions count it), else the one country all its readings lie
    in (a town with one namesake: "In Victoria, residents of Mallacoota were
    evacuated"; the co-mentions leave such a town out, as a possible stray, and the
    sentence weighs only readings they support; not a common word read as a town), None
    for the ``skipped`` rows (a person's or an organisation's name, a dateline)."""
    lone = np.array([_lone_country(r) for r in readings], dtype=object)
    lone = lone[codes] if len(codes) else np.array([], dtype=object)
    return np.where(skipped, None, np.where(pd.notna(placed), placed, lone))


def _lone_country(reading: _Reading) -> str | None:
    """The one country of ``reading``'s options, None when they are none or several, or
    when its name is a common word read only as a small town (rule common_word_towns'
    test: "Dominion", Nova Scotia, is as often the Canadian company)."""
    countries = {c.iso3 for c in reading.options}
    if len(countries) != 1 or "" in countries or common_word_town(reading.head):
        return None
    return next(iter(countries))


def _movable(reading: _Reading) -> frozenset[str]:
    """The countries of ``reading``'s options that a sentence may weigh: every option's
    country, when they are two or more and the default is neither a country's name, a
    capital nor a world city (a country a sentence names beside those is as often a
    visitor's or an actor's: "A U.S. envoy arrived in Athens"); an option by an
    alternate name counts only in the default's country. A name with no default (each
    reading needs its country named: "Victoria") may move among its readings'
    countries. Empty when nothing may move."""
    default = reading.default
    if reading.fixed is not None:
        return frozenset()
    if default is not None and (default.rule == "name" or capital_or_world_city(default)):
        return frozenset()
    countries = frozenset(c.iso3 for c in reading.options if _may_count(c, default))
    return countries if len(countries) > 1 else frozenset()


def _may_count(option: Candidate, default: Candidate | None) -> bool:
    """Whether ``option`` may take the sentence's evidence against ``default`` (None: a
    name with no default, whose readings each need their country named: "Victoria")."""
    if not option.iso3:
        return False
    return not option.alias or (default is not None and option.iso3 == default.iso3)
