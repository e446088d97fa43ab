"""Places the gazetteer does not know, read in the country of their document's other
places (rule "co_mentioned").

Local news names rivers, parks, streets, hamlets and institutions' grounds that no
gazetteer lists ("Naugatuck River", "Mittineague Park", "Kiltimagh"). When every other
place of the document -- or nearly every one, see :data:`DOMINANT_SHARE` -- is in one
country, that co-mention is the evidence for the unknown place's country. A reading
found this way echoes the document's country: it never adds a country to the document
nor raises its confidence (:mod:`analysis.countries.confidence` leaves it out).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.readings import _is_world_region, _reading
from analysis.countries.rules import (
    CO_MENTIONED_RULE,
    DEFAULT_CONTEXT,
    DEFAULT_RULES,
    ORG_HOME_RULE,
    REGISTER_RULE,
)

#: The labels of mentions this rule may read (a NORP is a group of people, not a place).
_LABELS = frozenset({"GPE", "LOC", "FAC"})

#: The labels an unknown place of a local story may have (rule "register_places"):
#: rivers, parks, buildings -- not a GPE, which for a name no gazetteer knows is as
#: often the model's error ("Titan") as a hamlet.
_FEATURE_LABELS = frozenset({"LOC", "FAC"})

#: A document's places must put this many mentions in one country ...
DOMINANT_MIN = 2
#: ... and that country must hold at least this share of the document's mapped places
#: (demonyms and organisations' homes left out). Set on LGL dev (country_eval.py).
DOMINANT_SHARE = 0.6

#: Readings that do not count towards a document's dominant country.
_UNCOUNTED = frozenset({"demonym", ORG_HOME_RULE, CO_MENTIONED_RULE})

#: A capitalised name of at most six words (words of "of", "the", "and", "de" aside).
_NAME = re.compile(
    r"^[A-Z][\w'’.&-]*(?:\s+(?:(?:of|the|and|de|du|la|on|upon)\s+)?[A-Z0-9][\w'’.&-]*){0,5}$"
)


@lru_cache(maxsize=200_000)
def _unknown(text: str) -> bool:
    """Whether ``text`` is shaped like a name and has no reading at all under the
    default rules (and is no continent, ocean or disputed region)."""
    if not _NAME.match(text) or _is_world_region(text):
        return False
    reading = _reading(text, DEFAULT_RULES, DEFAULT_CONTEXT)
    return reading.fixed is None and not reading.options


def dominant_countries(
    docs: np.ndarray, iso3: np.ndarray, rule: np.ndarray, wanted: set[object]
) -> dict[object, str]:
    """doc_id -> the country holding at least :data:`DOMINANT_SHARE` (and
    :data:`DOMINANT_MIN`) of the document's mapped places, for the ``wanted`` documents
    that have one. (Plain counting: a chunk has few such documents, and pandas'
    groupby cost more than the whole rule.)"""
    counts: dict[object, Counter[str]] = {d: Counter() for d in wanted}
    for doc, country, how in zip(docs.tolist(), iso3.tolist(), rule.tolist(), strict=True):
        if doc in counts and isinstance(country, str) and how not in _UNCOUNTED:
            counts[doc][country] += 1
    dominant: dict[object, str] = {}
    for doc, found in counts.items():
        if found:
            country, n = found.most_common(1)[0]
            if n >= DOMINANT_MIN and n >= DOMINANT_SHARE * sum(found.values()):
                dominant[doc] = country
    return dominant


def co_mentioned_places(
    rows: pd.DataFrame,
    iso3: np.ndarray,
    rule: np.ndarray,
    register: Mapping[object, str] | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """(iso3, rule) with each unmapped GPE, LOC or FAC row the gazetteer cannot read at
    all put in its document's dominant country (:func:`dominant_countries`), with the
    rule "co_mentioned"; other rows unchanged. ``register`` (doc_id -> the country a
    document is local to: its register or its source's home; rule "register_places")
    stands in for a document with no dominant country whose mapped places, if any, are
    all in that country: a LOC or FAC row read so takes the rule "register" (it counts
    for the document as the register does)."""
    open_ = pd.isna(iso3) & pd.isna(rule) & rows["label"].isin(_LABELS).to_numpy(dtype=bool)
    if not open_.any():
        return iso3, rule
    texts = rows["text"].to_numpy(dtype=object)
    open_[open_] = [_unknown(str(t)) for t in texts[open_]]
    if not open_.any():
        return iso3, rule
    docs = rows["doc_id"].to_numpy(dtype=object)
    dominant = dominant_countries(docs, iso3, rule, set(docs[open_].tolist()))
    local: dict[object, str] = {}
    if register:  # features and facilities only: a GPE the model made up ("Titan") is not
        features = open_ & rows["label"].isin(_FEATURE_LABELS).to_numpy(dtype=bool)
        local = _local_countries(docs, iso3, rule, register, set(docs[features].tolist()))
        local = {d: c for d, c in local.items() if d not in dominant}
        open_ &= features | np.isin(docs, list(dominant))
    found = {**local, **dominant}
    country = np.array([found.get(d) if o else None for d, o in zip(docs, open_, strict=True)],
                       dtype=object)  # fmt: skip
    take = pd.notna(country)
    # A place read from the register is as sure as the register: rule "register".
    how = np.where(np.isin(docs, list(local)), REGISTER_RULE, CO_MENTIONED_RULE)
    return np.where(take, country, iso3), np.where(take, how, rule)


def _local_countries(
    docs: np.ndarray,
    iso3: np.ndarray,
    rule: np.ndarray,
    register: Mapping[object, str],
    wanted: set[object],
) -> dict[object, str]:
    """doc_id -> its register country, for the ``wanted`` documents that have one and
    whose counted places (see :data:`_UNCOUNTED`) are all in it."""
    out = {d: register[d] for d in wanted if d in register}
    for doc, country, how in zip(docs.tolist(), iso3.tolist(), rule.tolist(), strict=True):
        counted = isinstance(country, str) and how not in _UNCOUNTED
        if doc in out and counted and country != out[doc]:
            del out[doc]
    return out
