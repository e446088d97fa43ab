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
Resources Inc"). Only a city's, town's or region's name is read so: a country's, US
state's or capital's name, a demonym or a metonym alone is the place far more often
("Texas Air Corp ... flights in Texas"; "Singapore will have a head start"); so is a
territory's where the story names its country otherwise ("Alberta Energy Co Ltd" in a
story datelined Calgary), not where nothing else does ("Piedmont Aviation Inc" in a story
of American airlines: branch ctry19),
and the words around a mention still make it a place (a place word before or after it,
"in Santa Cruz", "Springfield residents"; a state or country after a comma; its
story's dateline: :func:`analysis.countries.people.read_as_place`), and then every
mention of that name in the document (one sense per document).

A name right before a stock ticker ("PIEDMONT <PIE>", "Goodyear (NYSE: GT)") is a listed
company's, whatever the place but a country (:func:`before_ticker`; branch ctry19), and
its other mentions are its short name as above. A place inside a company's name in a
wire's angle brackets ("<Private Bank and Trust of Zurich>") is its home
(:func:`in_bracketed_names`), and so is a place opening the name before a ticker
("CINCINNATI BELL INC <CSN>": :func:`in_ticker_names`).

A small place's name (towns, cities under 100,000 people:
:func:`analysis.countries.people.small_places_only`) is also read as a company's or a
ship's by the text alone, where the model tagged no ORG (:func:`_written_heads`): followed
by up to three capitalised words and a legal form ("Sweden's Stora Kopparbergs
Bergslags AB"), after a vessel word ("the 74,596-dwt Andromachi") or after the possessive
of a country it lies in ("Spain's Almaden"); then as above, every mention of the name in
the document unless one is placed ("officials" after it places no company's short name:
"Nikko officials said"). Provenance: hand-checked changes on 18,781 unseen Reuters
stories (branch ctry18).

Provenance: the dev sets' business stories (Reuters-21578 hand-checked dev: a company's
short name read as Santa Cruz, Bolivia; CoNLL testa: "Magna", "Ruch" read as towns; LGL
dev: "Balqon" read as a place of the story's country), ctry10.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Set
from functools import lru_cache

import numpy as np
import pandas as pd

from analysis.countries.columns import (
    PlaceRows,
    as_rows,
    followed_by,
    form_mask,
    isin,
    spanning,
)
from analysis.countries.cues import _after_cue, _before_cue, _qualifier_is_place
from analysis.countries.evidence import _country_name
from analysis.countries.lexicon import lexicon
from analysis.countries.modifiers import _offsets
from analysis.countries.pass_words import _named_countries
from analysis.countries.people import _dateline_starts, small_places_only
from analysis.gazetteer import candidates, town_candidates
from analysis.name_data import BRACKET_TICKER, company_suffixes

#: Readings whose name alone is the place, not a company's short name (see the module
#: docstring; analysis.gazetteer_entries.RULE_ORDER).
_PLACE_FIRST = frozenset({"name", "territory", "demonym", "us_state", "capital", "metonym"})
#: An ownership or investment word, up to three words and a preposition before a name
#: ("a 23 pct stake in", "shares of", "invest $200 million in", "bidding for", "sell
#: their shares to": "to" by branch ctry18): the name
#: is the company's there, and the preposition no place word (lexicon
#: ``company_objects``).
_OWNED = re.compile(
    rf"\b(?:{lexicon()['company_objects']})\b(?:\s+\S+){{0,3}}?\s+(?:in|of|for|over|to)"
    r"\s+(?:the\s+)?$",
    re.IGNORECASE,
)
#: How far before a mention :data:`_OWNED` is looked for.
_OWNED_REACH = 60


#: A capitalised word, "&" or a bracketed word after a name, up to the legal form that
#: ends a company's name the model did not tag ORG ("Stora Kopparbergs Bergslags AB",
#: "Nikko Securities Co (Europe) Ltd": branch ctry18, unseen Reuters news).
_NAME_WORD = re.compile(r"\s+([A-Z][\w'’.&-]*|&|\([A-Z][\w.]*\))")
#: Capitalised words at most between a name and its legal form.
_TAIL_WORDS = 3
#: A vessel word right before a name ("the tanker X", "the 74,596-dwt X", "the ship
#: X"): the name is a ship's, named like a town far more often than a town is written
#: so (branch ctry18). Words of shipping news, written for NewsLens.
_VESSEL_BEFORE = re.compile(
    r"(?:\b(?:ship|tanker|vessel|freighter|trawler|ferry|steamer|supertanker|"
    r"bulk\s+carrier|cargo\s+ship|motor\s+vessel)|-?\bdwt)\s+$",
    re.IGNORECASE,
)
#: A country's name and a possessive right before a name ("Spain's Almaden"): for a
#: town-only name, its company (branch ctry18).
_OWNER_BEFORE = re.compile(r"([A-Z][\w.]*(?:\s+[A-Z][\w.]*)?)['’]s\s+$")
#: How far before a mention :data:`_VESSEL_BEFORE` and :data:`_OWNER_BEFORE` look.
_BEFORE_REACH = 30
#: A place word after a name that a company's staff takes as well ("Nikko officials
#: said" after "Nikko Securities Co"): no place cue for a company's short name.
_STAFF_AFTER = re.compile(r"(?:'s|’s)?\s+officials\b")
#: A company's shares or holders after a name ("Piedmont shares", "Piedmont's stock",
#: "Piedmont shareholders"): the name is the company's there, and a place word before
#: it ("the number of Piedmont shares") no place cue (branch ctry19, unseen Reuters news).
_SHARES_AFTER = re.compile(
    r"(?:'s|’s)?\s+(?:(?:common|preferred|voting)\s+)?(?:shares|stock|shareholders|stockholders)\b"
)


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
    readings is a country, US state, capital, demonym or metonym, a reading by another
    city's alternate name that is not the preferred one aside ("Delhi", an old name of
    Dili: the company "Delhi Petroleum Pty Ltd"; "Peking" stays Beijing; branch ctry19,
    unseen Reuters news). A territory's name may be one where nothing else in its story
    names its country (:func:`territory_countries`)."""
    found = candidates(form)
    own = [c for c in found if not c.other_name]
    return not any(c.rule in _PLACE_FIRST and c.rule != "territory" for c in (*found[:1], *own))


@lru_cache(maxsize=50_000)
def territory_countries(form: str) -> frozenset[str]:
    """The countries of the territories (first-level regions) ``form`` names: its
    company's short name only where the story names no other place of theirs ("Piedmont"
    after "Piedmont Aviation Inc" in a story of American airlines; "Alberta" after
    "Alberta Energy Co Ltd" stays the province where Calgary is named)."""
    return frozenset(c.iso3 for c in candidates(form) if c.rule == "territory")


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
    if rows.empty:
        return np.zeros(len(rows), dtype=bool)
    ticker = before_ticker(rows, texts)
    mask = in_written_names(rows, texts) | ticker | in_bracketed_names(rows, texts)
    mask |= in_ticker_names(rows, texts)
    names: dict[object, list[str]] = {}
    spans: dict[object, list[tuple[int, int]]] = {}
    # The columns as lists (speed: a frame's itertuples reads Arrow strings one by one;
    # the offsets tested by column, not per cell).
    columns = (
        (orgs.doc_id.tolist(), *(a.tolist() for a in orgs.offsets), orgs.text.tolist())
        if orgs is not None
        else ()
    )
    for doc, s, e, known, name in zip(*columns, strict=True):
        if isinstance(name, str) and " " in name:
            names.setdefault(doc, []).append(name)
            if known:
                spans.setdefault(doc, []).append((s, e))
    heads = {
        doc: found for doc, found in ((d, company_heads(n)) for d, n in names.items()) if found
    }
    for doc, found in _written_heads(rows, texts, ticker).items():
        heads.setdefault(doc, set()).update(found)
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
        mask[i] |= (doc, form) not in placed_forms
    return mask


def in_written_names(rows: PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` followed by up to :data:`_TAIL_WORDS` words in
    title case and a legal form (:func:`_opens_written_name`): the name opens a company's
    name the model tagged apart from it ("New Zealand" + "Banking Group Ltd" of "the
    Australia and New Zealand Banking Group Ltd"; unseen Reuters news, review of
    2026-12-07). That mention only, whatever the place (a country's name too): the
    company's home, as a place inside an ORG mention is (rule org_homes); its other
    mentions stay places ("Texas Air Corp ... flights in Texas")."""
    return followed_by(rows, texts, _opens_written_name)


