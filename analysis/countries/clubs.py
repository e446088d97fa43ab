"""Sports clubs named after their town: in a sports report "joined Newcastle", "Derby's
Sam Cole", "Ipswich striker Dan Mace" and "Paul Ward of Norwich City" name a club, not a
place the story is about (rule ``club_names``; examples invented).

The reader returns a fact of the text (a mask aligned with the place rows); the scoring
step reads such a row as its organisation's home (rule ``org_home``: shown with its
country, not counted as a place the article names), as it reads "Partizan Belgrade".
Only a city, town or region reading is a club's: a country's name in a sports report is
its national side (:mod:`analysis.teams`), a US state's is a place, and a capital is
the host city of events far more often than a club's home.

Word lists: ``sports_clubs`` of analysis/data/country_lexicon.json (its ``_meaning``).
Provenance: the CoNLL testa dev set (Reuters 1996 sports reports), where a club
"Newcastle" a player joined was read as Newcastle, Australia and the clubs of Ireland's
players counted the UK for stories about Ireland's team.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows, form_mask
from analysis.countries.cues import _before_cue
from analysis.countries.lexicon import COMPASS_ADJECTIVES, lexicon
from analysis.countries.modifiers import _offsets
from analysis.gazetteer import candidates
from analysis.name_data import function_words
from analysis.teams import names_sides

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
#: The club's player: a possessive before a person the model tagged ("Derby's Sam Cole";
#: not "Cleveland's lead", not a venue: "Melbourne's Rod Laver Arena").
_POSSESSIVE = re.compile(r"['’]s\s+")
#: A capitalised word right after a name: the name goes on ("Rod Laver" + " Arena").
_GOES_ON = re.compile(r"\s+[A-Z]")
#: A transfer or a match before the club ("joined Newcastle", "played for Nice and",
#: "beat Bradford"), regex source of the data file.
_BEFORE = re.compile(rf"\b(?:{_DATA['before']})\s+(?:[A-Z][\w.'’-]*\s+and\s+)?$", re.IGNORECASE)
#: Compass adjectives, casefolded: "Central Madrid" is a part of the city, no club.
_COMPASS = frozenset(COMPASS_ADJECTIVES)
#: What the readers look at around a mention.
_WINDOW = 40
#: Gazetteer readings a club may be named after (data: ``readings``).
_CLUB_READINGS: frozenset[str] = frozenset(_DATA["readings"])


@lru_cache(maxsize=50_000)
def _town_name(text: str) -> bool:
    """Whether ``text`` is read first as a city, town or region, or is a town's name
    with a club's suffix that names no known place ("Norwich City")."""
    found = candidates(text)
    if found:
        return found[0].rule in _CLUB_READINGS
    head, _, last = text.rpartition(" ")
    return last in _SUFFIXES and bool(head) and _town_name(head)


def names_club(text: str, start: int, end: int, people: Mapping[int, int] | None = None) -> bool:
    """Whether the place mention ``text[start:end]`` of a sports report names a club by
    the words around it (see the module docstring). ``people``: the end of each PERSON
    span the model tagged in ``text``, by its start (a player after a possessive is
    one). A place word before the mention ("in Boston", "at Leeds"; the gazetteer pass's
    "before" cue, :func:`analysis.countries.cues._before_cue`) keeps it a place, unless
    the word is "of" (a player's club: "Paul Ward of Norwich City")."""
    surface = text[start:end]
    if not _town_name(surface):
        return False
    _, _, last = surface.rpartition(" ")
    if last in _SUFFIXES and not candidates(surface):
        return True
    if _before_cue(text, start) and text[max(0, start - 3) : start] != "of ":
        return False
    after = text[end : end + _WINDOW]
    if _SUFFIX_AFTER.match(after) or _ROLE_AFTER.match(after):
        return True
    if _player_after(text, end, people or {}):
        return True
    return _BEFORE.search(text, max(0, start - _WINDOW), start) is not None


