"""Evidence in the text around a place mention (with the document texts):

* :func:`longer_names` -- a mention that is part of a longer place name written in the
  text reads as that name ("Guinea" of "Guinea-Bissau", "Jersey" of "New Jersey"), and
  one listed before "counties" as that county ("Navarro, Henderson and Ellis counties");
* :func:`qualifier_rows`, :func:`qualifier_value` -- the state, province or country
  written after a comma ("Bradford, Ontario"), evidence for the scoring step;
* :func:`same_name_qualifiers` -- the qualifier of a name written elsewhere in the
  document ("London, Ontario" ... "London": one sense per story);
* :func:`person_names` -- a place name that opens a person's name ("Georgia Stevens");
* :func:`organisation_tails` -- a place that ends an organisation's name the model cut
  short ("Partizan" + "Belgrade");
* :func:`dateline_rows` -- the place of a story's own dateline, filed without a wire
  service's credit ("MALTA -" in a local paper, not "LONDON (Reuters) -");
* :func:`wire_dateline_rows` -- the place of a story's wire dateline ("LONDON (Reuters)
  -", "DUBLIN 2024-06-15"): a wire names a city alone only when it is the well-known one.

The last five are a mention's own evidence: :mod:`analysis.countries.scoring` weighs
them with the document's, in one step.

Each takes the place rows of a MENTIONS frame (doc_id, start, end, text, label) and
returns arrays aligned with them. Pure functions; no spaCy.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import PlaceRows, as_rows, followed_by
from analysis.countries.compounds import counties_after
from analysis.countries.lexicon import (
    _EVENT_NAME_NOUNS,
    _INSTITUTION,
    LIST_GAP,
    QUALIFIER_GAP_REACH,
    name_goes_on,
    qualifier_closed,
    qualifier_gap,
    qualifier_refused,
)
from analysis.countries.rules import QUALIFIED_RULE
from analysis.countries.scoring import WORLD_CITY_POPULATION
from analysis.datelines import opening_dateline_hits, wire_datelines
from analysis.gazetteer import candidates

__all__ = [
    "QUALIFIED_RULE",
    "dateline_rows",
    "longer_names",
    "organisation_tails",
    "person_names",
    "possessive_rows",
    "qualifier_rows",
    "qualifier_value",
    "same_name_qualifiers",
    "wire_dateline_rows",
    "wire_stories",
]

#: Readings a longer name must have to replace a mention's own: a country, territory,
#: US state or county, or another country's first-level region ("Guinea-Bissau", "New
#: Mexico", "Northern Ireland", "Baja California"; "LA" of "LA PAZ" is the department,
#: which the city rules then read as the city: the region added in the twenty-sixth
#: session, 7 Reuters mentions changed, all right).
_WHOLE_NAME_RULES = frozenset({"name", "territory", "us_state", "us_county", "region"})
#: Capitalised words right before / after a mention, joined by a space or a hyphen.
_WORDS_BEFORE = re.compile(r"(?:[A-Z][\w'’]*[ -]){1,2}$")
_WORDS_AFTER = re.compile(r"(?:[ -][A-Z][\w'’]*){1,2}")
#: Readings of a qualifier: a state, province, territory or country.
_QUALIFIER_RULES = frozenset({"name", "territory", "region", "us_state", "us_county"})
#: Without the text, a qualifier starts at most this many characters after the place
#: it qualifies (a comma and a space); with it, :data:`QUALIFIER_GAP_REACH`.
_QUALIFIER_REACH = 4


def longer_names(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """The surface form to read for each row: the longest place name around it in the
    text (up to two capitalised words before and after, joined by spaces or hyphens)
    that the gazetteer reads as a country, territory, US state or county, or region
    (:data:`_WHOLE_NAME_RULES`) of another country or division than the mention alone;
    else the mention's own text."""
    rows = as_rows(rows)
    forms = rows.text.copy()
    # Per row whether an offset is missing, tested by column (speed: not per cell).
    unplaced = (pd.isna(rows.start) | pd.isna(rows.end)).tolist()
    spans = zip(rows.doc_id.tolist(), rows.start.tolist(), rows.end.tolist(), unplaced,
                strict=True)  # fmt: skip
    for i, (doc, start, end, gap) in enumerate(spans):
        text = texts.get(doc)
        if gap or not isinstance(text, str):
            continue  # no text, or a mention without offsets: nothing around it to read
        start, end = int(start), int(end)
        if (county := _listed_county(text, str(forms[i]), end)) is not None:
            forms[i] = county  # "Navarro" of "Navarro, Henderson and Ellis counties"
            continue
        if not _may_extend(text, start, end):
            continue
        longer = _longest_name(text, start, end)
        if longer is not None:
            forms[i] = longer
    return forms


