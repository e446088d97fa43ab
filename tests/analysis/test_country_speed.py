"""The country mapping's speed-ups read the same as the plain forms they replace
(docs/countries-history.md, branch cspeed): each fast form is checked against its plain reading, on
hand-written text and on text hypothesis writes from the words the rules look for.
"""

from __future__ import annotations

import dataclasses
import itertools
import re

import numpy as np
import pandas as pd
from hypothesis import example, given, settings
from hypothesis import strategies as st

from analysis.countries import cues
from analysis.countries.compounds import _COUNTIES_AFTER, _INNER_HYPHEN, counties_after
from analysis.countries.evidence import _opening_datelines
from analysis.countries.last_round import _group_sums
from analysis.countries.lexicon import (
    _COMMONWEALTH_RE,
    _LOCAL_MARKERS,
    _US_CIVIC_HINTS,
    _US_CIVIC_SHARED,
)
from analysis.countries.pass_words import _SETTLEMENT_OF, _settlement_spans
from analysis.countries.places import _Pass
from analysis.countries.register import _US_CIVIC_MIN, _US_CIVIC_RES, _register_reading
from analysis.countries.rules import DEFAULT_CUES
from analysis.datelines import FILED, OPENING, OPENING_REACH, opening_datelines
from analysis.gazetteer import candidates, is_state_abbreviation, town_candidates
from analysis.teams import sport_of
from tests.properties import examples

#: The plain forms: each pattern with its look-behind (or \b) first, as written before.
_PLAIN = {
    "capitalised": re.compile(
        r"(?<![\w'’.-])[A-Z][\w'’.-]*(?:\s(?:(?:of|de|del|la|le|du|on|upon)\s)?[A-Z][\w'’.-]*)*"
    ),
    "party_home": re.compile(
        r"(?<![\w-])(?:R|D|I|DFL)-(?!Day\b)(?P<home>(?:[A-Z]\.){2,3}|[A-Z]\.\s?[A-Z][a-z]+\.?|"
        r"[A-Z][A-Za-z'’]*(?:\s[A-Z][A-Za-z'’]*){0,2}\.?)"
    ),
    "inner_hyphen": re.compile(r"(?<=[\w.'’])-(?=[A-Za-z])"),
    "settlement": re.compile(
        r"\b(?:town|village|hamlet|township|borough|municipality|city)\s+of\s+"
        r"(?P<name>[A-Z][\w'’.-]*(?:\s[A-Z][\w'’.-]*){0,2})"
    ),
}
_FAST = {
    "capitalised": cues._CAPITALISED,
    "party_home": cues._PARTY_HOME,
    "inner_hyphen": _INNER_HYPHEN,
    "settlement": _SETTLEMENT_OF,
}

#: Pieces of text the rules look for, and what sits around them.
_PIECES = [
    "in", "near", "of", "the", "city of", "County of", "to", "Britain", "within", "Tenn.",
    "Chiefland", "Gainesville", "Roswell", "Isle of Palms", "Paris", "Ohio", "S.C.",
    "residents", "police", "Police Department", "-based", "'s", "R-", "D-", "DFL-", "I-",
    "Day", "U.S.", "Egypt-US", "a", "x9", "’s", "St.", "LONDON", "(Reuters)", "-", "--",
    "sheriff's office", "city council", "County Sheriff", "£5", "Garda", "RCMP", "centre",
    "colour", "Mr", "per cent", "state lawmakers", "1996", ":", ".", "town of", "township of",
    "hometown of", "village", "Akuressa", "SOCCER - ", "GOLF -", "Cricket", "counties", "and",
]  # fmt: skip
_GAPS = ["", " ", "  ", ", ", "\n", "-", ".", " the ", "'", "’"]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """Text made of the rules' pieces with spaces, commas, hyphens, newlines between."""
    n = draw(st.integers(1, 14))
    parts = []
    for _ in range(n):
        parts.append(draw(st.sampled_from(_PIECES)))
        parts.append(draw(st.sampled_from(_GAPS)))
    return "".join(parts)