#: A stock ticker right after a name: the wire's "<PIE>" and "<STOS.S>" (Reuters), a
#: press release's "(NYSE: PIE)", "(Nasdaq: ABCD)", a wire's "(PIE.N)": the name is a
#: listed company's ("USAIR <U> ACQUIRES 9.9 PCT OF PIEDMONT <PIE>"; branch ctry19,
#: unseen Reuters news). Written for NewsLens from the ticker conventions of wires and
#: press releases; no list copied.
_TICKER_AFTER = re.compile(
    rf"[ \t]*(?:{BRACKET_TICKER}"
    r"|\((?:NYSE|NASDAQ|Nasdaq|AMEX|TSX|ASX|LSE|OTC)(?:[ \t]+[A-Z][A-Za-z]*)?[ \t]*:[ \t]*"
    r"[A-Z][A-Z0-9.]{0,7}\)"
    r"|\([A-Z]{1,5}\.(?:N|O|OQ|L|TO|AX|PA|DE|T|HK|MI|AS)\))"
)


#: A company's name in a wire's angle brackets, as Reuters writes an unlisted company's
#: ("<Private Bank and Trust of Zurich>", "<Bank of Montreal>"): its text in group 1, on
#: one paragraph, opening with a capital letter (branch ctry19, unseen Reuters news).
_BRACKETED_NAME = re.compile(r"<([A-Z][^<>]*?)>")
#: How far a bracketed name reaches on either side of a place inside it.
_BRACKET_REACH = 80


