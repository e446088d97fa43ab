"""analysis.datelines: one declaration of a wire dateline, read by entities and events."""

from __future__ import annotations

import re

import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from test_entities import only, pairs, spans

from analysis import datelines
from analysis.events.context import dateline_tokens
from analysis.gazetteer_entries import US_STATE_ABBREVIATIONS
from tests.properties import examples

STORY = "Iran Seeks Talks\nTEHRAN (Tasnim) \u2013 Iran said on Monday it would talk."


def _line(text: str, n: int = 0) -> tuple[int, int]:
    start = sum(len(line) + 1 for line in text.split("\n")[:n])
    return start, start + len(text.split("\n")[n])


@pytest.mark.parametrize(
    ("line", "place"),
    [
        ("TEHRAN (Tasnim) \u2013 Iran said", "TEHRAN"),
        ("NEW YORK, March 3 - Stocks fell", "NEW YORK"),
        ("LONDON 2024-06-14", "LONDON"),  # CoNLL-2003: a bare place before the date
        ("U.S. OFFICIALS", "U.S. OFFICIALS"),  # a place-like run; the caller checks it
        ("TEHRAN\r", "TEHRAN"),  # a CRLF file's line
        ("    SHR 2.6 cents vs 5.2 cents", None),  # indented: a table row, not a dateline
        ("Tehran - Iran said", None),
        ("TEHRAN said on Monday", None),
    ],
)
def test_the_place_opening_a_line(line: str, place: str | None) -> None:
    text = "Headline\n" + line + "\nMore text."
    span = datelines.dateline_place(text, *_line(text, 1))
    assert (text[slice(*span)] if span else None) == place


def test_filed_headers_run_through_the_dash_on_any_line() -> None:
    text = "A headline\nNEW YORK, March 3 - Stocks fell.\n  BONN (Reuters) -- Talks.\nLONDON 1996"
    headers = [text[s:e] for s, e in datelines.filed_datelines(text)]
    assert headers == ["NEW YORK, March 3 -", "  BONN (Reuters) --"]  # the bare one is no header


@pytest.mark.parametrize(
    ("text", "dated"),
    [
        ("A HEADLINE\n\nLONDON, March 19 - U.K. Minister Nigel\ntoday spoke.", True),
        ("A HEADLINE\nKANSAS CITY, MO., April 13 - Shr 28 cts", True),
        ("BALANCE - Hartford , Conn .\nText.", False),  # a headline's slug and dash
        ("PRESS DIGEST - Tunisia - Aug 31 .\nText.", False),
        ("  BONN (Reuters) -- Talks.", False),  # filed, but no date
    ],
)  # fmt: skip
def test_a_dated_line_is_a_filed_dateline_with_its_date(text: str, dated: bool) -> None:
    lines = datelines.dated_lines(text)
    assert bool(lines) is dated
    assert all(text[i - 1 : i] in ("", "\n") for i in lines)  # at a line's start


def test_one_declaration_governs_entities_and_events(monkeypatch: pytest.MonkeyPatch) -> None:
    nlp = spacy.blank("en")
    doc = nlp(STORY)
    found = spans(STORY, ("Iran", "GPE"), ("Monday", "DATE"), sent_id=1)
    assert ("TEHRAN", "GPE") in pairs(only("tag_datelines", found, STORY))
    header = {doc[i].text for i in dateline_tokens(doc)}
    assert {"TEHRAN", "Tasnim", "\u2013"} <= header
    # Changing the one declaration changes both readers: nothing else detects datelines.
    never = re.compile(r"(?!x)x", re.MULTILINE)
    monkeypatch.setattr(datelines, "PLACE", never)
    monkeypatch.setattr(datelines, "FILED", never)
    assert ("TEHRAN", "GPE") not in pairs(only("tag_datelines", found, STORY))
    assert dateline_tokens(doc) == frozenset()


