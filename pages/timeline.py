"""Timeline (interim page): the events under the current filters.

To be replaced by the Timeline page (events over time, merged reports).
"""

import streamlit as st

from ui import state, widgets

st.title("Timeline")
corpus = state.filtered()
st.caption(f"{len(corpus.documents):,} documents under the current filters.")
st.subheader("Events (merged reports)")
widgets.table(corpus.table("merged_events"), "merged events")
st.subheader("Event reports")
widgets.table(corpus.table("events"), "events")