def _listed_county(text: str, form: str, end: int) -> str | None:
    """The name "<form> County" (or "Parish") when the mention ending at ``end``
    opens or is in a list of counties ("Navarro, Henderson and Ellis counties",
    "Barrow counties") and the gazetteer knows that county; else None. A name that is
    a US state or a country by its own main reading names the counties of that state
    ("Texas and Oklahoma counties", "Indiana counties"), so it stays itself unless
    "<form> County" is written in the text."""
    hit = counties_after(text, end)
    if hit is None:
        return None
    county = f"{form} {'Parish' if hit == 'parishes' else 'County'}"
    if not any(c.rule == "us_county" for c in candidates(county)):
        return None
    return None if _state_or_country(form) and county not in text else county


#: Main readings (a name's first candidate) of a name that is itself a state or a
#: country, so that "<name> counties" are the counties in it, not "<name> County".
_DIVISION_READINGS = frozenset({"name", "us_state"})


def _state_or_country(form: str) -> bool:
    """Whether ``form``'s main reading is a country or a US state ("Texas", "Georgia")."""
    found = candidates(form)
    return bool(found) and found[0].rule in _DIVISION_READINGS and not found[0].needs_context


def _may_extend(text: str, start: int, end: int) -> bool:
    """Cheap test: a capitalised word touches the mention (most do not)."""
    after = text[end : end + 2]
    if len(after) == 2 and after[0] in " -" and after[1].isupper():
        return True
    if start < 2 or text[start - 1 : start] not in (" ", "-"):
        return False
    word = text.rfind(" ", 0, start - 1) + 1  # the previous word, capitalised?
    return text[word : word + 1].isupper()


def _longest_name(text: str, start: int, end: int) -> str | None:
    """The longest window around text[start:end] read as another whole place."""
    left = _WORDS_BEFORE.search(text, max(0, start - 40), start)
    right = _WORDS_AFTER.match(text, end, end + 40)
    before = text[left.start() : start] if left else ""
    return _longest_window(before, text[start:end], text[end : right.end()] if right else "")


@lru_cache(maxsize=50_000)
def _longest_window(before: str, name: str, after: str) -> str | None:
    """:func:`_longest_name` of the mention ``name`` with the capitalised words
    ``before`` and ``after`` it: a function of the three strings, cached (speed: a
    corpus writes the same names beside the same words again and again)."""
    own = _whole(name)
    lefts = _cuts(before, before=True) if before else [""]
    rights = _cuts(after, before=False) if after else [""]
    windows = sorted(
        ((a, b) for a in lefts for b in rights if a or b), key=lambda w: -len(w[0] + w[1])
    )
    for a, b in windows:
        whole = _whole(a + name + b)
        if whole is not None and whole != own:
            return a + name + b
    return None


def _cuts(words: str, *, before: bool) -> list[str]:
    """The word windows of ``words`` that touch the mention, longest first."""
    parts = re.split(r"(?<=[ -])" if before else r"(?=[ -])", words)
    parts = [p for p in parts if p]
    if before:
        return ["".join(parts[i:]) for i in range(len(parts))] + [""]
    return ["".join(parts[: i + 1]) for i in range(len(parts) - 1, -1, -1)] + [""]


@lru_cache(maxsize=50_000)
def _whole(form: str) -> tuple[str, str] | None:
    """(iso3, division) of a form read as a whole place, else None."""
    for c in candidates(form):
        if c.rule in _WHOLE_NAME_RULES and not c.needs_context:
            return c.iso3, c.admin1
    return None


