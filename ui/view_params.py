"""The pages' view controls that live in the URL, bound with Streamlit's ``bind="query-params"``.

A view control changes how a page shows the filtered corpus (a chart's period, which
events are drawn), not which documents it holds: the sidebar filters (analysis.filters.PARAMS)
are synced by ui.state instead (docs/install-and-architecture.md, "Where binding fits").

Pages draw a registered control with its parameter's name as key and the binding::

    st.radio("Events per", ["day", "week"], horizontal=True, **view_params.bound("per"))

Then Streamlit (1.67) does what ui.state does by hand for the filters: a link that carries
``?per=week`` opens the radio on "week"; changing it writes ``per=week`` into the address
bar (the browser does that); the default is never written; a value the control does not
offer is dropped from the URL; leaving the page drops its view parameters from the URL
and coming back restores them. The URL carries what the control shows: its *label*
(``format_func``'s text), ``true``/``false`` for a toggle, the number for a slider. Those
texts are part of the URL format (old links must keep opening): :data:`VIEW_PARAMS` lists
them, and tests/pages/test_view_params.py opens each page with each and fails when a
label changes.

The names are short, one per control across the whole app (session state is shared
between pages, and the widget's key is the parameter's name), and none is a filter's,
``corpus``, ``doc`` or ``ws``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

import streamlit as st

BIND: Literal["query-params"] = "query-params"


@dataclass(frozen=True)
class ViewParam:
    """One view control in the URL.

    ``page``: the page file that draws it; ``control``: its label on the page;
    ``values``: every value the URL may carry (the texts the control shows; for a
    slider, its range "min-max"); ``default``: the value never written to the URL;
    ``meaning``: what it changes; ``bound``: False for a parameter that several
    controls share, which the module named in ``control`` writes by hand (the Countries
    page's ``rules``: ui.country_rules) instead of ``bind="query-params"``.
    """

    page: str
    control: str
    values: tuple[str, ...]
    default: str
    meaning: str
    bound: bool = True


# fmt: off
VIEW_PARAMS: dict[str, ViewParam] = {
    "alldates": ViewParam(
        "pages/overview.py", "Show all dates", ("true", "false"), "false",
        "the Overview's time axes span every date, stray ones included "
        "(offered only when some dates lie far from the rest)",
    ),
    "rose": ViewParam(
        "pages/overview.py", "Counted per", ("day", "week"), "(chosen from the corpus's span)",
        "the period of the Overview's What rose panel (ui/trends.py)",
    ),
    "show": ViewParam(
        "pages/timeline.py", "Show", ("Merged events", "Individual reports"), "Merged events",
        "the Timeline shows merged events or every report",
    ),
    "rows": ViewParam(
        "pages/timeline.py", "Rows", ("Actor", "Event type", "Country"), "Actor",
        "what the Timeline's rows are",
    ),
    "planned": ViewParam(
        "pages/timeline.py", "Include planned", ("true", "false"), "true",
        "the Timeline includes planned events",
    ),
    "negated": ViewParam(
        "pages/timeline.py", "Include negated", ("true", "false"), "false",
        "the Timeline includes negated events",
    ),
    "kinds": ViewParam(
        "pages/timeline.py", "Kinds of event", ("Happenings", "Statements"), "Happenings",
        "the kinds of event on the Timeline (repeat the parameter for both)",
    ),
    "per": ViewParam(
        "pages/timeline.py", "Events per", ("day", "week"),
        "(week when the dates shown span over 92 days, else day)",
        "the period of the Timeline's volume chart",
    ),
    "tlall": ViewParam(
        "pages/timeline.py", "Show all dates", ("true", "false"), "false",
        "the Timeline's charts span every event date, stray ones included "
        "(offered only when some dates lie far from the rest)",
    ),
    "evidence": ViewParam(
        "pages/countries.py", "Count a country in a document on",
        ("Any mention", "Plausible or better", "Confident only"), "Any mention",
        "the evidence a document needs to count for a country",
    ),
    "rules": ViewParam(
        "pages/countries.py", "Country rules (every switch; ui.country_rules)",
        ("-id,+id,… (the CLI's --rules spec; ids: docs/countries.md)",),
        "(every rule at its default)",
        "the country rules the Countries page maps mentions under; a rule this version "
        "cannot switch is ignored with a note", bound=False,
    ),
    "colour": ViewParam(
        "pages/countries.py", "Colour by", ("Mentions", "Documents"), "Mentions",
        "what colours the Countries map",
    ),
    "log": ViewParam(
        "pages/countries.py", "Log scale", ("true", "false"), "false",
        "the Countries map's colour scale is logarithmic",
    ),
    "pairs": ViewParam(
        "pages/countries.py", "Named in the same", ("sentence", "document"), "sentence",
        "countries count as named together in one sentence or one document",
    ),
    "period": ViewParam(
        "pages/countries.py", "Per", ("day", "month", "year"), "month",
        "the period of the Countries page's mentions over time",
    ),
    "rank": ViewParam(
        "pages/entities.py", "Rank by", ("Mentions", "Documents"), "Mentions",
        "the Entities page ranks its chart and treemap by mentions or documents",
    ),
    "top": ViewParam(
        "pages/entities.py", "Entities in the chart", ("5-50",), "20",
        "how many entities the Entities bar chart shows",
    ),
    "mode": ViewParam(
        "pages/compare.py", "Compare",
        ("Two periods", "Two sources", "Sidebar filters vs the whole corpus"), "Two periods",
        "what the Compare page compares",
    ),
}
# fmt: on


def bound(name: str) -> dict[str, Any]:
    """The keyword arguments that bind a registered control to the URL parameter ``name``
    (``key=name, bind="query-params"``). Raises KeyError for a name not in VIEW_PARAMS
    or one its page writes by hand (``bound=False``)."""
    if name not in VIEW_PARAMS:
        raise KeyError(f"'{name}' is not a registered view parameter (ui.views.VIEW_PARAMS)")
    if not VIEW_PARAMS[name].bound:
        raise KeyError(f"'{name}' is shared by several controls: {VIEW_PARAMS[name].control}")
    return {"key": name, "bind": BIND}


def toggle_value(name: str, default: bool) -> bool:
    """A bound toggle's value read *before* the toggle is drawn this run.

    Streamlit seeds a bound widget from the URL only when the widget is drawn, so a page
    that needs the value earlier (Overview builds its charts before it knows whether to
    offer "Show all dates") reads the URL itself on a session's first run, with
    Streamlit's rule for a bound toggle: ``true``/``false`` in any case, anything else
    ignored. Later runs read the widget's own state.
    """
    bound(name)
    if name in st.session_state:
        return bool(st.session_state[name])
    raw = (st.query_params.get_all(name) or [""])[-1].lower()
    return {"true": True, "false": False}.get(raw, default)


def markdown_table() -> str:
    """The registry as a Markdown table (for the docs)."""
    rows = ["| parameter | page | control | values | default | meaning |", "| --- " * 6 + "|"]
    for name, p in VIEW_PARAMS.items():
        values = ", ".join(f"`{v}`" for v in p.values)
        page = p.page.removeprefix("pages/").removesuffix(".py").capitalize()
        rows.append(f"| `{name}` | {page} | {p.control} | {values} | {p.default} | {p.meaning} |")
    return "\n".join(rows)
