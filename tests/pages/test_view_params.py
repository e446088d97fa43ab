"""The pages' view controls live in the URL (ui.view_params, bound with Streamlit's
``bind="query-params"``; issue 20): a link with a view parameter opens the page with the
control in that state, the control is bound to its parameter (the browser writes it when
the user changes it: tests/e2e/test_view_params_browser.py), and ui.state's filter sync
neither deletes nor rewrites it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.countries import CONFIDENT
from analysis.filters import PARAMS, Filters
from tests.pages.test_overview_page import june_corpus
from ui import aliases, state
from ui.view_params import VIEW_PARAMS, bound, markdown_table

OpenApp = Callable[..., AppTest]
ROOT = Path(__file__).resolve().parents[2]

# (parameter, the text a link carries, the element type, the value the control must show)
# on the rule-based fixture corpus; every registered parameter is covered here or below.
LINKS = [
    ("show", "Individual reports", "segmented_control", "reports"),
    ("rows", "Event type", "segmented_control", "event_type"),
    ("planned", "false", "toggle", False),
    ("negated", "true", "toggle", True),
    ("kinds", ["Happenings", "Statements"], "segmented_control", ["happening", "statement"]),
    ("evidence", "Confident only", "segmented_control", CONFIDENT),
    ("colour", "Documents", "radio", "documents"),
    ("log", "true", "toggle", True),
    ("pairs", "document", "radio", "document"),
    ("period", "year", "radio", "year"),
    ("rank", "Documents", "segmented_control", "documents"),
    ("top", "35", "slider", 35),
    ("mode", "Two sources", "segmented_control", "sources"),
    ("rose", "week", "segmented_control", "week"),  # the fixture opens on "day"
]
ELSEWHERE = {"per": "tests/e2e/test_view_params_browser.py (needs events: trained model)",
             "alldates": "test_show_all_dates_link_draws_every_date below",
             "tlall": "test_timeline_page.py::test_stray_event_dates_are_announced_and_"
                      "shown_on_demand (needs events: trained model)",
             "rules": "test_country_rules_url.py (every switch in one parameter)"}  # fmt: skip


def _no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def _url(at: AppTest) -> dict[str, list[str]]:
    values = {k: at.query_params[k] for k in at.query_params}
    return {k: [v] if isinstance(v, str) else list(v) for k, v in values.items()}


def _open(open_app: OpenApp, params: dict, page: str, corpus: Path | None = None) -> AppTest:
    """The dashboard opened on ``page`` with ``params`` in the URL (a followed link)."""
    if page == "pages/overview.py":  # the first page: the link opens it directly
        at = open_app(*[corpus] if corpus else [], params=params)
        _no_exception(at)
        return at
    at = open_app(corpus) if corpus else open_app()
    for key in list(at.query_params):
        del at.query_params[key]
    at.query_params.update(params)
    at.switch_page(page).run()
    _no_exception(at)
    return at


def test_registry_names_are_short_distinct_and_free() -> None:
    taken = {*PARAMS.values(), state.CORPUS_PARAM, "doc", aliases.WS_PARAM, "embed"}
    assert not taken & set(VIEW_PARAMS)
    assert all(name.isalpha() and name.islower() and len(name) <= 8 for name in VIEW_PARAMS)
    covered = {name for name, *_ in LINKS} | set(ELSEWHERE)
    assert covered == set(VIEW_PARAMS)
    for name, p in VIEW_PARAMS.items():  # each control is drawn by the page it names
        source = (ROOT / p.page).read_text(encoding="utf-8")
        if not p.bound:  # shared by several controls: written by ui/country_rules.py
            assert "country_rules.in_force()" in source
            module = (ROOT / "ui" / "country_rules.py").read_text(encoding="utf-8")
            assert f'PARAM = "{name}"' in module
            with pytest.raises(KeyError, match="shared by several controls"):
                bound(name)
            continue
        if name == "rose":
            source = (ROOT / "ui" / "trends.py").read_text(encoding="utf-8")
        assert f'bound("{name}")' in source or (name == "alldates" and "bound(ALL_DATES)" in source)
    assert bound("per") == {"key": "per", "bind": "query-params"}
    with pytest.raises(KeyError):
        bound("source")  # a filter is never a view parameter
    assert "| `per` | Timeline |" in markdown_table()


@pytest.mark.parametrize(("name", "link", "kind", "shown"), LINKS, ids=[c[0] for c in LINKS])
def test_a_link_with_a_view_parameter_opens_the_control_in_that_state(
    open_app: OpenApp, name: str, link: str | list[str], kind: str, shown: object
) -> None:
    page = VIEW_PARAMS[name].page
    at = _open(open_app, {name: link, "source": "Reuters"}, page)
    control = getattr(at, kind)(key=name)
    assert control.value == shown
    assert control.proto.query_param_key == name  # the browser writes it on a change
    # the URL keeps the link's view parameter as given, and ui.state's filters beside it
    assert _url(at).get(name) == ([link] if isinstance(link, str) else link)
    assert Filters.from_params(_url(at)) == Filters(sources=("Reuters",))


def test_a_page_without_the_parameter_shows_the_default_and_writes_nothing(
    open_app: OpenApp,
) -> None:
    at = _open(open_app, {}, "pages/timeline.py")
    assert at.segmented_control(key="show").value == "merged"
    assert at.segmented_control(key="kinds").value == ["happening"]
    assert at.toggle(key="planned").value is True
    assert not set(_url(at)) & set(VIEW_PARAMS)  # defaults stay out of the URL


def test_filter_changes_keep_the_view_parameters(open_app: OpenApp) -> None:
    """ui.state rewrites the filter parameters on every run; the bound ones stay."""
    at = _open(open_app, {"kinds": "Statements", "show": "Individual reports"}, "pages/timeline.py")
    at.sidebar.text_input(key="flt_text").set_value("kenya").run()
    _no_exception(at)
    url = _url(at)
    assert url["q"] == ["kenya"]
    assert url["kinds"] == ["Statements"] and url["show"] == ["Individual reports"]
    assert at.segmented_control(key="kinds").value == ["statement"]
    state_set = at.sidebar.multiselect(key="flt_sources")
    state_set.set_value(["Reuters"]).run()
    assert _url(at)["kinds"] == ["Statements"]


def test_a_value_the_control_does_not_offer_is_dropped_not_fatal(open_app: OpenApp) -> None:
    at = _open(open_app, {"show": "everything", "country": "IRQ"}, "pages/timeline.py")
    assert at.segmented_control(key="show").value == "merged"
    assert "show" not in _url(at)
    assert _url(at)["country"] == ["IRQ"]  # the filter is untouched


def test_show_all_dates_link_draws_every_date(open_app: OpenApp, tmp_path: Path) -> None:
    """``alldates`` is read before its toggle is drawn (the charts come first), so a link
    must stretch the axes on its first run, not only after the next rerun."""
    at = _open(open_app, {"alldates": "true"}, "pages/overview.py", june_corpus(tmp_path))
    assert at.toggle(key="alldates").value is True
    notes = [c.value for c in at.caption if "far from the rest" in c.value]
    assert notes, [c.value for c in at.caption]
    assert _url(at)["alldates"] == ["true"]


def test_ui_state_refuses_to_write_a_view_parameter() -> None:
    """ui.state.set_view_param is for unbound page parameters (``doc``); a bound one is
    the widget's to write."""
    with pytest.raises(KeyError, match="view control"):
        state.set_view_param("per", "week")


def test_the_docs_table_is_the_registry() -> None:
    docs = (ROOT / "docs" / "install-and-architecture.md").read_text(encoding="utf-8")
    assert markdown_table() in docs