@settings(max_examples=examples(300), deadline=None)
@given(_texts())
def test_patterns_with_the_look_behind_after_their_first_character_match_the_same(
    text: str,
) -> None:
    for name, plain in _PLAIN.items():
        fast = _FAST[name]
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]
        assert bool(fast.fullmatch(text)) == bool(plain.fullmatch(text))
    home = [m.span("home") for m in _PLAIN["party_home"].finditer(text)]
    assert [m.span("home") for m in cues._PARTY_HOME.finditer(text)] == home


@settings(max_examples=examples(300), deadline=None)
@given(_texts())
def test_the_before_cue_skips_the_search_only_where_it_finds_nothing(text: str) -> None:
    for start in range(len(text) + 1):
        plain = bool(cues._PLACE_BEFORE.search(text[max(0, start - 40) : start]))
        assert cues._before_cue(text, start) == plain


@settings(max_examples=examples(300), deadline=None)
@given(_texts())
def test_the_after_cue_skips_the_match_only_where_it_finds_nothing(text: str) -> None:
    for end in range(len(text) + 1):
        plain = bool(cues._PLACE_AFTER.match(text[end : end + 40]))
        assert cues._after_cue(text, end) == plain


def test_the_before_cue_read_backwards_on_examples() -> None:
    # The property above compares with the plain search; these pin what both find.
    for before, cue in [
        ("lives in ", True),
        ("in the city of ", True),
        ("Flu in\n", True),
        ("within ", False),
        ("County of ", True),
        ("in the County of ", True),
        ("begin ", False),
        ("(in) ", False),
        ("-in ", True),
        ("in", False),
    ]:
        text = before + "Roswell"
        assert cues._before_cue(text, len(before)) is cue, before
        assert bool(cues._PLACE_BEFORE.search(before)) is cue, before


def _plain_cued_spans(text: str, switches: object) -> list[tuple[int, int, bool]]:
    """The cued windows read window by window, as before the per-word tests."""
    out = []
    if switches.datelines:
        out.extend((s, e, True) for s, e in opening_datelines(text))
    for run in _PLAIN["capitalised"].finditer(text):
        words = [(w.start() + run.start(), w.end() + run.start())
                 for w in cues._WORD.finditer(run.group())]  # fmt: skip
        for size in range(min(len(words), 4), 0, -1):
            for i in range(len(words) - size + 1):
                start, end = words[i][0], words[i + size - 1][1]
                end = start + len(text[start:end].rstrip(".'’"))
                after = text[end : end + 40]
                before = text[max(0, start - 40) : start]
                weak = (switches.before and cues._PLACE_BEFORE.search(before)) or (
                    switches.after and cues._PLACE_AFTER.match(after)
                )
                strong = (
                    switches.qualified
                    and cues._QUALIFIED.match(after)
                    and cues._qualifier_is_place(text, end)
                )
                cue = True if strong else (False if weak else None)
                if cue is not None:
                    out.append((start, end, cue))
                if cue and (where := cues.qualifier_span(text, end)):
                    out.append((*where, True))
    return out


def _cued(text: str, switches: object) -> list[tuple[int, int, bool]]:
    runs = cues._capitalised_runs(text)
    return cues._cued_spans(text, switches, runs, opening_datelines(text))


@settings(max_examples=examples(200), deadline=None)
@given(_texts(), st.sampled_from(["datelines", "qualified", "before", "after", None]))
def test_cued_windows_are_those_read_window_by_window(text: str, off: str | None) -> None:
    switches = dataclasses.replace(DEFAULT_CUES, **{off: False}) if off else DEFAULT_CUES
    assert _cued(text, switches) == _plain_cued_spans(text, switches)


#: Pieces of capitalised runs whose inner words may have a cue (branch speed23: the runs
#: that cannot have one are skipped before their words are read).
_RUN_PIECES = [
    "Byesville", "Volunteer", "Fire", "Department", "Police", "Chief", "City", "Hall",
    "Board", "of", "Education", "Public", "Schools", "Library", "Area", "School", "District",
    "Isle", "Palms", "Roswell", "Ohio", "Gainesville", "Texas", "X-in", "O'in", "Mc’of", "J.to",
    "St.", "Jones'", "the", "in", "near", "city", "residents", "-based", "'s", "Fla.", "N.Y.",
    "Lake", "County", "Town", "Village", "Council", "Upon", "upon",
]  # fmt: skip
_RUN_GAPS = [" ", " ", " ", "  ", "\n", "", ", ", " (", ") ", ".", "-"]


