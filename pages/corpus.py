"""Corpus: what is loaded, and what was skipped."""

import streamlit as st

from ui import state, widgets

st.title("Corpus")
corpus = state.try_corpus()
if corpus is not None:
    st.write(f"{len(corpus.documents):,} documents, {len(corpus.skipped):,} skipped items.")
    widgets.table(corpus.skipped, "skipped items")
