"""Publication dates: the formats feeds use, day-first decided per corpus, extreme dates
flagged but kept (issues 19.3 and 15)."""

from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest
import spacy

from analysis import dates
from analysis.corpus import load_corpus
from analysis.dates import corpus_dayfirst, parse_publication_date, plausible_window
from analysis.pipeline import analyze


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        # RFC 2822 (RSS pubDate)
        ("Wed, 07 Dec 2016 16:58:00 -0500", "2016-12-07T16:58:00"),
        ("Wed, 07 Dec 2016 16:58:00 GMT", "2016-12-07T16:58:00"),
        ("7 Dec 2016 08:05 +0100", "2016-12-07T08:05:00"),
        # ISO 8601 with and without zones
        ("2016-12-07", "2016-12-07"),
        ("2016-12-07T16:58:00-05:00", "2016-12-07T16:58:00"),
        ("2016-12-07T23:30:00Z", "2016-12-07T23:30:00"),
        ("2016-12-07T16:58:00.123+05:30", "2016-12-07T16:58:00"),
        ("20161207T165800Z", "2016-12-07T16:58:00"),
        ("2016-12-07 16:58:00 +0100", "2016-12-07T16:58:00"),
        # "Mon DD, YYYY | h:mmpm TZ" (Reuters' web pages)
        ("Wed Nov 23, 2016 | 4:58pm EST", "2016-11-23T16:58:00"),
        ("Mon Dec 5, 2016 | 10:02am GMT", "2016-12-05T10:02:00"),
        # "D Month YYYY TZ"
        ("7 December 2016 GMT", "2016-12-07"),
        ("Monday 5 June 2017 BST", "2017-06-05"),
        ("7 December 2016 10:00 CET", "2016-12-07T10:00:00"),
        ("23 November 2016 UTC+1", "2016-11-23"),
        # other news forms kept working
        ("June 13, 2024", "2024-06-13"),
        ("Dec. 7, 2016", "2016-12-07"),
        ("26-FEB-1987 15:01:01.79", "1987-02-26T15:01:01"),
        ("Tuesday, December 6, 2016 10:02 AM", "2016-12-06T10:02:00"),
        # no full date: undated, never invented
        ("", None),
        ("yesterday", None),
        ("December 7", None),
        ("June 2016", None),  # a month, no day: not the 1st
        ("2016", None),
        ("2016-06", None),
        ("Jun 2016 | 4:58pm EST", None),
        ("not a date at all", None),
    ],
)
def test_publication_date_formats(raw, expected):
    assert parse_publication_date(raw) == expected


def test_numeric_dates_follow_the_dayfirst_setting():
    assert parse_publication_date("03/04/2016") == "2016-03-04"
    assert parse_publication_date("03/04/2016", dayfirst=True) == "2016-04-03"
    assert parse_publication_date("03.04.2016 10:00", dayfirst=True) == "2016-04-03T10:00:00"


def test_corpus_dayfirst_is_decided_by_the_unambiguous_dates():
    assert corpus_dayfirst(["13/04/2016", "03/04/2016", "25.12.2016"]) is True
    assert corpus_dayfirst(["04/13/2016", "03/04/2016"]) is False
    assert corpus_dayfirst(["03/04/2016", "2016-01-02", None]) is False  # no evidence
    assert corpus_dayfirst(["13/04/2016", "04/13/2016"]) is False  # a tie: month-first


def _csv(folder, rows: list[tuple[str, str]]) -> None:
    lines = ["text,date"] + [f'"{text}",{when}' for text, when in rows]
    folder.mkdir()
    (folder / "news.csv").write_text("\n".join(lines) + "\n")