@st.composite
def _run_texts(draw: st.DrawFn) -> str:
    """Text of capitalised runs made of :data:`_RUN_PIECES`, mostly single spaces apart."""
    n = draw(st.integers(1, 12))
    return "".join(draw(st.sampled_from(_RUN_PIECES)) + draw(st.sampled_from(_RUN_GAPS))
                   for _ in range(n))  # fmt: skip


@settings(max_examples=examples(400), deadline=None)
@given(_run_texts(), st.sampled_from(["qualified", "before", "after", None]))
@example("the Byesville Volunteer Fire Department", None)
@example("Mayor Isle of Palms", None)
@example("Mayor X-in Roswell", None)
@example("Mayor O'in Roswell", None)
@example("Mayor Mc’of Roswell", None)
@example("Mayor Jones' Texas residents", None)
def test_cued_windows_inside_runs_are_those_read_window_by_window(
    text: str, off: str | None
) -> None:
    switches = dataclasses.replace(DEFAULT_CUES, **{off: False}) if off else DEFAULT_CUES
    assert _cued(text, switches) == _plain_cued_spans(text, switches)


def test_inner_words_have_cues() -> None:
    # Each reason _INNER_CUE lets a run through gives a window that has its cue.
    for text, window in [
        ("the Byesville Volunteer Fire Department", "Byesville"),
        ("Mayor Isle of Palms", "Palms"),
        ("Mayor X-in Roswell", "Roswell"),
    ]:
        start = text.index(window)
        spans = {(s, e) for s, e, _ in _cued(text, DEFAULT_CUES)}
        assert (start, start + len(window)) in spans, text


def test_the_institution_openers_are_the_first_words_of_the_institutions() -> None:
    # The phrases of cues._INSTITUTION_AFTER are finite: every one of up to four of its
    # words, single spaces apart, is tried; those it reads open with an opener, and every
    # opener opens one.
    words = sorted(set(re.findall(r"[A-Z][a-z]+|of", cues._INSTITUTION_AFTER)))
    pattern = re.compile(cues._INSTITUTION_AFTER)
    firsts = set()
    for size in range(1, 5):
        for phrase in itertools.product(words, repeat=size):
            if pattern.fullmatch(" ".join(phrase)):
                firsts.add(phrase[0])
    assert firsts == set(cues._INSTITUTION_OPENERS)


@settings(max_examples=examples(300), deadline=None)
@given(_texts())
@example("the town of Akuressa")
@example("a city of Paris")
def test_settlement_names_are_those_of_the_plain_pattern(text: str) -> None:
    # branch speed23: a text with none of the settlement words is not searched.
    plain = [hit.span("name") for hit in _PLAIN["settlement"].finditer(text)]
    plain = [(s, s + len(cues._trim_sentence_dot(text[s:e]))) for s, e in plain]
    assert _settlement_spans(text) == plain


@settings(max_examples=examples(300), deadline=None)
@given(_texts(), st.sampled_from(["UAE", "UK", "US", "DRC", "Chad", "Ohio"]))
@example("It left the UAE. The UK", "UAE")
def test_standalone_countries_are_those_read_at_every_run(text: str, word: str) -> None:
    # branch speed23: country_acronym is asked only of a run after "the ".
    for story in (f"{text} the {word} {text}", f"the {word}{text}"):
        # One empty mention at 0, which overlaps no span; runs do not overlap each other.
        found = _Pass.of(story, [{"start": 0, "end": 0, "label": "CARDINAL", "text": ""}], None)
        found.standalone()
        plain = set()
        for start, end, run in cues._capitalised_runs(story):
            if not cues._standalone_country(run):
                end = start + cues.country_acronym(story, start, run)
            if end > start:
                plain.add((start, end))
        assert found.spans == plain


