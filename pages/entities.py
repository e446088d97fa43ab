"""Entities: the most named people, places and organisations, every sentence naming one,
who is named with whom, and the user's aliases (merge, rename, relabel, exclude)."""

import hashlib
import json
from collections.abc import Callable
from typing import Any

import pandas as pd
import streamlit as st

from analysis import entity_views as views
from analysis.entities import related_entities
from analysis.filters import isin
from analysis.present.charts import entities as charts
from analysis.present.charts import network as network_charts
from analysis.resolve import label_votes
from ui import aliases, state, view_params, widgets
from ui.text import md

PICK = "entities-pick"  # the entity in the detail panel, set by the select or a click
URL_SEEN = "_entities-url-entity"  # the ?entity= last preselected (a new link preselects)
OPTIONS = 5000  # most mentioned names offered in the pickers (plus the picked one)
TABLE_ROWS = 5000  # rows drawn in the table; the downloads have them all
TREEMAP = 150  # entities in the treemap
DOCS_PER_PAGE = 10  # documents per page of sentences
KWIC_WIDTH = 120  # characters of context on each side of a mention
NETWORK_NODES = 80  # most mentioned entities the network may draw


@st.cache_resource(max_entries=64, ttl=3600, show_spinner=False)
def memo(what: str, token: str, params: str, _make: Callable[[], Any]) -> Any:
    """``_make()`` once per (what, corpus token, params), shared and not copied.

    For figures and frames derived from a corpus: building a Plotly figure of 40,000
    entities or the sentences of a frequent name takes tenths of a second, and
    st.cache_data would pay a pickle round trip on every run. Callers never modify
    the result (st.plotly_chart does not modify figures).
    """
    return _make()


def _show(name: str | None) -> None:
    st.session_state[PICK] = name


def _clicked(event: dict) -> None:
    names = widgets.picked(event)
    if names:
        _show(names[0])


st.title("Entities")
corpus = state.filtered()
# Names this view's data: an id alone may be reused once a filtered corpus is evicted.
token = state.corpus_token(corpus) + json.dumps(state.filters().to_params(), sort_keys=True)
entities = corpus.table("entities")
all_labels = sorted(entities["label"].dropna().unique().tolist())
names = entities["name"].head(OPTIONS).tolist()
aliases.editor(names, sorted({*all_labels, *charts.LABEL_COLOURS}), corpus=corpus)
if entities.empty:
    edited = " after your alias edits" if aliases.edit_count() else ""
    active = state.filters().active
    widgets.empty_state(
        "No entities match the current filters."
        if active
        else f"No entities in this corpus{edited}."
    )
    state.end_page()

# ---------------------------------------------------------------- top entities
by_col, top_col, label_col = st.columns([1, 1, 2], vertical_alignment="bottom")
by = by_col.segmented_control(
    "Rank by",
    ["mentions", "documents"],
    default="mentions",
    required=True,
    **view_params.bound("rank"),
    format_func=str.capitalize,
)
top = top_col.slider("Entities in the chart", 5, 50, 20, step=5, **view_params.bound("top"))
labels = label_col.multiselect(
    "Labels", all_labels, key="entities-labels", placeholder="All labels"
)
shown = views.with_labels(entities, labels)
st.caption(
    f"{len(shown):,} entities · {int(shown['mentions'].sum()):,} mentions in "
    f"{len(corpus.documents):,} document{'s' * (len(corpus.documents) != 1)}"
    + (f" · {aliases.edit_count()} alias edits applied" if aliases.edit_count() else "")
    + ". Click a bar or a node for the sentences naming it."
)
if shown.empty:
    widgets.empty_state("No entities have these labels.", clear_filters=False)
    state.end_page()

left, right = st.columns([3, 2])
view = json.dumps([by, top, labels])
with left:
    bars = memo("bar", token, view, lambda: charts.top_entities_bar(shown, by=by, top=top))
    widgets.chart(bars, "entities-bar", on_select=_clicked)
with right:
    treemap = memo(
        "treemap",
        token,
        view,
        lambda: charts.entity_treemap(
            shown.sort_values(by, ascending=False).head(TREEMAP), value=by
        ),
    )
    widgets.chart(treemap, "entities-treemap")
    st.caption(f"The {min(TREEMAP, len(shown)):,} entities with the most {by}, by label.")

# ---------------------------------------------------------------- one entity
st.header("Entity details")
wanted = state.filters().entities
if wanted != st.session_state.get(URL_SEEN):  # a link (?entity=NAME) opens that entity
    st.session_state[URL_SEEN] = wanted
    if wanted:
        _show(wanted[-1])
pick = st.session_state.get(PICK)
if pick is not None and not (entities["name"] == pick).any():
    pick = st.session_state[PICK] = None  # picked under other filters or aliases