def qualifier_rows(
    rows: pd.DataFrame | PlaceRows,
    texts: Mapping[object, str] | None,
    orgs: pd.DataFrame | PlaceRows | None = None,
) -> np.ndarray:
    """For each row, the position (in ``rows``) of the mention written right after it
    as its qualifier, else -1: the next mention of its document, at most
    :data:`~analysis.countries.lexicon.QUALIFIER_GAP_REACH` characters on, with only
    a comma between, an optional "in" and one compass word after it, or in brackets
    (:func:`~analysis.countries.lexicon.qualifier_gap`: "Edmonton, Alberta", "London,
    southwestern Ontario", "London (Ontario)"; without ``texts``: at most three
    characters between), that ends where its name ends (not "Washington" of "Moscow,
    Washington County's agent": :func:`analysis.countries.lexicon.name_goes_on`;
    without ``texts`` unchecked).
    Whether that mention is a state, province or country is for its reading to say (see
    :func:`qualifier_value`). Not a qualifier: a country's possessive opening an
    apposition, or a bracketed place inside a company's name
    (:func:`~analysis.countries.lexicon.qualifier_refused`), nor a bracketed place after
    a name inside an organisation's name of the document (``orgs``: its ORG mentions,
    doc_id, start, end, text; see :func:`_organisation_name`)."""
    rows = as_rows(rows)
    found = np.full(len(rows), -1, dtype="int64")
    if rows.empty:
        return found
    orgs = None if orgs is None else as_rows(orgs)
    docs = rows.doc_id
    # Offsets as floats: a row without one (NaN) qualifies nothing and nothing qualifies it.
    starts, ends = rows.starts, rows.ends
    order = np.lexsort((starts, pd.factorize(docs)[0]))
    first, second = order[:-1], order[1:]
    gap = starts[second] - ends[first]
    with np.errstate(invalid="ignore"):
        near = (docs[first] == docs[second]) & (gap >= 0) & (gap <= QUALIFIER_GAP_REACH)
    if texts is None:  # no text: a comma and a space fit in the gap
        near &= gap < _QUALIFIER_REACH
        found[first[near]] = second[near]
        return found
    following = dict(zip(first.tolist(), second.tolist(), strict=True))
    forms = rows.text
    for i, j in zip(first[near].tolist(), second[near].tolist(), strict=True):
        text = texts.get(docs[i])
        if not isinstance(text, str):
            continue
        between = qualifier_gap(text, int(ends[i]), int(starts[j]))
        if (
            between is not None
            and qualifier_closed(between, text, int(ends[j]))
            and not name_goes_on(text, int(ends[j]))
            and not _listed(between, text, (j, following.get(j)), (docs, starts, ends, forms))
            and not qualifier_refused(between, text, int(ends[j]),
                                      country=_country_name(str(forms[j])),
                                      town=str(forms[i]))
            and not (between.group("bracket") is not None
                     and _organisation_name(rows, (i, j), orgs, text))
        ):  # fmt: skip
            found[i] = j
    return found


@lru_cache(maxsize=50_000)
def _country_name(form: str) -> str | None:
    """The iso3 of ``form`` when it reads first as a country's name ("Britain"), else
    None."""
    found = candidates(form)
    return found[0].iso3 if found and found[0].rule == "name" else None


def _organisation_name(
    rows: PlaceRows, pair: tuple[int, int], orgs: PlaceRows | None, text: str
) -> bool:
    """Whether place row ``pair[0]`` is (part of) an organisation's name in its document,
    so that the bracketed place after it (row ``pair[1]``) belongs to that name (review
    12, C2): the model labelled it ORG, it ends a longer ORG mention ("First National
    Bank of Chicago (Canada)"), or an ORG mention of the document holds the very phrase,
    bracket and all ("Morgan (Switzerland)" inside "Morgan (Switzerland) Trust"). The
    town's word inside another ORG ("Perth Glory" beside "Perth (Scotland)") is not
    enough (review 14, M3); a legal form after the bracket is read by
    :func:`~analysis.countries.lexicon.qualifier_refused`."""
    i, j = pair
    if rows.label[i] == "ORG":
        return True
    if orgs is None or orgs.empty:
        return False
    doc, start, end = rows.doc_id[i], rows.start[i], rows.end[i]
    close = text.find(")", int(rows.end[j]))
    phrase = " ".join(text[int(start) : close + 1].split()).casefold() if close >= 0 else ""
    mine = np.flatnonzero(orgs.doc_id == doc)
    spans = zip(orgs.start[mine], orgs.end[mine], orgs.text[mine], strict=True)
    for o_start, o_end, o_text in spans:
        if o_start < start and o_end == end:
            return True
        if phrase and phrase in " ".join(str(o_text).split()).casefold():
            return True
    return False


