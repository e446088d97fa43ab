"""An ambiguous qualifier takes the sense the place before it lies in (rule
"qualifier_senses", issue 18).

"Atlanta, Georgia" in a story datelined "TBILISI, Georgia" read "Georgia" as the
country, as the story's other places did, and so put Atlanta in the country Georgia
under rule "qualified", though no Atlanta is there (docs/readme/ui26.md, "Found and
not fixed", 2). A name written after a comma qualifies the place before it: of its
senses (a country, a US state, a province...), the one the qualified name has a
reading in is meant. So when the qualifier's chosen sense holds no reading of the
qualified name and exactly one of its other senses does -- a division holding one of
its cities or towns (same country and first-level division), or a country holding
one -- the qualifier is read in that sense. The qualifier mention itself keeps the
reading the story gave it.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any

import numpy as np

from analysis.countries.evidence import qualifier_value
from analysis.gazetteer import Candidate, town_candidates
from analysis.place_spelling import normalise


def _all(reading: Any) -> tuple[Candidate, ...]:
    """The readings of a :class:`analysis.countries.readings._Reading`, fixed or not."""
    return (*reading.options, *((reading.fixed,) if reading.fixed is not None else ()))


def _places(reading: Any) -> set[tuple[str, str]]:
    """(iso3, admin1) of each city or town reading of ``reading`` (its towns too)."""
    found = [c for c in _all(reading) if c.rule in ("city", "capital", "town")]
    if reading.head:
        found += town_candidates(reading.head)
    return {(c.iso3, c.admin1) for c in found}


def _holds(value: str, places: set[tuple[str, str]]) -> bool:
    """Whether the qualifier ``value`` ("USA", "USA:GA") holds one of ``places``."""
    country, _, division = value.partition(":")
    return any(iso3 == country and (not division or admin1 == division) for iso3, admin1 in places)


def sensed_qualifiers(
    found: dict[int, str], after: np.ndarray, readings: Sequence[Any], codes: np.ndarray
) -> dict[int, str]:
    """``found`` (row -> qualifier value, :meth:`analysis.countries.resolve._Table.
    qualifiers`) with each qualifier whose value holds no city or town reading of its
    row's name replaced by the one other sense of the qualifier mention (row
    ``after[i]``) that holds one, if exactly one does."""
    out = dict(found)
    for i, value in found.items():
        places = _places(readings[codes[i]])
        if not places or _holds(value, places):
            continue
        qualifier = readings[codes[after[i]]]
        senses = {qualifier_value(c.rule, c.iso3, c.admin1) for c in _all(qualifier)}
        fits = [s for s in senses if s is not None and s != value and _holds(s, places)]
        if len(fits) == 1:
            out[i] = fits[0]
    return out


#: The farthest a place may lie from the city written after it for that city to
#: qualify it ("Edmonton, London": Edmonton, north London, 13 km from London's centre;
#: Edmonton, Alberta is an ocean away). A city's districts and suburbs lie within it.
NEAR_KM = 50.0


def city_qualifiers(
    found: dict[int, str],
    after: np.ndarray,
    chosen: tuple[np.ndarray, np.ndarray],
    readings: Sequence[Any],
    codes: np.ndarray,
) -> dict[int, str]:
    """Row -> qualifier value ("GBR:ENG") for each row not in ``found`` written right
    before a mention (row ``after[i]``) read as a city or capital (``chosen``: the
    table's (iso3, rule) so far) when the row's name has a city or town reading in that
    country within :data:`NEAR_KM` of that city, all such readings in one division:
    "Edmonton, London" is the Edmonton in London (rule qualifier_senses). Not in a list
    (a row written right after another, or the city followed by one): "Boston, Buffalo,
    Hartford" is no Boston near Buffalo."""
    iso3, rule = chosen
    out = {}
    listed = set(after[after >= 0].tolist())  # rows written right after another row
    for i in np.flatnonzero(after >= 0).tolist():
        j = int(after[i])
        if i in found or rule[j] not in ("city", "capital") or not isinstance(iso3[j], str):
            continue
        if i in listed or after[j] >= 0:  # "Boston, Buffalo, Hartford": a list of cities
            continue
        head, city = readings[codes[i]].head, readings[codes[j]].head
        # Speed: the place table (coordinates) is loaded, and its many objects slow every
        # later garbage collection, only for a name with a city or town in that country.
        if not head or not city or all(c != iso3[j] for c, _ in _places(readings[codes[i]])):
            continue
        if (value := _near(head, city, iso3[j], rule[j])) is not None:
            out[i] = value
    return out


@lru_cache(maxsize=20_000)
def _near(name: str, city: str, iso3: str, rule: str) -> str | None:
    """ "ISO3:admin1" of the readings of ``name`` in ``iso3`` within :data:`NEAR_KM` of
    the city ``city`` (read as ``rule``), when they lie in one division; else None."""
    from analysis.places import km, place_options

    centre = next((p for p in place_options(city, iso3, rule) if p.lat is not None), None)
    if centre is None or normalise(name) == normalise(city):
        return None
    near = {
        p.admin1
        for kind in ("city", "town")
        for p in place_options(name, iso3, kind)
        if p.lat is not None and km(p.lat, p.lon, centre.lat, centre.lon) <= NEAR_KM
    }
    return f"{iso3}:{near.pop()}" if len(near) == 1 else None
