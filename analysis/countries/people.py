"""People named like places: evidence that a place mention is a person's name.

Rule ``ages``: a name written with an age ("Duran, 45, takes on ...", "Lentini, 27,
joined Milan") is a person, and so is that name elsewhere in the document (one sense per
document: "DURAN" in the headline, "Duran told Reuters").

The reader returns a fact of the text (a mask aligned with the place rows); the scoring
step reads such a row as a person's name (weight "person_name": no country).
Provenance: LGL's dev half (police reports name people with their ages: every name so
written in the three dev sets is a person's) and the CoNLL testa dev set (a boxer's
surname read as Duran, Ecuador).

Not kept: reading a place the gazetteer pass found as the person whose last name it is
("led detectives to Henry" beside "Chiquita Raquel Henry"): the model's PERSON spans
include places ("Historic Dublin"), and LGL dev lost a right "Dublin" with no gain.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.countries.evidence import _rows_naming
from analysis.countries.modifiers import _offsets

#: An age between commas (", 45,", ", aged 45,"), and the capitalised word right before
#: it (read only where an age is: the age's leading comma is a fast literal to find).
_AGE = re.compile(r",\s+(?:aged\s+)?[1-9]\d,")
_NAME_BEFORE = re.compile(r"\b([A-Z][\w'’-]*[a-z][\w'’-]*)$")
#: Month names are dates before a day ("March, 25,"), not people.
_MONTHS = frozenset({"January", "February", "March", "April", "May", "June", "July",
                     "August", "September", "October", "November", "December"})  # fmt: skip
#: A place word right before a mention: "of Jackson" is the town even in a story about
#: "Jackson, 45," (one sense per document yields to the words around a mention).
_PLACE_BEFORE = re.compile(r"\b(?:in|at|of|from|near|to|into|outside)\s+$")


def aged_names(text: str) -> list[str]:
    """The names ``text`` writes with an age ("Duran, 45," -> "Duran")."""
    names = []
    for age in _AGE.finditer(text):
        name = _NAME_BEFORE.search(text, max(0, age.start() - 40), age.start())
        if name is not None and name.group(1) not in _MONTHS:
            names.append(name.group(1))
    return names


def aged_rows(rows: pd.DataFrame, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` whose text is, casefolded, a name their
    document writes with an age (:func:`aged_names`), unless a place word comes right
    before the row ("of Jackson")."""
    mask = _rows_naming(rows, texts, aged_names)
    if not mask.any():
        return mask
    start, _, placed = _offsets(rows)
    for i in np.flatnonzero(mask & placed).tolist():
        text = texts[rows["doc_id"].iat[i]]
        at = int(start[i])
        mask[i] = _PLACE_BEFORE.search(text, max(0, at - 12), at) is None
    return mask
