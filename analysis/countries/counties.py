"""Which US county a US place lies in (GeoNames admin2), for the evidence "division":
a county the document names picks the namesake town or city in it ("Paris" beside
"Henry County" is Paris, Tennessee: of the ten states with a Henry County, only
Tennessee's holds a Paris; "Paris" beside "Orange County" is in no Orange County, so
nothing is picked).

Data: ``analysis/data/us_place_counties.tsv.gz`` (``name state county``: US places of
1,000 people or more, GeoNames cities1000 with its admin2 names, rebuilt by
``analysis/data/build_counties.py``), loaded once.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np
import pandas as pd

from analysis.geo_sources import DATA_DIR

COUNTIES_FILE = DATA_DIR / "us_place_counties.tsv.gz"

#: The word a county's name ends with ("Henry County", "Orleans Parish", "Juneau
#: Borough"), dropped to compare a mention with GeoNames' name.
_COUNTY_WORD = re.compile(r"\s+(?:county|parish|borough|census area|municipality)$")


def county_key(name: str) -> str:
    """A county's name as compared: casefolded, without its county word ("Henry County",
    "HENRY COUNTY" -> "henry")."""
    return _COUNTY_WORD.sub("", " ".join(name.split()).casefold())


@lru_cache(maxsize=1)
def _place_counties() -> dict[tuple[str, str], frozenset[str]]:
    """(place name casefolded, state postal code) -> the keys of the counties it lies in
    (a place may straddle two). Read once (~10 ms)."""
    with gzip.open(COUNTIES_FILE, "rt", encoding="utf-8") as fh:
        lines = fh.read().casefold().splitlines()
    keys: dict[str, str] = {}  # county name -> key: ~3,000 counties for 16,000 places
    found: dict[tuple[str, str], frozenset[str]] = {}
    for line in lines:
        name, state, county = line.split("\t")
        key = keys.get(county) or keys.setdefault(county, county_key(county))
        place = (name, state.upper())
        found[place] = found[place] | {key} if place in found else frozenset((key,))
    return found


def counties_of(place: str, state: str) -> frozenset[str]:
    """The keys of the counties the US place ``place`` of ``state`` (postal code) lies
    in; empty when the data does not know it (a place under 1,000 people)."""
    return _place_counties().get((place.casefold(), state), frozenset())


def states_by_county(
    place: str, states: frozenset[str], named: frozenset[str], stated: frozenset[str] = frozenset()
) -> frozenset[str]:
    """Of ``states`` (postal codes of the place's US readings), those in which the place
    ``place`` lies in a county the document names (``named``: county keys, "henry" for a
    county of no known state, "GA:henry" for one the text puts in a state: "Henry
    County, Georgia"). A county of no known state counts only in the US states the
    document names (``stated``, postal codes) when it names any: "Henry County" in a
    story about Georgia is Georgia's, not Tennessee's (review 10, F2)."""
    if not named:
        return frozenset()
    found = set()
    for state in states:
        for key in counties_of(place, state):
            if f"{state}:{key}" in named or (key in named and (not stated or state in stated)):
                found.add(state)
    return frozenset(found)


def county_column(
    readings: Sequence[Any], codes: np.ndarray, person: np.ndarray, after: np.ndarray
) -> np.ndarray:
    """Per row (``codes``: its surface form's position in ``readings``, each an
    :class:`analysis.countries.readings._Reading`), the key of the US county it names
    ("Henry County" -> "henry": a fixed county reading), "GA:henry" when the mention
    written right after it (``after``: its row, -1 for none) may be one US state only
    ("Henry County, Georgia"), else None; None too for a row that opens a person's name
    (``person``)."""
    keys = [county_key(r.head) if r.fixed is not None and r.fixed.rule == "us_county" else None
            for r in readings]  # fmt: skip
    if not len(codes):
        return np.array([], dtype=object)
    column = np.where(person, None, np.array(keys, dtype=object)[codes])
    for i in np.flatnonzero(pd.notna(column) & (after >= 0)).tolist():
        qualifier = readings[codes[after[i]]]
        options = (*qualifier.options, *((qualifier.fixed,) if qualifier.fixed else ()))
        states = {c.admin1 for c in options if c.iso3 == "USA" and c.rule == "us_state"}
        if len(states) == 1:
            column[i] = f"{states.pop()}:{column[i]}"
    return column


def county_states(
    reading: Any, named: frozenset[str], stated: frozenset[str] = frozenset()
) -> frozenset[str]:
    """The US states in which a city or town reading of ``reading`` (a ``_Reading``) lies
    in a county the document names (``named``: county keys; ``stated``: the US states
    the document names; :func:`states_by_county`; evidence "division")."""
    if not named:
        return frozenset()
    states = frozenset(c.admin1 for c in reading.options
                       if c.iso3 == "USA" and c.rule in ("city", "town"))  # fmt: skip
    return states_by_county(reading.head, states, named, stated)
