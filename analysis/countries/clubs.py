"""Sports clubs named after their town: in a sports report "joined Newcastle", "Derby's
Sam Cole", "Ipswich striker Dan Mace" and "Paul Ward of Norwich City" name a club, not a
place the story is about (rule ``club_names``; examples invented).

The reader returns a fact of the text (a mask aligned with the place rows); the scoring
step reads such a row as its organisation's home (rule ``org_home``: shown with its
country, not counted as a place the article names), as it reads "Partizan Belgrade".
Only a city, town or region reading is a club's: a country's name in a sports report is
its national side (:mod:`analysis.teams`), a US state's is a place.

Word lists: ``sports_clubs`` of analysis/data/country_lexicon.json (its ``_meaning``).
Provenance: the CoNLL testa dev set (Reuters 1996 sports reports), where a club
"Newcastle" a player joined was read as Newcastle, Australia and the clubs of Ireland's
players counted the UK for stories about Ireland's team.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.lexicon import lexicon
from analysis.countries.modifiers import _offsets
from analysis.gazetteer import candidates
from analysis.teams import is_sports_report

_DATA = lexicon()["sports_clubs"]
#: A club's name after the town's: "Norwich City", "Blackburn Rovers".
_SUFFIXES: frozenset[str] = frozenset(_DATA["suffixes"])
_SUFFIX_AFTER = re.compile(rf"^[ \t]+(?:{'|'.join(map(re.escape, _DATA['suffixes']))})\b")
#: A player's or official's role right after the club ("Ipswich striker", "the former
#: Reading and Bolton skipper").
_ROLE_AFTER = re.compile(
    rf"^(?:\s+and\s+[A-Z][\w.'’-]*)?\s+(?:{'|'.join(map(re.escape, _DATA['roles']))})\b",
    re.IGNORECASE,
)
#: The club's player: a possessive before a person's first and last names
#: ("Derby's Sam Cole"; not "Cleveland's lead").
_PLAYER_AFTER = re.compile(r"^['’]s\s+[A-Z][a-z]+\s+(?:[A-Z]['’][A-Z])?[A-Z][a-z]+")
#: A transfer or a match before the club ("joined Newcastle", "played for Nice and",
#: "beat Bradford"), regex source of the data file.
_BEFORE = re.compile(rf"\b(?:{_DATA['before']})\s+(?:[A-Z][\w.'’-]*\s+and\s+)?$", re.IGNORECASE)
#: What the readers look at around a mention.
_WINDOW = 40
#: Gazetteer readings a club may be named after: not a country, territory or US state.
_CLUB_READINGS = frozenset({"city", "capital", "town", "region", "us_county"})


@lru_cache(maxsize=50_000)
def _town_name(text: str) -> bool:
    """Whether ``text`` is read first as a city, town or region, or is a town's name
    with a club's suffix that names no known place ("Norwich City")."""
    found = candidates(text)
    if found:
        return found[0].rule in _CLUB_READINGS
    head, _, last = text.rpartition(" ")
    return last in _SUFFIXES and bool(head) and _town_name(head)


def names_club(text: str, start: int, end: int) -> bool:
    """Whether the place mention ``text[start:end]`` of a sports report names a club by
    the words around it (see the module docstring)."""
    surface = text[start:end]
    if not _town_name(surface):
        return False
    _, _, last = surface.rpartition(" ")
    if last in _SUFFIXES and not candidates(surface):
        return True
    after = text[end : end + _WINDOW]
    if _SUFFIX_AFTER.match(after) or _ROLE_AFTER.match(after) or _PLAYER_AFTER.match(after):
        return True
    return _BEFORE.search(text, max(0, start - _WINDOW), start) is not None


def club_rows(rows: pd.DataFrame, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` (doc_id, start, end) that name a sports club
    in a sports report (:func:`analysis.teams.is_sports_report`: a sport's slug opens the
    story): :func:`names_club`. Rows without offsets or text are no club."""
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    docs = rows["doc_id"].to_numpy(dtype=object)
    sports = {d for d in pd.unique(docs) if is_sports_report(texts.get(d) or "")}
    if not sports:
        return mask
    start, end, placed = _offsets(rows)
    for i in np.flatnonzero(placed & np.isin(docs, list(sports))).tolist():
        mask[i] = names_club(texts[docs[i]], int(start[i]), int(end[i]))
    return mask