def test_a_cue_switched_off_takes_effect_at_once() -> None:
    text = "He moved to Chiefland, Fla., where Gainesville residents met in Roswell."
    on = _cued(text, DEFAULT_CUES)
    for cue in ("qualified", "before", "after"):
        off = _cued(text, dataclasses.replace(DEFAULT_CUES, **{cue: False}))
        assert off != on and off == _plain_cued_spans(
            text, dataclasses.replace(DEFAULT_CUES, **{cue: False})
        )
    assert _cued(text, DEFAULT_CUES) == on  # nothing of the switched-off runs stays behind


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(st.integers(-1, 4), st.integers(-1, 6), st.integers(0, 1)), min_size=1))
def test_group_sums_are_the_groupby_sums(rows: list[tuple[int, int, int]]) -> None:
    frame = pd.DataFrame(rows, columns=["a", "b", "v"])
    a, b, v = (frame[c].to_numpy(dtype="int64") for c in ("a", "b", "v"))
    assert np.array_equal(_group_sums(v, a), frame.groupby("a")["v"].transform("sum"))
    both = frame.groupby(["a", "b"])["v"].transform("sum")
    assert np.array_equal(_group_sums(v, a, b), both)


def _brute_places_inside_name(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The spec of cues._places_inside_name, by brute force over every run of whole words
    of text[start:end]: a run of 1 to 4 words, not the whole name, whose surface (without
    a closing quote or sentence dot) is capitalised, not "The", and known to the
    gazetteer claims its words; the longest runs claim first, then the leftmost, and a
    run with a word already claimed claims nothing. A claiming run is returned when it is
    no state abbreviation, no plural common noun read as a country ("Independent States":
    cues._plural_noun) and has a reading of an allowed rule that needs no context.
    Written apart from the code (sets of word numbers, one sort), so that a slip in the
    code's loop, its bounds or its offsets shows as a difference."""
    words = [(start + w.start(), start + w.end()) for w in cues._WORD.finditer(text[start:end])]
    runs = [(i, j) for i in range(len(words)) for j in range(i + 1, len(words) + 1)
            if j - i <= 4 and j - i < len(words)]  # fmt: skip

    def surface(i: int, j: int) -> str:
        return cues._trim_sentence_dot(text[words[i][0] : words[j - 1][1]].rstrip("'’"))

    def known(i: int, j: int) -> bool:
        s = surface(i, j)
        return s[:1].isupper() and s != "The" and bool(candidates(s) or town_candidates(s))

    claimed: set[int] = set()
    spans = []
    for i, j in sorted(filter(lambda r: known(*r), runs), key=lambda r: (r[0] - r[1], r[0])):
        if claimed & set(range(i, j)):
            continue
        claimed |= set(range(i, j))
        s = surface(i, j)
        allowed = {"name"} if s.isupper() and len(s.replace(".", "")) <= 3 else cues._INSIDE_RULES
        readings = candidates(s)
        if (not is_state_abbreviation(s) and not cues._plural_noun(s)) and any(
            c.rule in allowed and not c.needs_context for c in readings
        ):
            spans.append((words[i][0], words[i][0] + len(s)))
    return sorted(spans)


#: Pieces of names with places inside them: places of one to four words, places inside
#: or overlapping longer places, a place that needs context, state abbreviations, short
#: capitals, closing dots and quotes.
_NAME_PIECES = [
    "New", "England", "New England", "Patriots", "Jersey", "New Jersey", "Jersey City",
    "City", "Council", "US", "IN", "UK", "U.S.", "N.Y.", "State", "Department", "Texas",
    "Texas.", "Ohio'", "Ohio’", "Georgia", "West Virginia", "Virginia", "Tech", "Miss",
    "America", "United States of America", "of", "the", "The", "Turks and Caicos Islands",
    "Islands", "Papua New Guinea", "Guinea", "Madison County", "County", "Sri Lanka",
    "Isle of Man", "Hong Kong", "York", "Bank", "South", "Wales", "St. Lucia", "Police",
    "Brittany", "Paris", "NSW", "States", "Emirates", "Commonwealth of Independent States",
]  # fmt: skip


@st.composite
def _names(draw: st.DrawFn) -> str:
    """A name of one to six of :data:`_NAME_PIECES`, mostly space-separated."""
    words = draw(st.lists(st.sampled_from(_NAME_PIECES), min_size=1, max_size=6))
    gaps = draw(st.lists(st.sampled_from([" ", " ", " ", "-", ", ", "'s "]),
                         min_size=len(words), max_size=len(words)))  # fmt: skip
    return "".join(w + g for w, g in zip(words, gaps, strict=True)).rstrip()


@settings(max_examples=examples(300), deadline=None)
@given(_texts(), _names() | _texts(), _texts())
def test_places_inside_a_name_are_those_the_brute_force_finds(
    before: str, name: str, after: str
) -> None:
    text = before + name + after
    start, end = len(before), len(before) + len(name)
    assert cues._places_inside_name(text, start, end) == _brute_places_inside_name(text, start, end)


def test_places_inside_a_name_are_found() -> None:
    # The property above compares two readings; this pins what both read.
    text = "Fans of the New England Patriots and Ohio State Police met."
    start = text.index("Ohio")
    assert cues._places_inside_name(text, start, start + 17) == [(start, start + 4)]
    for name, places in [
        ("New England Patriots", []),  # "New England" (a town) hides England
        ("Jersey City Council", []),  # a city is never read inside a name
        ("New Jersey City Council", ["New Jersey"]),  # the leftmost of two overlapping
        ("US State Department", ["US"]),
        ("IN State Police", []),  # "IN" is no Indiana
        ("NSW Police Force", []),  # short capitals: a country only, no territory
        ("Miss America", ["America"]),  # "Miss" is a state abbreviation, no state
        ("Brittany Ferries", []),  # a territory that needs context
        ("Commonwealth of Independent States", []),  # a plural noun, not the US
        ("Texas. Police Department", ["Texas"]),  # the sentence dot is not the place's
        ("Ohio’ State Police", ["Ohio"]),  # nor is a closing quote
        ("United States of America Cup Team", ["United States of America"]),
        ("Turks and Caicos Islands", []),  # the whole name is a relabel, not inside
    ]:
        text = f"The {name} said."
        spans = cues._places_inside_name(text, 4, 4 + len(name))
        assert [text[s:e] for s, e in spans] == places, name
        assert _brute_places_inside_name(text, 4, 4 + len(name)) == spans, name


@settings(max_examples=examples(200), deadline=None)
@given(_texts())
def test_opening_datelines_are_read_once_and_alike(text: str) -> None:
    head = text[:OPENING_REACH]
    hits = list(OPENING.finditer(head))
    starts = {h.start("place") for h in hits}  # and the filed form's other places
    hits += [h for h in FILED.finditer(head) if h.start("place") not in starts
             and set(",(") & set(h.group(0)[h.end("place") - h.start():])]  # fmt: skip
    pieces = [*hits, *FILED.finditer(head)]  # a place inside another's is none
    hits = [h for h in hits if not any(o.start("place") < h.start("place") < o.end("place")
                                       for o in pieces)]  # fmt: skip
    hits.sort(key=lambda h: h.span("place"))
    sport = sport_of(head) if hits else None  # a slug is no dateline
    hits = [h for h in hits if sport is None or h.group("place").casefold() != sport]
    assert opening_datelines(text) == [h.span("place") for h in hits]
    assert _opening_datelines(text) == [
        (h.group("place"), "(" in h.group(0)[h.end("place") - h.start() :]) for h in hits
    ]


def _plain_register(text: str) -> str | None:
    """The local register as read before each hint was looked for once (a shared civic
    phrase decides nothing alone: rule civic_shared)."""
    found = {country for country, marker in _LOCAL_MARKERS.items() if marker.search(text)}
    if found:
        return found.pop() if len(found) == 1 else None
    lowered = text.lower()
    kinds = 0
    for kind, pattern in _US_CIVIC_RES.items():
        if any(hint in lowered for hint in _US_CIVIC_HINTS[kind]) and pattern.search(text):
            kinds += 1
            if kinds >= _US_CIVIC_MIN and kind not in _US_CIVIC_SHARED:
                return None if _COMMONWEALTH_RE.search(text) else "USA"
    return None


@settings(max_examples=examples(300), deadline=None)
@given(_texts())
def test_the_local_register_reads_as_before(text: str) -> None:
    found = _register_reading.__wrapped__(text)
    assert (None if found is None else found[0]) == _plain_register(text)


@settings(max_examples=examples(200), deadline=None)
@given(_texts())
def test_the_county_list_gate_is_exact(text: str) -> None:
    # counties_after answers without its list regex only where that regex cannot match.
    for end in range(len(text) + 1):
        m = _COUNTIES_AFTER.match(text, end)
        assert counties_after(text, end) == (None if m is None else m.group().split()[-1])


def _plain_place_opening_name(
    text: str, start: int, end: int, named: set[str]
) -> tuple[int, int] | None:
    """cues._place_opening_name as written before its words were cached on the name: it
    read the words of text[start:end] and tried every second to fourth word."""
    words = [(start + w.start(), start + w.end()) for w in cues._WORD.finditer(text[start:end])]
    if words and text[words[0][0] : words[0][1]] in ("The", "the"):
        words = words[1:]
    for n in range(min(len(words) - 1, 3), 0, -1):
        following = text[words[n][0] : words[n][1]]
        if following not in cues._INSTITUTION:
            continue
        if following in cues._ADMIN_WORDS:
            county = (words[0][0], words[n][1])
            surface = cues._trim_sentence_dot(text[county[0] : county[1]])
            if cues._is_place(surface, strong=False, named=named):
                return county
        span = (words[0][0], words[n - 1][1])
        surface = text[span[0] : span[1]]
        if (possessive := cues._POSSESSIVE_END.search(surface)) is not None:
            surface = surface[: possessive.start()]
            span = (span[0], span[0] + len(surface))
        if cues._is_place(surface, strong=False, named=named):
            return span
        if following in cues._LOCAL_GOVERNMENT and cues._one_country(surface):
            return span
    return None


#: Words of organisations' names: places, institution words, "The", possessives.
_NAME_WORDS = [
    "The", "the", "Gainesville", "Franklin", "Kent's", "Ohio", "Athens", "Madison", "County",
    "Police", "Department", "Board", "Office", "Auditor's", "City", "Council", "Sheriff",
    "of", "Hartford", "University", "Greater", "Metropolitan", "Atlanta", "Texas.", "x9",
]  # fmt: skip


@st.composite
def _names(draw: st.DrawFn) -> str:
    """A name of one to six of :data:`_NAME_WORDS` joined by spaces (or a hyphen)."""
    words = draw(st.lists(st.sampled_from(_NAME_WORDS), min_size=1, max_size=6))
    return "".join(w + draw(st.sampled_from([" ", " ", "-"])) for w in words).rstrip(" -")


@settings(max_examples=examples(300), deadline=None)
@given(_texts(), _names(), _texts(), st.sampled_from([set(), {"USA"}, {"GBR", "USA"}]))
def test_a_place_opening_a_name_is_read_as_before_its_words_were_cached(
    before: str, name: str, after: str, named: set[str]
) -> None:
    text = before + name + after
    start, end = len(before), len(before) + len(name)
    fast = cues._place_opening_name(text, start, end, named)
    assert fast == _plain_place_opening_name(text, start, end, named)


def test_a_place_opening_a_name_is_found() -> None:
    # The property above compares two readings; this pins that they read something.
    text = "Officers of the Gainesville Police Department and Franklin County Auditor's Office"
    start = text.index("Gainesville")
    assert cues._place_opening_name(text, start, start + 34, {"USA"}) == (start, start + 11)
    start = text.index("Franklin")
    assert cues._place_opening_name(text, start, len(text), {"USA"}) == (start, start + 15)


@settings(max_examples=examples(300), deadline=None)
@given(_texts(), _names())
def test_the_place_closing_a_name_is_found_where_the_plain_pattern_finds_it(
    before: str, name: str
) -> None:
    text = before + name
    for end in range(len(text) + 1):
        for start in (max(0, end - 60), 0, end // 2):
            fast = cues._OF_PLACE_FAST.search(text, start, end)
            plain = cues._OF_PLACE.search(text, start, end)
            assert (fast and (fast.span(), fast.span("place"))) == (
                plain and (plain.span(), plain.span("place"))
            )


def _plain_place_readings(surface: str) -> list:
    """cues._place_readings as written before it was cached (a list, built per call)."""
    readings = [c for c in candidates(surface) if c.rule not in ("demonym", "metonym")]
    streets = cues._STREET.search(surface)
    return readings + (list(town_candidates(surface)) if not streets else [])


@settings(max_examples=examples(200), deadline=None)
@given(_names(), st.sampled_from(["", " Street", " County", ".", "'s"]))
def test_place_readings_are_read_as_before_they_were_cached(name: str, tail: str) -> None:
    surface = name + tail
    assert list(cues._place_readings(surface)) == _plain_place_readings(surface)
    for strong in (False, True):
        for named in (set(), {"USA"}):
            # _is_place over the cached readings, as over the plain ones.
            readings = _plain_place_readings(surface)
            plain = bool(readings) if strong else (
                cues._own_city(readings)
                or any(c.iso3 in named or (not c.needs_context and c.rule in
                       cues._ANYWHERE_RULES) for c in readings)
            )  # fmt: skip
            short = not any(ch.islower() for ch in surface) and len(surface) <= 3
            assert cues._is_place(surface, strong=strong, named=named) == (
                plain and not (short and not strong)
            )


def test_place_readings_read_towns_but_not_streets() -> None:
    assert any(c.rule == "town" for c in cues._place_readings("Chiefland"))
    assert not any(c.rule == "town" for c in cues._place_readings("North Street"))


_CELLS = st.one_of(st.none(), st.just(np.nan), st.sampled_from(["USA", "GBR", "city", ""]))


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(st.tuples(_CELLS, st.booleans(), _CELLS), max_size=12))
def test_filled_columns_are_what_the_loc_assignment_leaves(
    rows: list[tuple[object, bool, object]],
) -> None:
    """map_countries writes its ISO3 codes and rules with columns.filled (numpy): the
    same column, cell for cell and dtype, as the ``.loc`` assignment it replaced."""
    from analysis import schema
    from analysis.countries.columns import filled

    column = pd.Series([r[0] for r in rows], dtype=schema.STR, index=range(5, 5 + len(rows)))
    mask = np.array([r[1] for r in rows], dtype=bool)
    values = np.array([r[2] for r in rows if r[1]], dtype=object)
    plain = column.copy()
    plain.loc[mask] = pd.array(values, dtype=schema.STR)
    fast = pd.Series(filled(column, mask, values), index=column.index)
    pd.testing.assert_series_equal(fast, plain)


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(
        st.tuples(st.one_of(_CELLS, st.just(pd.NA), st.integers(0, 3)), st.booleans()),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["object", "string"]),
)
def test_country_cells_kept_as_objects_read_as_the_string_column(
    rows: list[tuple[object, bool]], dtype: str
) -> None:
    """map_countries keeps an object iso3/rule column of strings and missing cells as it
    came (resolve._with_country_columns, branch speed20): the rules it reads ("" for
    none) and the string column it writes are those of the column converted to strings
    first, as before; other columns (a number among the cells) are converted as before."""
    from analysis import schema
    from analysis.countries.columns import filled, filled_cells
    from analysis.countries.resolve import _with_country_columns

    cells = [r[0] for r in rows]
    frame = pd.DataFrame(
        {"iso3": pd.Series(cells, dtype=object), "rule": pd.Series(cells, dtype=object)}
    )
    if dtype == "string":
        frame = frame.astype(schema.STR)
    out, kept = _with_country_columns(frame)
    plain = frame["rule"].astype(schema.STR)
    came_with = kept["rule"].copy()
    came_with[pd.isna(came_with)] = ""
    assert came_with.tolist() == plain.to_numpy(dtype=object, na_value="").tolist()
    mask = np.array([r[1] for r in rows], dtype=bool)
    values = np.array(["GBR"] * int(mask.sum()), dtype=object)
    pd.testing.assert_extension_array_equal(
        filled_cells(kept["iso3"], mask, values),
        filled(frame["iso3"].astype(schema.STR), mask, values),
    )
    assert len(out) == len(frame)


