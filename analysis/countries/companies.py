"""Companies named after a place: a business story names "Santa Cruz Resources Inc" once in
full, then writes "Santa Cruz" alone for the company ("Santa Cruz has advised ...",
"shares of Magna"): that short name is the company, not a place the story is about
(rule ``company_names``; examples invented).

The reader returns a fact of the text (a mask aligned with the place rows); the scoring
step reads such a row as its organisation's home (rule ``org_home``: shown with its
country, not counted as a place the article names), as it reads a club named after its
town (:mod:`analysis.countries.clubs`).

A company's full name is an ORG mention of the model whose last word is a legal form
(``data/company_suffixes.txt``: "Inc", "Corp", "Ltd", "SA"); its short names are its
leading words before that ("Santa Cruz" and "Santa Cruz Resources" of "Santa Cruz
Resources Inc"). Only a city's, town's or region's name is read so: a country's,
territory's, US state's or capital's name, a demonym or a metonym alone is the place far
more often ("Texas Air Corp ... flights in Texas"; "Singapore will have a head start"),
and the words around a mention still make it a place (a place word before or after it,
"in Santa Cruz", "Springfield residents"; a state or country after a comma; its
story's dateline: :func:`analysis.countries.people.read_as_place`), and then every
mention of that name in the document (one sense per document).

Provenance: the dev sets' business stories (Reuters-21578 hand-checked dev: a company's
short name read as Santa Cruz, Bolivia; CoNLL testa: "Magna", "Ruch" read as towns; LGL
dev: "Balqon" read as a place of the story's country), ctry10.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows, isin
from analysis.countries.cues import _after_cue, _qualifier_is_place
from analysis.countries.lexicon import lexicon
from analysis.countries.modifiers import _offsets
from analysis.countries.people import _dateline_starts, read_as_place
from analysis.gazetteer import candidates
from analysis.name_data import company_suffixes

#: Readings whose name alone is the place, not a company's short name (see the module
#: docstring; analysis.gazetteer_entries.RULE_ORDER).
_PLACE_FIRST = frozenset({"name", "territory", "demonym", "us_state", "capital", "metonym"})
#: An ownership or investment word, up to three words and a preposition before a name
#: ("a 23 pct stake in", "shares of", "invest $200 million in", "bidding for"): the name
#: is the company's there, and the preposition no place word (lexicon
#: ``company_objects``).
_OWNED = re.compile(
    rf"\b(?:{lexicon()['company_objects']})\b(?:\s+\S+){{0,3}}?\s+(?:in|of|for|over)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: How far before a mention :data:`_OWNED` is looked for.
_OWNED_REACH = 60


def company_heads(names: list[str]) -> set[str]:
    """The casefolded short names of the companies among ``names`` (ORG mentions): the
    leading words of a name whose last word is a legal form, before that form and the
    words between ("Santa Cruz Resources Inc" -> "santa cruz", "santa cruz resources",
    "santa"); none of a name without a legal form ("Kansas City Power & Light")."""
    suffixes = company_suffixes()
    heads: set[str] = set()
    for name in names:
        words = name.split()
        if len(words) < 2 or words[-1].casefold().strip(".,") not in suffixes:
            continue
        heads.update(" ".join(words[:k]).casefold() for k in range(1, len(words)))
    return heads


@lru_cache(maxsize=50_000)
def may_name_company(form: str) -> bool:
    """Whether a place mention ``form`` may be a company's short name: none of its
    readings is a country, territory, US state, capital, demonym or metonym."""
    return not any(c.rule in _PLACE_FIRST for c in candidates(form))


def company_rows(
    rows: pd.DataFrame | PlaceRows,
    texts: Mapping[object, str],
    orgs: pd.DataFrame | PlaceRows | None,
) -> np.ndarray:
    """Boolean mask of the place ``rows`` (doc_id, start, end, text) whose text is the
    short name of a company their document names in full (:func:`company_heads` of its
    ORG mentions ``orgs``: doc_id, start, end, text), outside that name, read as no
    place by the words around it and with no country-level reading
    (:func:`may_name_company`). One sense per document: where the words around one
    of its mentions read the name as a place ("Symphony Hall in Springfield"), none of
    them is the company ("one Springfield official said")."""
    rows = as_rows(rows)
    orgs = None if orgs is None else as_rows(orgs)
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty or orgs is None or orgs.empty:
        return mask
    names: dict[object, list[str]] = {}
    spans: dict[object, list[tuple[int, int]]] = {}
    # The columns as lists (speed: a frame's itertuples reads Arrow strings one by one).
    columns = (getattr(orgs, c).tolist() for c in ("doc_id", "start", "end", "text"))
    for doc, s, e, name in zip(*columns, strict=True):
        if isinstance(name, str) and " " in name:
            names.setdefault(doc, []).append(name)
            if pd.notna(s) and pd.notna(e):
                spans.setdefault(doc, []).append((int(s), int(e)))
    heads = {
        doc: found for doc, found in ((d, company_heads(n)) for d, n in names.items()) if found
    }
    if not heads:
        return mask
    asked = _short_name_rows(rows, heads, spans)
    datelines: dict[object, set[int]] = {}
    placed_forms: set[tuple[object, str]] = set()
    for _, doc, form, at, stop in asked:
        text = texts.get(doc)
        if not isinstance(text, str):
            placed_forms.add((doc, form))
            continue
        if doc not in datelines:
            datelines[doc] = _dateline_starts(text)
        if _placed(text, at, stop, datelines[doc]):
            placed_forms.add((doc, form))
    for i, doc, form, _, _ in asked:
        mask[i] = (doc, form) not in placed_forms
    return mask


def _placed(text: str, start: int, end: int, datelines: set[int]) -> bool:
    """Whether the words around a mention read it as a place
    (:func:`analysis.countries.people.read_as_place`), a preposition after an ownership
    word (:data:`_OWNED`: "a stake in") excepted: there only a place word after it, a
    state or country after a comma or the dateline does."""
    if _OWNED.search(text, max(0, start - _OWNED_REACH), start) is None:
        return read_as_place(text, start, end, datelines)
    return start in datelines or _after_cue(text, end) or _qualifier_is_place(text, end)


def _short_name_rows(
    rows: pd.DataFrame | PlaceRows,
    heads: dict[object, set[str]],
    spans: dict[object, list[tuple[int, int]]],
) -> list[tuple[int, object, str, int, int]]:
    """(row, doc_id, casefolded text, start, end) of the place ``rows`` whose text is a
    short name of their document's companies (``heads``), outside the companies' names
    (``spans``), with no country-level reading (:func:`may_name_company`)."""
    rows = as_rows(rows)
    docs = rows.doc_id
    forms = rows.text
    start, end, placed = _offsets(rows)
    out = []
    for i in np.flatnonzero(placed & isin(docs, heads)).tolist():
        doc, form = docs[i], forms[i]
        if not isinstance(form, str) or form.casefold() not in heads[doc]:
            continue
        at, stop = int(start[i]), int(end[i])
        if any(s <= at < e for s, e in spans.get(doc, ())) or not may_name_company(form):
            continue
        out.append((i, doc, form.casefold(), at, stop))
    return out