def in_bracketed_names(rows: PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` inside a company's name in angle brackets
    (:func:`_in_bracketed_name`): the place is the company's home, whatever the place, as
    inside an ORG mention."""
    return spanning(rows, texts, _in_bracketed_name)


def _in_bracketed_name(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` lies inside a company's name in angle brackets
    (:data:`_BRACKETED_NAME`; not a stock ticker, which names nothing: analysis.junk)."""
    opening = text.rfind("<", max(0, start - _BRACKET_REACH), start + 1)
    if opening < 0 or ">" in text[opening:start]:
        return False
    name = _BRACKETED_NAME.match(text, opening, end + _BRACKET_REACH)
    return (
        name is not None
        and end <= name.end(1)
        and "\n\n" not in name[1]
        and re.fullmatch(BRACKET_TICKER, name[0]) is None
    )


def before_ticker(rows: PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` right before a stock ticker
    (:data:`_TICKER_AFTER`): that mention is the company's (its home), and its name the
    company's short name in its story (:func:`_written_heads`). Not a country's name:
    "Alitalia of Italy <AERI.MI>", "Standard Oil Co of the U.S. <SRD>" name the
    company's country as well (a state's, a city's or a people's name is the company's:
    "FIRST TENNESSEE <FTEN>", "ROYAL DUTCH <RD>")."""
    rows = as_rows(rows)
    return _no_country(rows, followed_by(rows, texts, _TICKER_AFTER.match))


def _no_country(rows: PlaceRows, mask: np.ndarray) -> np.ndarray:
    """``mask`` less the rows whose text reads first as a country's name
    (:func:`before_ticker`, :func:`in_ticker_names`)."""
    for i in np.flatnonzero(mask).tolist():  # few rows: a form_mask of all cost more
        mask[i] = _country_name(str(rows.text[i])) is None
    return mask


def in_ticker_names(rows: PlaceRows, texts: Mapping[object, str]) -> np.ndarray:
    """Boolean mask of the place ``rows`` followed by one to :data:`_TAIL_WORDS`
    capitalised words and a stock ticker (:data:`_TICKER_AFTER`): the place opens the
    listed company's name ("CINCINNATI BELL INC <CSN>", "COMMONWEALTH ENERGY SYSTEM
    <CES>", "Texas Eastern Corp's <TET>"), a wire's headline writing it in capitals.
    That mention only, as :func:`in_written_names` reads it: the company's home; its
    other mentions stay places ("Cincinnati Bell ... in Cincinnati"). Not a country's
    name: a government is as often a headline's subject ("SWEDEN OKAYS CYTRX <CYTR>",
    "U.S. PROBES RJR <RJR>"). Provenance: unseen Reuters news (18,781 stories), where
    such names were read as places in 300 headlines, "COMMONWEALTH" as a Philippine town."""
    rows = as_rows(rows)
    return _no_country(rows, followed_by(rows, texts, _opens_ticker_name))


def _opens_ticker_name(text: str, end: int) -> bool:
    """Whether one to :data:`_TAIL_WORDS` capitalised words (:data:`_NEXT_WORD`) and a
    stock ticker follow ``end``."""
    at = end
    for _ in range(_TAIL_WORDS):
        word = _NEXT_WORD.match(text, at)
        if word is None:
            return False
        at = word.end()
        if _TICKER_AFTER.match(text, at):
            return True
    return False


#: A word after a place's name, on its line or the next (not across a paragraph's
#: indent: "by the U.S.\n    As production ..."), for :func:`_opens_written_name`.
_NEXT_WORD = re.compile(r"(?:[ \t]+|[ \t]*\n(?![ \t]))([A-Z][\w.&'’-]*|&)")
#: The legal forms that are no English word as well (data/company_suffixes.txt less
#: "As", "Company", "Cos", "Group", "Holdings": "a U.S. company", "the U.S. As ...").
_STRICT_FORMS_LEFT_OUT = frozenset({"as", "company", "cos", "group", "holdings"})


@lru_cache(maxsize=1)
def _strict_forms() -> frozenset[str]:
    """The legal forms :func:`_opens_written_name` ends a company's name with."""
    return frozenset(company_suffixes() - _STRICT_FORMS_LEFT_OUT)


def _opens_written_name(text: str, end: int) -> bool:
    """Whether a company's name goes on after the place ending at ``end``: up to
    :data:`_TAIL_WORDS` words in title case ("Banking", "&"; not in capitals, as a
    headline writes every word: "U.S. MEAT GROUP"; not a possessive or "And": "U.S. And
    Japan's Toshiba Corp"), then a legal form that is no English word as well
    (:data:`_STRICT_FORMS_LEFT_OUT`)."""
    return _legal_form_after(text, end, _NEXT_WORD, _strict_forms(), strict=True)


def _legal_form_after(
    text: str, end: int, next_word: re.Pattern[str], forms: Set[str], *, strict: bool
) -> bool:
    """Whether up to :data:`_TAIL_WORDS` words (``next_word``, the word its group 1) and
    a legal form of ``forms`` follow ``end``; ``strict``: no word in capitals, no
    possessive and no "And" before the form (:func:`_opens_written_name`)."""
    at = end
    for _ in range(_TAIL_WORDS + 1):
        word = next_word.match(text, at)
        if word is None:
            return False
        form = word[1]
        if form.casefold().strip(".,") in forms:
            return True
        if strict and (form == "And" or form.endswith(("'s", "’s")) or form.isupper()):
            return False
        at = word.end()
    return False


def _placed(text: str, start: int, end: int, datelines: set[int]) -> bool:
    """Whether the words around a mention read it as a place
    (:func:`analysis.countries.people.read_as_place`), a preposition after an ownership
    word (:data:`_OWNED`: "a stake in") or before a company's shares
    (:data:`_SHARES_AFTER`: "the number of Piedmont shares") excepted: there only a
    place word after it, a state or country after a comma or the dateline does."""
    if start in datelines or _qualifier_is_place(text, end):
        return True
    if _after_cue(text, end) and _STAFF_AFTER.match(text, end) is None:
        return True
    owned = _OWNED.search(text, max(0, start - _OWNED_REACH), start) is not None
    owned = owned or _SHARES_AFTER.match(text, end) is not None
    return not owned and _before_cue(text, start)


def _written_heads(
    rows: PlaceRows, texts: Mapping[object, str], ticker: np.ndarray
) -> dict[object, set[str]]:
    """doc_id -> the casefolded names of small places
    (:func:`analysis.countries.people.small_places_only`: towns, cities under 100,000 people)
    its text writes as a company's or a ship's (branch ctry18): followed by up to
    :data:`_TAIL_WORDS` capitalised words and a legal form ("Stora Kopparbergs Bergslags
    AB"), after a vessel word ("the tanker Andromachi") or after a country's possessive
    ("Spain's Almaden"); and the names of any places the ``ticker`` rows are (a mask of
    ``rows``: :func:`before_ticker`; branch ctry19)."""
    out: dict[object, set[str]] = {}
    start, end, placed = _offsets(rows)
    docs, forms = rows.doc_id, rows.text
    for i in np.flatnonzero(ticker).tolist():
        out.setdefault(docs[i], set()).add(forms[i].casefold())
    for i in np.flatnonzero(placed & form_mask(forms, small_places_only)).tolist():
        form, text = forms[i], texts.get(docs[i])
        if not isinstance(text, str):
            continue
        at, stop = int(start[i]), int(end[i])
        if _suffixed(text, stop) or _ship_or_owned(text, at, form):
            out.setdefault(docs[i], set()).add(form.casefold())
    return out


def _suffixed(text: str, end: int) -> bool:
    """Whether up to :data:`_TAIL_WORDS` capitalised words and a legal form
    (data/company_suffixes.txt) follow the name ending at ``end``."""
    return _legal_form_after(text, end, _NAME_WORD, company_suffixes(), strict=False)


def _ship_or_owned(text: str, start: int, form: str) -> bool:
    """Whether a vessel word precedes the name ``form`` starting at ``start``
    (:data:`_VESSEL_BEFORE`), or the possessive of a country a reading of ``form`` lies
    in (:data:`_OWNER_BEFORE`: "Spain's Almaden"; not "Norway's North Sea", a US
    town's name)."""
    if start == 0 or not text[start - 1].isspace():
        return False
    reach = max(0, start - _BEFORE_REACH)
    if _VESSEL_BEFORE.search(text, reach, start) is not None:
        return True
    owner = _OWNER_BEFORE.search(text, reach, start)
    if owner is None:
        return False
    countries = {c.iso3 for c in candidates(owner[1]) if c.rule == "name"}
    return any(c.iso3 in countries for c in (*candidates(form), *town_candidates(form)))


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
    return _territories_unnamed(out, docs, forms)


def _territories_unnamed(
    asked: list[tuple[int, object, str, int, int]], docs: list, forms: list
) -> list[tuple[int, object, str, int, int]]:
    """Of the short-name rows ``asked``, those whose name is no territory's or whose
    territories' countries no other place name of the story reads
    (:func:`territory_countries`)."""
    territorial = {
        (doc, key): countries
        for i, doc, key, _, _ in asked
        if (countries := territory_countries(forms[i]))
    }
    if not territorial:
        return asked
    others: dict[object, list[str]] = {}
    wanted = {doc for doc, _ in territorial}
    for doc, form in zip(docs, forms, strict=True):
        if doc in wanted and isinstance(form, str):
            others.setdefault(doc, []).append(form)
    named = {
        (doc, key): countries & _named_countries([f for f in others[doc] if f.casefold() != key])
        for (doc, key), countries in territorial.items()
    }
    return [row for row in asked if not named.get((row[1], row[2]))]
