"""Streamlit helpers shared by the dashboard's pages (the only Streamlit code besides pages/).

* :mod:`ui.state`   — the corpus and the filters of this session: ``current_corpus()``,
  ``filters()``, ``filtered()``, ``set_filter()``, ``link_params()``.
* :mod:`ui.sidebar` — the global sidebar (corpus name, model warning, filter widgets).
* :mod:`ui.widgets` — ``download_table()``, ``empty_state()``, ``chart()``, ``metric_row()``.
* :mod:`ui.config`  — startup options (``--corpus``/``--model``/``--cache`` and their
  environment variables) and which corpus references a URL may open.
* :mod:`ui.text`    — escaping corpus strings for Markdown and HTML.
"""