def _listed(
    between: re.Match[str], text: str, pair: tuple[int, int | None], columns: tuple
) -> bool:
    """Whether the qualifier row ``pair[0]``, after a gap with "in" or a compass word
    (``between``), opens a list whose next item (row ``pair[1]``, the document's next
    mention) is a country, state or region too: "Paris, southern Germany and Spain",
    "in Paris, in Germany and in Spain" list three places, no town and its country
    (review 10, finding 5). A plain comma is left as it was ("Portland, Maine, and
    Boston"), and so is a list going on with a city ("London, southwestern Ontario, and
    Detroit"), unless the qualifier names a world city too and the list goes on with a
    city: "London, New York and Tokyo" lists three financial centres (Reuters-21578 read
    London, Ohio, there four times; "Portland, Maine, and Boston" is as before); or
    unless the qualifier is a country's name and the list goes on with another
    country's: "served in Moscow, Poland, East Germany and Austria" lists four postings
    (a country never qualifies another; "London, Ontario, Canada" is as before).
    ``columns``: (docs, starts, ends, texts) of the place rows."""
    j, k = pair
    docs, starts, ends, forms = columns
    if k is None or docs[k] != docs[j] or np.isnan(starts[k]) or np.isnan(ends[j]):
        return False
    plain = between.group("in") is None and between.group("compass") is None
    city, country = world_city_name(str(forms[j])), _country_name(str(forms[j]))
    if plain and not city and country is None:
        return False
    if LIST_GAP.fullmatch(text, int(ends[j]), int(starts[k])) is None:
        return False
    found = candidates(str(forms[k]))
    if not found:
        return False
    if plain:
        # "London, New York and Tokyo": three cities; "Moscow, Poland, East Germany":
        # two countries. No town and its state or country.
        if city and found[0].rule in ("city", "capital"):
            return True
        after = _country_name(str(forms[k]))
        return after is not None and after != country
    return found[0].rule in _QUALIFIER_RULES


@lru_cache(maxsize=50_000)
def world_city_name(form: str) -> bool:
    """Whether ``form`` names a city of :data:`WORLD_CITY_POPULATION` people or more by
    one of its names, whatever its first reading ("New York", a state and the city)."""
    return any(
        c.rule in ("city", "capital") and c.population >= WORLD_CITY_POPULATION
        for c in candidates(form)
    )


def qualifier_value(rule: object, iso3: object, division: object) -> str | None:
    """The qualifier a mention read as ``rule`` in ``iso3`` (``division``: its state
    or province, "" when unknown) gives the mention before it: "USA" or "USA:TN" for a
    state, province, territory or country, or for a place its own qualifier placed
    (rule qualified: "Shoreham, Long Island, N.Y.", where Long Island is New York's and
    not the Bahamas' district), else None (a city qualifies nothing)."""
    if rule not in _QUALIFIER_RULES and rule != QUALIFIED_RULE:
        return None
    if not isinstance(iso3, str) or not iso3:
        return None
    return f"{iso3}:{division}" if isinstance(division, str) and division else iso3


def person_names(
    rows: pd.DataFrame | PlaceRows, people: pd.DataFrame | PlaceRows, texts: Mapping[object, str]
) -> np.ndarray:
    """Boolean mask of place rows that open a person's name: followed by a word with
    which they form a PERSON mention of the document ("Georgia" + "Stevens" where the
    model also found "Georgia Stevens"). (A PERSON mention right after a place is not
    enough: "ambassador to Egypt Dan Kurtzer", "McMinn County Sheriff Steve Frisbie".)"""
    rows, people = as_rows(rows), as_rows(people)
    mask = np.zeros(len(rows), dtype=bool)
    if people.empty:
        return mask
    names_of: dict[object, set[str]] = {}
    for doc, name in zip(people.doc_id.tolist(), people.text.tolist(), strict=True):
        names_of.setdefault(doc, set()).add(name)
    # The ends tested by column (speed: no pandas call per cell).
    rows_of = zip(rows.doc_id.tolist(), rows.end.tolist(), np.isnan(rows.ends).tolist(),
                  rows.text.tolist(), strict=True)  # fmt: skip
    for i, (doc, end, unknown, form) in enumerate(rows_of):
        names = names_of.get(doc)
        text = texts.get(doc, "")
        if not names or unknown or not isinstance(text, str):
            continue
        end = int(end)
        if not text[end + 1 : end + 2].isupper():  # most: no name next
            continue
        if form.rsplit(" ", 1)[-1] in _INSTITUTION:  # "Laurel County Clerk Dean Johnson"
            continue  # a name ending in a place word ("County", "City") is no first name
        word = _NEXT_WORD.match(text, end)
        if word is None or word.group(1) in _INSTITUTION:  # "Webb Center" is no person
            continue
        name = f"{form} {word.group(1)}"
        mask[i] = any(p == name or p.startswith(name + " ") for p in names)
    return mask


