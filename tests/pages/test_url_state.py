"""Old links keep opening the same view, and why the filters are not bound with
Streamlit's ``bind="query-params"`` (issue 20).

The URL format is a public interface (bookmarks, shared links, the README): each
filter's name and value form come from analysis.filters.PARAMS and Filters.to_params.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.filters import Filters

OpenApp = Callable[..., AppTest]

# Links in the format every NewsLens release has written (repeated parameters for lists,
# ISO days, ``once=1``), with the filters each must restore.
OLD_LINKS: list[tuple[dict[str, str | list[str]], Filters]] = [
    ({"source": "Reuters"}, Filters(sources=("Reuters",))),
    (
        {"source": ["BBC", "Wire Service"], "country": "CAN"},
        Filters(sources=("BBC", "Wire Service"), countries=("CAN",)),
    ),
    (
        {"from": "2024-03-06", "to": "2024-03-08"},
        Filters(date_from="2024-03-06", date_to="2024-03-08"),
    ),
    # a range given backwards is swapped, and may reach past the corpus
    (
        {"to": "2024-03-05", "from": "2024-03-11"},
        Filters(date_from="2024-03-05", date_to="2024-03-11"),
    ),
    ({"q": "kenya", "once": "1"}, Filters(text="kenya", stories_once=True)),
    (
        {"label": ["PERSON", "GPE"], "event_type": "visit"},
        Filters(labels=("PERSON", "GPE"), event_types=("visit",)),
    ),
    # values the corpus does not offer still open (an old link to a bigger corpus)
    (
        {"entity": "Nobody Atall", "country": "ISL"},
        Filters(entities=("Nobody Atall",), countries=("ISL",)),
    ),
    # a range wider than the corpus is kept as given
    (
        {"from": "2000-01-01", "to": "2030-12-31"},
        Filters(date_from="2000-01-01", date_to="2030-12-31"),
    ),
]


FIRST, LAST = date(2024, 3, 4), date(2024, 3, 9)  # the fixture corpus's dated span


def _widgets(at: AppTest) -> dict[str, object]:
    """The values the sidebar widgets show after a run."""
    sb = at.sidebar
    return {
        "from": sb.date_input(key="flt_date_from").value,
        "to": sb.date_input(key="flt_date_to").value,
        "sources": sb.multiselect(key="flt_sources").value,
        "labels": sb.multiselect(key="flt_labels").value,
        "entities": sb.multiselect(key="flt_entities").value,
        "countries": sb.multiselect(key="flt_countries").value,
        "event_types": sb.multiselect(key="flt_event_types").value,
        "text": sb.text_input(key="flt_text").value,
        "once": sb.toggle(key="flt_once").value,
    }


def _shown(f: Filters) -> dict[str, object]:
    """What the sidebar must show for ``f`` (no date filter: the corpus's whole span)."""
    return {
        "from": date.fromisoformat(f.date_from) if f.date_from else FIRST,
        "to": date.fromisoformat(f.date_to) if f.date_to else LAST,
        "sources": list(f.sources),
        "labels": list(f.labels),
        "entities": list(f.entities),
        "countries": list(f.countries),
        "event_types": list(f.event_types),
        "text": f.text,
        "once": f.stories_once,
    }


def _url(at: AppTest) -> dict[str, list[str]]:
    out = {}
    for key in at.query_params:
        value = at.query_params[key]
        out[key] = [value] if isinstance(value, str) else list(value)
    return out


@pytest.mark.parametrize(("params", "expected"), OLD_LINKS, ids=lambda v: str(v)[:40])
def test_old_links_restore_the_same_filters(
    open_app: OpenApp, params: dict[str, str | list[str]], expected: Filters
) -> None:
    at = open_app(params=params)
    assert not at.exception, [e.value for e in at.exception]
    assert Filters.from_params(_url(at)) == expected  # what every page reads
    assert _widgets(at) == _shown(expected)  # what the sidebar shows
    # the app leaves a valid old link as it is (no rewrite into another format)
    link = {k: [v] if isinstance(v, str) else v for k, v in params.items()}
    assert _url(at) == link
    at.switch_page("pages/documents.py").run()  # and another page sees the same view
    assert Filters.from_params(_url(at)) == expected


# ---------------------------------------------------------------- why not bind="query-params"

_BOUND_APP = """
import streamlit as st

def first():
    if st.button("go"):
        st.switch_page(pages[1], query_params={"entity": "b"})

pages = [st.Page(first, title="one", url_path="one"),
         st.Page(lambda: None, title="two", url_path="two")]
page = st.navigation(pages)
with st.sidebar:
    st.multiselect("Entities", ["a", "b"], key="entity", bind="query-params")
    st.multiselect("Countries", ["IRQ"], key="country", bind="query-params",
                   format_func=lambda c: f"Iraq ({c})")
    st.toggle("Count each story once", key="once", bind="query-params")
st.session_state["seen"] = {k: st.session_state[k] for k in ("entity", "country", "once")}
page.run()
"""


def test_streamlit_binding_would_break_old_links(tmp_path: Path) -> None:
    """Streamlit 1.67's bound widgets cannot keep NewsLens's URL format, so the filters stay
    synced by ui.state (the decision recorded in docs/install-and-architecture.md).

    If this test fails, Streamlit changed: re-check whether binding now fits.
    """
    script = tmp_path / "bound.py"
    script.write_text(_BOUND_APP, encoding="utf-8")
    at = AppTest.from_file(str(script))
    at.query_params.update({"entity": ["a", "zz"], "country": "IRQ", "once": "1"})
    at.run()
    seen = at.session_state["seen"]
    assert seen["once"] is False  # a bound toggle reads only true/false: once=1 is dropped
    assert seen["country"] == []  # a bound multiselect reads its labels ("Iraq (IRQ)")
    assert seen["entity"] == ["a"]  # and drops values it does not offer
    at.button[0].click().run()  # the Compare and What-rose links set filters this way
    assert "bound to a widget" in at.exception[0].value
