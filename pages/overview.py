"""Overview: key figures of the corpus under the current filters."""

import streamlit as st

from ui import state, widgets

st.title("Overview")
corpus = state.filtered()
docs = corpus.documents
days = docs["date"].dropna().str.slice(0, 10)
cols = st.columns(4)
cols[0].metric("Documents", f"{len(docs):,}")
cols[1].metric("Words", f"{int(docs['words'].sum()) if len(docs) else 0:,}")
cols[2].metric("Entities", f"{len(corpus.table('entities')):,}")
cols[3].metric("Skipped items", f"{len(corpus.skipped):,}")
if docs.empty:
    widgets.empty_state("No documents match the current filters.")
st.subheader("Skipped items")
widgets.table(corpus.skipped, "skipped items")