def test_the_opening_form_reads_a_local_papers_run_in_dateline() -> None:
    """The countries' opening form: a place in capitals at the start, after a sentence or
    after a year, with an optional state and agency, then a dash or colon."""
    from analysis.datelines import OPENING_REACH, opening_datelines

    text = "ATHENS, Ga. (AP) -- The city said. ROSWELL - Officials met."
    assert [text[s:e] for s, e in opening_datelines(text)] == ["ATHENS", "ROSWELL"]
    late = "x" * OPENING_REACH + " MALTA – late"
    assert opening_datelines(late) == []


@pytest.mark.parametrize(
    "slug",
    [
        "GOLF - SMITH WINS OPEN",
        "GOLF - SMITH WINS OPEN\n\nMIAMI - Smith won.",
        "TENNIS - JONES BEATS BROWN",
    ],
)
def test_a_sports_slug_is_no_dateline_in_any_reader(slug: str) -> None:
    from analysis.countries.evidence import _opening_datelines
    from analysis.countries.sources import dateline_starts

    # One reader of a story's own datelines: every entry point drops the slug's sport.
    places = {slug[s:e] for s, e in datelines.opening_datelines(slug)}
    places |= {slug[s:e] for s, e, _ in datelines.opening_dateline_hits(slug)}
    places |= {place for place, _ in _opening_datelines(slug)}
    places |= {slug[s:e] for s, e in datelines.wire_datelines(slug)}
    starts = datelines.own_dateline_starts(slug)
    assert dateline_starts(slug) == starts
    assert not places & {"GOLF", "TENNIS"} and 0 not in starts
    # A place filed after the slug's headline is still the story's own.
    if "MIAMI" in slug:
        assert starts == [slug.index("MIAMI")]


@pytest.mark.parametrize(
    "header",
    [
        "WAUSAU, WIS., March 17 -",  # Reuters-21578: the state in capitals
        "HARTFORD, Conn., March 3 -",
        "ELWOOD, KAN., March 3 -",
        "NEW YORK, N.Y., March 3 -",  # a dotted abbreviation
        "CHARLESTON, W. Va., March 3 -",  # dotted and spaced
        "SAN JOSE, Calif, March 11 -",  # the last dot left off
        "DAYTON, Ohio, April 7 -",  # a state's name
        "BOSTON, Massachusetts, March 3 -",  # the longest name, not its abbreviation
        "CALGARY, Alberta, March 3 -",  # a Canadian province's name
        "TORONTO, Ont. (Reuters) -",  # its abbreviation, with an agency and no date
        "HALIFAX, Nova Scotia -",
    ],
)
def test_a_filed_header_may_name_a_state_or_province(header: str) -> None:
    text = f"A headline\n{header} The company said."
    found = list(datelines.FILED.finditer(text))
    assert [m.group(0) for m in found] == [header]
    assert found[0]["place"] == header.split(",")[0]
    # The story's own filing place, unless a wire's credit makes it the wire's.
    assert datelines.own_dateline_starts(header + " x") == ([] if "(" in header else [0])


@pytest.mark.parametrize(
    ("header", "place"),
    [
        ("OSAKA, Japan, March 3 -", "OSAKA"),  # AP style abroad: place, country, date
        ("GLASGOW, Scotland (Reuters) -", "GLASGOW"),  # a territory of the data file
        ("LA PAZ, Bolivia, Feb. 2 -", "LA PAZ"),
        ("SEOUL, South Korea -", "SEOUL"),  # the longest name, not a prefix
        ("ABIDJAN, Ivory Coast, June 18 (AFP) --", "ABIDJAN"),
        ("LONDON, U.S., May 1 -", "LONDON"),  # an alias with dots
    ],
)
def test_a_filed_header_may_name_a_country(header: str, place: str) -> None:
    text = f"A headline\n{header} The minister said."
    found = list(datelines.FILED.finditer(text))
    assert [m.group(0) for m in found] == [header]
    assert found[0]["place"] == place
    assert datelines.own_dateline_starts(header + " x") == ([] if "(" in header else [0])


