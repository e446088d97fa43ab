"""A big city that bears the name of a division of its own country, written where a
city is written: the city, not the division (rule "city_names", issue 18).

"WASHINGTON, March 3 -", "NEW YORK, Feb 26 -" and "The committee was meeting in New
York" name the cities: a wire dateline names a city, and "in"/"at" before a name alone
places something in it. The gazetteer lists the state first for these names (its
division readings come before its cities), so the scoring step, whose readings are all
in one country, chose the state; the country was right, the place inside it was not
(docs/readme/ui26.md, "Found and not fixed", 1). This pass runs after the country is
chosen and changes only the rule of such a row from the division's to the city's, so
analysis.places.locate places it on the city; it never changes a country.

Which names: a form whose chosen reading is a first-level division (:data:`DIVISIONS`)
of a country in which the gazetteer also reads it as a city or capital of at least
:data:`CITY_NAME_POPULATION` people (Washington, D.C.; New York City; Quebec City).
Where: the story's own or wire dateline, or (a capital or a world city only: "mines in
Quebec" are the province's) right after "in" or "at" when the name is
not followed by a word going on with it ("in Washington state", "in New York
Harbor", "in Washington's vineyards" stay the state) nor listed with another division
("in Washington and Oregon", "in New York, New Jersey" stay the states). Anywhere, the
name followed by the city's own division after a comma is the city ("Washington, D.C.",
"New York, N.Y.").

Rule "capital_names": a division named like its country's capital is the capital
wherever it stands alone ("Washington wants other nations to ...", "talks with
Washington", "Washington's refusal to join the ban": the US government, not Washington
state), unless the text makes it the division: a word going on with the name
("Washington state", "Washington Post"), "state of" before it, a list with another
division or a place of the division right before it ("Oregon and Washington", "Oak
Harbour, Washington"), or a story that names another place of that division ("Seattle"
beside "Washington", "Yakima" beside "Washington's vineyards"). Provenance:
Reuters-21578, where 466 "Washington" mentions of 342 stories were read as the state,
23 of 25 sampled the capital (docs/countries-history.md); a possessive stopped being
read as the name going on in the twenty-sixth session: 35 "Washington's" of the
Reuters stories moved from the state to the capital, every one the US government's
("Washington's policy", "Washington's trade deficit") or a Washington, D.C. body.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows
from analysis.countries.scoring import WORLD_CITY_POPULATION
from analysis.datelines import own_dateline_starts, wire_datelines
from analysis.gazetteer import Candidate, candidates
from analysis.name_data import function_words

#: Rules of a first-level division reading.
DIVISIONS = frozenset({"us_state", "region", "territory"})
#: The fewest people of a city whose name, written where a city is written, means the
#: city rather than its country's division of that name. Washington, D.C. has 689,545
#: (GeoNames), Quebec City 531,902; half a million keeps out the small capitals named
#: after a state ("Washington, Utah": 24,299), which need their qualifier.
CITY_NAME_POPULATION = 500_000
#: The fewest people of a city (not a capital) whose name alone after "in"/"at" means
#: the city rather than its division: scoring's WORLD_CITY_POPULATION (a million).
PLACED_POPULATION = WORLD_CITY_POPULATION
#: "in" or "at" right before the name (lower case: a sentence's "In" may open a title).
_PLACED = re.compile(r"(?:^|\W)(?:in|at)\s+$")
#: The name itself goes on: a capitalised word ("New York Harbor") or a division word
#: ("Washington state") after it, the word captured for :func:`_name_goes_on` (rule
#: capital_names: a capital's possessive is its government's, "Washington's policy"; its
#: state's is told by the story's other places of the state).
_NAME_GOES_ON = re.compile(r"\s+(?:([A-Z][\w'’]*)|state\b|province\b)")
#: The name goes on after the mention, a possessive included ("in Washington's
#: vineyards"): where a city is written after "in"/"at" (rule city_names).
_GOES_ON = re.compile(_NAME_GOES_ON.pattern + r"|['’]s\b")
#: What joins the names of a list ("Washington and Oregon", "New York, New Jersey").
_LISTED = re.compile(r"\s*(?:,|and\b|or\b)\s*$")
#: A comma or bracket between a name and its qualifier ("Washington, D.C.").
_QUALIFIER = re.compile(r"\s*[,(]\s*$")
#: "state of" right before the name ("the state of Washington"; rule capital_names).
_STATE_OF = re.compile(r"\b[Ss]tate\s+of\s+$")


@lru_cache(maxsize=20_000)
def named_city(form: str, iso3: str, rules: Any = None) -> Candidate | None:
    """The most populous city or capital of ``iso3`` that ``form`` names, with at least
    :data:`CITY_NAME_POPULATION` people, among the readings ``rules`` (CountryRules;
    None: all) allows, or None."""
    cities = [
        c
        for c in candidates(form)
        if c.iso3 == iso3
        and c.rule in ("city", "capital")
        and c.population >= CITY_NAME_POPULATION
        and (rules is None or rules.allows(c.rule))
    ]
    return max(cities, key=lambda c: c.population) if cities else None


def _written_as_city(
    city: Candidate, text: str, span: tuple[int, int], datelines: set[int]
) -> bool:
    """Whether the name at ``span`` of ``text`` is a dateline (its start is in
    ``datelines``) or, for a world city or a capital (:func:`_placed_city`), stands
    alone after "in"/"at"."""
    start, end = span
    if start in datelines:
        return True
    if not _placed_city(city):
        return False
    return bool(_PLACED.search(text[max(0, start - 4) : start])) and not _GOES_ON.match(text, end)


def _placed_city(city: Candidate) -> bool:
    """Whether ``city`` is meant by its name after "in"/"at" rather than its division: a
    country's capital or a city of :data:`PLACED_POPULATION` people or more. "in
    Washington", "in New York" are the cities; "mines in Quebec", "the strike was bitter
    in Quebec" are the province (Quebec City has 531,902 people; Reuters, 8 of 8)."""
    return city.rule == "capital" or city.population >= PLACED_POPULATION


