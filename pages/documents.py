"""Documents: the documents under the current filters."""

import streamlit as st

from ui import state, widgets

st.title("Documents")
corpus = state.filtered()
widgets.table(corpus.documents[["title", "date", "source", "url"]], "documents")
