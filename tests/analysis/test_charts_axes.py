"""analysis.present.charts.axes and the chart builders: time axes open on the bulk of the data."""

from __future__ import annotations

from datetime import date

import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from analysis.present.charts import axes, entities, overview, timeline

JUNE = [f"2024-06-{d:02d}" for d in range(1, 31)]
STRAYS = ["1863-07-01", "2099-01-01"]


def june_documents() -> pd.DataFrame:
    dates = JUNE + STRAYS
    return pd.DataFrame({"doc_id": [f"d{i}" for i in range(len(dates))], "date": dates,
                         "source": "Wire", "title": "t", "words": 10})  # fmt: skip


def in_june(rng: object) -> bool:
    lo, hi = (pd.Timestamp(v) for v in rng)
    return pd.Timestamp("2024-05-25") <= lo <= pd.Timestamp("2024-06-02") and (
        pd.Timestamp("2024-06-29") <= hi <= pd.Timestamp("2024-07-06")
    )


def test_bulk_range_ignores_a_few_stray_dates() -> None:
    bulk = axes.bulk_range(JUNE + STRAYS)
    assert (bulk.start, bulk.end) == (pd.Timestamp("2024-06-01"), pd.Timestamp("2024-06-30"))
    assert (bulk.inside, bulk.outside) == (30, 2)
    assert bulk.outside_dates == ("1863-07-01", "2099-01-01")


def test_bulk_range_keeps_two_real_clusters_and_one_day() -> None:
    two = ["1987-03-01"] * 10 + ["2024-06-01"] * 10
    assert axes.bulk_range(two).outside == 0
    one_day = ["2024-06-13"] * 20 + ["2024-06-14"]
    assert axes.bulk_range(one_day).outside == 0  # the spread floor keeps the next day


@settings(deadline=None)  # pandas' first calls are slow on a loaded machine
@given(st.lists(st.dates(date(1950, 1, 1), date(2050, 1, 1)), min_size=1, max_size=60))
def test_bulk_range_is_within_the_data_and_counts_everything(days: list[date]) -> None:
    bulk = axes.bulk_range([d.isoformat() for d in days])
    assert bulk.inside + bulk.outside == len(days)
    assert bulk.inside >= len(days) / 2  # the middle half is always inside
    assert pd.Timestamp(min(days)) <= bulk.start <= bulk.end <= pd.Timestamp(max(days))


def test_implausible_publication_dates_never_set_a_range() -> None:
    dates = axes.to_datetimes(["1850-01-01", "2024-06-01", "3024-01-01", None])
    ok = axes.plausible_publication(dates, today=date(2026, 1, 1))
    assert ok.tolist() == [False, True, False, False]
    flagged = pd.DataFrame({"date_flag": [None, "implausible", None, "missing"]})
    assert axes.document_dates_ok(flagged, dates).tolist() == [True, False, True, False]


def test_overview_documents_axis_shows_june_2024() -> None:
    fig = overview.documents_per_day(june_documents())
    assert in_june(fig.layout.xaxis.range), fig.layout.xaxis.range
    assert fig.layout.meta["outside"] == 2
    every = overview.documents_per_day(june_documents(), show_all=True)
    lo, hi = (pd.Timestamp(v) for v in every.layout.xaxis.range)
    assert lo <= pd.Timestamp("1863-07-01") and hi >= pd.Timestamp("2099-01-01")
    assert every.layout.meta["outside"] == 0


def test_overview_events_axis_shows_june_2024() -> None:
    events = pd.DataFrame({"date": JUNE + STRAYS})
    fig = overview.events_per_day(events)
    assert in_june(fig.layout.xaxis.range), fig.layout.xaxis.range
    assert fig.layout.meta["outside"] == 2


def test_timeline_axis_shows_june_2024() -> None:
    dates = JUNE + STRAYS
    events = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(len(dates))], "date": dates,
        "date_precision": "day", "actors": "Minister", "action": "say",
        "event_type": "make_statement", "place_iso3": None, "planned": False,
        "negated": False, "sentence": "s", "date_basis": "text",
    })  # fmt: skip
    fig = timeline.timeline(events)
    assert in_june(fig.layout.xaxis.range), fig.layout.xaxis.range
    assert fig.layout.meta["outside"] == 2
    volume = timeline.event_volume(events)
    assert in_june(volume.layout.xaxis.range)


def test_entity_mentions_axis_shows_june_2024() -> None:
    frame = pd.DataFrame({"date": JUNE + STRAYS, "count": 1})
    fig = entities.mentions_over_time(frame)
    assert in_june(fig.layout.xaxis.range)
    assert fig.layout.meta["outside"] == 2


def test_outside_note() -> None:
    assert axes.outside_note(3, "events") == "3 events outside the range shown"
    assert axes.outside_note(1, "documents") == "1 document outside the range shown"
    assert axes.outside_note(0, "events") == ""


def test_every_time_axis_labels_iso_days() -> None:
    """One date format on every time axis, short or long (issue 19.4: "Mar 1987", "Jun 13"
    and ISO days were mixed): the ticks of a 200-day corpus are YYYY-MM-DD too."""
    days = [d.strftime("%Y-%m-%d") for d in pd.date_range("1987-02-26", periods=200)]
    events = pd.DataFrame({
        "event_id": [f"e{i}" for i in range(len(days))], "date": days,
        "date_precision": "day", "actors": "Minister", "action": "meet",
        "event_type": "consult_meet", "place_iso3": None, "planned": False,
        "negated": False, "sentence": "s", "date_basis": "text",
    })  # fmt: skip
    documents = june_documents().iloc[:0].reindex(range(len(days)))
    documents = documents.assign(doc_id=[f"d{i}" for i in range(len(days))], date=days,
                                 source="Wire", title="t", words=10)  # fmt: skip
    figures = {
        "timeline": timeline.timeline(events),
        "volume": timeline.event_volume(events),
        "documents per day": overview.documents_per_day(documents),
        "events per day": overview.events_per_day(events),
        "mentions": entities.mentions_over_time(pd.DataFrame({"date": days, "count": 1})),
    }
    formats = {name: fig.layout.xaxis.tickformat for name, fig in figures.items()}
    assert formats == dict.fromkeys(figures, axes.ISO_DAY) == dict.fromkeys(figures, "%Y-%m-%d")
