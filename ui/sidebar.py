"""The global sidebar: which corpus is open, and the filter widgets every page obeys.

The widgets mirror :func:`ui.state.filters` (the URL is the truth): before they are
drawn their values are set from the filters, and a change calls back into
:func:`ui.state.set_filters`, which rewrites the URL.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from dataclasses import dataclass
from datetime import date

import streamlit as st

from analysis.filters import Filters
from analysis.tables import Corpus
from ui import aliases as user_aliases
from ui import state
from ui.text import md

#: Entities the sidebar's picker lists: the most mentioned ENTITY_OPTIONS, plus every
#: selected one (from the URL too). The list goes to the browser on every rerun (it was
#: 5,000 names, on every rerun of every page); any other entity of the corpus is
#: added by typing its name (the widget's accept_new_options), which the server matches
#: against every entity (:func:`match_entities`).
ENTITY_OPTIONS = 500
ENTITY_HELP = (f"The {ENTITY_OPTIONS:,} most mentioned are listed; type any other entity's "
               "name to add it.")  # fmt: skip
_UNKNOWN = "_nl_unknown_entities"  # names typed in the picker that no entity has
_KEYS = {
    "date_from": "flt_date_from",
    "date_to": "flt_date_to",
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
    entities: list[str]  # the ENTITY_OPTIONS most mentioned
    countries: dict[str, str]  # iso3 -> name
    event_types: list[str]
    entity_names: frozenset[str]  # every entity's name
    entity_folded: dict[str, str]  # casefolded name -> the most mentioned name folding so


@st.cache_resource(max_entries=8, show_spinner=False)
def _options(token: str, _corpus: Corpus) -> Options:
    docs = _corpus.documents
    days = docs["date"].dropna().str.slice(0, 10)
    days = days[days.str.match(r"^\d{4}-\d{2}-\d{2}$")]
    entities = _corpus.table("entities").sort_values("mentions", ascending=False, kind="stable")
    names = entities["name"].dropna().astype(str)
    countries = _corpus.table("countries")
    return Options(
        first_day=date.fromisoformat(days.min()) if len(days) else None,
        last_day=date.fromisoformat(days.max()) if len(days) else None,
        sources=sorted(docs["source"].dropna().unique().tolist()),
        labels=sorted(_corpus.table("mentions")["label"].dropna().unique().tolist()),
        entities=names.head(ENTITY_OPTIONS).tolist(),
        countries={
            str(i): str(n if isinstance(n, str) else i)
            for i, n in zip(countries["iso3"], countries["name"], strict=True)
        },
        event_types=sorted(_corpus.table("events")["event_type"].dropna().unique().tolist()),
        entity_names=frozenset(names),
        # reversed: where two names differ only in case, the most mentioned one wins
        entity_folded={n.casefold(): n for n in reversed(names.tolist())},
    )


def options(corpus: Corpus) -> Options:
    """The filter options of ``corpus`` (memoised per corpus)."""
    return _options(state.corpus_token(corpus), corpus)


def _with_selected(values: list[str], selected: tuple[str, ...]) -> list[str]:
    """Options plus any selected value they lack (a URL may name an unlisted one)."""
    missing = [v for v in selected if v not in set(values)]
    return [*values, *missing]


def match_entities(
    values: list[str], names: Collection[str], folded: Mapping[str, str]
) -> tuple[list[str], list[str]]:
    """The picker's values as entity names, and those no entity has.

    In: the values (listed names, or names a user typed), every entity's name and the
    casefolded lookup (``Options.entity_names`` / ``entity_folded``). Out: each value as
    the corpus spells it (an exact name first, else case-insensitively, surrounding
    spaces ignored), in order without repeats; and the values matching no entity.
    """
    found: list[str] = []
    unknown: list[str] = []
    for value in values:
        name = value if value in names else folded.get(value.strip().casefold())
        if name is None:
            unknown.append(value)
        elif name not in found:
            found.append(name)
    return found, unknown


def _on_change(name: str, opts: Options) -> None:
    value = st.session_state.get(_KEYS[name])
    current = state.filters()
    if name in ("date_from", "date_to"):
        # Two single dates, not one range picker: a range picker commits only when its
        # calendar closes (a click elsewhere), a single date as soon as it is picked.
        start = st.session_state.get(_KEYS["date_from"])
        end = st.session_state.get(_KEYS["date_to"])
        if start and end and start > end:
            start, end = (end, end) if name == "date_to" else (start, start)
        if (start, end) == (opts.first_day, opts.last_day):
            start = end = None  # the whole span is no filter (keeps undated documents)
        new = current.replace(
            date_from=start.isoformat() if start and start != opts.first_day else None,
            date_to=end.isoformat() if end and end != opts.last_day else None,
        )
    elif name == "text":
        new = current.replace(text=value or "")
    elif name == "stories_once":
        new = current.replace(stories_once=bool(value))
    elif name == "entities":
        kept = [v for v in value or [] if v in current.entities]  # a link's, even if unknown
        others = [v for v in value or [] if v not in kept]
        found, unknown = match_entities(others, opts.entity_names, opts.entity_folded)
        st.session_state[_UNKNOWN] = unknown
        new = current.replace(entities=[*kept, *(n for n in found if n not in kept)])
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
        ss[_KEYS["date_from"]], ss[_KEYS["date_to"]] = start, end
    for name in ("sources", "labels", "entities", "countries", "event_types"):
        ss[_KEYS[name]] = list(getattr(f, name))
    ss[_KEYS["text"]] = f.text
    ss[_KEYS["stories_once"]] = f.stories_once


def render(corpus: Corpus | None, *, filters: bool = True) -> None:
    """Draw the sidebar. ``corpus`` is None when it failed to load (no filters then);
    ``filters=False`` draws the corpus caption only (a run that waits for its first chart
    to paint, ui.first_paint: the filters come in the next run)."""
    with st.sidebar:
        if corpus is None:
            st.caption("No corpus loaded.")
            return
        _corpus_caption(corpus)
        if filters:
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
        for name, label in (("date_from", "From"), ("date_to", "To")):  # full width: no cut
            st.date_input(
                label,
                key=_KEYS[name],
                min_value=lo,
                max_value=hi,
                format="YYYY-MM-DD",
                on_change=_on_change,
                args=(name, opts),
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
        entities = name == "entities"
        st.multiselect(
            label,
            choices,
            key=_KEYS[name],
            on_change=_on_change,
            args=(name, opts),
            format_func=(lambda c, n=names: f"{n.get(c, c)} ({c})") if names else str,
            placeholder="Any",
            accept_new_options=entities,
            help=ENTITY_HELP if entities else None,
        )
        if entities and (unknown := st.session_state.pop(_UNKNOWN, None)):
            st.caption(f"No entity named {md(', '.join(unknown))} in this corpus.")
