"""Countries (interim page): the country table under the current filters.

To be replaced by the Countries page (map, evidence, country pairs).
"""

import streamlit as st

from ui import state, widgets

st.title("Countries")
corpus = state.filtered()
st.caption(f"{len(corpus.documents):,} documents under the current filters.")
widgets.table(corpus.table("countries"), "countries")
