"""The story's places read together (rule "joint_places").

Each ambiguous name is scored on its own readings, and co-mentions count only the
document's unambiguous mentions; two ambiguous names therefore never speak for each
other: "Wellington supermarket fire ... a supermarket in Somerset" read Wellington as
New Zealand's capital and Somerset as Somerset, New Jersey, although both have an
English reading (review 15, class 4; ECB+ dev). This module finds, per document, the
one country its place names -- ambiguous or not -- agree on most: the country most
distinct names have a reading in (at least :data:`JOINT_MIN`), ties broken by how many
names it is the preferred reading of (:func:`_anchor`); a tie on both, or no name
preferring it, gives none. The scoring step (weight "joint") adds that country to the
readings in it, below one co-mention and above the default, within the same
population gates as co-mentions and never over a world city or a country's name.
"""

from __future__ import annotations

from collections import Counter

import numpy as np

from analysis.countries.readings import _Reading, small_place

#: A joint country must be a reading of this many distinct names of the document.
JOINT_MIN = 2


def _anchor(reading: _Reading) -> str | None:
    """The country a name is read in when the document says nothing, except that a
    region reading outranks a default town or city under 100,000 people
    (:func:`small_place`): "Somerset" is the English county before Somerset, New Jersey
    when the story's other names are weighed (review 15: rank a region above foreign
    namesake towns)."""
    if reading.fixed is not None:
        return reading.fixed.iso3 or None
    default = reading.default
    if small_place(default):
        for option in reading.options:
            if option.rule == "region" and not option.needs_context:
                return option.iso3
    return default.iso3 if default is not None and default.iso3 else None


def _countries(reading: _Reading) -> frozenset[str]:
    """The countries a name has a reading in, towns of 500 to 15,000 people aside
    (nearly every English name is a town somewhere in the US, Canada and Australia, which
    says nothing of the country two names share), and readings by an alternate name
    (the scoring step never lets the joint country pick one)."""
    if reading.fixed is not None:
        return frozenset({reading.fixed.iso3} - {""})
    return frozenset(c.iso3 for c in reading.options if c.iso3 and c.rule != "town" and not c.alias)


def joint_countries(
    docs: np.ndarray,
    codes: np.ndarray,
    readings: list[_Reading],
    counted: np.ndarray,
    wanted: np.ndarray,
) -> dict[int, dict[str, int]]:
    """Document code -> {its joint country: 1}, for the ``wanted`` documents that have
    one. ``counted``: per row, whether its name takes part: a fixed reading the
    co-mentions count (an organisation's home too: "New Zealand" of "New Zealand Futures
    Exchange" beside "U.S." and "WELLINGTON" is a tie, as the co-mentions are), or
    readings to choose from; not a person's name."""
    rows = np.flatnonzero(np.asarray(counted, dtype=bool) & np.isin(docs, wanted))
    if not len(rows):
        return {}
    width = int(codes.max()) + 1
    pairs = np.unique(docs[rows].astype("int64") * width + codes[rows])  # (doc, name) once
    names: dict[int, list[int]] = {}
    for pair in pairs.tolist():
        doc, code = divmod(pair, width)
        names.setdefault(doc, []).append(code)
    joint: dict[int, dict[str, int]] = {}
    for doc, found in names.items():
        if len(found) < JOINT_MIN:
            continue
        cover: Counter[str] = Counter()
        anchors: Counter[str] = Counter()
        for code in found:
            cover.update(_countries(readings[code]))
            anchor = _anchor(readings[code])
            if anchor:
                anchors[anchor] += 1
        ranked = sorted(
            ((cover[c], anchors[c], c) for c in cover if cover[c] >= JOINT_MIN and anchors[c]),
            reverse=True,
        )
        if ranked and (len(ranked) == 1 or ranked[0][:2] > ranked[1][:2]):
            joint[doc] = {ranked[0][2]: 1}
    return joint
