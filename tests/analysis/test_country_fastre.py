"""The char-first forms of the register's patterns (analysis/countries/fastre.py) find
what the plain patterns of analysis/data/country_lexicon.json find, at the same places,
on text hypothesis writes from the patterns' own matches and the characters around them.
"""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.countries import fastre, register
from analysis.countries.lexicon import _COMMONWEALTH_RE, _LOCAL_MARKERS, _US_CIVIC
from analysis.countries.register import _register_reading
from tests.properties import examples

#: Every pattern the local register searches, by name, as declared (the plain form).
_PATTERNS = {
    **{f"marker {iso3}": p.pattern for iso3, p in _LOCAL_MARKERS.items()},
    "commonwealth": _COMMONWEALTH_RE.pattern,
    **{f"us_civic {kind}": pattern for kind, pattern in _US_CIVIC.items()},
}
_BRANCHES = [branch for pattern in _PATTERNS.values() for branch in fastre.branches(pattern)]

#: What may sit beside a match: word characters (ASCII and not), digits, a hyphen, spaces.
_AROUND = ["", " ", "  ", "x", "Q", "é", "_", "7", "0", "-", "\n", ".", ",", "'", "’", "(", "£"]


@st.composite
def _texts(draw: st.DrawFn) -> str:
    """Matches of the register's branches (whole, or cut short) with characters around."""
    parts = []
    for _ in range(draw(st.integers(1, 5))):
        parts.append(draw(st.sampled_from(_AROUND)))
        match = draw(st.from_regex(draw(st.sampled_from(_BRANCHES)), fullmatch=True))
        parts.append(match[: draw(st.integers(0, len(match)))] if draw(st.booleans()) else match)
    parts.append(draw(st.sampled_from(_AROUND)))
    return "".join(parts)


@settings(max_examples=examples(400), deadline=None)
@given(_texts())
def test_char_first_forms_match_the_same_text_at_the_same_places(text: str) -> None:
    for branch in _BRANCHES:
        plain, fast = re.compile(branch), re.compile(fastre.char_first(branch))
        assert [m.span() for m in fast.finditer(text)] == [m.span() for m in plain.finditer(text)]


@settings(max_examples=examples(400), deadline=None)
@given(_texts())
def test_searching_the_branches_finds_what_the_whole_pattern_finds(text: str) -> None:
    for pattern in _PATTERNS.values():
        parts = fastre.searchers(pattern)
        assert fastre.found(parts, text) == (re.search(pattern, text) is not None)


@pytest.mark.parametrize("branch", _BRANCHES)
def test_every_branch_of_the_register_opens_with_a_character(branch: str) -> None:
    # A branch left opening with \b or a look-behind is tried at every character: the
    # speed-up would silently be lost for it (the results would stay right).
    assert not fastre.char_first(branch).startswith((r"\b", "(?<"))


def test_the_rewrites_on_examples() -> None:
    assert fastre.branches(r"a|(b|c)[|]|\|d") == ["a", "(b|c)[|]", r"\|d"]
    assert fastre.char_first(r"\b[Ss]tate\b") == r"S(?<!\wS)tate\b|s(?<!\ws)tate\b"
    assert fastre.char_first(r"\b(?:Mr|Dr)(?=\s)") == r"M(?<!\wM)r(?=\s)|D(?<!\wD)r(?=\s)"
    assert fastre.char_first(r"(?<![\d-])0\d") == r"0(?<![\d-]0)\d"
    assert fastre.char_first(r"\b[A-Z]{1,2}\d") == r"[A-Z](?<!\w[A-Z])[A-Z]{0,1}\d"
    assert fastre.char_first(r"\b\d+x") == r"\d(?<!\w\d)\d*x"
    # Not understood, kept as it is: an optional first atom, a capturing group, an escape.
    for kept in (r"\b[Ss]?tate", r"\b(state)", r"\b\.", r"\b(?:a|b)+", "£5"):
        assert fastre.char_first(kept) == kept


@pytest.mark.parametrize(
    ("text", "country"),
    [
        ("Tickets cost £5 at the door.", "GBR"),
        ("The Garda said the road was closed.", "IRL"),
        ("Call 01632 960123 for details.", "GBR"),
        ("The office at SW1A 1AA was shut.", "GBR"),
        ("The RCMP said on Monday.", "CAN"),
        ("Mail it to K1A 0B1 by Friday.", "CAN"),
        ("The Garda and the RCMP met.", None),  # two countries' markers: none
        ("The city council met; the county sheriff's office said no.", "USA"),
        ("The city council met at the centre.", None),  # Commonwealth spelling
        ("The city council met at City Hall.", None),  # shared civic words alone
        ("A film with Dirk Bogarda, nothing more.", None),  # inside a word: no marker
        ("XSW1A 1AA is no postcode.", None),
    ],
)
def test_the_register_of_examples(text: str, country: str | None) -> None:
    found = _register_reading.__wrapped__(text)
    assert (None if found is None else found[0]) == country


@pytest.mark.parametrize(
    ("pattern", "text"),
    [
        ("(?i)abc|xyz", "XYZ"),
        ("(?i)abc|xyz", "nothing here"),
        ("(?x) a | b", "b"),
        ("(?x) a | b", "c"),
        ("(?im)^abc|xyz", "q\nXyZ"),
    ],
)
def test_a_pattern_with_global_flags_finds_what_it_finds_whole(pattern: str, text: str) -> None:
    """A leading global flag governs every branch: searched whole, never split (review 3
    F7: split, '(?i)abc|xyz' missed 'XYZ')."""
    assert fastre.found(fastre.searchers(pattern), text) == (re.search(pattern, text) is not None)


@settings(max_examples=examples(400), deadline=None)
@given(_texts())
def test_the_marker_screen_finds_a_match_where_a_screened_part_has_one(text: str) -> None:
    # branch speed23: the local register skips the screened marker parts when the one
    # alternation of them finds nothing; it must find something wherever one of them does.
    screened = [p for parts in register._SCREENED.values() for p in parts]
    assert screened and register._MARKER_SCREEN is not None
    assert (register._MARKER_SCREEN.search(text) is not None) == any(
        p.search(text) is not None for p in screened
    )
    # ... and the register reads as with every marker part searched on its own.
    found = {c for c, p in _LOCAL_MARKERS.items() if p.search(text)}
    reading = _register_reading.__wrapped__(text)
    if found:
        assert (None if reading is None else reading[0]) == (
            found.pop() if len(found) == 1 else None
        )


def test_patterns_that_open_with_a_literal() -> None:
    assert fastre.opens_with_literal(r"£\s?\d")
    assert fastre.opens_with_literal(fastre.char_first(r"\b(?:RCMP|NDP)\b"))
    assert not fastre.opens_with_literal(r"[A-Z]\d")  # a set: tried at every capital
    assert not fastre.opens_with_literal(r"ab|\bc")  # one branch opens with an escape
    assert not fastre.opens_with_literal(r"(?i)ab")  # inline flags govern the whole
    assert not fastre.opens_with_literal(r"a(?P<x>b)")  # a named group may clash
    assert fastre.alternation([]) is None
    joined = fastre.alternation([re.compile("ab|cd"), re.compile("ef")])
    assert joined is not None and [bool(joined.search(t)) for t in ("xcd", "ef", "ace")] == [
        True, True, False,
    ]  # fmt: skip
