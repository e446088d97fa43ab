"""Entities (interim page): the entity table under the current filters.

To be replaced by the Entities page (charts, aliases, co-occurrence network).
"""

import streamlit as st

from ui import state, widgets

st.title("Entities")
corpus = state.filtered()
st.caption(f"{len(corpus.documents):,} documents under the current filters.")
st.subheader("Entities")
widgets.table(corpus.table("entities"), "entities")
st.subheader("Entity pairs named in the same sentence")
widgets.table(corpus.table("cooccurrences"), "cooccurrences")
