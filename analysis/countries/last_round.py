"""The last round of the scoring step: evidence read from the table the first two rounds
wrote (how every other mention of the document was read).

* :func:`stray_rows` -- a small town or city with one reading whose country no other
  place of its document is in, while they are in others (evidence "stray": "Soho",
  "Trapani" in a story about elsewhere);
* :func:`hometown_round` -- a name written as a hometown ("a Lebanon woman", "Paris
  High School") scored among its namesake cities and towns (evidence "hometown",
  "hometown_name").

Both hand their rows to :func:`analysis.countries.scoring.score`, which weighs the
evidence declared in :data:`analysis.countries.weights.WEIGHTS`. Pure functions; no
spaCy.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, Protocol

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows, isin
from analysis.countries.modifiers import hometown_namesakes
from analysis.countries.readings import _reading, _small_fixed_place, name_key
from analysis.countries.rules import REGISTER_RULE, ContextRules, CountryRules
from analysis.countries.scoring import WORLD_CITY_POPULATION, Choice, DocumentContext, score
from analysis.gazetteer import town_candidates
from analysis.gazetteer_entries import Candidate

if TYPE_CHECKING:
    from collections.abc import Iterable


class _Writable(Protocol):
    iso3: np.ndarray
    rule: np.ndarray
    division: np.ndarray


@lru_cache(maxsize=200_000)
def _alias_place(text: str, rules: CountryRules, context: ContextRules) -> bool:
    """Whether ``text`` reads, with one reading, as a city (not a capital) by an
    alternate name only, of
    fewer than :data:`WORLD_CITY_POPULATION` people (rule alias_strays)."""
    top = _reading(text, rules, context).fixed
    return (
        context.alias_strays
        and top is not None
        and top.other_name
        and top.rule == "city"
        and top.population < WORLD_CITY_POPULATION
    )


def stray_rows(
    rows: pd.DataFrame | PlaceRows,
    iso3: np.ndarray,
    rule: np.ndarray,
    rules: CountryRules,
    context: ContextRules,
    opens: np.ndarray | None = None,
) -> np.ndarray:
    """Boolean mask of the rows read as a small city or town with one reading ("Soho",
    "Trapani"), or a city by an alternate name (rule alias_strays: "Trent Bridge" read
    as Trento) that does not open its story (``opens``), whose country no other place of
    their document is in, while other places (demonyms aside: "Irish" at a St
    Patrick's parade in Rock Hill leaves Rock Hill be) are in other countries: a misread
    name more often than a trip abroad. Mentions read by one name ("Trent", "Trent
    Bridge") count as one place."""
    rows = as_rows(rows)
    texts = rows.text
    codes, forms = pd.factorize(texts)
    is_small = np.array([_small_fixed_place(t, rules, context) for t in forms], dtype=bool)
    alias = np.array([_alias_place(t, rules, context) for t in forms], dtype=bool)
    if opens is not None and len(codes):
        alias = alias[codes] & ~opens
        is_small = is_small[codes] | alias
    elif len(codes):
        is_small = is_small[codes] | alias[codes]
    small = (is_small if len(codes) else np.zeros(0, dtype=bool)) & pd.notna(iso3)
    if not small.any():
        return small
    docs, _ = pd.factorize(rows.doc_id)
    # In numpy, not by Series (speed): "" for a missing country, as fillna("") gave.
    countries, _ = pd.factorize(np.where(pd.isna(iso3), "", np.asarray(iso3, dtype=object)))
    counted = (pd.notna(iso3) & (np.asarray(rule, dtype=object) != "demonym")).astype("int64")
    in_doc = _group_sums(counted, docs)
    in_country = _group_sums(counted, docs, countries)
    heads = [name_key(_reading(t, rules, context).head) for t in forms]
    in_form = _group_sums(counted, docs, pd.factorize(np.array(heads, dtype=object))[0][codes])
    # Other places named in the document, none of them in this one's country.
    return small & (in_doc > in_form) & (in_country == in_form)


def _group_sums(values: np.ndarray, *keys: np.ndarray) -> np.ndarray:
    """Per row, the sum of ``values`` (integers) over the rows that share its ``keys``
    (integer codes, -1 included): a groupby-transform("sum") in numpy, without building
    a frame for each."""
    combined = np.zeros(len(values), dtype="int64")
    for key in keys:  # one integer per key tuple: each key shifted to 0.., then mixed
        key = key - key.min()
        combined = combined * (key.max() + 1) + key
    _, group = np.unique(combined, return_inverse=True)
    sums = np.zeros(group.max() + 1, dtype="int64")
    np.add.at(sums, group, values)
    return sums[group]


#: Readings so far that a hometown may replace: a country name, a city or capital, a
#: place read in the register's country.
_HOMETOWN_READINGS = ("name", "city", "capital", REGISTER_RULE)


def hometown_round(
    rows: pd.DataFrame | PlaceRows,
    hometown: np.ndarray,
    table: _Writable,
    context: ContextRules,
    explain: dict[int, Choice] | None,
) -> None:
    """Score each name written as a hometown (``hometown``: the rows, see
    analysis.countries.modifiers.hometown_rows) among its reading so far and its
    namesake cities and towns, and write the winner into ``table`` for every mention
    of that name in the document (one sense per document): a namesake in a country
    the document names by other mentions, else (a country name) the town of the one
    country all its towns are in, else no reading for a country name; a city stays
    (and so does every mention of it, an organisation's home among them)."""
    rows = as_rows(rows)
    picked = hometown & isin(table.rule, _HOMETOWN_READINGS)
    if not picked.any():
        return
    docs = rows.doc_id
    forms = rows.text
    for doc, surface in dict.fromkeys(zip(docs[picked], forms[picked], strict=True)):
        same = (docs == doc) & (forms == surface)
        first = int(np.flatnonzero(same & picked)[0])
        named = set(table.iso3[(docs == doc) & ~same]) - set(table.iso3[same])
        now = Candidate(str(table.iso3[first]), str(table.rule[first]))
        choice = _scored_hometown(now, str(surface), named, context)
        if choice.chosen is not now:  # a namesake won, or no reading: every mention
            iso3, rule = choice.outcome()
            table.iso3[same], table.rule[same] = iso3, rule
            table.division[same] = choice.chosen.admin1 if choice.chosen is not None else ""
        if explain is not None:  # a reading that stays keeps the evidence it was chosen by
            changed = choice.chosen is not now
            explain.update({i: choice for i in np.flatnonzero(same).tolist()
                            if changed or i not in explain})  # fmt: skip


def _scored_hometown(
    now: Candidate, surface: str, named: Iterable[object], context: ContextRules
) -> Choice:
    """The scoring step on a name written as a hometown, read ``now`` so far."""
    namesakes = tuple(c for c in hometown_namesakes(surface) if (c.iso3, c.rule) != (
        now.iso3, now.rule))  # fmt: skip
    towns = town_candidates(surface)
    lone = (towns[0],) if towns and not towns[0].needs_context else ()
    lone = tuple(c for c in namesakes if c in lone)[:1]
    found = DocumentContext(
        {},
        {},
        None,
        hometown=frozenset(str(c) for c in named if isinstance(c, str)),
        lone_towns=context.lone_towns and len({c.iso3 for c in towns}) == 1,
        towns=lone,
    )
    return score((now, *namesakes), now, found)
