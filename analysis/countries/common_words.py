"""Common words in organisations' names are no towns (rule ``common_word_towns``).

"The Department of Energy", "the investigating agency of Congress", "its Dominion Bridge
steel service center": the model tags "Energy", "Congress" and "Dominion" as places, and
the gazetteer knows a town of each name (Energy, Illinois, 1,145 people; Congress,
Arizona; Dominion, Nova Scotia). Read so, they were listed as the homes of US and
Canadian organisations (Countries page, "Counted apart") or counted for Canada (review
ui26, item 4).

A one-word name that is an English common noun (``data/common_nouns.tsv.gz``, WordNet
3.0: "energy", "congress", "dominion") and that the gazetteer reads only as a town (no
city of 15,000 people or more, no country, state, region, capital or other reading:
"Reading", "Mobile" and "Bath" are cities, so they are left alone) is taken for the word,
not the town, where the story uses it in an organisation's name: the mapping read it as
an organisation's home (rule ``org_home``), or an ORG mention of the same story holds it
as a word ("Department of Energy", "Dominion Bridge"), unless the story writes the
name with its state or country after a comma ("Commerce, Georgia": rule
``qualified``; one sense per story). Such a row is given no country
and no rule (a row the gazetteer pass found keeps that provenance, "gazetteer"), so it
is neither counted nor listed apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows
from analysis.countries.rules import GAZETTEER_RULE, ORG_HOME_RULE
from analysis.gazetteer import candidates, town_candidates
from analysis.name_data import common_nouns

_ONE_WORD = re.compile(r"[A-Za-z]+")


@lru_cache(maxsize=50_000)
def common_word_town(form: str) -> bool:
    """Whether ``form`` is one word, an English common noun, that the gazetteer reads
    only as a town of under 15,000 people ("Energy", "Dominion"; not "Reading", a city,
    nor "Paris" or "Jordan", no common nouns)."""
    return (
        _ONE_WORD.fullmatch(form) is not None
        and form.casefold() in common_nouns()
        and not candidates(form)
        and bool(town_candidates(form))
    )


def _org_words(chunk: PlaceRows) -> dict[object, set[str]]:
    """doc_id -> the words of its ORG mentions ("Department", "of", "Energy")."""
    words: dict[object, set[str]] = {}
    orgs = np.flatnonzero(chunk.label == "ORG")
    for i in orgs:
        text = chunk.text[i]
        if isinstance(text, str):
            words.setdefault(chunk.doc_id[i], set()).update(_ONE_WORD.findall(text))
    return words


def _qualified(rows: PlaceRows, iso3: np.ndarray) -> set[tuple[object, object]]:
    """(doc_id, form) of the place rows written right before a place read in the same
    country, a comma between ("Commerce, Georgia", "Commerce, Ga."): one sense per
    story, every mention of that name in it is the town."""
    placed = {(rows.doc_id[j], rows.starts[j]): iso3[j] for j in np.flatnonzero(pd.notna(iso3))}
    return {
        (rows.doc_id[i], rows.text[i])
        for i in np.flatnonzero(pd.notna(iso3))
        if any(placed.get((rows.doc_id[i], rows.ends[i] + gap)) == iso3[i] for gap in _COMMA)
    }


#: Characters from a name's end to its qualifier's start: ", " (", \n" in wrapped text).
_COMMA = (1, 2, 3)


def common_word_rows(
    rows: PlaceRows,
    read: tuple[np.ndarray, np.ndarray, np.ndarray],
    chunk: PlaceRows,
    on: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """(iso3, rule) of the place ``rows`` (``read``: their iso3, rule and ``prior``, the
    rules they came with, "" for none) with each common word read as a town inside an
    organisation's name (see the module docstring) given no country and no rule but the
    provenance "gazetteer" when the gazetteer pass found it; unchanged when the rule is
    not ``on``. ``chunk``: every row of the frame (its ORG mentions are read)."""
    iso3, rule, prior = read
    if not on:
        return iso3, rule
    texts = rows.text
    open_ = pd.notna(iso3)
    open_[open_] = [isinstance(t, str) and common_word_town(t) for t in texts[open_]]
    if not open_.any():
        return iso3, rule
    words = _org_words(chunk)
    qualified = _qualified(rows, iso3)
    inside = np.array([bool(open_[i]) and (rows.doc_id[i], texts[i]) not in qualified
                       and (rule[i] == ORG_HOME_RULE or texts[i] in words.get(rows.doc_id[i], ()))
                       for i in range(len(texts))], dtype=bool)  # fmt: skip
    if not inside.any():
        return iso3, rule
    found = (prior == GAZETTEER_RULE) | (prior == ORG_HOME_RULE)
    cleared = np.where(found, GAZETTEER_RULE, None)
    return np.where(inside, None, iso3), np.where(inside, cleared, rule)
