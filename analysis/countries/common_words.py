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
not the town, where the story uses it only in organisations' names: every mention of it
in the story (case aside) was read as an organisation's home (rule ``org_home``), lies
inside an ORG mention ("Department of Energy", "Dominion Bridge") or is written as the
whole of an ORG mention elsewhere in the story ("Congress" tagged ORG in another
sentence). One sense per story: where the story writes it once on its own ("BANTAM -"
opening a story that names "Bantam Superior Court", "Commerce, Georgia" beside the
"Commerce City Council"), every mention of it is the town. Such a row is given no country
and no rule (a row the gazetteer pass found keeps that provenance, "gazetteer"), so it
is neither counted nor listed apart.
"""

from __future__ import annotations

import re
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, form_mask
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


def _organisations(chunk: PlaceRows) -> dict[object, tuple[list[tuple[float, float]], set[str]]]:
    """doc_id -> the (start, end) spans and the texts of its ORG mentions."""
    out: dict[object, tuple[list[tuple[float, float]], set[str]]] = {}
    for i in np.flatnonzero(chunk.label == "ORG"):
        spans, texts = out.setdefault(chunk.doc_id[i], ([], set()))
        spans.append((chunk.starts[i], chunk.ends[i]))
        if isinstance(chunk.text[i], str):
            texts.add(chunk.text[i])
    return out


def _in_a_name(rows: PlaceRows, i: int, rule: object, orgs: dict) -> bool:
    """Whether place row ``i`` is used in an organisation's name: read as its home, inside
    an ORG mention of its story, or the whole text of one."""
    if rule == ORG_HOME_RULE:
        return True
    spans, texts = orgs.get(rows.doc_id[i], ((), ()))
    start, end = rows.starts[i], rows.ends[i]
    return rows.text[i] in texts or any(s <= start and end <= e for s, e in spans)


def common_word_rows(
    rows: PlaceRows,
    read: tuple[np.ndarray, np.ndarray, np.ndarray],
    chunk: PlaceRows,
    on: bool = True,
) -> tuple[np.ndarray, np.ndarray]:
    """(iso3, rule) of the place ``rows`` (``read``: their iso3, rule and ``prior``, the
    rules they came with, "" for none) with each common word read as a town used only in
    organisations' names (see the module docstring) given no country and no rule but the
    provenance "gazetteer" when the gazetteer pass found it; unchanged when the rule is
    not ``on``. ``chunk``: every row of the frame (its ORG mentions are read)."""
    iso3, rule, prior = read
    if not on:
        return iso3, rule
    texts = rows.text
    open_ = pd.notna(iso3) & form_mask(texts, common_word_town)
    if not open_.any():
        return iso3, rule
    orgs = _organisations(chunk)
    own: set[tuple[object, str]] = set()  # (doc_id, form) written once on its own
    for i in np.flatnonzero(open_):
        if not _in_a_name(rows, i, rule[i], orgs):
            own.add((rows.doc_id[i], texts[i].casefold()))
    inside = open_.copy()
    inside[open_] = [
        (rows.doc_id[i], texts[i].casefold()) not in own for i in np.flatnonzero(open_)
    ]
    if not inside.any():
        return iso3, rule
    return np.where(inside, None, iso3), np.where(inside, cleared_rule(prior), rule)


def cleared_rule(prior: np.ndarray) -> np.ndarray:
    """The rule of a row a step leaves with no country, by the rule it came with
    (``prior``): the provenance "gazetteer" when the gazetteer pass found it (as a place
    or an organisation's home), else none (rules common_word_towns, compass_points)."""
    found = (prior == GAZETTEER_RULE) | (prior == ORG_HOME_RULE)
    return np.where(found, GAZETTEER_RULE, None)