_NEXT_WORD = re.compile(r" ([A-Z][a-z]+)\b")


def organisation_tails(
    rows: pd.DataFrame | PlaceRows, orgs: pd.DataFrame | PlaceRows
) -> np.ndarray:
    """Boolean mask of place rows that end an organisation's name the model cut short:
    right after an ORG mention and one space ("Partizan" + "Belgrade", "Red Star" +
    "Belgrade"): the organisation's home, not a place the article names."""
    rows, orgs = as_rows(rows), as_rows(orgs)
    if orgs.empty:
        return np.zeros(len(rows), dtype=bool)
    ends = set(zip(orgs.doc_id.tolist(), [e + 1 for e in orgs.end.tolist()], strict=True))
    pairs = zip(rows.doc_id.tolist(), rows.start.tolist(), strict=True)
    return np.array([pair in ends for pair in pairs], dtype=bool)


#: A noun of :data:`analysis.countries.lexicon._EVENT_NAME_NOUNS` right after a name
#: ("the Uruguay round"), not opening a compound ("round-trip") nor the verb "round up"
#: ("police in Jakarta round up suspects").
_EVENT_NAME_AFTER = re.compile(rf"\s+(?i:{_EVENT_NAME_NOUNS})\b(?!-|\s+up\b)")


def event_name_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of place rows followed by a noun that makes them an event's name
    (lexicon ``event_name_nouns``: "the Uruguay round", "the Tokyo Round" of trade talks,
    not held there): the event's home, counted apart (rule org_homes), as a place inside
    an EVENT mention is. Unseen news: CoNLL-2003 testb, and 11 Reuters-21578 stories whose
    only Uruguay was the round's."""
    return followed_by(rows, texts, lambda text, end: _EVENT_NAME_AFTER.match(text, end))


def dateline_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of place rows that name their story's own opening dateline
    (:func:`analysis.datelines.opening_datelines`) filed without a wire service's credit
    ("MALTA - About 5,000 books ...", not "LONDON (Reuters) -"), and the document's
    other mentions of that name, whatever their case (one sense per document). A local
    paper datelines its own stories with its own towns; a wire story carries the wire's
    credit."""
    return _rows_naming(
        rows, texts, lambda text: [place for place, wire in _opening_datelines(text) if not wire]
    )


#: A possessive after a name and the next name's capital ("Spain's Cordoba", "the
#: Philippines' San Jose"), for :func:`possessive_rows`.
_POSSESSIVE_BEFORE_NAME = re.compile(r"['’]s?[ \t]+(?=[A-Z])")


def possessive_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` written in the possessive right before another
    of the ``rows`` ("Spain's Cordoba", "Chile's Concepcion"): a country named so says
    where the place after it is, not only who acts (rule national_actors)."""
    rows = as_rows(rows)
    mask = followed_by(rows, texts, _POSSESSIVE_BEFORE_NAME.match)
    if not mask.any():
        return mask
    starts = set(zip(rows.doc_id.tolist(), rows.starts.tolist(), strict=True))
    for i in np.flatnonzero(mask).tolist():  # few rows: "Spain's", "Britain's"
        end = int(rows.ends[i])
        text = texts[rows.doc_id[i]]
        mask[i] = (rows.doc_id[i], float(_POSSESSIVE_BEFORE_NAME.match(text, end).end())) in starts
    return mask