@pytest.mark.parametrize(
    "line",
    [
        "CHINA, JAPAN SIGN PACT - REPORT",  # a headline in capitals: no country slot
        "TOKYO, JAPAN - TRADERS SAY",  # a country in capitals is not read
        "OSAKA, Japanese firms said - x",  # the country's name must end there
        "OSAKA, Japan said on Monday - x",
        "PARIS, Frankreich, March 3 - x",  # no English name of the data
    ],
)
def test_a_country_slot_makes_no_header_of_other_lines(line: str) -> None:
    assert list(datelines.filed_datelines("A headline\n" + line)) == []


def test_a_place_filed_with_its_country_is_read_in_that_country() -> None:
    """The filed form's place is read in the country after it (the qualifier rule, the
    country tagged as the model tags it), even where the story's other places name
    another country's namesake."""
    from tests.factories import gpe_countries

    text = "LONDON, Canada, March 3 - Officials from Leeds and Manchester met."
    assert gpe_countries(text, ("LONDON", "Canada", "Leeds")) == ["CAN", "CAN", "GBR"]
    text = "PARIS, France, March 3 - Officials from Dallas and Houston met in Austin."
    found = gpe_countries(text, ("PARIS", "France", "Dallas", "Houston"))
    assert found == ["FRA", "FRA", "USA", "USA"]


@pytest.mark.parametrize(
    ("header", "read"),
    [
        ("NEW YORK, MARCH 3 -", True),  # a month in capitals
        ("NEW YORK, FEb 3 -", True),  # in odd case
        ("NEW YORK, Mar. 3 -", True),
        ("NEW YORK, Sept. 30 -", True),
        ("HARTFORD, Conn., DEC. 3 -", True),
        ("OSAKA, Japan, AUGUST 3 -", True),
        ("NEW YORK, Marhc 3 -", False),  # a misspelt month is no month
        ("NEW YORK, Smith 3 -", False),  # nor is any other word
        ("NEW YORK, Monday 3 -", False),
    ],
)
def test_the_date_is_a_declared_month_in_any_case(header: str, read: bool) -> None:
    text = f"A headline\n{header} Stocks fell."
    assert [m.group(0) for m in datelines.FILED.finditer(text)] == ([header] if read else [])


@pytest.mark.parametrize(
    ("header", "read"),
    [
        ("TUE, APR 07 -", False),  # a weekday dates the line; it is no place
        ("MONDAY, March 3 -", False),
        ("WED., March 3 -", False),
        ("SUNDERLAND, March 3 -", True),  # a place opening with a weekday's letters
        ("MONTREAL, March 3 -", True),
        ("SATURN, March 3 -", True),
    ],
)
def test_a_weekday_is_no_filed_datelines_place(header: str, read: bool) -> None:
    text = f"A headline\n{header} Stocks fell."
    assert [m.group(0) for m in datelines.FILED.finditer(text)] == ([header] if read else [])


@pytest.mark.parametrize(
    "line",
    [
        "HARTFORD, Conn., is a city in New England.",  # no dash: running text
        "HARTFORD, Conn. The insurer said.",
        "U.S. STOCKS, BONDS RALLY - TRADERS",  # a headline in capitals with a comma
        "GM, FORD CUT PRICES - REPORT",
        "PARIS, Fr., March 3 - x",  # no state or province
        "WASHINGTON, Smith said - x",
    ],
)
def test_a_state_slot_makes_no_header_of_other_lines(line: str) -> None:
    assert list(datelines.filed_datelines("A headline\n" + line)) == []


@pytest.mark.parametrize(
    "line",
    [
        "GALILEO ELECTRO-OPTICS BUYS UNIT",  # Reuters-21578 headlines: a word's hyphen
        "BRAZIL ANTI-INFLATION PLAN LIMPS ON",
        "U.S.-JAPAN TALKS SEEN NO DELAY",
        "CANADA-EGYPT WHEAT NEGOTIATIONS TO CONTINUE",
        "E-SYSTEMS <ESY> WINS NAVY CONTRACT",
    ],
)
def test_a_hyphen_inside_a_word_ends_no_dateline(line: str) -> None:
    text = "A headline\n" + line
    assert list(datelines.filed_datelines(text)) == []
    assert datelines.own_dateline_starts(line) == []