def test_map_countries_reads_object_and_string_country_columns_alike() -> None:
    """A chunk built from records (object iso3/rule columns, kept as they came) maps
    cell for cell as the same chunk with string columns (branch speed20)."""
    from analysis import schema
    from analysis.countries import map_countries

    text = "Officials in Paris and Lyon met Germans from Texas."
    records = [
        {"doc_id": "d1", "text": t, "label": lab, "start": text.index(t),
         "end": text.index(t) + len(t), "iso3": None, "rule": rule}
        for t, lab, rule in [("Paris", "GPE", None), ("Lyon", "GPE", "gazetteer"),
                             ("Germans", "NORP", None), ("Texas", "GPE", None)]
    ]  # fmt: skip
    frame = pd.DataFrame(records)
    typed = frame.astype({"iso3": schema.STR, "rule": schema.STR})
    fast = map_countries(frame, texts={"d1": text})
    plain = map_countries(typed, texts={"d1": text})
    pd.testing.assert_frame_equal(fast, plain)
    assert fast["iso3"].tolist()[:2] == ["FRA", "FRA"]


_LABELS = st.one_of(st.none(), st.sampled_from(["GPE", "LOC", "NORP", "FAC", "PERSON", "ORG", ""]))
_RULES = st.one_of(st.none(), st.sampled_from(["national_team", "gazetteer", "org_home", ""]))