options = names if pick is None or pick in names else [*names, pick]
name = st.selectbox(
    "Entity", options, key=PICK, index=None, placeholder="Click a bar or a node, or type a name…"
)
if name is not None:
    row = entities[entities["name"] == name].iloc[0]
    # The dates on a row of their own: six columns cut "2024-06-13" at 1,400 px and less.
    cols = st.columns(3) + st.columns(3, vertical_alignment="bottom")
    cols[0].metric("Label", str(row["label"]))
    cols[1].metric("Mentions", f"{int(row['mentions']):,}")
    cols[2].metric("Documents", f"{int(row['documents']):,}")
    for col, label, day in (
        (cols[3], "First seen", row["first_date"]),
        (cols[4], "Last seen", row["last_date"]),
    ):
        col.metric(label, str(day)[:10] if pd.notna(day) else "undated")
    votes = label_votes(views.mentions_of(corpus.table("mentions"), name))
    if len(votes) > 1:  # the label shown is the vote of all its mentions
        st.caption(
            "Labels of its mentions: "
            + " · ".join(f"{v.label} {int(v.mentions):,}" for v in votes.itertuples())
        )
    if state.filters().entities == (name,):
        cols[5].button(
            "Remove the entity filter",
            key="entities-unfilter",
            icon=":material/filter_alt_off:",
            on_click=state.set_filter,
            args=("entities", None),
            kwargs={"rerun": False},
        )
    else:
        cols[5].button(
            "Filter every page to it",
            key="entities-filter",
            icon=":material/filter_alt:",
            on_click=state.set_filter,
            args=("entities", [name]),
            kwargs={"rerun": False},
            help="Keep only the documents naming this entity, on every page",
        )

    sents, side = st.columns([3, 2])
    with sents:
        st.subheader(f"Sentences naming {md(name)}")
        rows = memo("sentences", token, name, lambda: views.sentences_naming(
            corpus.table("mentions"), corpus.table("sentences"), corpus.documents, name,
            width=KWIC_WIDTH))  # fmt: skip
        doc_ids = list(dict.fromkeys(rows["doc_id"]))
        page_ids, pages = views.document_page(doc_ids, 1, DOCS_PER_PAGE)
        page = 1
        if pages > 1:
            page = st.pagination(pages, key=f"entities-page-{name}", max_visible_pages=7)
            page_ids, _ = views.document_page(doc_ids, page, DOCS_PER_PAGE)
        first = (page - 1) * DOCS_PER_PAGE
        st.caption(
            f"{len(rows):,} sentences in {len(doc_ids):,} documents"
            + (f" · documents {first + 1:,}–{first + len(page_ids):,}" if pages > 1 else "")
        )
        for doc_id, doc_rows in rows[isin(rows["doc_id"], page_ids)].groupby("doc_id", sort=False):
            head = doc_rows.iloc[0]
            title = head["title"] if pd.notna(head["title"]) else "Untitled"
            date = f" · {str(head['date'])[:10]}" if pd.notna(head["date"]) else ""
            st.page_link(
                "pages/documents.py",
                label=md(f"{title}{date}"),
                icon=":material/article:",
                query_params=state.link_params(doc=str(doc_id)),
            )
            st.html(charts.kwic_html(doc_rows, width=KWIC_WIDTH))
        widgets.download_table(
            rows.drop(columns=["title"]), f"sentences naming {name}", key="entities-sentences"
        )
    with side:
        st.subheader("Mentions over time")
        days = corpus.table("entity_days")
        over_time = memo(
            "over-time",
            token,
            name,
            lambda: charts.mentions_over_time(views.days_of(days, name)),
        )
        widgets.chart(over_time, "entities-over-time")
        st.subheader("Named in the same sentences")
        near = memo(
            "related",
            token,
            name,
            lambda: related_entities(corpus.table("cooccurrences"), name, top=10),
        )
        if near.empty:
            st.caption("No other entity shares a sentence with it.")
        buttons = st.container(horizontal=True, gap="small")
        for i, other in enumerate(near.itertuples(index=False)):
            buttons.button(
                f"{md(other.name)} · {int(other.sentences):,}",
                key=f"entities-near-{i}",
                on_click=_show,
                args=(other.name,),
                type="tertiary",
                help=f"{int(other.sentences):,} shared sentences in "
                f"{int(other.documents):,} documents",
            )

# ---------------------------------------------------------------- network and table
st.header("Named together")
cooc = corpus.table("cooccurrences")
links = memo("links", token, json.dumps(labels),
             lambda: network_charts.candidate_links(shown, cooc, top=NETWORK_NODES))  # fmt: skip
if links.empty:
    st.caption("No two of these entities share a sentence.")
else:
    strongest = int(links["sentences"].max())
    suggested = network_charts.suggested_threshold(links)
    least = st.slider(
        "Least shared sentences per link", 1, max(strongest, 2), min(suggested, strongest),
        key=f"entities-network-threshold-{hashlib.sha1(token.encode()).hexdigest()[:10]}",
        help="Links named together in fewer sentences are hidden; entities left without "
        f"a link are not drawn. The default keeps at most {network_charts.DEFAULT_MAX_EDGES} "
        "links.",
    )  # fmt: skip
    network = memo(
        "network",
        token,
        json.dumps([labels, least]),
        lambda: charts.cooccurrence_network(shown, cooc, top=NETWORK_NODES, min_sentences=least),
    )
    meta = network.layout.meta or {}
    st.caption(
        f"{meta.get('nodes', 0):,} of the {NETWORK_NODES} most mentioned entities, linked when "
        f"named in {least:,}+ shared sentences ({meta.get('links', 0):,} links); colours are "
        f"communities ({meta.get('communities', 0):,}), names shown on the most linked. "
        "Click a node to filter every page to it."
    )
    widgets.chart(network, "entities-network", filter="entities", on_select=_clicked)

st.header("All entities")
if len(shown) > TABLE_ROWS:
    st.caption(f"The {TABLE_ROWS:,} most mentioned of {len(shown):,}; the downloads have all.")
st.dataframe(
    views.entity_table(shown, TABLE_ROWS),
    key="entities-table",
    hide_index=True,
    column_config={
        "name": "Entity",
        "label": "Label",
        "mentions": st.column_config.NumberColumn("Mentions", format="%d"),
        "documents": st.column_config.NumberColumn("Documents", format="%d"),
        "first_date": st.column_config.TextColumn("First seen", width="small"),
        "last_date": st.column_config.TextColumn("Last seen", width="small"),
    },
)
widgets.download_table(shown, "entities", key="entities-table")
