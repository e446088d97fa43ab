"""Cut names: a short abbreviation the model tagged alone where the text goes on with
the rest of a longer name ("LA" of "LA ROCHELLE, France", "LA VOIX"; "NY" of "NY
Giants"). Rule ``cut_names`` of :data:`analysis.countries.rules.RULES`.

A name of one or two capital letters is an abbreviation at best ("LA", "NY", "DC"),
and the same letters open many longer names (Spanish and French articles "La", "Le";
clubs "LA Galaxy", "DC United"). When the very next word, on the same line and after a
single space, is capitalised in the mention's own case (all capitals after all
capitals: a headline or a dateline; a capital then lower case after a Title-case
mention), the model's span stopped inside a longer name: reading the two letters alone
as a place ("LA" -> Los Angeles) is reading a fragment. Such a row is read as no place.
:func:`analysis.countries.evidence.longer_names` runs first: a fragment of a longer
name the gazetteer knows ("Guinea" of "Guinea-Bissau") reads as that name instead.

A country's own name is never cut ("US OPEN", "UK ECONOMY": country names of two
letters are names, not fragments): only readings other than the gazetteer's ``name``
rule are (dev-checked on CoNLL testa, LGL dev, the Reuters dev stories).
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows
from analysis.gazetteer import candidates

#: Longest surface form read as an abbreviation that may be cut ("LA", "NY").
MAX_LETTERS = 2
#: Gazetteer rules a cut abbreviation may not carry: a country's own name ("US", "UK").
_NAME_RULES = frozenset({"name"})
#: The next word, after one space on the same line: all capitals, or Title case.
_NEXT_CAPS = re.compile(r" [A-Z][A-Z'\u2019.-]*[A-Z]\b")
_NEXT_TITLE = re.compile(r" [A-Z][a-z]")


def is_cut(text: str, start: int, end: int) -> bool:
    """Is ``text[start:end]`` a short abbreviation (at most :data:`MAX_LETTERS` letters,
    all capitals, not a country's own name) that the next word of ``text`` continues in
    the same case (see the module docstring)?"""
    form = text[start:end]
    if not 0 < len(form) <= MAX_LETTERS or not form.isalpha() or not form[0].isupper():
        return False
    after = _NEXT_CAPS if form.isupper() else _NEXT_TITLE
    if after.match(text, end) is None:
        return False
    return not any(c.rule in _NAME_RULES for c in candidates(form))


def cut_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` (doc_id, start, end) that are cut names
    (:func:`is_cut`) in their document's text; a row without text or offsets is not."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    start, end, placed = rows.offsets  # the offsets tested by column (speed: not per cell)
    spans = zip(rows.doc_id.tolist(), start.tolist(), end.tolist(), placed.tolist(), strict=True)
    for i, (doc, s, e, known) in enumerate(spans):
        text = texts.get(doc)
        if known and isinstance(text, str):
            mask[i] = is_cut(text, s, e)
    return mask