def wire_dateline_rows(rows: pd.DataFrame | PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of place rows that name their story's wire dateline
    (:func:`analysis.datelines.wire_datelines`: "LONDON (Reuters) -", "DUBLIN
    1996-08-31"), and the document's other mentions of that name, whatever their case.
    A wire writes a city's name alone only for the city everyone knows by it and
    qualifies a namesake ("VANCOUVER, Wash."); rule "wire_datelines"."""
    return _rows_naming(
        rows, texts, lambda text: [text[start:end] for start, end in wire_datelines(text)]
    )


def _rows_naming(
    rows: pd.DataFrame | PlaceRows,
    texts: Mapping[object, str],
    places_of: Callable[[str], list[str]],
) -> np.ndarray:
    """Boolean mask of ``rows`` whose text is, casefolded, one of the places
    ``places_of`` finds in their document's text (one sense per document)."""
    rows = as_rows(rows)
    mask = np.zeros(len(rows), dtype=bool)
    if rows.empty:
        return mask
    named: dict[object, set[str]] = {}
    for doc in pd.unique(rows.doc_id):
        text = texts.get(doc)
        if isinstance(text, str) and (places := places_of(text)):
            named[doc] = {place.casefold() for place in places}
    return rows_named(rows, named)


def rows_named(rows: pd.DataFrame | PlaceRows, named: Mapping[object, set[str]]) -> np.ndarray:
    """Boolean mask of ``rows`` whose text, casefolded, is one of the names ``named``
    gives their document (doc_id -> casefolded names): one sense per document, read by
    the dateline rules and rule venues."""
    rows = as_rows(rows)
    if not named:
        return np.zeros(len(rows), dtype=bool)
    pairs = zip(rows.doc_id.tolist(), rows.text.tolist(), strict=True)
    return np.array([str(form).casefold() in named.get(doc, ()) for doc, form in pairs],
                    dtype=bool)  # fmt: skip


def _opening_datelines(text: str) -> list[tuple[str, bool]]:
    """(place, whether a wire service's credit follows it) of each opening dateline of
    ``text`` (:data:`analysis.datelines.OPENING`: "MALTA -", "LONDON (Reuters) -")."""
    return [
        (text[start:end], "(" in text[end:stop]) for start, end, stop in opening_dateline_hits(text)
    ]


def wire_stories(doc_ids: Iterable[object], texts: Mapping[object, str]) -> set[object]:
    """The documents among ``doc_ids`` that open with a wire service's dateline
    ("LONDON (Reuters) -", "ATHENS, Ga. (AP) --"): the wire's story, which a paper
    prints as it came, so the paper's home says nothing of its places."""
    return {
        doc
        for doc in doc_ids
        if isinstance(text := texts.get(doc), str) and any(w for _, w in _opening_datelines(text))
    }


def folded_names(
    rows: pd.DataFrame | PlaceRows, docs: np.ndarray, qualifiers: Mapping[int, str]
) -> np.ndarray:
    """Per place row of a document with a qualified mention (``docs``: a code per row;
    ``qualifiers``: row -> qualifier), its text casefolded ("LONDON" of a dateline is
    "London"); None in the other documents, which :func:`same_name_qualifiers` never
    asks about (speed: most documents qualify nothing)."""
    names = np.full(len(rows), None, dtype=object)
    if not qualifiers:
        return names
    asked = np.flatnonzero(np.isin(docs, docs[list(qualifiers)])).tolist()
    texts = as_rows(rows).text
    names[asked] = [str(texts[i]).casefold() for i in asked]
    return names


def same_name_qualifiers(
    docs: np.ndarray, names: np.ndarray, rows: np.ndarray, qualifiers: Mapping[int, str]
) -> dict[int, str]:
    """Row -> the qualifier its name has elsewhere in its document, for the ``rows``
    (boolean mask: those context decides) that have none of their own: the document
    writes the same name (``names``, casefolded; ``docs``, a code per row) with a state,
    province or country after it (``qualifiers``: row -> "CAN:08", see
    :func:`qualifier_value`), always the same one ("London, Ontario" ... "London"; not
    when it writes "Portland, Ore." and "Portland, Maine"). One sense per discourse
    (Gale, Church & Yarowsky 1992): a story qualifies a place at its first mention and
    then writes it alone (rule "one_sense")."""
    if not qualifiers:
        return {}
    by_name: dict[tuple[object, object], set[str]] = {}
    for i, qualifier in qualifiers.items():
        by_name.setdefault((docs[i], names[i]), set()).add(qualifier)
    found: dict[int, str] = {}
    for i in np.flatnonzero(rows).tolist():
        named = by_name.get((docs[i], names[i]))
        if i not in qualifiers and named is not None and len(named) == 1:
            found[i] = next(iter(named))
    return found
