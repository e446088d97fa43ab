"""The global sidebar: which corpus is open, and the filter widgets every page obeys.

The widgets mirror :func:`ui.state.filters` (the URL is the truth): before they are
drawn their values are set from the filters, and a change calls back into
:func:`ui.state.set_filters`, which rewrites the URL.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import streamlit as st

from analysis.build import Corpus
from analysis.filters import Filters
from ui import aliases as user_aliases
from ui import state
from ui.text import md

ENTITY_OPTIONS = 5000  # most mentioned entities offered in the picker (plus any selected)
_KEYS = {
    "dates": "flt_dates",
    "sources": "flt_sources",
    "labels": "flt_labels",
    "entities": "flt_entities",
    "countries": "flt_countries",
    "event_types": "flt_event_types",
    "text": "flt_text",
    "stories_once": "flt_once",
}


@dataclass(frozen=True)
class Options:
    """What the filter widgets offer for one corpus."""

    first_day: date | None
    last_day: date | None
    sources: list[str]
    labels: list[str]
    entities: list[str]
    countries: dict[str, str]  # iso3 -> name
    event_types: list[str]


@st.cache_resource(max_entries=8, show_spinner=False)
def _options(token: str, _corpus: Corpus) -> Options:
    docs = _corpus.documents
    days = docs["date"].dropna().str.slice(0, 10)
    days = days[days.str.match(r"^\d{4}-\d{2}-\d{2}$")]
    entities = _corpus.table("entities").sort_values("mentions", ascending=False, kind="stable")
    countries = _corpus.table("countries")
    return Options(
        first_day=date.fromisoformat(days.min()) if len(days) else None,
        last_day=date.fromisoformat(days.max()) if len(days) else None,
        sources=sorted(docs["source"].dropna().unique().tolist()),
        labels=sorted(_corpus.table("mentions")["label"].dropna().unique().tolist()),
        entities=entities["name"].dropna().head(ENTITY_OPTIONS).tolist(),
        countries={
            str(i): str(n if isinstance(n, str) else i)
            for i, n in zip(countries["iso3"], countries["name"], strict=True)
        },
        event_types=sorted(_corpus.table("events")["event_type"].dropna().unique().tolist()),
    )


def options(corpus: Corpus) -> Options:
    """The filter options of ``corpus`` (memoised per corpus)."""
    return _options(state.corpus_token(corpus), corpus)


def _with_selected(values: list[str], selected: tuple[str, ...]) -> list[str]:
    """Options plus any selected value they lack (a URL may name an unlisted one)."""
    missing = [v for v in selected if v not in set(values)]
    return [*values, *missing]


def _on_change(name: str, opts: Options) -> None:
    value = st.session_state.get(_KEYS[name])
    current = state.filters()
    if name == "dates":
        picked = tuple(value or ())
        start = picked[0].isoformat() if len(picked) >= 1 else None
        end = picked[1].isoformat() if len(picked) >= 2 else None
        full = (opts.first_day, opts.last_day)
        if len(picked) == 2 and (picked[0], picked[1]) == full:
            start = end = None  # the whole span is no filter (keeps undated documents)
        new = current.replace(date_from=start, date_to=end)
    elif name == "text":
        new = current.replace(text=value or "")
    elif name == "stories_once":
        new = current.replace(stories_once=bool(value))
    else:
        new = current.replace(**{name: list(value or [])})
    state.set_filters(new)


def _clear() -> None:
    state.set_filters(Filters())


def _seed(f: Filters, opts: Options) -> None:
    ss = st.session_state
    if opts.first_day and opts.last_day:
        start = date.fromisoformat(f.date_from) if f.date_from else opts.first_day
        end = date.fromisoformat(f.date_to) if f.date_to else opts.last_day
        ss[_KEYS["dates"]] = (start, end)
    for name in ("sources", "labels", "entities", "countries", "event_types"):
        ss[_KEYS[name]] = list(getattr(f, name))
    ss[_KEYS["text"]] = f.text
    ss[_KEYS["stories_once"]] = f.stories_once


def render(corpus: Corpus | None) -> None:
    """Draw the sidebar. ``corpus`` is None when it failed to load (no filters then)."""
    with st.sidebar:
        if corpus is None:
            st.caption("No corpus loaded.")
            return
        _corpus_caption(corpus)
        _filter_widgets(corpus)


def _corpus_caption(corpus: Corpus) -> None:
    docs = len(corpus.documents)
    skipped = len(corpus.skipped)
    text = f"**{md(state.display_name())}** · {docs:,} documents"  # the name may be ?corpus=
    if skipped:
        text += f" · {skipped:,} skipped"
    st.markdown(text)
    st.caption(f"Model: {md(corpus.model)}")


def _filter_widgets(corpus: Corpus) -> None:
    opts = options(user_aliases.aliased(corpus))  # the user's names, as on every page
    f = state.filters()
    _seed(f, opts)
    head, button = st.columns([3, 2], vertical_alignment="center")
    head.subheader("Filters")
    button.button(
        "Clear",
        key="flt_clear",
        on_click=_clear,
        disabled=not f.active,
        icon=":material/filter_alt_off:",
        help="Remove every filter",
    )
    st.toggle(
        "Count each story once",
        key=_KEYS["stories_once"],
        on_change=_on_change,
        args=("stories_once", opts),
        help="Near-duplicate documents (wire copies, light rewrites) form one story; "
        "on, every table, chart, export and summary counts one document per story. "
        "The groups are on the Documents page.",
    )
    st.text_input(
        "Search text",
        key=_KEYS["text"],
        on_change=_on_change,
        args=("text", opts),
        placeholder="words in titles and texts",
    )
    if opts.first_day and opts.last_day:
        lo = min([opts.first_day, *(date.fromisoformat(d) for d in (f.date_from,) if d)])
        hi = max([opts.last_day, *(date.fromisoformat(d) for d in (f.date_to,) if d)])
        st.date_input(
            "Dates",
            key=_KEYS["dates"],
            min_value=lo,
            max_value=hi,
            format="YYYY-MM-DD",
            on_change=_on_change,
            args=("dates", opts),
        )
    multis = (
        ("sources", "Sources", opts.sources, None),
        ("labels", "Entity labels", opts.labels, None),
        ("entities", "Entities", opts.entities, None),
        ("countries", "Countries", list(opts.countries), opts.countries),
        ("event_types", "Event types", opts.event_types, None),
    )
    for name, label, values, names in multis:
        choices = _with_selected(values, getattr(f, name))
        st.multiselect(
            label,
            choices,
            key=_KEYS[name],
            on_change=_on_change,
            args=(name, opts),
            format_func=(lambda c, n=names: f"{n.get(c, c)} ({c})") if names else str,
            placeholder="Any",
        )
