"""Downloads: every table under the current filters."""

import streamlit as st

from ui import state, widgets

st.title("Downloads")
corpus = state.filtered()
for name in ("documents", "entities", "mentions", "countries", "events", "cooccurrences"):
    st.subheader(name.capitalize())
    widgets.download_table(corpus.table(name), name)
