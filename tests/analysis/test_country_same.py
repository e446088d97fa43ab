"""benchmarks.country_same's change listing (``--changes``): what a hand check reads."""

from __future__ import annotations

import pandas as pd

from benchmarks.country_same import article_changes, changes


def _frame(rows: list[tuple]) -> pd.DataFrame:
    columns = ["doc_id", "start", "end", "text", "label", "iso3", "rule"]
    return pd.DataFrame(rows, columns=columns).astype({"iso3": "string", "rule": "string"})


BEFORE = _frame([
    ("1", 0, 5, "Paris", "GPE", "FRA", "city"),
    ("1", 10, 15, "Stora", "GPE", "SWE", "town"),
    ("2", 0, 6, "Jordan", "GPE", "JOR", "name"),
    ("3", 0, 4, "CIBA", "GPE", "JPN", "gazetteer"),
])  # fmt: skip
AFTER = _frame([
    ("1", 0, 5, "Paris", "GPE", "FRA", "city"),  # unchanged
    ("1", 10, 15, "Stora", "GPE", "SWE", "company_names"),  # same country, other rule
    ("2", 0, 6, "Jordan", "GPE", None, None),  # unmapped now
    ("4", 3, 7, "Lask", "GPE", "POL", "town"),  # a row only the after side has
])  # fmt: skip


def test_changes_lists_every_moved_mention_and_only_those() -> None:
    moved = changes(BEFORE, AFTER)
    assert moved[["doc_id", "text", "iso3_before", "iso3_after", "rule_before", "rule_after"]]\
        .values.tolist() == [
        ["1", "Stora", "SWE", "SWE", "town", "company_names"],
        ["2", "Jordan", "JOR", "-", "name", "-"],
        ["3", "CIBA", "JPN", "-", "gazetteer", "-"],
        ["4", "Lask", "-", "POL", "-", "town"],
    ]  # fmt: skip
    assert changes(BEFORE, BEFORE).empty


def test_article_changes_are_the_documents_whose_countries_moved() -> None:
    assert article_changes(BEFORE, AFTER).values.tolist() == [
        ["2", "JOR", ""],
        ["3", "JPN", ""],
        ["4", "", "POL"],
    ]
    assert article_changes(BEFORE, BEFORE).empty


def test_counted_article_changes_leave_out_homes_and_co_mentioned_places() -> None:
    """The Countries table does not count an organisation's home or a co_mentioned place
    for its document: a mention moving to org_home takes its country out of the counted
    set, though the mapped rows still carry it."""
    before = _frame([("1", 0, 11, "New Zealand", "GPE", "NZL", "name"),
                     ("1", 20, 29, "Australia", "GPE", "AUS", "name"),
                     ("2", 0, 4, "Kofc", "GPE", "USA", "co_mentioned")])  # fmt: skip
    after = _frame([("1", 0, 11, "New Zealand", "GPE", "NZL", "org_home"),
                    ("1", 20, 29, "Australia", "GPE", "AUS", "name"),
                    ("2", 0, 4, "Kofc", "GPE", None, None)])  # fmt: skip
    assert article_changes(before, after).values.tolist() == [["2", "USA", ""]]
    assert article_changes(before, after, counted=True).values.tolist() == [["1", "NZL", ""]]
