"""analysis.dates: DATE/TIME expressions resolved against the publication date."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.dates import resolve_date, resolve_mentions, value_span
from tests.factories import mention_frame

THURSDAY = "2024-06-13"  # a Thursday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Thursday", ("2024-06-13", "day")),  # the publication day itself, not a week ago
        ("on Thursday", ("2024-06-13", "day")),
        ("Wednesday night", ("2024-06-12", "day")),
        ("Friday", ("2024-06-07", "day")),  # the most recent Friday on or before
        ("last Thursday", ("2024-06-06", "day")),
        ("next Tuesday", ("2024-06-18", "day")),
        ("today", ("2024-06-13", "day")),
        ("yesterday", ("2024-06-12", "day")),
        ("tomorrow", ("2024-06-14", "day")),
        ("two days ago", ("2024-06-11", "day")),
        ("last week", ("2024-W23", "week")),
        ("this week", ("2024-W24", "week")),
        ("earlier this month", ("2024-06", "month")),
        ("next month", ("2024-07", "month")),
        ("last year", ("2023", "year")),
        ("May 19", ("2024-05-19", "day")),
        ("13 June 2024", ("2024-06-13", "day")),
        ("June 13, 2024", ("2024-06-13", "day")),
        ("June 2024", ("2024-06", "month")),
        ("mid-June", ("2024-06", "month")),
        ("1987", ("1987", "year")),
        ("June last year", ("2023-06", "month")),
        ("the quarter ended March 31", ("2024-03-31", "day")),
        ("nineteen ninety-six", ("1996", "year")),
    ],
)
def test_resolves_against_the_publication_date(text: str, expected: tuple) -> None:
    assert resolve_date(text, THURSDAY) == expected


def test_a_datetime_base_counts_as_its_day() -> None:
    assert resolve_date("yesterday", "2024-06-13T23:30:00") == ("2024-06-12", "day")
    assert resolve_date("yesterday", "not a date") == (None, None)


def test_explicit_dates_across_a_year_boundary() -> None:
    assert resolve_date("December 28", "2024-01-03") == ("2023-12-28", "day")
    assert resolve_date("December", "2024-01-03") == ("2023-12", "month")
    assert resolve_date("Jan. 2", "2023-12-29") == ("2024-01-02", "day")


def test_tense_points_weekdays_forward() -> None:
    assert resolve_date("Friday", THURSDAY, tense="future") == ("2024-06-14", "day")
    assert resolve_date("Friday", THURSDAY, tense="past") == ("2024-06-07", "day")


def test_a_weekday_pins_the_year_of_a_month_and_day() -> None:
    assert resolve_date("Saturday, April 25", "1998-04-24") == ("1998-04-25", "day")


@pytest.mark.parametrize(
    "text",
    ["three years", "the past decade", "recent years", "the 1990s", "since 1987",
     "the following day", "that week", "the previous Friday", "a few days", "", "now",
     "1986-87"],
)  # fmt: skip
def test_durations_vague_and_anaphoric_spans_are_unresolved(text: str) -> None:
    assert resolve_date(text, THURSDAY) == (None, None)


def test_relative_expressions_need_a_base_but_full_dates_do_not() -> None:
    assert resolve_date("Thursday", None) == (None, None)
    assert resolve_date("May 19", None) == (None, None)
    assert resolve_date("yesterday", None) == (None, None)
    assert resolve_date("13 June 2024", None) == ("2024-06-13", "day")
    assert resolve_date("June 2024", None) == ("2024-06", "month")


def test_value_span_covers_the_precision() -> None:
    assert [d.isoformat() for d in value_span("2024-W23")] == ["2024-06-03", "2024-06-09"]
    assert [d.isoformat() for d in value_span("2024-02")] == ["2024-02-01", "2024-02-29"]
    assert value_span("not a date") is None


def _mentions(rows: list[tuple[str, str, str]]) -> pd.DataFrame:
    """One mention per (doc_id, text, label), at the start of sentence 0."""
    return mention_frame([(d, 0, 0, t, lab) for d, t, lab in rows],
                         columns=["doc_id", "sent_id", "start", "text", "label"])  # fmt: skip


def test_resolve_mentions_uses_each_documents_own_date() -> None:
    mentions = _mentions([
        ("a", "Thursday", "DATE"),
        ("b", "Thursday", "DATE"),
        ("undated", "Thursday", "DATE"),
        ("a", "Iran", "GPE"),
        ("b", "this morning", "TIME"),
    ])  # fmt: skip
    documents = pd.DataFrame({"doc_id": ["a", "b", "undated"],
                              "date": ["2024-06-13", "2024-06-21T08:00:00", None]})  # fmt: skip
    out = resolve_mentions(mentions, documents)
    assert out["resolved"].tolist()[:3] == ["2024-06-13", "2024-06-20", pd.NA]
    assert out.loc[3, "resolved"] is pd.NA  # not a DATE/TIME row
    assert out.loc[4, ["resolved", "precision"]].tolist() == ["2024-06-21", "day"]
    assert out["precision"].tolist()[:2] == ["day", "day"]
    assert list(out.columns) == list(mentions.columns)
