"""Local register: the country whose local news a text reads like (US civic phrases,
British/Irish/Canadian markers), from the patterns in analysis/data/country_lexicon.json.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

import analysis.countries.fastre as fastre
from analysis.countries.lexicon import (
    _COMMONWEALTH_RE,
    _LOCAL_MARKERS,
    _US_CIVIC,
    _US_CIVIC_HINTS,
    _US_CIVIC_SHARED,
)

if TYPE_CHECKING:
    from analysis.countries.rules import ContextRules

_US_CIVIC_RES = {kind: re.compile(pattern) for kind, pattern in _US_CIVIC.items()}
#: The faster forms of the register's patterns (analysis.countries.fastre): the same
#: texts have a match. Searched instead of the plain ones, which stay the declaration.
_MARKER_PARTS = {iso3: fastre.searchers(p.pattern) for iso3, p in _LOCAL_MARKERS.items()}
_US_CIVIC_PARTS = {kind: fastre.searchers(pattern) for kind, pattern in _US_CIVIC.items()}
_COMMONWEALTH_PARTS = fastre.searchers(_COMMONWEALTH_RE.pattern)
#: The marker parts that open with a literal character (not a set, a group or an
#: escape), by country, and the others (speed, branch speed23).
_SCREENED = {
    iso3: tuple(p for p in parts if fastre.opens_with_literal(p.pattern))
    for iso3, parts in _MARKER_PARTS.items()
}
_UNSCREENED = {
    iso3: tuple(p for p in parts if p not in _SCREENED[iso3])
    for iso3, parts in _MARKER_PARTS.items()
}
#: The screened parts searched as one alternation: a text with no match of it has none of
#: any of them (a match of an alternation is a match of one of its branches), in one
#: scan of the text instead of one per part; the engine skips to their first characters.
_MARKER_SCREEN = fastre.alternation([p for parts in _SCREENED.values() for p in parts])
#: A space, a digit and a capital letter in a row: every match of an unscreened marker
#: part holds one (they are the postcodes, whose inward code opens so: "OX1 2JD",
#: "K1A 0B1"; a test checks each part on matches hypothesis writes from it). Searched
#: before them (speed): the engine skips from space to space, while each part opens with
#: a set of capitals it tries at every capital letter of the text (about 0.25 s of the
#: 18,781 Reuters stories, issue 18).
_UNSCREENED_GATE = re.compile(r" \d[A-Z]")
#: The marker parts to search, by (a screened part may match, an unscreened part may).
_MARKER_SETS: dict[tuple[bool, bool], dict[str, tuple[re.Pattern[str], ...]]] = {
    (True, True): _MARKER_PARTS,
    (True, False): _SCREENED,
    (False, True): _UNSCREENED,
    (False, False): {},
}
#: Every hint of :data:`_US_CIVIC_HINTS`, once (kinds share some: "county", "state").
_HINTS = tuple(dict.fromkeys(hint for hints in _US_CIVIC_HINTS.values() for hint in hints))


#: Different civic phrases needed before a document counts as local to the US.
_US_CIVIC_MIN = 1


def _civic_register(
    doc_ids: Iterable[object], texts: Mapping[str, str], *, shared_alone: bool = False
) -> dict[object, str]:
    """doc_id -> ISO3 for the documents written in a country's local register (see
    :func:`local_register`; ``shared_alone``: rule civic_shared switched off)."""
    out: dict[object, str] = {}
    for doc_id in doc_ids:
        text = texts.get(doc_id)
        if not isinstance(text, str):
            continue
        if (country := local_register(text, shared_alone=shared_alone)) is not None:
            out[doc_id] = country
    return out


def _party_registers(
    doc_ids: Iterable[object], texts: Mapping[str, str], *, shared_alone: bool = False
) -> frozenset[object]:
    """The doc_ids of ``doc_ids`` whose register is the US by a party tag alone (see
    :func:`party_only`)."""
    return frozenset(
        d for d in doc_ids
        if isinstance(text := texts.get(d), str) and party_only(text, shared_alone=shared_alone)
    )  # fmt: skip


def party_only(text: str, *, shared_alone: bool = False) -> bool:
    """Whether ``text``'s local register (:func:`local_register`) is the US by a
    party tag alone ("Sen. Bob Dole (R-Kan.)", US civic kind ``party_home``): no other
    kind that decides on its own (not one of ``us_civic_shared``) is in the text. A
    member of Congress is named so in national and wire news as much as in local news,
    so such a register says the story is written in the US, not that it is local to a
    town there (rule party_registers)."""
    found = _register_reading(text, shared_alone)
    if found is None or found[1] is not _US_CIVIC_RES[_PARTY_KIND]:
        return False
    return not any(
        (shared_alone or kind not in _US_CIVIC_SHARED) and fastre.found(parts, text)
        for kind, parts in _US_CIVIC_PARTS.items()
        if kind != _PARTY_KIND
    )


#: The US civic kind of a party tag after a politician's name ("D-Neb", "R-Kan").
_PARTY_KIND = "party_home"


def local_register(text: str, *, shared_alone: bool = False) -> str | None:
    """The country whose local news register ``text`` is written in, or None (see
    :func:`register_evidence`, whose country it is)."""
    found = _register_reading(text, shared_alone)
    return None if found is None else found[0]


def register_evidence(text: str, shared_alone: bool = False) -> tuple[str, str] | None:
    """(the country whose local news register ``text`` is written in, the phrase of the
    text that says so), or None.

    A marker only one country's local news uses (a pound price or a British phone
    number; the Garda; the RCMP or an MPP) names its country when no
    other country's marker is in the text. Otherwise a US civic phrase
    (:data:`_US_CIVIC`) in a text with no Commonwealth spelling or office names the
    US; a phrase of a kind Commonwealth local news uses as much ("city council",
    lexicon ``us_civic_shared``) counts only beside a phrase of another kind (rule
    civic_shared; ``shared_alone``: switched off, any phrase counts). The phrase shown
    is the first of the kinds that decided. The phrase is searched here, for the
    explanation view only: mapping asks :func:`local_register`, which never does.
    """
    found = _register_reading(text, shared_alone)
    return None if found is None else (found[0], _phrase(found[1], text))


@lru_cache(maxsize=256)
def _register_reading(text: str, shared_alone: bool = False) -> tuple[str, re.Pattern[str]] | None:
    """(the country of :func:`register_evidence`, the pattern whose first match is the
    phrase that says so), or None. Cached: the gazetteer pass and map_countries both
    ask of each document of a 64-document chunk; small, as the cache keeps its texts
    alive."""
    screened = _MARKER_SCREEN is not None and _MARKER_SCREEN.search(text) is not None
    gated = _UNSCREENED_GATE.search(text) is not None
    markers = _MARKER_SETS[screened, gated]  # the parts that cannot match are skipped
    found = {country for country, parts in markers.items() if fastre.found(parts, text)}
    if found:
        if len(found) > 1:
            return None
        country = found.pop()
        return country, _LOCAL_MARKERS[country]
    lowered = text.lower()
    hinted = {hint for hint in _HINTS if hint in lowered}  # each hint looked for once
    kinds = 0
    for kind, parts in _US_CIVIC_PARTS.items():
        if hinted.isdisjoint(_US_CIVIC_HINTS[kind]) or not fastre.found(parts, text):
            continue
        kinds += 1
        if kinds >= _US_CIVIC_MIN and (shared_alone or kind not in _US_CIVIC_SHARED):
            if fastre.found(_COMMONWEALTH_PARTS, text):
                return None
            return "USA", _US_CIVIC_RES[kind]
    return None


def _phrase(pattern: re.Pattern[str], text: str) -> str:
    """The first match of ``pattern`` in ``text`` (whitespace collapsed), "" if none."""
    match = pattern.search(text)
    return " ".join(match.group(0).split()) if match else ""


def _add_registers(
    docs: np.ndarray,
    doc_names: pd.Index,
    register: Mapping[object, str] | None,
    evidence: dict[int, dict[str, int]],
) -> tuple[dict[int, dict[str, int]], dict[int, str]]:
    """Count each document's register country as named once (in place, in
    ``evidence``); return (document code -> {its register country: 1}, the documents
    whose register alone speaks for its country: a reading chosen there takes the rule
    "register" and counts as sure evidence, see document_countries). The register makes
    a document local to its country as two places there would (see
    :func:`analysis.countries.scoring._may_displace`) but is kept apart from the places
    it names: a world city yields to a namesake town for the register only (rule
    "world_cities")."""
    registers: dict[int, dict[str, int]] = {}
    register_only: dict[int, str] = {}
    for doc in np.unique(docs).tolist() if register else []:
        country = register.get(doc_names[doc])
        if country is not None:  # as if it named the country
            if not evidence.get(doc, {}).get(country):
                register_only[doc] = country
            named_here = evidence.setdefault(doc, {})
            named_here[country] = max(named_here.get(country, 0), 1)
            registers[doc] = {country: 1}
    return registers, register_only


def learnt_documents(
    registers: Mapping[int, object],
    doc_names: pd.Index,
    weak: tuple[Collection[object], Collection[object]],
    context: ContextRules,
) -> frozenset[int]:
    """The document codes of ``registers`` whose register is only their source's learnt
    home or a party tag alone (``weak``: those doc_ids; the first counted while rule
    home_namesakes is on, the second given only while rule party_registers is on): at
    home in the country, not local to its towns
    (:func:`analysis.countries.scoring._home_namesake`)."""
    from_source, party = weak
    learnt = from_source if context.home_namesakes else ()
    return frozenset(d for d in registers if doc_names[d] in learnt or doc_names[d] in party)
