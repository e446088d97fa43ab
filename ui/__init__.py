"""Streamlit helpers shared by the dashboard's pages (the only Streamlit code besides pages/).

A page is a short script: read the state, call the core, draw::

    import streamlit as st
    from analysis.present.charts import overview as charts
    from ui import state, widgets

    st.title("Countries")                       # one clear title per page
    corpus = state.filtered()                   # the corpus under the sidebar filters
    table = corpus.table("countries")
    if table.empty:
        widgets.empty_state("No countries match the current filters.")
        state.end_page()                        # never st.stop(): see state.end_page
    widgets.chart(charts.country_bar(table), "countries-bar", filter="countries")
    widgets.download_table(table, "countries")

* :mod:`ui.state` — ``current_corpus()`` (whole, shared), ``filtered()``, ``filters()``,
  ``set_filter(name, value)``, ``set_filters(Filters)``, ``link_params(**overrides)``
  for ``st.page_link(..., query_params=...)``, ``view_param``/``set_view_param`` for
  page-local URL state (e.g. ``doc``), ``corpus_ref()``/``set_corpus(ref)``. The URL
  half (filters and corpus reference in ``st.query_params``) lives in
  :mod:`ui.url_state`; ``state`` re-exports it, so pages import ``state`` only.
* :mod:`ui.widgets` — ``chart(fig, key, filter=...)`` (stable keys; a click sets a
  filter from ``customdata[0]``), ``download_table(frame, name)`` (CSV + JSON; paths
  relative to the corpus, never the server's folders),
  ``table(frame, name)`` (dataframe + downloads, or an empty state),
  ``empty_state(message)``, ``picked(event)``.
* :mod:`ui.sidebar` — the global sidebar (drawn by dashboard.py; pages never call it).
* :mod:`ui.first_paint` — ``defer_rest(chart_key)``: a session's first run of a page ends
  after that chart until the browser has painted it (the Overview uses it); the router
  then skips the sidebar's filters (``deferred()``).
* :mod:`ui.config` — startup options and which corpus references a URL may open.
* :mod:`ui.uploads` — upload limits and per-upload folders (no Streamlit).
* :mod:`ui.text` — ``md(value)``: the one escape for any URL, user or corpus string shown
  as Markdown (st.markdown/caption/error/..., labels, help; tests/pages/
  test_markdown_escaping.py checks every call); ``public_message``
  (``state.public(exc)``): an error without the server's paths.

Tables returned by ``state`` are shared between sessions: never modify them in place.
"""