def _player_after(text: str, end: int, people: Mapping[int, int]) -> bool:
    """Whether a possessive follows the mention ending at ``end`` and a PERSON span of
    two or more words the model tagged (``people``: end by start) starts right after it
    and ends the name ("Derby's Sam Cole"; not "Melbourne's Rod Laver Arena")."""
    owner = _POSSESSIVE.match(text, end)
    if owner is None or (stop := people.get(owner.end())) is None:
        return False
    return " " in text[owner.end() : stop].strip() and not _GOES_ON.match(text, stop)


def club_rows(
    rows: pd.DataFrame | PlaceRows,
    texts: Mapping[object, str],
    people: pd.DataFrame | PlaceRows | None = None,
) -> np.ndarray:
    """Boolean mask of the place ``rows`` (doc_id, start, end) that name a sports club
    in a report on a sport in which sides play (:func:`analysis.teams.names_sides`: no
    clubs in horse racing): :func:`names_club`, ``people`` the model's PERSON mentions
    (doc_id, start, end). Rows without offsets or text are no club."""
    rows = as_rows(rows)
    people = None if people is None else as_rows(people)
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    docs = rows.doc_id
    mask |= numeral_club_rows(rows, texts)
    sports = {d for d in pd.unique(docs) if names_sides(texts.get(d) or "")}
    if not sports:
        return mask
    spans: dict[object, dict[int, int]] = {doc: {} for doc in sports}
    if people is not None and not people.empty:
        for doc, s, e in zip(people.doc_id, people.start, people.end, strict=True):
            if doc in spans and pd.notna(s) and pd.notna(e):
                spans[doc][int(s)] = int(e)
    start, end, placed = _offsets(rows)
    for i in np.flatnonzero(placed & np.isin(docs, list(sports)) & ~mask).tolist():
        doc = docs[i]
        mask[i] = names_club(texts[doc], int(start[i]), int(end[i]), spans[doc])
    return mask


#: A club's nickname of a number and "-ers" right after the town's name ("Philadelphia
#: 76ers", "SAN FRANCISCO 49ERS"; data: ``numeral_nickname``).
_NUMERAL_NICKNAME = re.compile(rf"[ \t]+(?:{_DATA['numeral_nickname']})(?![\w-])")
#: A digit before "ers" anywhere in a text (the documents worth reading row by row),
#: opening with a character class, which the regex engine scans for quickly.
_ANY_NUMERAL_NICKNAME = re.compile(r"[0-9]['’]?(?:ers|ERS)")


