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
from typing import Any

import numpy as np

from analysis.countries.evidence import qualifier_value
from analysis.gazetteer import Candidate, town_candidates


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