def _next_divisions(rows: PlaceRows, division: np.ndarray) -> dict[tuple[object, int], tuple]:
    """(doc_id, end of a row) -> (start, text) of the next row of its document when that
    row is read as a division (``division``), within six characters (", and ")."""
    start, end, placed = rows.offsets  # the offsets tested by column (speed: not per cell)
    columns = (rows.doc_id.tolist(), start.tolist(), end.tolist(), division.tolist(),
               rows.text.tolist(), placed.tolist())  # fmt: skip
    order = sorted(
        (d, s, e, bool(v), str(t)) for d, s, e, v, t, p in zip(*columns, strict=True) if p
    )
    return {
        (doc, end): (nxt[1], nxt[4])
        for (doc, _, end, _, _), nxt in pairwise(order)
        if nxt[0] == doc and nxt[3] and 0 <= nxt[1] - end <= 6
    }


def _beside(city: Candidate, text: str, end: int, ahead: tuple[int, str] | None) -> bool | None:
    """What the division written right after the name (``ahead``: its start and text,
    or None) says: True when it is the city's own division after a comma ("Washington,
    D.C.", "New York, N.Y."), False when the two are a list ("Washington and Oregon",
    "New York, New Jersey"), None when there is none."""
    if ahead is None:
        return None
    between, form = text[end : ahead[0]], ahead[1]
    own = any(c.iso3 == city.iso3 and c.rule in DIVISIONS and c.admin1 == city.admin1
              for c in candidates(form))  # fmt: skip
    if own and _QUALIFIER.match(between):
        return True
    return False if _LISTED.match(between) else None


def _division_of(form: str, iso3: str) -> str | None:
    """The first-level division of ``iso3`` that ``form`` names ("WA" for "Washington"),
    or None."""
    return next((c.admin1 for c in candidates(form) if c.rule in DIVISIONS and c.iso3 == iso3),
                None)  # fmt: skip