@pytest.mark.parametrize(
    ("line", "header"),
    [
        ("WASHINGTON\u2014The Senate voted.", "WASHINGTON\u2014"),  # an em dash, no space
        ("LONDON--The pound fell.", "LONDON--"),
        ("LONDON - The pound fell.", "LONDON -"),
        ("WINSTON-SALEM, N.C., March 3 - x", "WINSTON-SALEM, N.C., March 3 -"),
        ("ULAN BATOR -5 degrees overnight", "ULAN BATOR -"),  # a hyphen before a digit
    ],
)
def test_a_dash_not_joined_to_a_letter_ends_a_dateline(line: str, header: str) -> None:
    assert [m.group(0) for m in datelines.FILED.finditer(line)] == [header]


def test_events_skip_a_dateline_state() -> None:
    text = "Aetna Profit Rises\nHARTFORD, Conn., March 3 - Aetna said profit rose."
    doc = spacy.blank("en")(text)
    header = {doc[i].text for i in dateline_tokens(doc)}
    assert {"HARTFORD", "Conn.", "March", "3", "-"} <= header
    assert "Aetna" not in header and "said" not in header


_PROVINCES, _PROVINCE_ABBREVIATIONS = datelines.canadian_provinces()
_STATES = sorted({*US_STATE_ABBREVIATIONS, *_PROVINCE_ABBREVIATIONS})
_NAMES = sorted(_PROVINCES)


def test_the_provinces_are_the_data_files_and_the_stylebooks() -> None:
    """One declaration: the slot's Canadian names are the data file's subdivisions of
    Canada (country_aliases.json), and its abbreviations the stylebook's thirteen."""
    from analysis.geo_sources import aliases

    assert {
        *aliases()["territories"]["CAN"],
        *datelines.DATELINE_ONLY_PROVINCES,
    } == _PROVINCES | _PROVINCE_ABBREVIATIONS
    assert len(_PROVINCES) == 14 and {"Yukon", "Newfoundland and Labrador"} <= _PROVINCES
    dotted = {a.replace(".", "") for a in _PROVINCE_ABBREVIATIONS}
    assert dotted == {"Alta", "BC", "Man", "NB", "Nfld", "NL", "NS", "Ont", "PEI", "Que",
                      "Sask", "NWT", "YT"}  # fmt: skip
    # The dateline-only abbreviations are not Canada outside the slot ("Man." is Man,
    # Ivory Coast; "Alta." Alta, Norway): that is why the data file lacks them.
    from analysis.gazetteer import candidates

    only = datelines.DATELINE_ONLY_PROVINCES
    assert not any(c.iso3 == "CAN" for a in only for c in candidates(a))


@settings(max_examples=examples(60), deadline=None)
@given(
    place=st.sampled_from(["WAUSAU", "ST. LOUIS", "WINSTON-SALEM", "NEW YORK"]),
    state=st.sampled_from(_STATES + _NAMES),
    upper=st.booleans(),
    dated=st.booleans(),
    agency=st.booleans(),
    dash=st.sampled_from(["-", "--", "\u2013"]),
)
def test_any_state_or_province_in_any_case_is_read(
    place: str, state: str, upper: bool, dated: bool, agency: bool, dash: str
) -> None:
    if state.isupper() and "." not in state:
        state = ".".join(state) + "."  # "NY" is printed "N.Y."
    written = state.upper() if upper else state
    header = f"{place}, {written}" + (", June 18" if dated else "")
    header += " (Reuters)" if agency else ""
    text = f"Headline\n{header} {dash} Shares rose."
    found = list(datelines.FILED.finditer(text))
    assert [m.group(0) for m in found] == [f"{header} {dash}"]
    assert found[0]["place"] == place
    # Without the dash the same words are running text (a hyphenated place's own hyphen
    # still reads as a dash, "WINSTON-": an older gap, see docs/readme/ctry19.md).
    running = f"Headline\n{header.replace('-', ' ')} said on Monday."
    assert list(datelines.filed_datelines(running)) == []