def test_ambiguous_dates_follow_their_own_corpus(tmp_path):
    _csv(tmp_path / "eu", [("One.", "13/04/2016"), ("Two.", "03/04/2016")])
    _csv(tmp_path / "us", [("One.", "04/13/2016"), ("Two.", "03/04/2016")])
    eu = load_corpus(tmp_path / "eu").documents
    us = load_corpus(tmp_path / "us").documents
    assert list(eu["date"]) == ["2016-04-13", "2016-04-03"]
    assert list(us["date"]) == ["2016-04-13", "2016-03-04"]


# -------------------------------------------------------------- flags and extreme dates


def test_every_date_is_kept_and_the_odd_ones_flagged(tmp_path):
    rows = [
        {"text": "Ancient.", "date": "0001-01-01"},
        {"text": "Far future.", "date": "9999-12-31"},
        {"text": "Civil war.", "date": "1863-07-01"},
        {"text": "Later.", "date": "2099-01-01"},
        {"text": "Normal.", "date": "2024-06-13"},
        {"text": "Unread.", "date": "the 7th of Smarch"},
        {"text": "Undated."},
    ]
    (tmp_path / "n.jsonl").write_text("\n".join(json.dumps(r) for r in rows))
    docs = load_corpus(tmp_path).documents.set_index("text")
    assert docs.loc["Ancient.", "date"] == "0001-01-01"
    assert docs.loc["Far future.", "date"] == "9999-12-31"
    flags = docs["date_flag"].fillna("ok").to_dict()
    assert flags == {
        "Ancient.": "implausible", "Far future.": "implausible", "Civil war.": "implausible",
        "Later.": "implausible", "Normal.": "ok", "Unread.": "unreadable", "Undated.": "missing",
    }  # fmt: skip
    assert "outside the plausible window 1900-01-01" in docs.loc["Civil war.", "warning"]
    assert docs.loc["Unread.", "date_raw"] == "the 7th of Smarch"
    assert "could not be parsed" in docs.loc["Unread.", "warning"]
    assert set(dates.DATE_FLAGS) == {"missing", "unreadable", "implausible"}


def test_plausible_window_default_and_environment():
    assert plausible_window(date(2026, 12, 4), {}) == (date(1900, 1, 1), date(2027, 12, 5))
    env = {dates.PLAUSIBLE_FROM_ENV: "1850-01-01", dates.PLAUSIBLE_TO_ENV: "2100-01-01"}
    assert plausible_window(date(2026, 12, 4), env) == (date(1850, 1, 1), date(2100, 1, 1))
    bad = {dates.PLAUSIBLE_FROM_ENV: "soon"}
    assert plausible_window(date(2026, 12, 4), bad)[0] == date(1900, 1, 1)


def test_window_setting_changes_the_flags(tmp_path, monkeypatch):
    (tmp_path / "a.jsonl").write_text(json.dumps({"text": "Civil war.", "date": "1863-07-01"}))
    monkeypatch.setenv(dates.PLAUSIBLE_FROM_ENV, "1850-01-01")
    assert load_corpus(tmp_path).documents["date_flag"].isna().all()


@pytest.mark.parametrize("base", ["0001-01-01", "9999-12-31", "0001-01-01T00:00:00"])
def test_relative_dates_against_extreme_publication_dates_do_not_raise(base):
    for text in ("yesterday", "tomorrow", "next year", "last week", "Friday", "next month",
                 "December 28", "two days ago", "the weekend"):  # fmt: skip
        value, _precision = dates.resolve_date(text, base)
        assert value is None or dates.value_span(value) is not None


def test_analysis_of_extremely_dated_documents_does_not_abort():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "DATE", "pattern": w} for w in ("yesterday", "tomorrow")])
    docs = pd.DataFrame(
        {
            "doc_id": ["a", "b"],
            "text": ["It rained yesterday.", "It rains tomorrow."],
            "date": ["0001-01-01", "9999-12-31"],
        }
    )
    mentions = analyze(nlp, docs)["mentions"]
    assert list(mentions["text"]) == ["yesterday", "tomorrow"]
    assert mentions["resolved"].isna().all()
