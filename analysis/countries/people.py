"""People named like places: evidence that a place mention is a person's name.

Rule ``ages``: a name written with an age ("Duran, 38, meets ...", "Lentini, 31,
signed for Parma") is a person, and so is that name elsewhere in the document (one sense per
document: "DURAN" in the headline, "Duran told Reuters").

The reader returns a fact of the text (a mask aligned with the place rows); the scoring
step reads such a row as a person's name (weight "person_name": no country).
Provenance: LGL's dev half (police reports name people with their ages: every name so
written in the three dev sets is a person's) and the CoNLL testa dev set (a boxer's
surname read as Duran, Ecuador).

Rule ``person_sense``: a place the gazetteer pass found by a weak cue whose name is the
last name of a person the model found by a full name in the same document ("the tip
led police to Henry" beside "Maria Ellen Henry"; "found on Jones" beside
"Dale Robert Jones") is that person, unless an institution word follows it ("Dublin
City Council": the model's PERSON spans include places, "Historic Dublin"). A one-word
PERSON is no evidence: the model tags places so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

import numpy as np
import pandas as pd

from analysis.countries.evidence import _NEXT_WORD, _rows_naming
from analysis.countries.lexicon import _INSTITUTION
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
    """The names ``text`` writes with an age ("Duran, 38," -> "Duran")."""
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
    docs = rows["doc_id"].to_numpy(dtype=object)
    for i in np.flatnonzero(mask & placed).tolist():
        text = texts[docs[i]]
        at = int(start[i])
        mask[i] = _PLACE_BEFORE.search(text, max(0, at - 12), at) is None
    return mask


def person_sense_rows(
    rows: pd.DataFrame, found: np.ndarray, people: pd.DataFrame, texts: Mapping[object, str]
) -> np.ndarray:
    """Boolean mask of the place ``rows`` the gazetteer pass found (``found``) whose text
    is the last name of a PERSON of their document written with two or more capitalised
    words (``people``: doc_id, text), and no institution word follows them."""
    mask = np.zeros(len(rows), dtype=bool)
    if people.empty or not found.any():
        return mask
    names: dict[object, set[str]] = {}
    for doc, name in zip(people["doc_id"].tolist(), people["text"].tolist(), strict=True):
        words = name.split() if isinstance(name, str) else []
        if len(words) >= 2 and all(w[:1].isupper() for w in words):  # a full name
            names.setdefault(doc, set()).add(words[-1])
    if not names:
        return mask
    forms = rows["text"].to_numpy(dtype=object)
    asked = found & np.isin(forms, list(set().union(*names.values())))
    if not asked.any():
        return mask
    _, end, placed = _offsets(rows)
    docs = rows["doc_id"].to_numpy(dtype=object)
    for i in np.flatnonzero(asked & placed).tolist():
        doc = docs[i]
        if forms[i] not in names.get(doc, ()):
            continue
        after = _NEXT_WORD.match(texts.get(doc) or "", int(end[i]))
        mask[i] = after is None or after.group(1) not in _INSTITUTION
    return mask