def _country_names() -> list[str]:
    from analysis.geo_sources import aliases

    data = aliases()
    names = {n for forms in data["names"].values() for n in forms}
    return sorted(n for n in names | set(data["common_names"].values()) if n[:1].isupper())


@settings(max_examples=examples(40), deadline=None)
@given(
    country=st.sampled_from(_country_names()),
    dated=st.booleans(),
    agency=st.booleans(),
)
def test_any_country_of_the_data_in_its_own_case_is_read(
    country: str, dated: bool, agency: bool
) -> None:
    header = f"SURFERS PARADISE, {country}" + (", Oct. 18" if dated else "")
    header += " (AFP)" if agency else ""
    found = list(datelines.FILED.finditer(f"Headline\n{header} - Shares rose."))
    assert [m.group(0) for m in found] == [f"{header} -"]
    assert found[0]["place"] == "SURFERS PARADISE"
    assert list(datelines.filed_datelines(f"Headline\n{header} said on Monday.")) == []


_FILED_PLACES = ["OSAKA", "HARTFORD", "ST. LOUIS", "WINSTON-SALEM", "NEW YORK", "LONDON"]
_QUALIFIERS = ["", ", Japan", ", Conn.", ", N.Y.", ", Ohio", ", South Korea", ", Nova Scotia"]


@settings(max_examples=examples(80), deadline=None)
@given(
    headline=st.sampled_from(["", "Shares Rise\n", "A story. ", "Shares Rise 2026 "]),
    place=st.sampled_from(_FILED_PLACES),
    qualifier=st.sampled_from(_QUALIFIERS),
    date=st.sampled_from(["", ", March 3", ", Oct. 18"]),
    agency=st.sampled_from(["", " (Reuters)"]),
    dash=st.sampled_from(["-", "--", "\u2013"]),
)
def test_the_filed_and_opening_readers_agree_on_a_stories_dateline(
    headline: str, place: str, qualifier: str, date: str, agency: str, dash: str
) -> None:
    """Issue #18: the countries' opening reader read "OSAKA, Japan, March 3 -" and
    "HARTFORD, Conn., March 3 -" as no dateline, while the filed reader read them. Now
    both read one declaration of the slots; wherever a story's dateline sits (its start,
    a line after a headline, after a run-in headline's sentence or year), the opening
    reader reads every place the filed reader reads, and the story's own datelines are
    those without a wire's credit."""
    text = f"{headline}{place}{qualifier}{date}{agency} {dash} The company said on Monday."
    opening = [text[s:e] for s, e in datelines.opening_datelines(text)]
    slot = bool(qualifier or date or agency)
    # A bare "PLACE -" opening a later line is a table's row as often: read with a slot.
    assert opening == ([] if headline.endswith("\n") and not slot else [place])
    filed = {hit["place"] for hit in datelines.FILED.finditer(text)}
    assert filed <= set(opening) or not slot
    assert datelines.own_dateline_starts(text) == ([] if agency else [text.index(place)])


@pytest.mark.parametrize(
    "table",
    ["COPPER - Quiet 75 tonnes\nLEAD - 1550 tonnes mainly", "in mln bushels --\nCORN -- 1986/87"],
)
def test_a_bare_word_opening_a_table_row_is_no_dateline(table: str) -> None:
    """Reuters-21578's metal and grain tables: "LEAD - 1550 tonnes" on a later line."""
    assert [table[s:e] for s, e in datelines.opening_datelines(table)] in ([], ["COPPER"])