def _in_division(form: str, iso3: str, division: str | None) -> bool:
    """Whether ``form`` names the division ``division`` of ``iso3`` or a place in it by
    its first reading ("Oregon" is a division; "Seattle", "Oak Harbour" are in WA)."""
    first = candidates(form)[:1]
    return (
        bool(first)
        and first[0].iso3 == iso3
        and (first[0].rule in DIVISIONS or first[0].admin1 == division)
    )


def _name_goes_on(text: str, start: int, end: int) -> bool:
    """Whether the name at ``start``-``end`` of ``text`` goes on (:data:`_NAME_GOES_ON`);
    in capitals, a function word after it does not go on with it ("NAKASONE TO VISIT
    WASHINGTON IN LATE APRIL": every word of a headline is capitalised;
    ``data/function_words.txt``)."""
    found = _NAME_GOES_ON.match(text, end)
    if found is None:
        return False
    word = found.group(1)
    return not (word and text[start:end].isupper() and word.casefold() in function_words())


def _capital_alone(rows: PlaceRows, i: int, iso3: np.ndarray, text: str) -> bool | None:
    """Rule capital_names: True when row ``i``, a division named like its country's
    capital, stands alone in ``text`` (the capital); None when the text makes it the
    division: a word going on with it, "state of" before it, a place of its country
    right before it in a list or as its qualifier ("Oregon and Washington", "Oak
    Harbour, Washington"; ``iso3``: the rows' countries), or another place of the
    division in the story ("Seattle")."""
    start, end = int(rows.starts[i]), int(rows.ends[i])
    if _name_goes_on(text, start, end) or _STATE_OF.search(text, max(0, start - 12), start):
        return None
    country, form = str(iso3[i]), str(rows.text[i])
    division = _division_of(form, country)
    for j in np.flatnonzero(rows.doc_id == rows.doc_id[i]).tolist():
        other = str(rows.text[j])
        if j == i or other == form or pd.isna(rows.starts[j]):
            continue
        gap = start - int(rows.ends[j])
        if 0 < gap <= 6 and _LISTED.match(text, int(rows.ends[j]), start):
            if iso3[j] == country:
                return None
        elif _in_division(other, country, division) and not _division_of(other, country):
            return None
    return True


def city_rules(
    rows: pd.DataFrame | PlaceRows,
    iso3: np.ndarray,
    rule: np.ndarray,
    texts: Mapping[object, str] | None,
    rules: Any = None,
    *,
    capitals: bool = False,
) -> np.ndarray:
    """``rule`` with each row read as a division (:data:`DIVISIONS`) whose name is also
    a big city of the same country (:func:`named_city`), and written where a city is
    written (its story's dateline, or after "in"/"at"; with ``capitals``, rule
    capital_names, a capital's name alone anywhere: :func:`_capital_alone`), given the
    city's rule; without ``texts`` (or rule city_names off) ``rule`` as it is.
    ``rules`` (CountryRules): the reading rules in force (a city reading switched off
    is no city)."""
    if not texts:
        return rule
    rows = as_rows(rows)
    division = np.isin(rule.astype(object), list(DIVISIONS)) & pd.notna(iso3)
    if not division.any():
        return rule
    out = rule.copy()
    datelines: dict[object, set[int]] = {}
    forms, docs = rows.text, rows.doc_id
    named = {i: named_city(str(forms[i]), str(iso3[i]), rules) for i in np.flatnonzero(division)}
    named = {i: city for i, city in named.items() if city is not None}
    if not named:  # speed: no big city's name among the divisions, no rows sorted
        return rule
    ahead = _next_divisions(rows, division)
    for i, city in named.items():
        text = texts.get(docs[i])
        if not isinstance(text, str) or pd.isna(rows.starts[i]):
            continue
        if docs[i] not in datelines:
            datelines[docs[i]] = {*own_dateline_starts(text), *(s for s, _ in wire_datelines(text))}
        span = (int(rows.starts[i]), int(rows.ends[i]))
        beside = _beside(city, text, span[1], ahead.get((docs[i], span[1])))
        if beside is None and capitals and city.rule == "capital":
            beside = _capital_alone(rows, i, iso3, text)
        if beside or (beside is None and _written_as_city(city, text, span, datelines[docs[i]])):
            out[i] = city.rule
    return out
