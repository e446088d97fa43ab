"""ui.first_paint in AppTest: a session's first Overview run stops after its first chart,
without the sidebar's filters, and the run after the gate's report draws everything.

AppTest runs no JavaScript, so the gate's report is played by setting the flag its callback
sets (ui.first_paint.PAINTED); tests/e2e/test_first_paint_browser.py has Chromium do it.
"""

from __future__ import annotations

from pathlib import Path

from streamlit.testing.v1 import AppTest

from benchmarks import _harness
from ui import first_paint

ROOT = Path(__file__).resolve().parents[2]
OVERVIEW_CHARTS = {
    "overview-entities",
    "overview-countries",
    "overview-events",
    "overview-documents-per-day",
    "overview-documents-per-source",
}


def chart_keys(at: AppTest) -> set[str]:
    """The keys of the Plotly charts this run drew (widgets.chart's stable keys)."""
    found = set()
    for chart in at.get("plotly_chart"):
        found |= {k for k in OVERVIEW_CHARTS if k in str(chart.proto.id)}
    return found


def gates(at: AppTest) -> list:
    """The first-paint gates on the page (components v2 elements with the gate's key)."""
    return [e for e in at.get("bidi_component") if first_paint.GATE_KEY in str(e.proto.id)]


def test_first_run_draws_the_first_chart_then_waits_for_its_paint(open_app):
    at = open_app(painted=False)
    assert not at.exception
    assert chart_keys(at) == {"overview-entities"}  # the first chart only
    assert len(gates(at)) == 1
    assert len(at.sidebar.multiselect) == 0  # the filters come after the paint
    assert [m.label for m in at.metric][:2] == ["Documents", "Words"]  # the top is there
    # the gate reports (its callback sets the flag); the rerun draws the whole page
    at.session_state[first_paint.PAINTED] = True
    at.run()
    assert not at.exception
    assert chart_keys(at) == OVERVIEW_CHARTS
    assert gates(at) == []
    assert len(at.sidebar.multiselect) == 5
    assert "Skipped items" in at.subheader.values


def test_a_session_that_has_painted_draws_whole_pages(open_app):
    at = open_app(painted=False)
    at.session_state[first_paint.PAINTED] = True
    at.run()
    at.sidebar.toggle[0].set_value(True).run()  # a filter change: a whole page at once
    assert chart_keys(at) == OVERVIEW_CHARTS
    assert gates(at) == []


def test_no_chart_no_gate(open_app):
    """With nothing to draw (no document matches) the page never waits for a paint."""
    at = open_app(params={"q": "no-such-word-anywhere-xyz"}, painted=False)
    assert not at.exception
    assert gates(at) == []
    assert len(at.sidebar.multiselect) == 5


def test_other_pages_do_not_wait(open_app):
    at = open_app(page="pages/entities.py", painted=False)
    assert not at.exception
    assert gates(at) == []
    assert len(at.sidebar.multiselect) == 5


def test_the_browser_helpers_wait_for_the_gate():
    """The benchmarks' and browser tests' idle checks treat a pending gate as busy."""
    assert f".st-key-{first_paint.GATE_KEY}" in _harness.BUSY
    helper = (ROOT / "tests" / "e2e" / "streamlit_browser.py").read_text(encoding="utf-8")
    assert f'FIRST_PAINT_GATE = "{first_paint.GATE_KEY}"' in helper


def test_a_gate_that_never_reports_defers_once_only(open_app):
    """The gate's script never runs (blocked, failed) or the user clicks the first chart
    before its report: the next run, whatever brings it, draws the whole page."""
    at = open_app(painted=False)
    assert len(gates(at)) == 1
    at.run()  # a rerun with no report from the gate
    assert not at.exception
    assert chart_keys(at) == OVERVIEW_CHARTS
    assert gates(at) == []
    assert len(at.sidebar.multiselect) == 5


def test_a_deep_link_with_filters_gates_on_the_filtered_first_chart(open_app):
    """A link with filters opening the Overview first: the gated run's first chart is the
    filtered one (the filters are read from the URL, not from the widgets not yet drawn)."""
    whole = open_app(painted=False)
    linked = open_app(params={"label": "GPE"}, painted=False)
    assert not linked.exception
    assert len(gates(linked)) == 1 and chart_keys(linked) == {"overview-entities"}
    first = next(c.proto.spec for c in linked.get("plotly_chart"))
    assert first != next(c.proto.spec for c in whole.get("plotly_chart"))
    assert "GPE" in first and "PERSON" not in first