@pytest.mark.parametrize(
    "text",
    [
        "OSAKA, Japan, March 3 - Sharp said.",
        "HARTFORD, Conn., March 3 - Aetna said.",
        "Aetna Cuts Jobs. HARTFORD, March 3 - Aetna said.",
    ],
)
def test_the_countries_cue_reads_a_dated_filed_dateline(text: str) -> None:
    place = text.split(",")[0].split(". ")[-1]
    assert [text[s:e] for s, e in datelines.opening_datelines(text)] == [place]


#: Pieces of a story's first characters around where an opening dateline may begin: a
#: sentence's end, a year, places in capitals, a state slot, a date, a credit, dashes.
_OPENING_PIECES = ["ROSWELL", "ST. LOUIS", "ATHENS", "Ga.", "Japan", "March 3", "(AP)",
                   "(Reuters)", "Headline", "said", "1987", "2024", "12", "21", "119",
                   "OF", "U.S.", "New", "1987 ROSWELL", "2024 ST. LOUIS", "said. ATHENS",
                   "fell! MALTA", "Why? ROSWELL", "x2003 MALTA", "2019\nATHENS"]  # fmt: skip
_OPENING_GAPS = [" ", ", ", ". ", "! ", "? ", " - ", " -- ", " \u2013 ", ": ", "\n", ".\n",
                 "", "-", "1", "2"]  # fmt: skip


@settings(max_examples=examples(400), deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_OPENING_PIECES), st.sampled_from(_OPENING_GAPS)),
                max_size=12))  # fmt: skip
def test_the_opening_form_tried_at_its_possible_starts_finds_what_finditer_finds(
    parts: list[tuple[str, str]],
) -> None:
    # datelines._opening_matches tries the pattern only where a match can begin (speed).
    head = "".join(piece + gap for piece, gap in parts)[: datelines.OPENING_REACH]
    pattern = datelines._opening()
    found = [(m.span(), m.span("place")) for m in datelines._opening_matches(head, pattern)]
    assert found == [(m.span(), m.span("place")) for m in pattern.finditer(head)]


@pytest.mark.parametrize(
    "head",
    ["Headline 1987 ROSWELL - Police said", "Headline 2024 MALTA: The", "It fell. ATHENS, Ga. -",
     "Why? ROSWELL -", "Now! MALTA \u2013 x", "ROSWELL (AP) -- Police"],
)  # fmt: skip
def test_an_opening_dateline_after_a_sentence_or_a_year_is_found(head: str) -> None:
    pattern = datelines._opening()
    found = [m.span() for m in datelines._opening_matches(head, pattern)]
    assert found == [m.span() for m in pattern.finditer(head)]
    assert found  # each head holds one


def test_a_replaced_opening_form_is_run_as_it_is(monkeypatch: pytest.MonkeyPatch) -> None:
    # A pattern a test puts in the module's place may begin anywhere: finditer runs it.
    replaced = re.compile(r"(?P<place>XY)-")
    monkeypatch.setattr(datelines, "OPENING", replaced, raising=False)
    found = [m.span("place") for m in datelines._opening_matches("aXY- bXY-", replaced)]
    assert found == [(1, 3), (6, 8)]


@pytest.mark.parametrize("name", ["OPENING", "FILED"])
def test_a_replaced_form_is_never_answered_from_the_cache_of_the_one_before(
    monkeypatch: pytest.MonkeyPatch, name: str
) -> None:
    # The dateline caches are keyed by the forms too: the same head read again after a
    # test replaced a form is read by the new form.
    # an opening dateline, then one of the filed form on an indented line
    text = "ROSWELL - Police said\n  HARTFORD, Conn., March 3 - More."

    def read() -> tuple[list, list]:
        return datelines.opening_datelines(text), datelines.own_dateline_starts(text)

    before = read()
    monkeypatch.setattr(datelines, name, re.compile(r"(?!x)x", re.MULTILINE), raising=False)
    after = read()
    datelines._opening_hits.cache_clear()
    datelines._form_hits.cache_clear()
    assert after == read()  # what the new form reads with no cache
    assert after != before  # and the form was read: the text has a dateline of each form
