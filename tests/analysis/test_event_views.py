"""The Timeline's tables (analysis.event_views): what a view shows, the picker's labels,
and the evidence of one event. The page only draws these."""

from __future__ import annotations

import pandas as pd

from analysis import event_views as views
from analysis import schema
from tests.factories import event_report


def _report(event_id: str, date: str | None, **fields: object) -> dict:
    return event_report(event_id, date, **{"event_class": "happening", **fields})


def _tables() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    events = schema.conform([
        _report("d1:0:0", "2024-06-14"),
        _report("d2:3:0", None),
        _report("d1:1:0", "2024-06-13", planned=True),
        _report("d3:0:0", "2024-06-20", event_class="statement", event_type="make_statement"),
        _report("d2:0:0", "2024-06-14", negated=True),
    ], "events")  # fmt: skip
    merged = schema.conform([
        {"merged_id": "d1:0:0", "date": "2024-06-14", "event_ids": "d1:0:0; d2:5:0",
         "event_class": "happening", "planned": False, "negated": False},
        {"merged_id": "d3:0:0", "date": "2024-06-20", "event_ids": "d3:0:0",
         "event_class": "statement", "planned": False, "negated": False},
    ], "merged_events")  # fmt: skip
    documents = pd.DataFrame({"doc_id": ["d1", "d2", "d3"], "title": ["One", "Two", "Three"],
                              "date": ["2024-06-14", None, "2024-06-21"]})  # fmt: skip
    return events, merged, documents


def test_shown_reports_are_sorted_by_date_with_undated_last_and_flags_hidden() -> None:
    events, merged, _ = _tables()
    shown = views.shown_events(events, merged, merged=False, planned=False, negated=False,
                               classes=("happening",))  # fmt: skip
    assert shown["event_id"].tolist() == ["d1:0:0", "d2:3:0"]
    everything = views.shown_events(events, merged, merged=False, planned=True, negated=True,
                                     classes=("happening", "statement"))  # fmt: skip
    assert everything["event_id"].tolist() == ["d1:1:0", "d1:0:0", "d2:0:0", "d3:0:0", "d2:3:0"]
    assert views.hidden_reports(events, planned=False, negated=False) == 2
    assert views.hidden_reports(events, planned=True, negated=True) == 0


def test_shown_events_select_by_their_own_date_and_class() -> None:
    events, merged, _ = _tables()
    june_20 = views.shown_events(events, merged, merged=True, planned=True, negated=False,
                                 classes=("statement",), date_from="2024-06-15")  # fmt: skip
    assert june_20["merged_id"].tolist() == ["d3:0:0"]
    none = views.shown_events(events, merged, merged=True, planned=True, negated=False,
                              classes=("happening",), date_to="2024-06-01")  # fmt: skip
    assert none.empty


def test_picker_offers_newest_first_then_undated_and_keeps_the_pick() -> None:
    events, merged, _ = _tables()
    shown = views.shown_events(events, merged, merged=False, planned=True, negated=True,
                               classes=("happening", "statement"))  # fmt: skip
    labels = views.picker_options(shown, limit=10)
    assert list(labels) == ["d3:0:0", "d2:0:0", "d1:0:0", "d1:1:0", "d2:3:0"]
    assert labels["d2:3:0"].startswith("undated · ")
    assert list(views.picker_options(shown, limit=2)) == ["d3:0:0", "d2:0:0"]
    kept = views.picker_options(shown, limit=2, keep="d2:3:0")
    assert list(kept) == ["d3:0:0", "d2:0:0", "d2:3:0"]  # the pick stays offered
    assert list(views.picker_options(shown, limit=2, keep="zz:0:0")) == ["d3:0:0", "d2:0:0"]
    assert views.picker_options(shown.iloc[:0], limit=5) == {}


def test_repeated_labels_are_told_apart() -> None:
    labels = views.unique_labels({"a:0:0": "x", "a:4:0": "x", "a:4:1": "x", "b:1:0": "y"})
    assert labels == {"a:0:0": "x · sentence 1", "a:4:0": "x · sentence 5",
                      "a:4:1": "x · sentence 5 (2)", "b:1:0": "y"}  # fmt: skip
    assert len(set(labels.values())) == len(labels)


def test_evidence_of_a_merged_event_and_of_one_of_its_reports() -> None:
    events, merged, documents = _tables()
    row = merged.iloc[0]
    whole = views.event_evidence("d1:0:0", row, merged=True, events=events,
                                 merged_events=merged, documents=documents)  # fmt: skip
    assert whole.report_ids == ["d1:0:0", "d2:5:0"]
    assert whole.reports["event_id"].tolist() == ["d1:0:0"]  # d2:5:0 is not among the events
    assert whole.report is not None and whole.report["title"] == "One"
    single = events[events["event_id"] == "d1:0:0"].iloc[0]
    one = views.event_evidence("d1:0:0", single, merged=False, events=events,
                               merged_events=merged, documents=documents)  # fmt: skip
    assert one.report_ids == ["d1:0:0", "d2:5:0"]  # its merged event's other reports
    alone = views.event_evidence("d2:3:0", events.iloc[1], merged=False, events=events,
                                 merged_events=merged, documents=documents)  # fmt: skip
    assert alone.report_ids == ["d2:3:0"] and pd.isna(alone.report["published"])
    missing = views.event_evidence("d9:0:0", row.copy(), merged=False, events=events,
                                   merged_events=merged, documents=documents)  # fmt: skip
    assert missing.report is None and missing.reports.empty
