"""analysis.datelines: one declaration of a wire dateline, read by entities and events."""

from __future__ import annotations

import re

import pytest
import spacy
from test_entities import only, pairs, spans

from analysis import datelines
from analysis.events.context import dateline_tokens

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
