"""Demonyms of states, provinces and regions, derived from their names.

The country lexicon lists countries' demonyms ("Iranian"); the demonyms of the places
inside them ("Minnesotans", "Ohioans", "South Ossetian", "Californian") follow English
suffix rules from names the gazetteer already knows. Written by hand because no
maintained library derives demonyms; the suffix rules are the regular ones of English
(-n, -an, -ian with a plural -s), and only a whole reading that is a country, territory,
first-level region or US state counts -- never a city ("Parisians" stays unread), never
an ambiguous name.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.gazetteer import candidates
from analysis.gazetteer_entries import Candidate

#: Labels a derived demonym may carry: a group, or a place label the model gave a
#: demonym ("North Ossetian" tagged GPE).
_DEMONYM_LABELS = frozenset({"NORP", "GPE", "LOC"})

#: Readings a derived demonym may name.
_DERIVED_RULES = frozenset({"name", "territory", "region", "us_state"})
#: A capitalised word (or words) ending in -n / -ns: the shape of a derived demonym.
_SHAPE = re.compile(r"^[A-Z][\w'’ -]*[a-z]ns?$")
#: (suffix to cut, ending to put back), tried in order: "Minnesotan" -> "Minnesota",
#: "Ohioan" -> "Ohio", "Arizonian" -> "Arizona", "Texan" -> "Texas".
_STEMS: tuple[tuple[str, str], ...] = (
    ("n", ""),
    ("an", ""),
    ("ian", "a"),
    ("ian", ""),
    ("an", "as"),
)


@lru_cache(maxsize=50_000)
def derived_demonym(text: str) -> Candidate | None:
    """The one place a demonym-shaped ``text`` derives from ("Minnesotans" -> the
    state of Minnesota, "South Ossetian" -> South Ossetia), else None."""
    if not _SHAPE.match(text):
        return None
    word = text[:-1] if text.endswith("ns") else text
    for cut, put in _STEMS:
        if not word.endswith(cut) or len(word) - len(cut) < 3:
            continue
        found = candidates(word[: len(word) - len(cut)] + put)
        whole = [c for c in found if c.rule in _DERIVED_RULES and not c.needs_context]
        if whole and len({c.iso3 for c in whole}) == 1 and whole[0] is found[0]:
            return whole[0]
    return None


def derived_demonyms(
    rows: pd.DataFrame, iso3: np.ndarray, rule: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """(iso3, rule) with each unmapped NORP (or GPE/LOC) row that is a derived demonym
    read in its place's country, with the rule "demonym"; other rows unchanged."""
    labels = rows["label"].to_numpy(dtype=object)
    open_ = pd.isna(iso3) & pd.isna(rule) & np.isin(labels, list(_DEMONYM_LABELS))
    if not open_.any():
        return iso3, rule
    codes, forms = pd.factorize(rows["text"].to_numpy(dtype=object))
    found = [derived_demonym(str(t)) for t in forms]
    country = np.array([c.iso3 if c else None for c in found], dtype=object)[codes]
    take = open_ & pd.notna(country)
    return np.where(take, country, iso3), np.where(take, "demonym", rule)


@lru_cache(maxsize=50_000)
def plural_demonym(word: str) -> bool:
    """Whether ``word`` is the plural of a country's demonym ("Britons", "Germans"): it
    reads first as a demonym needing no context, and so does its singular, of the same
    country ("Briton"); not a word in capitals, nor one the singular of which is no
    demonym ("Swiss", "Scots"), so that only a group of people is read so."""
    if len(word) < 5 or not word.endswith("s") or not word[:1].isupper() or word.isupper():
        return False
    plural, singular = candidates(word), candidates(word[:-1])
    return (
        bool(plural)
        and bool(singular)
        and plural[0].rule == "demonym"
        and not plural[0].needs_context
        and singular[0].rule == "demonym"
        and singular[0].iso3 == plural[0].iso3
    )


@lru_cache(maxsize=50_000)
def lone_plural_demonym(run: str) -> int:
    """The length of the plural demonym (:func:`plural_demonym`) opening the capitalised
    ``run`` written alone (the whole run, or its first word ending a sentence), else 0.
    A function of the run, cached (speed: the cue "plural_demonyms" reads every run of
    every story, and stories repeat their runs)."""
    first = run.split(maxsplit=1)[0]
    word = first.rstrip(".'’")
    alone = first == run.rstrip(".'’") or first.endswith(".")
    return len(word) if alone and plural_demonym(word) else 0