def numeral_club_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` followed by a numeral nickname
    (:data:`_NUMERAL_NICKNAME`) whose name is read first as a city, town or region
    (:func:`_town_name`): a club in any story, a headline in capitals included (rule
    ``club_names``; issue 18, error class b)."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    docs, forms = rows.doc_id, rows.text
    # Speed: only the documents with a numeral nickname anywhere are read row by row.
    found = {d for d in pd.unique(docs) if _ANY_NUMERAL_NICKNAME.search(texts.get(d) or "")}
    if not found:
        return mask
    _, end, placed = _offsets(rows)
    for i in np.flatnonzero(placed & np.isin(docs, list(found))).tolist():
        text = texts.get(docs[i])
        if isinstance(text, str) and _NUMERAL_NICKNAME.match(text, int(end[i])):
            mask[i] = _town_name(str(forms[i]))
    return mask


#: A capitalised word right before a mention, on its line ("Real " of "Real Madrid").
_WORD_BEFORE = re.compile(r"(?<![\w.'’-])([A-Z][a-z]+)[ \t]+$")
#: A club's words in the sentence after a capital: a player's role or a transfer or match
#: (the lexicon's ``roles`` and ``before``): the sports context in which "Real Madrid" is
#: a club even where no sport's slug opens the story. Only the roles sport alone uses:
#: the lexicon's ``shared_roles`` ("the lead manager", "chairman", "side") are as much
#: business words (review 12, C5).
_ROLES = "|".join(re.escape(r) for r in _DATA["roles"] if r not in frozenset(_DATA["shared_roles"]))
_CLUB_CONTEXT = re.compile(rf"\b(?:{_ROLES}|{_DATA['before']})\b", re.IGNORECASE)
#: A score ("2-1") counts only in a sentence with a sports word (``score_words``): a bare
#: number pair is as often a vote, an age or a percent range (review 10, F3).
_SCORE = re.compile(r"\b\d{1,2}-\d{1,2}\b")
_SCORE_WORDS = re.compile(
    rf"\b(?:{'|'.join(map(re.escape, _DATA['score_words']))})\b", re.IGNORECASE
)
#: The end of a sentence: the club's words are looked for before it.
_SENTENCE_END = re.compile(r"[.!?](?=\s+[A-Z\"'‘“])|\n")
#: How far after the capital the club's words are looked for (at most a sentence).
_CLUB_CONTEXT_REACH = 120
#: Words that never open a club's name though written with a capital: English function
#: words (``data/function_words.txt``, spaCy's English stop words, MIT licence: "The",
#: "When", "After"), day and month names (Python's ``calendar``, English) and the time
#: adverbs that open news sentences (written for NewsLens, review 10 F3).
_NOT_CLUB_WORDS: frozenset[str] = frozenset(
    {*function_words(), *(d.casefold() for d in calendar.day_name),
     *(m.casefold() for m in calendar.month_name if m),
     "yesterday", "today", "tonight", "tomorrow", "earlier", "later", "now"}
)  # fmt: skip


def _sports_context(text: str, end: int) -> bool:
    """Whether the sentence after a capital ending at ``end`` has a club's words, or a
    score beside a sports word (up to :data:`_CLUB_CONTEXT_REACH` characters)."""
    after = text[end : end + _CLUB_CONTEXT_REACH]
    stop = _SENTENCE_END.search(after)
    after = after[: stop.end()] if stop else after
    if _CLUB_CONTEXT.search(after):
        return True
    return _SCORE.search(after) is not None and _SCORE_WORDS.search(after) is not None


def capital_club_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` read as a capital (their first gazetteer
    reading) right after a capitalised word that may open a club's name
    (:func:`_club_word`: no place, no function word, day or month) and is no title
    ("Real Madrid", "Dynamo Kyiv", "Sparta Prague"), in a sports context: a sports report
    on a sport in which sides play (:func:`analysis.teams.names_sides`, decided once per
    document) or a club's words in the sentence after it ("signed", "striker", "beat",
    a score beside a sports word: :func:`_sports_context`). The capital is the club's
    home, counted apart (rule ``club_capitals``; review 8, finding 2); "in Madrid",
    "Mr. Madrid", "Downtown Madrid", "The Madrid council voted 7-2" stay places."""
    rows = as_rows(rows)
    from analysis.countries.pass_words import _TITLE_BEFORE  # imported when first used

    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    start, end, placed = _offsets(rows)
    docs, forms = rows.doc_id, rows.text
    sides: dict[object, bool] = {}  # per document, worked out once (review 10, F12)
    for i in np.flatnonzero(placed & (start > 0) & form_mask(forms, _capital)).tolist():
        text, at = texts.get(docs[i]), int(start[i])
        if not isinstance(text, str):
            continue
        word = _WORD_BEFORE.search(text, max(0, at - 20), at)
        if word is None or not _club_word(word.group(1)) or _before_cue(text, at):
            continue
        if _TITLE_BEFORE.search(text, max(0, at - 12), at) is not None:
            continue
        if docs[i] not in sides:
            sides[docs[i]] = names_sides(text)
        mask[i] = sides[docs[i]] or _sports_context(text, int(end[i]))
    return mask


@lru_cache(maxsize=50_000)
def _capital(text: str) -> bool:
    """Whether the gazetteer reads ``text`` first as a capital."""
    found = candidates(text)
    return bool(found) and found[0].rule == "capital"


@lru_cache(maxsize=50_000)
def _club_word(word: str) -> bool:
    """Whether ``word`` may open a club's name before a capital: no function word, day or
    month (:data:`_NOT_CLUB_WORDS`: "The", "When", "Tuesday"), no compass or size word
    ("Central", "Greater"), no place but a small town or city ("Sparta", "Partizan":
    :func:`analysis.countries.readings.small_place`)."""
    from analysis.countries.readings import _DIRECTION, small_place  # at first use

    if word.casefold() in _NOT_CLUB_WORDS:
        return False
    if word.casefold() in _COMPASS or _DIRECTION.match(f"{word} X"):
        return False
    return all(small_place(c) for c in candidates(word))
