"""Local register: the country whose local news a text reads like (US civic phrases,
British/Irish/Canadian markers), from the patterns in analysis/data/country_lexicon.json.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from functools import lru_cache

import analysis.countries.fastre as fastre
from analysis.countries.lexicon import _COMMONWEALTH_RE, _LOCAL_MARKERS, _US_CIVIC, _US_CIVIC_HINTS

_US_CIVIC_RES = {kind: re.compile(pattern) for kind, pattern in _US_CIVIC.items()}
#: The faster forms of the register's patterns (analysis.countries.fastre): the same
#: texts have a match. Searched instead of the plain ones, which stay the declaration.
_MARKER_PARTS = {iso3: fastre.searchers(p.pattern) for iso3, p in _LOCAL_MARKERS.items()}
_US_CIVIC_PARTS = {kind: fastre.searchers(pattern) for kind, pattern in _US_CIVIC.items()}
_COMMONWEALTH_PARTS = fastre.searchers(_COMMONWEALTH_RE.pattern)
#: Every hint of :data:`_US_CIVIC_HINTS`, once (kinds share some: "county", "state").
_HINTS = tuple(dict.fromkeys(hint for hints in _US_CIVIC_HINTS.values() for hint in hints))


#: Different civic phrases needed before a document counts as local to the US.
_US_CIVIC_MIN = 1


def _civic_register(doc_ids: Iterable[object], texts: Mapping[str, str]) -> dict[object, str]:
    """doc_id -> ISO3 for the documents written in a country's local register (see
    :func:`local_register`)."""
    out: dict[object, str] = {}
    for doc_id in doc_ids:
        text = texts.get(doc_id)
        if not isinstance(text, str):
            continue
        if (country := local_register(text)) is not None:
            out[doc_id] = country
    return out


@lru_cache(maxsize=256)
def local_register(text: str) -> str | None:
    """The country whose local news register ``text`` is written in, or None.

    A marker only one country's local news uses (a pound price or a British phone
    number; the Garda; the RCMP or an MPP) names its country when no
    other country's marker is in the text. Otherwise a US civic phrase
    (:data:`_US_CIVIC`) in a text with no Commonwealth spelling or office names the
    US. Cached: the gazetteer pass and map_countries both ask of each document of a
    64-document chunk; small, as the cache keeps its texts alive.
    """
    found = {country for country, parts in _MARKER_PARTS.items() if fastre.found(parts, text)}
    if found:
        return found.pop() if len(found) == 1 else None
    lowered = text.lower()
    hinted = {hint for hint in _HINTS if hint in lowered}  # each hint looked for once
    kinds = 0
    for kind, parts in _US_CIVIC_PARTS.items():
        if not hinted.isdisjoint(_US_CIVIC_HINTS[kind]) and fastre.found(parts, text):
            kinds += 1
            if kinds >= _US_CIVIC_MIN:
                return None if fastre.found(_COMMONWEALTH_PARTS, text) else "USA"
    return None
