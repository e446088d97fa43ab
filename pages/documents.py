"""Documents: the list under the current filters; open one to read it with its entities marked."""

from urllib.parse import urlencode

import streamlit as st

from analysis import schema, stories
from analysis.present import report
from ui import state, widgets
from ui.text import md

st.title("Documents")
corpus = state.filtered()
index = report.document_index(corpus)


def _entity_href(name: str) -> str:
    """Link to the Entities page showing ``name`` (with the rest of the current view)."""
    return "entities?" + urlencode(state.link_params(entity=name), doseq=True)


def _open_selected() -> None:
    rows = st.session_state["documents-list"]["selection"]["rows"]
    if rows:
        state.set_view_param("doc", str(index.iloc[rows[0]]["doc_id"]))


if index.empty:
    widgets.empty_state("No documents match the current filters.")
    state.end_page()

st.caption(
    f"{len(index):,} documents. Select a row to read it; search the table with its "
    "toolbar, or all texts with the sidebar's search."
)
st.dataframe(
    index.drop(columns="doc_id"),
    key="documents-list",
    hide_index=True,
    on_select=_open_selected,
    selection_mode="single-row",
    column_config={
        "title": st.column_config.TextColumn("Title", width="large"),
        "date": "Date",
        "source": "Source",
        "words": st.column_config.NumberColumn("Words", format="%d"),
        "mentions": st.column_config.NumberColumn("Mentions", format="%d"),
        "entities": st.column_config.NumberColumn("Entities", format="%d"),
        "events": st.column_config.NumberColumn("Events", format="%d"),
    },
)
widgets.download_table(index, "document list")

story_table = corpus.tables.get("stories", schema.empty("stories"))
groups = stories.groups(story_table, corpus.documents)
with st.expander(
    f"Near-duplicate stories: {groups['story_id'].nunique():,} groups of {len(groups):,} documents",
    icon=":material/content_copy:",
):
    once = state.filters().stories_once
    counting = "Counting each story once" if once else "Counting every document"
    st.caption(f"{stories.METHOD} {counting} (the sidebar switch).")
    if groups.empty:
        st.caption("No two documents here are near-duplicates.")
    else:
        st.dataframe(
            groups,
            key="documents-stories",
            hide_index=True,
            column_config={
                "story_id": "Story",
                "story_size": st.column_config.NumberColumn("Documents", format="%d"),
                "doc_id": "Document",
                "title": st.column_config.TextColumn("Title", width="large"),
                "similarity": st.column_config.NumberColumn("Similarity", format="%.2f"),
            },
        )
        widgets.download_table(groups, "near-duplicate stories")

doc_id = state.view_param("doc")
if doc_id is None:
    state.end_page()
match = corpus.documents[corpus.documents["doc_id"] == doc_id]
st.divider()
if match.empty:
    widgets.empty_state("The document in the link is not among the documents shown.")
    state.end_page()

document = match.iloc[0].to_dict()
mentions = corpus.table("mentions")
mentions = mentions[mentions["doc_id"] == doc_id]
head, close = st.columns([6, 1], vertical_alignment="center")
head.caption(
    f"Document {md(doc_id)} · {md(report.relative_path(document.get('path'), corpus.path))}"
)
close.button(
    "Close",
    key="document-close",
    icon=":material/close:",
    on_click=state.set_view_param,
    args=("doc", None),
)
st.html(report.document_html(document, mentions, entity_href=_entity_href))

siblings = stories.same_story(story_table, doc_id)
if siblings:
    st.caption(f"Same story as {len(siblings):,} other document(s) (near-duplicates):")
    for other in siblings:
        row = corpus.documents[corpus.documents["doc_id"] == other]
        title = str(row.iloc[0]["title"]) if len(row) and row.iloc[0]["title"] else other
        st.page_link(
            "pages/documents.py",
            label=md(title),
            icon=":material/content_copy:",
            query_params=state.link_params(doc=other),
        )

events = corpus.table("events")
events = events[events["doc_id"] == doc_id]
if len(events):
    st.subheader("Events in this document")
    st.dataframe(
        events[["date", "actors", "action", "event_type", "place", "sentence"]],
        key="document-events",
        hide_index=True,
    )