@settings(max_examples=examples(200), deadline=None)
@given(
    st.lists(st.tuples(_LABELS, st.one_of(st.none(), st.just("Paris")), _RULES), max_size=12),
    st.sampled_from(["string", "str", "object"]),
)
def test_the_place_mask_is_the_pandas_one(
    rows: list[tuple[str | None, str | None, str | None]], dtype: str
) -> None:
    """map_countries picks its place rows with resolve.place_mask (numpy): the rows the
    pandas form it replaced picks (a place label, a text, no national team's rule)."""
    from analysis import schema
    from analysis.countries.resolve import PLACE_LABELS, TEAM_RULE, place_mask

    labels = pd.Series([r[0] for r in rows], dtype=dtype)
    texts = pd.Series([r[1] for r in rows], dtype=dtype)
    rules = pd.Series([r[2] for r in rows], dtype=object).astype(schema.STR)
    plain = labels.isin(PLACE_LABELS).fillna(False).to_numpy(dtype=bool)
    plain = plain & texts.notna().to_numpy(dtype=bool)
    plain = plain & rules.ne(TEAM_RULE).fillna(True).to_numpy(dtype=bool)
    came_with = rules.to_numpy(dtype=object, na_value="")
    assert np.array_equal(place_mask(labels, texts, came_with), plain)
    assert list(came_with) == list(rules.astype(object).fillna("").to_numpy())


_CELLS = st.one_of(st.none(), st.sampled_from(["GPE", "d1", "d2", "", "Paris"]),
                   st.integers(0, 3), st.just(2.0), st.just(float("nan")))  # fmt: skip


@settings(max_examples=examples(200), deadline=None)
@given(st.lists(_CELLS, max_size=12), st.lists(_CELLS, max_size=5))
def test_isin_is_numpys(cells: list, wanted: list) -> None:
    """columns.isin (the readers' membership tests, by hashing: branch speed19) marks
    the cells np.isin marks, NaN matching nothing."""
    from analysis.countries.columns import isin

    values = np.empty(len(cells), dtype=object)
    values[:] = cells
    plain = np.array([any(c == w for w in wanted) for c in cells], dtype=bool)
    assert np.array_equal(isin(values, wanted), plain)
    if cells and all(isinstance(c, str) for c in cells + wanted):
        assert np.array_equal(isin(values, set(wanted)), np.isin(values, wanted))
